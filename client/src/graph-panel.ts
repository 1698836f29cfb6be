import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { State } from 'vscode-languageclient/node';
import type { GraphMode, SourceLocation } from '../../server/src/graph/types.js';
import { onModelChanged, requestGraph } from '../../server/src/lsp/protocol.js';
import { nameAtCursor } from './name-at-cursor.js';
import type { FromWebview, ToWebview } from './webview/protocol.js';
import { webviewHtml } from './webview/shell.js';

/** Command ids (declared in package.json `contributes.commands`). */
export const GRAPH_COMMANDS = {
    open: 'meshspec.openGraph',
    showIn: 'meshspec.showInGraph',
} as const;

/** The webview panel type (also the `onWebviewPanel:` activation event that restores it). */
export const GRAPH_VIEW_TYPE = 'meshspec.graph';

/** Edits are debounced before the graph is fetched again (the server debounces its analysis too). */
const REFRESH_DELAY_MS = 300;

type ClientSource = LanguageClient | (() => LanguageClient | undefined);

/**
 * The architecture graph panel: registers `meshspec.openGraph` and `meshspec.showInGraph`
 * (the code lens "Show in graph" passes an element name), restores the panel after a
 * reload, and keeps the graph live — it asks the server again (`meshspec/graph`) when the
 * server announces a new analysis (`meshspec/modelChanged`) or a `.mesh` document changes.
 * Call once from `activate`; everything it creates is added to `context.subscriptions`.
 */
export function registerGraphPanel(context: vscode.ExtensionContext, client: ClientSource, log?: vscode.LogOutputChannel): void {
    const getClient = typeof client === 'function' ? client : () => client;
    const controller = new GraphPanelController(context, getClient, log);
    context.subscriptions.push(
        controller,
        vscode.commands.registerCommand(GRAPH_COMMANDS.open, () => controller.show()),
        vscode.commands.registerCommand(GRAPH_COMMANDS.showIn, (name?: unknown) => {
            const target = typeof name === 'string' && name ? name : nameAtCursor();
            controller.show(target);
        }),
        vscode.window.registerWebviewPanelSerializer(GRAPH_VIEW_TYPE, {
            deserializeWebviewPanel: async (panel: vscode.WebviewPanel) => controller.adopt(panel),
        }),
    );
}

class GraphPanelController implements vscode.Disposable {
    private panel?: vscode.WebviewPanel;
    private readonly disposables: vscode.Disposable[] = [];
    private panelDisposables: vscode.Disposable[] = [];
    private timer?: ReturnType<typeof setTimeout>;
    private sequence = 0;
    private ready = false;
    private mode: GraphMode;
    private focus?: { focus: string; depth?: number };
    private pendingReveal?: string;
    private notificationHooked = false;

    constructor(private readonly context: vscode.ExtensionContext, private readonly client: () => LanguageClient | undefined, private readonly log?: vscode.LogOutputChannel) {
        this.mode = context.workspaceState.get<GraphMode>('meshspec.graph.mode') ?? 'target';
        this.disposables.push(vscode.workspace.onDidChangeTextDocument(event => {
            if (event.document.languageId === 'mesh' && event.contentChanges.length > 0) this.scheduleRefresh();
        }));
    }

    show(reveal?: string): void {
        if (this.panel) {
            this.panel.reveal(undefined, true);
        } else {
            const panel = vscode.window.createWebviewPanel(GRAPH_VIEW_TYPE, 'Meshspec: Architecture Graph',
                { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { retainContextWhenHidden: true });
            this.adopt(panel);
        }
        if (reveal !== undefined) {
            this.pendingReveal = reveal;
            this.flushReveal();
        }
    }

    /** Takes over a panel: a new one, or one VS Code restores after a reload. */
    adopt(panel: vscode.WebviewPanel): void {
        this.panel?.dispose();
        this.panel = panel;
        this.ready = false;
        const outWebview = vscode.Uri.joinPath(this.context.extensionUri, 'out', 'webview');
        panel.webview.options = { enableScripts: true, localResourceRoots: [outWebview] };
        panel.webview.html = webviewHtml({
            cspSource: panel.webview.cspSource,
            scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(outWebview, 'graph.js')).toString(),
            workerUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(outWebview, 'elk-worker.js')).toString(),
            nonce: randomBytes(18).toString('base64'),
        });
        this.panelDisposables.push(
            panel.webview.onDidReceiveMessage((message: FromWebview) => void this.onMessage(message)),
            panel.onDidDispose(() => {
                if (this.panel !== panel) return;
                this.panel = undefined;
                this.ready = false;
                for (const d of this.panelDisposables.splice(0)) d.dispose();
            }),
        );
        this.hookNotifications();
    }

    dispose(): void {
        clearTimeout(this.timer);
        this.panel?.dispose();
        for (const d of [...this.disposables.splice(0), ...this.panelDisposables.splice(0)]) d.dispose();
    }

    private hookNotifications(): void {
        const client = this.client();
        if (!client || this.notificationHooked) return;
        this.notificationHooked = true;
        this.disposables.push(
            onModelChanged(client, () => this.scheduleRefresh()),
            client.onDidChangeState(event => {
                if (event.newState === State.Running) this.scheduleRefresh(0);
            }),
        );
    }

    private post(message: ToWebview): void {
        if (this.panel && this.ready) void this.panel.webview.postMessage(message);
    }

    private scheduleRefresh(delay = REFRESH_DELAY_MS): void {
        if (!this.panel) return;
        clearTimeout(this.timer);
        this.timer = setTimeout(() => void this.refresh(), delay);
    }

    /** Fetches the graph; answers to older requests that arrive late are dropped. */
    private async refresh(): Promise<void> {
        if (!this.panel || !this.ready) return;
        this.hookNotifications();
        const client = this.client();
        if (!client || client.state !== State.Running) {
            this.post({ type: 'status', message: 'Waiting for the Meshspec language server…' });
            return;
        }
        const sequence = ++this.sequence;
        try {
            const graph = await requestGraph(client, { mode: this.mode, ...this.focus });
            if (sequence !== this.sequence) return;
            this.post({ type: 'graph', graph });
            this.flushReveal();
        } catch (error) {
            if (sequence !== this.sequence) return;
            const message = error instanceof Error ? error.message : String(error);
            this.log?.error(`meshspec/graph failed: ${message}`);
            this.post({ type: 'error', message: `The graph could not be updated: ${message}` });
        }
    }

    private flushReveal(): void {
        if (this.pendingReveal === undefined || !this.ready) return;
        this.post({ type: 'reveal', name: this.pendingReveal });
        this.pendingReveal = undefined;
    }

    private async onMessage(message: FromWebview): Promise<void> {
        switch (message.type) {
            case 'ready':
                this.ready = true;
                await this.refresh();
                this.flushReveal();
                break;
            case 'reveal':
                await this.revealSource(message.location);
                break;
            case 'export':
                await this.saveExport(message.format, message.data, message.name);
                break;
            case 'focus':
                this.focus = message.focus ? { focus: message.focus, depth: message.depth } : undefined;
                await this.refresh();
                break;
            case 'mode':
                this.mode = message.mode;
                await this.context.workspaceState.update('meshspec.graph.mode', message.mode);
                break;
            case 'log':
                if (message.level === 'error') this.log?.error(`graph view: ${message.message}`);
                else this.log?.info(`graph view: ${message.message}`);
                break;
        }
    }

    private async revealSource(location: SourceLocation): Promise<void> {
        try {
            const uri = vscode.Uri.parse(location.uri);
            const document = await vscode.workspace.openTextDocument(uri);
            const { start, end } = location.range;
            const range = new vscode.Range(start.line, start.character, end.line, end.character);
            const visible = vscode.window.visibleTextEditors.find(e => e.document.uri.toString() === uri.toString());
            const column = visible?.viewColumn
                ?? (this.panel?.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One);
            await vscode.window.showTextDocument(document, { viewColumn: column, selection: range, preserveFocus: true });
        } catch (error) {
            void vscode.window.showErrorMessage(`Meshspec: cannot open the source: ${error instanceof Error ? error.message : String(error)}`);
        }
    }

    private async saveExport(format: 'svg' | 'png', data: string, name: string): Promise<void> {
        let bytes: Uint8Array;
        if (format === 'svg') {
            bytes = Buffer.from(data, 'utf8');
        } else {
            const prefix = 'data:image/png;base64,';
            if (!data.startsWith(prefix)) {
                void vscode.window.showErrorMessage('Meshspec: the PNG export failed (no image data).');
                return;
            }
            bytes = Buffer.from(data.slice(prefix.length), 'base64');
        }
        const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
        const safeName = name.replace(/[^\w.-]+/g, '-');
        const target = await vscode.window.showSaveDialog({
            defaultUri: folder ? vscode.Uri.joinPath(folder, safeName) : undefined,
            filters: format === 'svg' ? { 'SVG image': ['svg'] } : { 'PNG image': ['png'] },
            saveLabel: `Export ${format.toUpperCase()}`,
        });
        if (!target) return;
        await vscode.workspace.fs.writeFile(target, bytes);
        void vscode.window.showInformationMessage(`Meshspec: saved ${vscode.workspace.asRelativePath(target)}`);
    }
}

