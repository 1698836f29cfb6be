import * as vscode from 'vscode';
import { cliFailure, runCli } from './cli.js';
import { nameAtCursor } from './name-at-cursor.js';
import { showMarkdown, showText, type ReportProvider } from './reports.js';

/** Ids of every command this module registers; package.json declares each one. */
export const COMMANDS = {
    restartServer: 'meshspec.restartServer',
    showModeMatrix: 'meshspec.showModeMatrix',
    explainElement: 'meshspec.explainElement',
} as const;

export interface CommandContext {
    extension: vscode.ExtensionContext;
    reports: ReportProvider;
    output: vscode.LogOutputChannel;
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

/**
 * Shows a failure as a message instead of VS Code's generic "command failed", and also
 * returns it, so callers of `executeCommand` (tests, other extensions) can tell.
 */
async function reportErrors(ctx: CommandContext, action: () => Promise<void>): Promise<{ error: string } | undefined> {
    try {
        await action();
        return undefined;
    } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        ctx.output.error(message);
        void vscode.window.showErrorMessage(`Meshspec: ${message}`);
        return { error: message };
    }
}

/** The workspace folder of the active `.mesh` editor, else the first folder. */
function currentFolder(): vscode.WorkspaceFolder {
    const active = vscode.window.activeTextEditor?.document.uri;
    const folder = (active && vscode.workspace.getWorkspaceFolder(active)) ?? vscode.workspace.workspaceFolders?.[0];
    if (!folder || folder.uri.scheme !== 'file') throw new Error('open a folder with .mesh files first');
    return folder;
}

function unsavedNote(folder: vscode.WorkspaceFolder): string {
    const dirty = vscode.workspace.textDocuments.some(d => d.isDirty && d.languageId === 'mesh'
        && vscode.workspace.getWorkspaceFolder(d.uri)?.uri.toString() === folder.uri.toString());
    return dirty ? '> Computed from the saved files; unsaved changes are not included.\n\n' : '';
}

async function showModeMatrix(ctx: CommandContext): Promise<void> {
    const folder = currentFolder();
    const started = Date.now();
    const result = await runCli(ctx.extension.asAbsolutePath('out/cli.cjs'), ['modes', '.', '--format', 'markdown'], folder.uri.fsPath);
    ctx.output.info(`meshspec modes: exit ${result.exitCode} after ${Date.now() - started} ms`);
    if (result.exitCode !== 0 || !result.stdout) throw new Error(cliFailure('modes', result));
    await showMarkdown(ctx.reports.set(`${folder.name}/Mode matrix.md`, unsavedNote(folder) + result.stdout));
}

async function explainElement(ctx: CommandContext, given: string | undefined): Promise<void> {
    const name = given ?? nameAtCursor() ?? await vscode.window.showInputBox({
        title: 'Meshspec: Explain Element',
        prompt: 'Element to explain (e.g. orders-api or orders-api.placeOrder)',
    });
    if (!name) return;
    const folder = currentFolder();
    const started = Date.now();
    const result = await runCli(ctx.extension.asAbsolutePath('out/cli.cjs'), ['explain', name, '.'], folder.uri.fsPath);
    ctx.output.info(`meshspec explain ${name}: exit ${result.exitCode} after ${Date.now() - started} ms`);
    // Exit 2 with one line is the CLI's answer for an unknown name ("did you mean …").
    if (result.exitCode !== 0 || !result.stdout) throw new Error(cliFailure('explain', result));
    const note = unsavedNote(folder).replace(/^> /, '');
    await showText(ctx.reports.set(`${folder.name}/explain ${name}.txt`, note + result.stdout));
}
