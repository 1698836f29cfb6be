import type { AstNode, LangiumDocument, ReferenceDescription, ReferenceInfo } from 'langium';
import { Cancellation, DefaultLinker, DefaultReferenceDescriptionProvider, interruptAndCheck, isAstNode, isMultiReference, isReference } from 'langium';
import { reverseFrom } from './parser/cst.js';

/**
 * Langium's linker, minus its per-node overhead: it visits every AST node through a lazy
 * stream, makes another stream per node for its references and awaits a cancellation check
 * per node, which together cost several times the linking itself on a large workspace.
 * This one walks the tree directly, in the same order (each node's references in property
 * order, then its children, depth first), so references resolve and land in
 * `document.references` exactly as before; it checks for cancellation every few hundred
 * nodes. With the linking profiler on, Langium's own walk runs (it times each reference).
 */
export class MeshLinker extends DefaultLinker {
    override async link(document: LangiumDocument, cancelToken = Cancellation.CancellationToken.None): Promise<void> {
        if (this.profiler?.isActive('linking')) return super.link(document, cancelToken);
        const nodes: AstNode[] = [];
        collect(document.parseResult.value, nodes);
        const link = (info: ReferenceInfo): void => this.doLink(info, document);
        const cancellable = cancelToken !== Cancellation.CancellationToken.None;
        for (let i = 0; i < nodes.length; i++) {
            if (cancellable && (i & 255) === 0) await interruptAndCheck(cancelToken);
            forEachReference(nodes[i], link);
        }
    }
}

/**
 * The reference index's descriptions of a document (what "find references" and rename
 * read), made by the same direct walk: Langium's provider awaits a cancellation check per
 * AST node and streams each node's references, a few milliseconds of every edit in the
 * language server for a file of a hundred elements. Same descriptions, same order.
 */
export class MeshReferenceDescriptionProvider extends DefaultReferenceDescriptionProvider {
    override async createDescriptions(document: LangiumDocument, cancelToken = Cancellation.CancellationToken.None): Promise<ReferenceDescription[]> {
        const nodes: AstNode[] = [];
        collect(document.parseResult.value, nodes);
        const descriptions: ReferenceDescription[] = [];
        const add = (info: ReferenceInfo): void => {
            if (!info.reference.error) descriptions.push(...this.createInfoDescriptions(info));
        };
        const cancellable = cancelToken !== Cancellation.CancellationToken.None;
        for (let i = 0; i < nodes.length; i++) {
            if (cancellable && (i & 255) === 0) await interruptAndCheck(cancelToken);
            forEachReference(nodes[i], add);
        }
        return descriptions;
    }
}

/** `streamReferences(node)`: its references in property order, a list's in list order. */
function forEachReference(node: AstNode, visit: (info: ReferenceInfo) => void): void {
    for (const property in node) {
        if (property.charCodeAt(0) === 36 /* $ */) continue;
        const value = (node as unknown as Record<string, unknown>)[property];
        if (typeof value !== 'object' || value === null) continue;
        if (isReference(value) || isMultiReference(value)) {
            visit({ reference: value, container: node, property } as ReferenceInfo);
        } else if (Array.isArray(value)) {
            for (let index = 0; index < value.length; index++) {
                const item: unknown = value[index];
                if (isReference(item) || isMultiReference(item)) {
                    visit({ reference: item, container: node, property, index } as ReferenceInfo);
                }
            }
        }
    }
}

/**
 * The nodes of `streamAst(root)`, in its order: each node, then its children's subtrees in
 * property order. With a stack of its own, not recursion: a chain of 20,000 `or`s in a trigger
 * is a tree that deep.
 */
function collect(root: AstNode, into: AstNode[]): void {
    const stack: AstNode[] = [root];
    while (stack.length > 0) {
        const node = stack.pop()!;
        into.push(node);
        const first = stack.length;
        for (const property in node) {
            if (property.charCodeAt(0) === 36 /* $ */) continue;
            const value = (node as unknown as Record<string, unknown>)[property];
            if (typeof value !== 'object' || value === null) continue;
            if (Array.isArray(value)) {
                // Indexed: an array iterator allocates wherever V8 has not optimized the loop.
                for (let i = 0; i < value.length; i++) {
                    const item: unknown = value[i];
                    if (isAstNode(item)) stack.push(item);
                }
            } else if (isAstNode(value)) {
                stack.push(value);
            }
        }
        // The first child is visited first.
        reverseFrom(stack, first);
    }
}
