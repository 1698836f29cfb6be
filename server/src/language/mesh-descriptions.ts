import type { AstNode, AstNodeDescription, DocumentSegment, LangiumDocument } from 'langium';
import { AstUtils, CstUtils, DefaultAstNodeDescriptionProvider } from 'langium';

/**
 * Langium's descriptions of exported and local symbols, with the parts only editor
 * features read (`selectionSegment`, `path`) computed when first read rather than for
 * every symbol of the workspace up front. `nameSegment` was lazy already.
 */
export class MeshAstNodeDescriptionProvider extends DefaultAstNodeDescriptionProvider {
    override createDescription(node: AstNode, name: string | undefined, document?: LangiumDocument): AstNodeDescription {
        const doc = document ?? AstUtils.getDocument(node);
        const locator = this.astNodeLocator;
        name ??= this.nameProvider.getName(node);
        if (!name) throw new Error(`Node at path ${locator.getAstNodePath(node)} has no name.`);
        const nameProvider = this.nameProvider;
        let nameSegment: DocumentSegment | undefined;
        let selectionSegment: DocumentSegment | undefined;
        let path: string | undefined;
        // Same properties, in the same order, as Langium's description.
        return {
            node,
            name,
            get nameSegment() {
                return nameSegment ??= CstUtils.toDocumentSegment(nameProvider.getNameNode(node) ?? node.$cstNode);
            },
            get selectionSegment() {
                return selectionSegment ??= CstUtils.toDocumentSegment(node.$cstNode);
            },
            type: node.$type,
            documentUri: doc.uri,
            get path() {
                return path ??= locator.getAstNodePath(node);
            },
        };
    }
}
