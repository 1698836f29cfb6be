import * as vscode from 'vscode';
import { ErrorCodes, ResponseError, type LanguageClient } from 'vscode-languageclient/node';
import { cliFailure, runCli } from './cli.js';
import { isInLineComment, qualifiedNameAt } from './element-name.js';
import { showMarkdown, showText, type ReportProvider } from './reports.js';

/** Ids of every command this module registers; package.json declares each one. */
export const COMMANDS = {
    restartServer: 'meshspec.restartServer',
    showModeMatrix: 'meshspec.showModeMatrix',
    explainElement: 'meshspec.explainElement',
} as const;

/** Custom requests tried first; when the server lacks one, the bundled CLI answers instead. */
const MODES_REQUEST = 'meshspec/modes';
const EXPLAIN_REQUEST = 'meshspec/explain';

export interface CommandContext {
    extension: vscode.ExtensionContext;
    client: () => LanguageClient;
    reports: ReportProvider;
    output: vscode.OutputChannel;
    restart: () => Promise<void>;
}

export function registerCommands(ctx: CommandContext): void {
    ctx.extension.subscriptions.push(
        vscode.commands.registerCommand(COMMANDS.restartServer, () => ctx.restart()),
        vscode.commands.registerCommand(COMMANDS.showModeMatrix, () => reportErrors(ctx, () => showModeMatrix(ctx))),
        vscode.commands.registerCommand(COMMANDS.explainElement, (name?: unknown) =>
            reportErrors(ctx, () => explainElement(ctx, typeof name === 'string' ? name : undefined))),
    );
}

async function reportErrors(ctx: CommandContext, action: () => Promise<void>): Promise<void> {
    try {
        await action();
    } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        ctx.output.appendLine(`[command] ${message}`);
        void vscode.window.showErrorMessage(`Meshspec: ${message}`);
    }
}

/** The workspace folder of the active `.mesh` editor, else the first folder. */
function currentFolder(): vscode.WorkspaceFolder {
    const active = vscode.window.activeTextEditor?.document.uri;
    const folder = (active && vscode.workspace.getWorkspaceFolder(active)) ?? vscode.workspace.workspaceFolders?.[0];
    if (!folder || folder.uri.scheme !== 'file') throw new Error('open a folder with .mesh files first');
    return folder;
}

/**
 * Asks the running server (it knows unsaved edits); falls back to the CLI over the saved
 * files when the server does not implement the request or is not running.
 */
async function askServer<T>(ctx: CommandContext, method: string, params: unknown): Promise<T | undefined> {
    const client = ctx.client();
    if (!client.isRunning()) return undefined;
    try {
        return await client.sendRequest<T>(method, params);
    } catch (error) {
        if (error instanceof ResponseError && error.code === ErrorCodes.MethodNotFound) return undefined;
        throw error;
    }
}

function unsavedNote(folder: vscode.WorkspaceFolder): string {
    const dirty = vscode.workspace.textDocuments.some(d => d.isDirty && d.languageId === 'mesh'
        && vscode.workspace.getWorkspaceFolder(d.uri)?.uri.toString() === folder.uri.toString());
    return dirty ? '> Computed from the saved files; unsaved changes are not included.\n\n' : '';
}

async function showModeMatrix(ctx: CommandContext): Promise<void> {
    const folder = currentFolder();
    let markdown = await askServer<{ markdown: string } | string>(ctx, MODES_REQUEST, { uri: folder.uri.toString() })
        .then(r => typeof r === 'string' ? r : r?.markdown);
    if (markdown === undefined) {
        const result = await runCli(ctx.extension.asAbsolutePath('out/cli.cjs'),
            ['modes', '.', '--format', 'markdown'], folder.uri.fsPath);
        if (result.exitCode === 2 || !result.stdout) throw new Error(cliFailure('modes', result));
        markdown = unsavedNote(folder) + result.stdout;
    }
    const uri = ctx.reports.set(`${folder.name}/Mode matrix.md`, markdown);
    await showMarkdown(uri);
}

/** The element named at the cursor of the active `.mesh` editor, if any. */
function nameAtCursor(): string | undefined {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== 'mesh') return undefined;
    const position = editor.selection.active;
    const line = editor.document.lineAt(position.line).text;
    if (isInLineComment(line, position.character)) return undefined;
    return qualifiedNameAt(line, position.character);
}

async function explainElement(ctx: CommandContext, given: string | undefined): Promise<void> {
    const name = given ?? nameAtCursor() ?? await vscode.window.showInputBox({
        title: 'Meshspec: Explain Element',
        prompt: 'Element to explain (e.g. orders-api or orders-api.placeOrder)',
    });
    if (!name) return;
    const folder = currentFolder();
    const answer = await askServer<{ markdown: string } | string>(ctx, EXPLAIN_REQUEST, { uri: folder.uri.toString(), name });
    const markdown = typeof answer === 'string' ? answer : answer?.markdown;
    if (markdown !== undefined) {
        await showMarkdown(ctx.reports.set(`${folder.name}/explain ${name}.md`, markdown));
        return;
    }
    const result = await runCli(ctx.extension.asAbsolutePath('out/cli.cjs'), ['explain', name, '.'], folder.uri.fsPath);
    // Exit 2 with one line is the CLI's answer for an unknown name ("did you mean …").
    if (result.exitCode !== 0 || !result.stdout) throw new Error(cliFailure('explain', result));
    await showText(ctx.reports.set(`${folder.name}/explain ${name}.txt`, result.stdout));
}
