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
 *
 * 3. Langium's "affected" documents are those that reference a changed document or have
 *    an unresolved reference. A name declared twice resolves to the declaration in the
 *    first document by URI (`MeshScopeProvider`), so a declaration added to (or removed
 *    from) one file can change what a reference in another file resolves to, though that
 *    file never referenced the changed one. So a document whose references use a name
 *    the changed documents gained or lost (or whose kind changed) is relinked too.
 *
 * test/lsp/incremental.test.ts checks all of this against a from-scratch check.
 */
export class MeshDocumentBuilder extends DefaultDocumentBuilder {
    /** The documents changed by the running update, when they may keep their exports (re-pointing). */
    private pending?: Set<string>;
    /**
     * Changed documents whose dependents were neither re-pointed nor relinked yet (a build
     * cancelled before it got there): the next update relinks their dependents.
     */
    private readonly unsettled = new Set<string>();
    /** What the documents changed or deleted by the running update exported before it (`exportKeys`). */
    private exportedBefore?: Map<string, string[]>;

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
        this.pending = candidates && changed.length > 0 ? new Set(changed.map(u => u.toString())) : undefined;
        for (const uri of this.pending ?? []) this.unsettled.add(uri);
        this.exportedBefore = new Map([...changed, ...deleted].map(u => [u.toString(), this.exportKeys(u.toString())]));
        try {
            await super.update(changed, deleted, cancelToken);
        } finally {
            this.pending = undefined;
            this.exportedBefore = undefined;
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
        const before = this.exportedBefore;
        this.pending = undefined;
        this.exportedBefore = undefined;
        const changed = pending ?? this.langiumDocuments.all.filter(d => d.state === DocumentState.IndexedContent).map(d => d.uri.toString()).toSet();
        const after = new Map([...changed].map(uri => [uri, this.exportKeys(uri)]));
        if (pending) {
            this.unsettled.clear();
            const unchanged = [...pending].every(uri => before?.get(uri)?.join('\n') === after.get(uri)!.join('\n'));
            const others = this.langiumDocuments.all.filter(d => !pending.has(d.uri.toString())).toArray();
            if (unchanged && others.every(d => this.repoint(d, pending))) return;
        }
        // Names declared or removed (or whose kind changed): a reference to one may now resolve elsewhere.
        const declarations = (keys: Map<string, string[]> | undefined) => new Set([...keys?.values() ?? []].flat().map(key => key.slice(0, key.lastIndexOf('|'))));
        const was = declarations(before);
        const is = declarations(after);
        const names = new Set<string>();
        for (const key of is) if (!was.has(key)) names.add(key.slice(key.indexOf('|') + 1));
        for (const key of was) if (!is.has(key)) names.add(key.slice(key.indexOf('|') + 1));
        for (const document of this.langiumDocuments.all) {
            if (changed.has(document.uri.toString()) || document.state < DocumentState.ComputedScopes) continue;
            const relink = (pending !== undefined && super.shouldRelink(document, pending))
                || (names.size > 0 && document.references.some(ref => names.has(ref.$refText)));
            if (relink) this.resetToState(document, DocumentState.ComputedScopes);
        }
    }

    /**
     * What other documents can link to in a document, as the index holds it now: `kind|name|path`
     * of each export. The same keys before and after an edit mean references can be re-pointed.
     */
    private exportKeys(uri: string): string[] {
        return this.indexManager.allElements(undefined, new Set([uri])).map(d => `${d.type}|${d.name}|${d.path}`).toArray();
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
}

/** Loads every `.mesh` file of the workspace folders and validates them in the first build. */
export class MeshWorkspaceManager extends DefaultWorkspaceManager {
    constructor(services: LangiumSharedServices) {
        super(services);
        this.initialBuildOptions = { validation: true };
    }
}
