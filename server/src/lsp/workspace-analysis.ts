import type { AstNode, LangiumDocument, URI } from 'langium';
import { DocumentState } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import { analyzeWorkspace, type WorkspaceResult } from '../checker/analyze.js';
import type { MeshConfig } from '../checker/config.js';
import type { MeshDiagnostic } from '../checker/diagnostic.js';
import type { MeshEdge, RequirementInfo, SystemMode } from '../checker/model.js';
import type { RequirementCheck } from '../checker/propagation.js';
import type { Model } from '../language/generated/ast.js';
import type { MeshSettings } from './settings.js';

/**
 * One analysis of the whole workspace, with the lookups the editor features need
 * (AST clause → edges, requirement → its check per mode).
 */
export class AnalysisSnapshot {
    readonly diagnosticsByUri = new Map<string, MeshDiagnostic[]>();
    private edgeIndex?: Map<AstNode, MeshEdge[]>;
    private checkIndex?: Map<RequirementInfo, Partial<Record<SystemMode, RequirementCheck>>>;

    constructor(readonly result: WorkspaceResult, readonly config: MeshConfig, readonly documents: readonly LangiumDocument<Model>[]) {
        for (const d of result.diagnostics) {
            const list = this.diagnosticsByUri.get(d.uri);
            if (list) list.push(d);
            else this.diagnosticsByUri.set(d.uri, [d]);
        }
    }

    get model() { return this.result.model; }
    get analysis() { return this.result.analysis; }

    /** The edges a clause (`calls`, `consumes`, `from`, a route…) produced. */
    edgesOf(clause: AstNode): MeshEdge[] {
        if (!this.edgeIndex) {
            this.edgeIndex = new Map();
            for (const edge of this.model.edges) {
                const list = this.edgeIndex.get(edge.ast);
                if (list) list.push(edge);
                else this.edgeIndex.set(edge.ast, [edge]);
            }
        }
        return this.edgeIndex.get(clause) ?? [];
    }

    /** The check of a requirement in each system mode where it was checked. */
    checksOf(requirement: RequirementInfo): Partial<Record<SystemMode, RequirementCheck>> {
        if (!this.checkIndex) {
            this.checkIndex = new Map();
            for (const mode of ['target', 'degraded', 'floor'] as const) {
                for (const check of this.analysis.modes[mode].checks) {
                    const entry = this.checkIndex.get(check.requirement) ?? {};
                    entry[mode] = check;
                    this.checkIndex.set(check.requirement, entry);
                }
            }
        }
        return this.checkIndex.get(requirement) ?? {};
    }
}

/**
 * The language server's view of the checker: `analyzeWorkspace` over every document,
 * computed once per build (the first document validated computes it, the others reuse it)
 * and dropped at the next change. The checker is workspace-global, so a document's
 * diagnostics are never computed from that document alone. Each analysis starts from the
 * last one (`checker/incremental.ts`): an edit of values in one file updates it.
 */
export class WorkspaceAnalysis {
    private current?: AnalysisSnapshot;
    private last?: AnalysisSnapshot;
    /** Whether the next analysis may start from `last` (not after an analysis failed part way). */
    private lastReusable = false;
    /** Milliseconds the last analysis took (for logs and the benchmark's profile). */
    lastDurationMs = 0;

    constructor(private readonly shared: LangiumSharedServices, private readonly settings: () => MeshSettings) {
        shared.workspace.DocumentBuilder.onUpdate(() => this.invalidate());
    }

    invalidate(): void {
        this.current = undefined;
    }

    /**
     * The analysis of the current documents. While a build is under way (some documents
     * not linked yet) the last complete analysis is returned instead — possibly stale, never
     * half-built — so a hover during typing degrades gracefully rather than waiting.
     */
    snapshot(): AnalysisSnapshot | undefined {
        if (this.current) return this.current;
        const documents = this.shared.workspace.LangiumDocuments.all.toArray() as LangiumDocument<Model>[];
        if (documents.some(d => d.state < DocumentState.Linked)) return this.last;
        const started = performance.now();
        try {
            const config = this.settings().load();
            const previous = this.lastReusable ? this.last?.result : undefined;
            // The previous result may be updated in place: from here on only the new one is.
            this.lastReusable = false;
            const snapshot = new AnalysisSnapshot(analyzeWorkspace(documents, config, { previous }), config, documents);
            this.current = snapshot;
            this.last = snapshot;
            this.lastReusable = true;
        } catch (error) {
            // A bug in the checker must not take the server down; keep serving the last result.
            console.error(`meshspec: workspace analysis failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
            return this.last;
        } finally {
            this.lastDurationMs = performance.now() - started;
        }
        return this.current;
    }

    /** Whether `snapshot()` would describe the documents as they are now. */
    isFresh(): boolean {
        return this.current !== undefined;
    }

    diagnosticsFor(uri: URI | string): MeshDiagnostic[] {
        return this.snapshot()?.diagnosticsByUri.get(uri.toString()) ?? [];
    }
}
