import type { LangiumDocument } from 'langium';
import type { DocumentValidator } from 'langium';
import type { Diagnostic } from 'vscode-languageserver';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { ruleDocUrl } from '../checker/catalogue.js';
import type { MeshDiagnostic, Severity } from '../checker/diagnostic.js';
import type { WorkspaceAnalysis } from './workspace-analysis.js';

/** Every diagnostic names its producer, so editors can group and filter them. */
export const DIAGNOSTIC_SOURCE = 'meshspec';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
    error: DiagnosticSeverity.Error,
    warning: DiagnosticSeverity.Warning,
    info: DiagnosticSeverity.Information,
};

/** A checker finding as an LSP diagnostic: id as `code`, its docs page, related places, quick-fix facts. */
export function toLspDiagnostic(d: MeshDiagnostic): Diagnostic {
    const diagnostic: Diagnostic = {
        range: d.range,
        severity: SEVERITY[d.severity],
        code: d.code,
        codeDescription: { href: ruleDocUrl(d.code) },
        source: DIAGNOSTIC_SOURCE,
        message: d.message,
    };
    if (d.related.length > 0) {
        diagnostic.relatedInformation = d.related.map(r => ({ location: { uri: r.uri, range: r.range }, message: r.message }));
    }
    if (d.data !== undefined) diagnostic.data = d.data;
    return diagnostic;
}

/**
 * Replaces Langium's per-document validation: a document's diagnostics are its share of
 * the one workspace analysis (syntax and linking errors included, with the checker's
 * wording and ids).
 */
export class MeshDocumentValidator implements DocumentValidator {
    constructor(private readonly analysis: () => WorkspaceAnalysis) {}

    async validateDocument(document: LangiumDocument): Promise<Diagnostic[]> {
        try {
            return this.analysis().diagnosticsFor(document.uri).map(toLspDiagnostic);
        } catch (error) {
            console.error(`meshspec: validation of ${document.uri.toString()} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
            return [];
        }
    }
}
