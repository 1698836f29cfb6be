import type { AstNode } from 'langium';
import type { SemanticTokenAcceptor } from 'langium/lsp';
import { AbstractSemanticTokenProvider } from 'langium/lsp';
import { SemanticTokenModifiers, SemanticTokenTypes } from 'vscode-languageserver';
import * as ast from '../language/generated/ast.js';

/**
 * Semantic highlighting for what TextMate cannot know: which names are declarations and
 * which are references (and to what kind of thing), and which words inside `<…>` are
 * component values. Keywords, strings, numbers and comments are left to the grammar.
 */
export class MeshSemanticTokenProvider extends AbstractSemanticTokenProvider {
    protected override highlightElement(node: AstNode, acceptor: SemanticTokenAcceptor): void {
        if (ast.isOperation(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.method, modifier: SemanticTokenModifiers.declaration });
        } else if (ast.isNamedGuarantee(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.variable, modifier: [SemanticTokenModifiers.declaration, SemanticTokenModifiers.readonly] });
        } else if (ast.isElement(node) || ast.isDomain(node)) {
            acceptor({ node, property: 'name', type: ast.isDomain(node) ? SemanticTokenTypes.namespace : SemanticTokenTypes.type, modifier: SemanticTokenModifiers.declaration });
        } else if (ast.isVectorComponent(node)) {
            acceptor({ node, property: 'value', type: node.value === '_' ? SemanticTokenTypes.operator : SemanticTokenTypes.enumMember });
        } else if (ast.isVectorRef(node)) {
            acceptor({ node, property: 'ref', type: SemanticTokenTypes.variable, modifier: SemanticTokenModifiers.readonly });
        } else if (ast.isModeDecl(node)) {
            acceptor({ node, property: 'mode', type: SemanticTokenTypes.enumMember });
        } else if (ast.isMetricTrigger(node)) {
            acceptor({ node, property: 'metric', type: SemanticTokenTypes.variable });
        } else if (ast.isSchemaField(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.property, modifier: SemanticTokenModifiers.declaration });
            acceptor({ node, property: 'type', type: SemanticTokenTypes.type });
        } else {
            this.highlightReferences(node, acceptor);
        }
    }

    private highlightReferences(node: AstNode, acceptor: SemanticTokenAcceptor): void {
        for (const [property, value] of Object.entries(node)) {
            if (property.startsWith('$')) continue;
            const refs = Array.isArray(value) ? value : [value];
            refs.forEach((ref, index) => {
                if (!ref || typeof ref !== 'object' || !('$refText' in ref)) return;
                const target = (ref as { ref?: AstNode }).ref;
                const type = ast.isOperation(target) ? SemanticTokenTypes.method : ast.isDomain(target) ? SemanticTokenTypes.namespace : SemanticTokenTypes.type;
                acceptor({ node, property: property as never, index: Array.isArray(value) ? index : undefined, type });
            });
        }
    }
}
