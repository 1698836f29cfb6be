import type { LangiumDocument, LangiumSharedCoreServices } from 'langium';
import { URI } from 'langium';
import type { Model } from '../language/generated/ast.js';

export interface SourceFile {
    /** Absolute file URI (`file:///…`) or any URI the caller chooses for in-memory text. */
    uri: string;
    text: string;
}

/**
 * Parses and links a set of files as one workspace (LANGUAGE.md §2: every file belongs to
 * one model; names resolve across files). Validation is left to `analyzeWorkspace`.
 */
export async function loadWorkspace(shared: LangiumSharedCoreServices, files: readonly SourceFile[]): Promise<LangiumDocument<Model>[]> {
    const factory = shared.workspace.LangiumDocumentFactory;
    const documents = shared.workspace.LangiumDocuments;
    const loaded: LangiumDocument<Model>[] = [];
    for (const file of files) {
        const uri = URI.parse(file.uri);
        if (documents.hasDocument(uri)) {
            documents.deleteDocument(uri);
            shared.workspace.IndexManager.remove(uri);
        }
        const doc = factory.fromString<Model>(file.text, uri);
        documents.addDocument(doc);
        loaded.push(doc);
    }
    await shared.workspace.DocumentBuilder.build(loaded, { validation: false });
    return loaded;
}

/** Forgets every document (and its index entries), so the services can load a new workspace. */
export function resetWorkspace(shared: LangiumSharedCoreServices): void {
    const documents = shared.workspace.LangiumDocuments;
    for (const doc of documents.all.toArray()) {
        documents.deleteDocument(doc.uri);
        shared.workspace.IndexManager.remove(doc.uri);
    }
}
