import type { AstNode, AstNodeDescription, AstNodeLocator, DocumentSegment, LangiumDocument, NameProvider, URI } from 'langium';
import { AstUtils, CstUtils, DefaultAstNodeDescriptionProvider } from 'langium';

/**
 * Langium's descriptions of exported and local symbols, with the parts only editor
 * features read (`selectionSegment`, `path`) computed when first read rather than for
 * every symbol of the workspace up front. `nameSegment` was lazy already.
 */
export class MeshAstNodeDescriptionProvider extends DefaultAstNodeDescriptionProvider {
    private readonly services: DescriptionServices = { nameProvider: this.nameProvider, astNodeLocator: this.astNodeLocator };

    override createDescription(node: AstNode, name: string | undefined, document?: LangiumDocument): AstNodeDescription {
        const doc = document ?? AstUtils.getDocument(node);
        name ??= this.nameProvider.getName(node);
        if (!name) throw new Error(`Node at path ${this.astNodeLocator.getAstNodePath(node)} has no name.`);
        return new MeshNodeDescription(node, name, doc.uri, this.services);
    }
}

/** What a description needs to compute its lazy parts: one per provider, shared by its descriptions. */
interface DescriptionServices {
    readonly nameProvider: NameProvider;
    readonly astNodeLocator: AstNodeLocator;
}

/**
 * One symbol's description. A class with the lazy parts as getters on its prototype:
 * an object literal with its own getters (Langium's shape) costs three closures, a
 * context and a dictionary of properties per symbol, several hundred bytes each for the
 * tens of thousands of symbols of a large workspace, all of them kept for its lifetime.
 */
class MeshNodeDescription implements AstNodeDescription {
    readonly type: string;
    private cachedNameSegment: DocumentSegment | undefined = undefined;
    private cachedSelectionSegment: DocumentSegment | undefined = undefined;
    private cachedPath: string | undefined = undefined;

    constructor(
        readonly node: AstNode,
        readonly name: string,
        readonly documentUri: URI,
        private readonly services: DescriptionServices,
    ) {
        this.type = node.$type;
    }

    get nameSegment(): DocumentSegment | undefined {
        return this.cachedNameSegment ??= CstUtils.toDocumentSegment(this.services.nameProvider.getNameNode(this.node) ?? this.node.$cstNode);
    }

    get selectionSegment(): DocumentSegment | undefined {
        return this.cachedSelectionSegment ??= CstUtils.toDocumentSegment(this.node.$cstNode);
    }

    get path(): string {
        return this.cachedPath ??= this.services.astNodeLocator.getAstNodePath(this.node);
    }
}
