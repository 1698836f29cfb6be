import type { Severity } from '../../checker/diagnostic.js';
import type { CheckReport } from './report.js';
import { oneBased } from './report.js';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/**
 * `--format github`: one workflow command per diagnostic, which GitHub Actions turns into
 * an annotation on the pull request's diff. The line is exactly LANGUAGE.md §7's
 * `::error file=…,line=…,col=…,title=<id>::message`: GitHub would also take `endLine` and
 * `endColumn`, but tools that read these lines match the contract's form.
 */
export function renderGithub(report: CheckReport): string {
    let out = '';
    for (const d of report.diagnostics) {
        const { start } = oneBased(d.range);
        const properties = [
            ['file', report.relativePath(d.uri)],
            ['line', String(start.line)],
            ['col', String(start.column)],
            ['title', d.code],
        ].map(([key, value]) => `${key}=${escapeProperty(value)}`).join(',');
        out += `::${COMMAND[d.severity]} ${properties}::${escapeData(d.message)}\n`;
    }
    return out;
}

/** Workflow-command escaping of the message (GitHub's `escapeData`). */
export function escapeData(text: string): string {
    return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property values also escape the separators `:` and `,` (GitHub's `escapeProperty`). */
export function escapeProperty(text: string): string {
    return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
