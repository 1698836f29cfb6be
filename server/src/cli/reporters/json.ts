import type { CheckReport, OneBasedRange } from './report.js';
import { oneBased } from './report.js';

/** `--format json` (LANGUAGE.md §7). Key order is part of the contract. */
export interface JsonReport {
    version: 1;
    files: number;
    diagnostics: JsonDiagnostic[];
    summary: { errors: number; warnings: number; infos: number };
}

export interface JsonDiagnostic {
    file: string;
    range: OneBasedRange;
    severity: 'error' | 'warning' | 'info';
    code: string;
    message: string;
    related: { file: string; range: OneBasedRange; message: string }[];
}

export function toJsonReport(report: CheckReport): JsonReport {
    return {
        version: 1,
        files: report.fileCount,
        diagnostics: report.diagnostics.map(d => ({
            file: report.relativePath(d.uri),
            range: oneBased(d.range),
            severity: d.severity,
            code: d.code,
            message: d.message,
            related: d.related.map(r => ({ file: report.relativePath(r.uri), range: oneBased(r.range), message: r.message })),
        })),
        summary: { errors: report.summary.errors, warnings: report.summary.warnings, infos: report.summary.infos },
    };
}

export function renderJson(report: CheckReport): string {
    return JSON.stringify(toJsonReport(report), null, 2) + '\n';
}
