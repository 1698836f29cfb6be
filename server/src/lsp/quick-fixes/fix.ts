import type { AstNode, IndexManager, LangiumDocument, LangiumDocuments } from 'langium';
import { AstUtils, CstUtils } from 'langium';
import type { CodeAction, Diagnostic, Range, TextEdit } from 'vscode-languageserver';
import { CodeActionKind } from 'vscode-languageserver';
import type { Model } from '../../language/generated/ast.js';

/** What a quick fix gets: the diagnostic (found by its `code`), its document and the workspace. */
export interface FixContext {
    diagnostic: Diagnostic;
    document: LangiumDocument<Model>;
    documents: LangiumDocuments;
    /** The workspace index: declarations in other files (`service.operation` by name). */
    index: IndexManager;
}

/** A quick fix for one rule id: zero or more code actions for a diagnostic. */
export type QuickFix = (ctx: FixContext) => CodeAction[];

/** The innermost AST node of type `T` at the start of the diagnostic's range. */
export function nodeAt<T extends AstNode>(ctx: FixContext, is: (n: AstNode) => n is T, range: Range = ctx.diagnostic.range): T | undefined {
    const root = ctx.document.parseResult.value.$cstNode;
    if (!root) return undefined;
    const offset = ctx.document.textDocument.offsetAt(range.start);
    const leaf = CstUtils.findLeafNodeAtOffset(root, offset) ?? CstUtils.findLeafNodeBeforeOffset(root, offset);
    return leaf ? AstUtils.getContainerOfType(leaf.astNode, is) : undefined;
}

export function uriOf(node: AstNode): string {
    return AstUtils.getDocument(node).uri.toString();
}

export function rangeOf(node: AstNode): Range | undefined {
    return node.$cstNode?.range;
}

/** The text of the line a position is on, up to its first non-blank character. */
export function indentationOf(document: LangiumDocument, line: number): string {
    const text = document.textDocument.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
    return /^[ \t]*/.exec(text)?.[0] ?? '';
}

export function action(title: string, diagnostic: Diagnostic, changes: Record<string, TextEdit[]>, isPreferred = false): CodeAction {
    return { title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: { changes }, isPreferred };
}

export function insertAt(position: Range['start'], newText: string): TextEdit {
    return { range: { start: position, end: position }, newText };
}
