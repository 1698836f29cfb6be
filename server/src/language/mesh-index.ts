import type { AstNodeDescription } from 'langium';
import { DefaultIndexManager } from 'langium';

/**
 * Langium's index, with each document's exports of a type as one array that stays the
 * same object until that document is indexed again. `MeshScopeProvider` keeps its global
 * scopes across edits with it: a document re-indexed with the same names in the same order
 * has its new descriptions swapped in, instead of every scope being built again.
 */
export class MeshIndexManager extends DefaultIndexManager {
    /** The URIs of the indexed documents. */
    documentUris(): Iterable<string> {
        return this.symbolIndex.keys();
    }

    /** A document's exports of a type (the same array until the document is indexed again). */
    exportsOf(uri: string, type: string): readonly AstNodeDescription[] {
        return this.getFileDescriptions(uri, type);
    }
}
