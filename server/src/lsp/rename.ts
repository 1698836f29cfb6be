import type { AstNode, LangiumDocument, LangiumDocuments, LeafCstNode, NameProvider, References, URI } from 'langium';
import { CstUtils, GrammarUtils } from 'langium';
import type { RenameProvider } from 'langium/lsp';
import type { Range, RenameParams, TextDocumentPositionParams, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import * as ast from '../language/generated/ast.js';
import { elementsOf } from '../language/model-utils.js';
import type { MeshLspServices } from './mesh-lsp-module.js';

/** What a new name must look like (LANGUAGE.md §1). */
export const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*(-[A-Za-z0-9_]+)*$/;

/**
 * Rename across files. Operations are referenced as `service.operation` (or by their short
 * name inside their service), so a reference's text is not always the target's name:
 * - renaming an operation rewrites only the part after the dot of qualified references;
 * - renaming a service rewrites its own references and the part before the dot of every
 *   qualified reference to one of its operations.
 * With the cursor on the `service` part of `service.operation`, the service is renamed.
 * A schema's versions share its name, so renaming one renames all, the references to any of
 * them, and the fields typed by it.
 */
export class MeshRenameProvider implements RenameProvider {
    private readonly references: References;
    private readonly nameProvider: NameProvider;
    private readonly documents: LangiumDocuments;

    constructor(services: MeshLspServices) {
        this.references = services.references.References;
        this.nameProvider = services.references.NameProvider;
        this.documents = services.shared.workspace.LangiumDocuments;
    }

    prepareRename(document: LangiumDocument, params: TextDocumentPositionParams): Range | undefined {
        return this.resolve(document, params)?.range;
    }

    rename(document: LangiumDocument, params: RenameParams): WorkspaceEdit | undefined {
        const resolved = this.resolve(document, params);
        if (!resolved) return undefined;
        const newName = params.newName.trim();
        if (!NAME_PATTERN.test(newName)) {
            throw new ResponseError(ErrorCodes.InvalidParams, `'${params.newName}' is not a valid name (letters, digits, _ and inner hyphens)`);
        }
        const changes: Record<string, TextEdit[]> = {};
        const add = (uri: string, range: Range): void => {
            const list = changes[uri] ??= [];
            if (!list.some(e => sameRange(e.range, range))) list.push({ range, newText: newName });
        };
        const target = resolved.target;
        // The versions of a schema share its name: references link to one of them, and all are
        // renamed, and so are the fields typed by it (`shipping: Address` names it as text).
        const declarations: AstNode[] = ast.isSchema(target) ? [] : [target];
        if (ast.isSchema(target)) {
            for (const doc of this.documents.all) {
                for (const element of elementsOf(doc.parseResult.value as ast.Model)) {
                    if (!ast.isSchema(element)) continue;
                    if (element.name === target.name) declarations.push(element);
                    for (const field of element.fields) {
                        const type = field.type === target.name && field.$cstNode ? GrammarUtils.findNodeForProperty(field.$cstNode, 'type') : undefined;
                        if (type) add(doc.uri.toString(), type.range);
                    }
                }
            }
        }
        for (const declaration of declarations) {
            for (const ref of this.references.findReferences(declaration, { includeDeclaration: true })) {
                const range = ast.isOperation(target) ? this.nameLeaf(ref.sourceUri, ref.segment.end - 1)?.range : ref.segment.range;
                add(ref.sourceUri.toString(), range ?? ref.segment.range);
            }
        }
        if (ast.isService(target)) {
            for (const operation of target.members.filter(ast.isOperation)) {
                for (const ref of this.references.findReferences(operation, { includeDeclaration: false })) {
                    // The service part of `service.operation`: its first name; none in a short name inside the service.
                    const head = this.nameLeaf(ref.sourceUri, ref.segment.offset);
                    if (head && head.end < ref.segment.end) add(ref.sourceUri.toString(), head.range);
                }
            }
        }
        return { changes };
    }

    /** The name token at `offset` (a reference's first or last name: comments between its parts are hidden tokens). */
    private nameLeaf(uri: URI, offset: number): LeafCstNode | undefined {
        const root = this.documents.getDocument(uri)?.parseResult.value.$cstNode;
        const leaf = root ? CstUtils.findLeafNodeAtOffset(root, offset) : undefined;
        return leaf && !leaf.hidden && /^[A-Za-z_]/.test(leaf.text) ? leaf : undefined;
    }

    /** The declaration to rename and the range of the name under the cursor. */
    private resolve(document: LangiumDocument, params: TextDocumentPositionParams): { target: AstNode; range: Range } | undefined {
        const root = document.parseResult.value.$cstNode;
        if (!root) return undefined;
        const offset = document.textDocument.offsetAt(params.position);
        const leaf = CstUtils.findLeafNodeAtOffset(root, offset) ?? CstUtils.findLeafNodeAtOffset(root, offset - 1);
        if (!leaf || leaf.hidden || !/^[A-Za-z_]/.test(leaf.text)) return undefined;
        const declared = this.references.findDeclarations(leaf)[0];
        if (declared && declared !== leaf.astNode) {
            // On the service part of `service.operation`: rename the service.
            if (ast.isOperation(declared) && !isLastSegment(leaf)) return { target: declared.$container, range: leaf.range };
            return { target: declared, range: leaf.range };
        }
        const nameNode = this.nameProvider.getNameNode(leaf.astNode);
        if (nameNode && nameNode.offset <= leaf.offset && leaf.end <= nameNode.end && isRenamable(leaf.astNode)) {
            return { target: leaf.astNode, range: nameNode.range };
        }
        return undefined;
    }

}

function isRenamable(node: AstNode): boolean {
    return ast.isElement(node) || ast.isOperation(node) || ast.isDomain(node);
}

/** Whether a name leaf is the last part of the (possibly qualified) name it belongs to. */
function isLastSegment(leaf: LeafCstNode): boolean {
    const whole = CstUtils.getDatatypeNode(leaf);
    if (!whole) return true;
    const leaves = [...CstUtils.flattenCst(whole)].filter(l => !l.hidden && /^[A-Za-z_]/.test(l.text));
    return leaves[leaves.length - 1] === leaf || leaves.length === 0;
}

function sameRange(a: Range, b: Range): boolean {
    return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

