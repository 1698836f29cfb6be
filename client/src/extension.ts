import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { registerCommands } from './commands.js';
import { registerGraphPanel } from './graph-panel.js';
import { createLanguageClient } from './language-client.js';
import { REPORT_SCHEME, ReportProvider } from './reports.js';
import { MeshStatusBar } from './status-bar.js';

let client: LanguageClient | undefined;

/**
 * Starts the Meshspec language server and wires the editor around it: the status bar item,
 * the commands, and the architecture graph panel. Kept to wiring only; each concern lives
 * in its own module.
 */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
    // A log channel: vscode-languageclient 10 writes the server's stderr with `.error()`.
    const output = vscode.window.createOutputChannel('Meshspec', { log: true });
    const status = new MeshStatusBar();
    const reports = new ReportProvider();
    context.subscriptions.push(output, status, reports,
        vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, reports));

    const languageClient = createLanguageClient(context, output);
    client = languageClient;
    status.track(languageClient);

    const start = async (): Promise<void> => {
        status.setState('starting');
        try {
            if (languageClient.isRunning()) await languageClient.restart();
            else await languageClient.start();
            status.setState('ready');
        } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            output.error(`the language server failed to start: ${message}`);
            status.setState('error', message);
            void vscode.window.showErrorMessage(`Meshspec: the language server failed to start: ${message}`, 'Show Output')
                .then(choice => { if (choice) output.show(true); });
        }
    };

    registerCommands({ extension: context, reports, output, restart: start });
    registerGraphPanel(context, languageClient, output);
    // Not awaited: activation must not wait for the first workspace analysis.
    void start();
}

export async function deactivate(): Promise<void> {
    const running = client;
    client = undefined;
    if (running?.isRunning()) await running.stop();
}
