import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Log } from 'sarif';
import { RULES, RULE_IDS, ruleDocUrl } from '../../server/src/checker/catalogue.js';
import { escapeData, escapeProperty } from '../../server/src/cli/reporters/github.js';
import { FIXTURES, ROOT, meshspec, positionOf, workspace, type JsonReport } from './cli.js';

const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

const REFS = 'service a { calls nope.op }\n';
const BROKEN = 'service b {\n    owner\n}\n';
const INFO = 'service p { operation x }\nservice q { calls p.x requires <_, _, _, Fresh, _, _> }\n';
const WARN = '// mesh-disable-next-line sync-cycle\nservice w { }\n';
const DUP = 'service d { }\n';

/** One workspace with an error, a syntax error, an info, a warning and a related location. */
function mixed(): string {
    return workspace({
        'specs/refs.mesh': REFS,
        'specs/broken.mesh': BROKEN,
        'specs/info.mesh': INFO,
        'specs/warn.mesh': WARN,
        'specs/dup-1.mesh': DUP,
        'specs/dup-2.mesh': DUP,
        'other/.keep': '',
    });
}

async function jsonReport(cwd: string, args: string[] = []): Promise<JsonReport> {
    const result = await meshspec(['check', '--format', 'json', ...args], { cwd });
    expect(result.stderr).toBe('');
    return JSON.parse(result.stdout) as JsonReport;
}

describe('--format json', () => {
    it('prints exactly one JSON document in the documented shape and key order', async () => {
        const dir = mixed();
        const result = await meshspec(['check', '--format', 'json'], { cwd: dir });
        expect(result.code).toBe(1);
        expect(result.stderr).toBe('');
        const report = JSON.parse(result.stdout) as JsonReport; // throws unless the whole stdout is one document
        expect(Object.keys(report)).toEqual(['version', 'files', 'diagnostics', 'summary']);
        expect(report.version).toBe(1);
        expect(report.files).toBe(6);
        for (const d of report.diagnostics) {
            expect(Object.keys(d)).toEqual(['file', 'range', 'severity', 'code', 'message', 'related']);
            expect(Object.keys(d.range)).toEqual(['start', 'end']);
            expect(Object.keys(d.range.start)).toEqual(['line', 'column']);
            expect(d.file).toMatch(/^specs\/[a-z0-9-]+\.mesh$/);
            expect(d.range.start.line).toBeGreaterThanOrEqual(1);
            expect(d.range.start.column).toBeGreaterThanOrEqual(1);
            for (const r of d.related) expect(Object.keys(r)).toEqual(['file', 'range', 'message']);
        }
        const count = (severity: string) => report.diagnostics.filter(d => d.severity === severity).length;
        expect(report.summary).toEqual({ errors: count('error'), warnings: count('warning'), infos: count('info') });
        expect(Object.keys(report.summary)).toEqual(['errors', 'warnings', 'infos']);
        const codes = report.diagnostics.map(d => d.code);
        for (const code of ['unresolved-reference', 'syntax', 'unknown-guarantee', 'unused-suppression', 'duplicate-name']) {
            expect(codes).toContain(code);
        }
    });

    it('gives 1-based ranges on the exact offending text', async () => {
        const report = await jsonReport(mixed());
        const unresolved = report.diagnostics.find(d => d.code === 'unresolved-reference')!;
        const start = positionOf(REFS, 'nope.op');
        expect(unresolved).toMatchObject({
            file: 'specs/refs.mesh',
            severity: 'error',
            range: { start, end: { line: start.line, column: start.column + 'nope.op'.length } },
        });
        expect(unresolved.range.start).toEqual({ line: 1, column: 19 });

        const syntax = report.diagnostics.filter(d => d.code === 'syntax');
        expect(syntax.map(d => d.file)).toEqual(['specs/broken.mesh']);
        // `owner` lacks its string: the parser stops at the closing brace on line 3.
        expect(syntax[0].range.start).toEqual(positionOf(BROKEN, '}'));
        expect(syntax[0].severity).toBe('error');

        const duplicate = report.diagnostics.find(d => d.code === 'duplicate-name')!;
        expect(duplicate.range.start).toEqual({ line: 1, column: 9 });
        expect(duplicate.related).toHaveLength(1);
        expect(duplicate.related[0].file).toMatch(/^specs\/dup-[12]\.mesh$/);
        expect(duplicate.related[0].file).not.toBe(duplicate.file);
        expect(duplicate.related[0].range).toEqual({ start: { line: 1, column: 9 }, end: { line: 1, column: 10 } });
    });

    it('makes file paths relative to the current directory, with /', async () => {
        const dir = mixed();
        const fromOther = await jsonReport(join(dir, 'other'), ['../specs/refs.mesh']);
        expect(fromOther.diagnostics.map(d => d.file)).toEqual(['../specs/refs.mesh']);
        const fromSpecs = await jsonReport(join(dir, 'specs'), ['refs.mesh']);
        expect(fromSpecs.diagnostics.map(d => d.file)).toEqual(['refs.mesh']);
        const absolute = await jsonReport(dir, [join(dir, 'specs', 'refs.mesh')]);
        expect(absolute.diagnostics.map(d => d.file)).toEqual(['specs/refs.mesh']);
    });

    it('reports a clean workspace as an empty list', async () => {
        const result = await meshspec(['check', '--format', 'json'], { cwd: join(FIXTURES, 'shop') });
        expect(result.code).toBe(0);
        expect(JSON.parse(result.stdout)).toEqual({ version: 1, files: 2, diagnostics: [], summary: { errors: 0, warnings: 0, infos: 0 } });
    });
});

describe('--format sarif', () => {
    it('is SARIF 2.1.0 with every rule of the catalogue and consistent results', async () => {
        const dir = mixed();
        const result = await meshspec(['check', '--format', 'sarif'], { cwd: dir });
        expect(result.code).toBe(1);
        expect(result.stderr).toBe('');
        const log = JSON.parse(result.stdout) as Log;
        expect(log.version).toBe('2.1.0');
        expect(log.$schema).toMatch(/sarif-2\.1\.0/);
        expect(log.runs).toHaveLength(1);
        const run = log.runs[0];
        const driver = run.tool.driver;
        expect(driver.name).toBe('meshspec');
        expect(driver.version).toBe(VERSION);
        expect(driver.informationUri).toMatch(/^https:\/\//);

        const level = { error: 'error', warning: 'warning', info: 'note' } as const;
        const rules = driver.rules!;
        expect(rules.map(r => r.id)).toEqual(RULE_IDS);
        for (const rule of rules) {
            const spec = RULES[rule.id as keyof typeof RULES];
            expect(rule.shortDescription?.text).toBeTruthy();
            expect(rule.fullDescription?.text).toBe(spec.description);
            expect(rule.helpUri).toBe(ruleDocUrl(rule.id as keyof typeof RULES));
            expect(rule.help?.text).toContain(spec.description);
            expect(rule.help?.text).toContain(rule.helpUri);
            expect(rule.defaultConfiguration?.level).toBe(level[spec.severity]);
        }

        // Results mirror the JSON report, diagnostic for diagnostic.
        const json = await jsonReport(dir);
        const results = run.results!;
        expect(results).toHaveLength(json.diagnostics.length);
        results.forEach((r, i) => {
            const d = json.diagnostics[i];
            expect(r.ruleId).toBe(d.code);
            expect(rules[r.ruleIndex!].id).toBe(r.ruleId);
            expect(r.level).toBe(level[d.severity]);
            expect(r.message.text).toBe(d.message);
            expect(r.locations).toHaveLength(1);
            const physical = r.locations![0].physicalLocation!;
            expect(physical.artifactLocation!.uri).toBe(d.file);
            expect(physical.region).toEqual({
                startLine: d.range.start.line, startColumn: d.range.start.column,
                endLine: d.range.end.line, endColumn: d.range.end.column,
            });
            expect(r.relatedLocations ?? []).toHaveLength(d.related.length);
            (r.relatedLocations ?? []).forEach((rel, j) => {
                expect(rel.physicalLocation!.artifactLocation!.uri).toBe(d.related[j].file);
                expect(rel.physicalLocation!.region!.startLine).toBe(d.related[j].range.start.line);
                expect(rel.message!.text).toBe(d.related[j].message);
            });
        });
        const levels = new Set(results.map(r => r.level));
        expect(levels).toEqual(new Set(['error', 'warning', 'note']));
    });
});

describe('--format github', () => {
    const LINE = /^::(error|warning|notice) file=([^,:]*),line=(\d+),col=(\d+),title=([a-z-]+)::(.*)$/;

    it('prints one workflow command per diagnostic, matching the JSON report', async () => {
        const dir = mixed();
        const result = await meshspec(['check', '--format', 'github'], { cwd: dir });
        expect(result.code).toBe(1);
        expect(result.stderr).toBe('');
        const lines = result.stdout.trimEnd().split('\n');
        const json = await jsonReport(dir);
        expect(lines).toHaveLength(json.diagnostics.length);
        const command = { error: 'error', warning: 'warning', info: 'notice' };
        lines.forEach((line, i) => {
            const d = json.diagnostics[i];
            const m = LINE.exec(line);
            expect(m, line).not.toBeNull();
            expect(m!.slice(1)).toEqual([
                command[d.severity], d.file, String(d.range.start.line), String(d.range.start.column),
                d.code, escapeData(d.message),
            ]);
        });
        expect(lines.find(l => l.includes('title=unresolved-reference'))).toBe(
            '::error file=specs/refs.mesh,line=1,col=19,title=unresolved-reference::' + escapeData(json.diagnostics.find(d => d.code === 'unresolved-reference')!.message));
    });

    it('escapes % in messages and , : in properties', async () => {
        const dir = workspace({ 'we,ird:name.mesh': 'service a { % }\n' });
        const result = await meshspec(['check', '--format', 'github'], { cwd: dir });
        expect(result.code).toBe(1);
        const first = result.stdout.split('\n')[0];
        expect(first).toMatch(/^::error file=we%2Cird%3Aname\.mesh,line=1,col=13,title=syntax::/);
        const message = first.slice(first.indexOf('::', 2) + 2);
        expect(message).toContain('%25');
        expect(message).not.toMatch(/%(?!25|0A|0D)/);
    });

    it('escaping follows the workflow-command rules', () => {
        expect(escapeData('50% done\r\nnext')).toBe('50%25 done%0D%0Anext');
        expect(escapeProperty('a,b:c%\n')).toBe('a%2Cb%3Ac%25%0A');
        // `%` first, so that the escapes themselves are not escaped twice.
        expect(escapeData('%0A')).toBe('%250A');
    });
});

describe('--format pretty', () => {
    it('prints location, severity, message, id, a code frame, related locations and docs, without colours when piped', async () => {
        const dir = mixed();
        const result = await meshspec(['check'], { cwd: dir });
        expect(result.code).toBe(1);
        expect(result.stderr).toBe('');
        const out = result.stdout;
        expect(out).not.toContain('\x1b');

        const json = await jsonReport(dir);
        const unresolved = json.diagnostics.find(d => d.code === 'unresolved-reference')!;
        const block = out.split('\n\n').find(b => b.startsWith('specs/refs.mesh:'))!;
        expect(block.split('\n')).toEqual([
            `specs/refs.mesh:1:19  error  ${unresolved.message}  [unresolved-reference]`,
            '  1 | service a { calls nope.op }',
            '    |                   ^^^^^^^',
            '  docs: docs/rules/unresolved-reference.md',
        ]);

        const duplicate = json.diagnostics.find(d => d.code === 'duplicate-name')!;
        const related = duplicate.related[0];
        expect(out).toContain(`\n  ↳ ${related.file}:${related.range.start.line}:${related.range.start.column} ${related.message}\n`);

        const s = json.summary;
        expect(out.endsWith(`✖ ${s.errors} errors, ${s.warnings} warning${s.warnings === 1 ? '' : 's'}, ${s.infos} info${s.infos === 1 ? '' : 's'} in 6 files\n`)).toBe(true);
        for (const d of json.diagnostics) {
            expect(out).toContain(`${d.file}:${d.range.start.line}:${d.range.start.column}  ${d.severity}  `);
        }
    });

    it('colours only when asked: FORCE_COLOR or --color, and never with NO_COLOR or --no-color', async () => {
        const dir = workspace({ 'a.mesh': REFS });
        const forced = await meshspec(['check'], { cwd: dir, env: { FORCE_COLOR: '1' } });
        expect(forced.stdout).toContain('\x1b[31m');
        const flag = await meshspec(['check', '--color'], { cwd: dir });
        expect(flag.stdout).toContain('\x1b[');
        const noColor = await meshspec(['check'], { cwd: dir, env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
        expect(noColor.stdout).not.toContain('\x1b');
        const noFlag = await meshspec(['check', '--no-color'], { cwd: dir, env: { FORCE_COLOR: '1' } });
        expect(noFlag.stdout).not.toContain('\x1b');
    });

    it('underlines a range after tabs at the right column', async () => {
        const dir = workspace({ 'tabs.mesh': 'service a {\n\tcalls\tnope.op\n}\n' });
        const result = await meshspec(['check'], { cwd: dir });
        expect(result.stdout).toContain([
            'tabs.mesh:2:8  error  ',
        ].join(''));
        expect(result.stdout).toContain([
            '  2 |     calls    nope.op',
            '    |              ^^^^^^^',
        ].join('\n'));
    });
});
