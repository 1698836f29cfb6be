import type { LangiumDocument } from 'langium';
import { compareCodeUnits } from '../language/compare.js';
import type { Model } from '../language/generated/ast.js';
import type { MeshConfig } from './config.js';
import { EMPTY_CONFIG, applyConfig } from './config.js';
import type { MeshDiagnostic } from './diagnostic.js';
import { compareDiagnostics } from './diagnostic.js';
import { Reporter } from './report.js';
import { reportSyntaxAndLinking } from './syntax.js';
import { applySuppressions } from './suppression.js';
import { buildSemanticModel, type SemanticModel } from './model.js';
import { runRules, type ElementFindings } from './rules/index.js';
import { computeAnalysis, type Analysis } from './propagation.js';
import { updateModel } from './incremental.js';

export interface WorkspaceResult {
    diagnostics: MeshDiagnostic[];
    model: SemanticModel;
    analysis: Analysis;
    /** Whether the model and propagation were updated from a previous result (incremental.ts). */
    incremental: boolean;
    /** What the element rules found, per element, when asked to keep it (`analyzeWorkspace`'s `update`). */
    elementFindings: ElementFindings | undefined;
}

/** For the language server: start from the previous result, and keep what the next analysis can start from. */
export interface UpdateOptions {
    previous?: WorkspaceResult;
}

/**
 * The whole check of one workspace: syntax and linking, the semantic model, propagation
 * per mode and every rule, then configuration (severities) and suppression comments.
 * A rule that throws is reported as a diagnostic on the file instead of ending the check:
 * broken input is data, a crash is a bug we surface without losing the other findings.
 */
export function analyzeWorkspace(loaded: readonly LangiumDocument<Model>[], config: MeshConfig = EMPTY_CONFIG, update?: UpdateOptions): WorkspaceResult {
    // In URI order, whatever order they were loaded in (the CLI's paths, the editor's
    // workspace, files opened later): "first declared here" of a duplicate name is then the
    // declaration its references resolve to (`MeshScopeProvider`), and the model, the graph
    // and every output are the same in the CLI and the editor.
    const documents = [...loaded].sort((a, b) => compareCodeUnits(a.uri.toString(), b.uri.toString()));
    const reporter = new Reporter();
    reportSyntaxAndLinking(documents, reporter);
    // The previous result (the language server's last) is updated in place when only values
    // of one document changed, and must not be used again.
    const previous = update?.previous;
    const updated = previous && updateModel(previous.model, previous.analysis, documents);
    const model = updated?.model ?? buildSemanticModel(documents);
    for (const doc of documents) reporter.diagnostics.push(...model.buildDiagnostics.get(doc.uri.toString()) ?? []);
    const analysis = computeAnalysis(model, updated?.analysis);
    const elementFindings = runRules({ model, analysis, reporter, config }, update && {
        previous: updated && previous.elementFindings && analysis.reevaluated
            ? { findings: previous.elementFindings, elements: updated.elements, dirty: analysis.reevaluated, uri: updated.uri, moved: updated.moved }
            : undefined,
    });
    const configured = (list: readonly MeshDiagnostic[]): MeshDiagnostic[] =>
        list.flatMap(d => applyConfig(d, config) ?? []);
    const byUri = new Map<string, MeshDiagnostic[]>();
    for (const d of configured(reporter.diagnostics)) {
        const list = byUri.get(d.uri) ?? [];
        list.push(d);
        byUri.set(d.uri, list);
    }
    const diagnostics: MeshDiagnostic[] = [];
    for (const doc of documents) {
        const uri = doc.uri.toString();
        // Suppression sees configured diagnostics; what it adds (unused-suppression) is configured too.
        diagnostics.push(...configured(applySuppressions(uri, doc.textDocument.getText(), doc.parseResult.value.$cstNode, byUri.get(uri) ?? [])));
    }
    diagnostics.sort(compareDiagnostics);
    return { diagnostics, model, analysis, incremental: updated !== undefined, elementFindings };
}
