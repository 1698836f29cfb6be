import * as vscode from 'vscode';

/** URI scheme of the read-only report documents (mode matrix, explanations). */
export const REPORT_SCHEME = 'meshspec-report';

/**
 * Serves reports as read-only virtual documents: unlike untitled documents they are never
 * "dirty", so closing them asks nothing, and showing a report again refreshes it in place.
 */
export class ReportProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
    private readonly contents = new Map<string, string>();
    private readonly changed = new vscode.EventEmitter<vscode.Uri>();
    readonly onDidChange = this.changed.event;

    provideTextDocumentContent(uri: vscode.Uri): string {
        return this.contents.get(uri.toString()) ?? '';
    }

    /** Stores a report under `meshspec-report:/<path>` and returns its URI. */
    set(path: string, content: string): vscode.Uri {
        const uri = vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/${path}` });
        this.contents.set(uri.toString(), content);
        this.changed.fire(uri);
        return uri;
    }

    dispose(): void {
        this.changed.dispose();
        this.contents.clear();
    }
}

/**
 * Shows a Markdown report rendered (the built-in Markdown preview) and falls back to its
 * source when the preview is unavailable (e.g. the Markdown extension is disabled).
 */
export async function showMarkdown(uri: vscode.Uri): Promise<void> {
    // Opened first so the report is a loaded document even while the preview starts up.
    await vscode.workspace.openTextDocument(uri);
    try {
        await vscode.commands.executeCommand('markdown.showPreview', uri);
    } catch {
        await showText(uri, 'markdown');
    }
}

/** Shows a plain-text report beside the current editor. */
export async function showText(uri: vscode.Uri, languageId = 'plaintext'): Promise<void> {
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(document, languageId);
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true });
}
