import type { AstNode, LangiumDocument } from 'langium';
import { AstUtils } from 'langium';
import type { TextEdit } from 'vscode-languageserver';
import { lineEndAt, lineStartOf } from '../../language/lines.js';

/**
 * Deletes a clause with the blank it leaves behind: the whole line when the clause stood
 * alone on it, else the clause and the spaces before it.
 */
export function deleteNode(node: AstNode): { uri: string; edit: TextEdit } | undefined {
    const cst = node.$cstNode;
    if (!cst) return undefined;
    const document: LangiumDocument = AstUtils.getDocument(node);
    const text = document.textDocument.getText();
    let start = cst.offset;
    let end = cst.end;
    const lineStart = lineStartOf(text, start);
    const lineEnd = lineEndAt(text, end);
    if (text.slice(lineStart, start).trim() === '' && text.slice(end, lineEnd).trim() === '') {
        start = lineStart;
        end = Math.min(text.length, lineEnd + (text.startsWith('\r\n', lineEnd) ? 2 : 1));
    } else {
        while (start > lineStart && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
    }
    return {
        uri: document.uri.toString(),
        edit: { range: { start: document.textDocument.positionAt(start), end: document.textDocument.positionAt(end) }, newText: '' },
    };
}
