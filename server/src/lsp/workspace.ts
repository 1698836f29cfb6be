import type { AstNode, AstNodeDescription, LangiumDocument, Reference, URI } from 'langium';
import { Cancellation, DefaultDocumentBuilder, DefaultWorkspaceManager, DocumentState, isAstNode } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';

/**
 * Document builds tuned for a workspace-global checker.
 *
 * 1. Global analysis means a change in one file can change the diagnostics of any other (a
 *    weakened vector upstream fails a requirement three files away). So every update puts
 *    all documents back to "needs validation"; validation is cheap per document because the
 *    analysis is computed once per build and shared (see `WorkspaceAnalysis`).
 *
 * 2. Langium relinks every document that references a changed one. Names are global here,
 *    so that is nearly every document, on every keystroke. But most edits (a duration, a
 *    vector, a clause) leave the changed document's exported names, kinds and AST paths as
 *    they were; then the other documents' references only need to point at the re-parsed
 *    nodes, found at the same paths, and their reference index stays valid. Only when the
 *    exports change (a rename, an element added or moved) are the affected documents
 *    relinked as Langium would. Measured by scripts/bench-lsp.mjs.
 */
export class MeshDocumentBuilder extends DefaultDocumentBuilder {
    /** Export signatures of the documents changed by the running update, taken before re-parsing. */
    private pending?: { uris: Set<string>; before: Map<string, string> };
    /**
     * Changed documents whose dependents were neither re-pointed nor relinked yet (a build
     * cancelled before it got there): the next update relinks their dependents.
     */
    private readonly unsettled = new Set<string>();

    constructor(services: LangiumSharedServices) {
        super(services);
        this.onBuildPhase(DocumentState.IndexedContent, () => this.afterReindex());
    }

    override async update(changed: URI[], deleted: URI[], cancelToken = Cancellation.CancellationToken.None): Promise<void> {
        for (const document of this.langiumDocuments.all) {
            if (document.state > DocumentState.IndexedReferences) this.resetToState(document, DocumentState.IndexedReferences);
        }
        if (this.unsettled.size > 0) {
            // A previous build stopped between re-parsing and re-pointing: relink what depends on it.
            for (const document of this.langiumDocuments.all) {
                if (!this.unsettled.has(document.uri.toString()) && document.state >= DocumentState.ComputedScopes && super.shouldRelink(document, this.unsettled)) {
                    this.resetToState(document, DocumentState.ComputedScopes);
                }
            }
            this.unsettled.clear();
        }
        // Only edits of existing, fully linked documents can keep their exports; anything else
        // (new or deleted files, a cancelled build still in progress) takes Langium's path.
        const candidates = deleted.length === 0 && changed.every(uri => (this.langiumDocuments.getDocument(uri)?.state ?? 0) >= DocumentState.IndexedContent)
            && this.langiumDocuments.all.every(d => d.state >= DocumentState.IndexedReferences);
        this.pending = candidates && changed.length > 0
            ? { uris: new Set(changed.map(u => u.toString())), before: new Map(changed.map(u => [u.toString(), this.exportSignature(u.toString())])) }
            : undefined;
        for (const uri of this.pending?.uris ?? []) this.unsettled.add(uri);
        try {
            await super.update(changed, deleted, cancelToken);
        } finally {
            this.pending = undefined;
        }
    }

    protected override shouldRelink(document: LangiumDocument, changedUris: Set<string>): boolean {
        // Decided after re-indexing (afterReindex), when the new exports are known.
        if (this.pending) return false;
        return super.shouldRelink(document, changedUris);
    }

    protected override shouldValidate(_document: LangiumDocument): boolean {
        // Every build validates: diagnostics are the product, including for unopened files.
        return true;
    }

    /** After the changed documents are re-parsed and indexed: re-point or relink the others. */
    private afterReindex(): void {
        const pending = this.pending;
        if (!pending) return;
        this.pending = undefined;
        this.unsettled.clear();
        const unchanged = [...pending.uris].every(uri => pending.before.get(uri) === this.exportSignature(uri));
        const others = this.langiumDocuments.all.filter(d => !pending.uris.has(d.uri.toString())).toArray();
        if (unchanged && others.every(d => this.repoint(d, pending.uris))) return;
        for (const document of others) {
            if (document.state >= DocumentState.ComputedScopes && super.shouldRelink(document, pending.uris)) {
                this.resetToState(document, DocumentState.ComputedScopes);
            }
        }
    }

    /**
     * Points the resolved references of `document` into the re-parsed `changed` documents at
     * the nodes now found at the same paths. False if one cannot be re-pointed (then the
     * document is relinked instead).
     */
    private repoint(document: LangiumDocument, changed: Set<string>): boolean {
        for (const reference of document.references as Array<Reference & { _ref?: unknown; _nodeDescription?: AstNodeDescription }>) {
            const description = reference._nodeDescription;
            if (!description || !changed.has(description.documentUri.toString())) continue;
            const target = this.langiumDocuments.getDocument(description.documentUri);
            if (!target) return false;
            const services = this.serviceRegistry.getServices(target.uri).workspace;
            const node: AstNode | undefined = services.AstNodeLocator.getAstNode(target.parseResult.value, description.path);
            if (!node || !isAstNode(reference._ref) || reference._ref.$type !== node.$type) return false;
            reference._ref = node;
            // A new description of the re-parsed node: its segments are read from that node.
            reference._nodeDescription = services.AstNodeDescriptionProvider.createDescription(node, description.name, target);
        }
        return true;
    }

    /** What other documents can link to in a document: names, kinds and paths of its exports. */
    private exportSignature(uri: string): string {
        return this.indexManager.allElements(undefined, new Set([uri])).map(d => `${d.type}|${d.name}|${d.path}`).toArray().join('\n');
    }
}

/** Loads every `.mesh` file of the workspace folders and validates them in the first build. */
export class MeshWorkspaceManager extends DefaultWorkspaceManager {
    constructor(services: LangiumSharedServices) {
        super(services);
        this.initialBuildOptions = { validation: true };
    }
}
