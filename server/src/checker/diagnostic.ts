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
    return a.uri.localeCompare(b.uri)
        || a.range.start.line - b.range.start.line
        || a.range.start.character - b.range.start.character
        || a.code.localeCompare(b.code)
        || a.message.localeCompare(b.message);
}
