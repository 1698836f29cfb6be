import { pathToFileURL } from 'node:url';
import type { Location, Log, ReportingDescriptor, Result } from 'sarif';
import type { Severity, SourceRange } from '../../checker/diagnostic.js';
import type { RuleId } from '../../checker/catalogue.js';
import { RULES, RULE_IDS, ruleDocUrl } from '../../checker/catalogue.js';
import { INFORMATION_URI, meshspecVersion } from '../../version.js';
import type { CheckReport } from './report.js';
import { oneBased } from './report.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

const LEVEL: Record<Severity, Result.level> = { error: 'error', warning: 'warning', info: 'note' };

/**
 * `--format sarif`: SARIF 2.1.0 for code-scanning upload. Every rule of the catalogue is
 * listed (not only those that fired) so a viewer can show each rule's help, and a result's
 * `ruleIndex` points into that list.
 */
export function toSarif(report: CheckReport): Log {
    const ruleIndex = new Map<RuleId, number>(RULE_IDS.map((id, index) => [id, index]));
    const rules: ReportingDescriptor[] = RULE_IDS.map(id => {
        const spec = RULES[id];
        const url = ruleDocUrl(id);
        return {
            id,
            name: ruleName(id),
            shortDescription: { text: firstSentence(spec.description) },
            fullDescription: { text: spec.description },
            help: {
                text: `${spec.description}\nDocumentation: ${url}`,
                markdown: `${spec.description}\n\n[Documentation](${url})`,
            },
            helpUri: url,
            defaultConfiguration: { level: LEVEL[spec.severity] },
            properties: { category: spec.category, tags: [spec.category] },
        };
    });
    const location = (uri: string, range: SourceRange): Location => {
        const { start, end } = oneBased(range);
        return {
            physicalLocation: {
                artifactLocation: { uri: encodeRelative(report.relativePath(uri)), uriBaseId: '%SRCROOT%' },
                region: { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column },
            },
        };
    };
    const results: Result[] = report.diagnostics.map(d => ({
        ruleId: d.code,
        ruleIndex: ruleIndex.get(d.code),
        level: LEVEL[d.severity],
        message: { text: d.message },
        locations: [location(d.uri, d.range)],
        ...(d.related.length > 0 ? {
            relatedLocations: d.related.map((r, id) => ({ id, ...location(r.uri, r.range), message: { text: r.message } })),
        } : {}),
    }));
    return {
        $schema: SARIF_SCHEMA,
        version: '2.1.0',
        runs: [{
            tool: {
                driver: {
                    name: 'meshspec',
                    version: meshspecVersion(),
                    semanticVersion: meshspecVersion(),
                    informationUri: INFORMATION_URI,
                    rules,
                },
            },
            originalUriBaseIds: { '%SRCROOT%': { uri: directoryUri(process.cwd()) } },
            columnKind: 'utf16CodeUnits',
            results,
        }],
    };
}

export function renderSarif(report: CheckReport): string {
    return JSON.stringify(toSarif(report), null, 2) + '\n';
}

/** `requirement-unsatisfied` → `RequirementUnsatisfied` (SARIF's optional human-friendly name). */
function ruleName(id: string): string {
    return id.split('-').map(w => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

function firstSentence(text: string): string {
    const match = /^(.+?\.)(\s|$)/.exec(text);
    return match ? match[1] : text;
}

/** A relative path as a URI reference: percent-encode each segment, keep the `/`s. */
function encodeRelative(path: string): string {
    return path.split('/').map(segment => encodeURIComponent(segment)).join('/');
}

function directoryUri(dir: string): string {
    const uri = pathToFileURL(dir).href;
    return uri.endsWith('/') ? uri : uri + '/';
}
