import type { LangiumDocument, URI } from 'langium';
import { Cancellation, DefaultDocumentBuilder, DefaultWorkspaceManager, DocumentState } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';

/**
 * Global analysis means a change in one file can change the diagnostics of any other (a
 * weakened vector upstream fails a requirement three files away). So every update puts all
 * documents back to "needs validation"; they are not re-parsed or re-linked unless Langium's
 * own rules say so, and validation is cheap per document because the analysis is shared
 * (see `WorkspaceAnalysis`). Measured by scripts/bench-lsp.mjs.
 */
export class MeshDocumentBuilder extends DefaultDocumentBuilder {
    override async update(changed: URI[], deleted: URI[], cancelToken = Cancellation.CancellationToken.None): Promise<void> {
        for (const document of this.langiumDocuments.all) {
            if (document.state > DocumentState.IndexedReferences) this.resetToState(document, DocumentState.IndexedReferences);
        }
        await super.update(changed, deleted, cancelToken);
    }

    /** Re-validates every document (after a configuration change). */
    revalidateAll(): Promise<void> {
        return this.update([], []);
    }

    protected override shouldValidate(_document: LangiumDocument): boolean {
        // Every build validates: diagnostics are the product, including for unopened files.
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
