import type { MeshDiagnostic, Severity, SourceRange } from '../../checker/diagnostic.js';

/** What every output format of `meshspec check` is rendered from. */
export interface CheckReport {
    /** The diagnostics to show (already filtered by `--quiet`), in checker order. */
    diagnostics: readonly MeshDiagnostic[];
    /** How many files were checked. */
    fileCount: number;
    summary: Summary;
    /** What `--quiet` left out (warnings and infos), for the pretty summary line. */
    hidden?: Summary;
    /** A document URI as a path relative to the current directory, with `/`. */
    relativePath(uri: string): string;
    /** The source text behind a URI, when known (for code frames). */
    textOf(uri: string): string | undefined;
}

export interface Summary { errors: number; warnings: number; infos: number }

/** 1-based line and column (UTF-16 code units, as LSP and SARIF count them). */
export interface OneBasedPosition { line: number; column: number }
export interface OneBasedRange { start: OneBasedPosition; end: OneBasedPosition }

/** The checker's ranges are 0-based (LSP); every CLI format is 1-based. End stays exclusive. */
export function oneBased(range: SourceRange): OneBasedRange {
    return {
        start: { line: range.start.line + 1, column: range.start.character + 1 },
        end: { line: range.end.line + 1, column: range.end.character + 1 },
    };
}

export function summarize(diagnostics: readonly MeshDiagnostic[]): Summary {
    const summary: Summary = { errors: 0, warnings: 0, infos: 0 };
    for (const d of diagnostics) {
        if (d.severity === 'error') summary.errors++;
        else if (d.severity === 'warning') summary.warnings++;
        else summary.infos++;
    }
    return summary;
}

export function plural(count: number, word: string): string {
    return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
