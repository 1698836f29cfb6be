import * as vscode from 'vscode';
import { isInLineComment, qualifiedNameAt } from './element-name.js';

/** The (possibly qualified) element name under the cursor of the active `.mesh` editor, if any. */
export function nameAtCursor(): string | undefined {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== 'mesh') return undefined;
    const position = editor.selection.active;
    const line = editor.document.lineAt(position.line).text;
    if (isInLineComment(line, position.character)) return undefined;
    return qualifiedNameAt(line, position.character);
}
