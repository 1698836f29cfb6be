import type { RuleId } from './catalogue.js';

export type Severity = 'error' | 'warning' | 'info';

/** 0-based line/character, as in LSP. The CLI converts to 1-based on output. */
export interface Position { line: number; character: number }
export interface SourceRange { start: Position; end: Position }

export interface RelatedInfo {
    uri: string;
    range: SourceRange;
    message: string;
}

/** A finding of the checker, independent of LSP and of the CLI's output formats. */
export interface MeshDiagnostic {
    uri: string;
    range: SourceRange;
    severity: Severity;
    code: RuleId;
    message: string;
    related: RelatedInfo[];
    /** Machine-readable facts for quick fixes (never parsed back from the message). */
    data?: Record<string, unknown>;
}

export function compareDiagnostics(a: MeshDiagnostic, b: MeshDiagnostic): number {
    return localeOrder(a.uri, b.uri)
        || a.range.start.line - b.range.start.line
        || a.range.start.character - b.range.start.character
        || localeOrder(a.code, b.code)
        || localeOrder(a.message, b.message);
}

const COLLATOR = new Intl.Collator();

/**
 * `a.localeCompare(b)`, which is what `Intl.Collator`'s `compare` does, from one collator
 * and without comparing equal strings at all: sorting a large check's diagnostics asked
 * the default locale's collator 25k times, mostly for two diagnostics of one file.
 */
function localeOrder(a: string, b: string): number {
    return a === b ? 0 : COLLATOR.compare(a, b);
}
