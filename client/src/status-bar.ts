import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';

export type ServerState = 'starting' | 'ready' | 'error' | 'stopped';

export interface ProblemCount {
    errors: number;
    warnings: number;
}

/** Counts the errors and warnings of `.mesh` files among all diagnostics VS Code knows. */
export function countMeshProblems(all: readonly [vscode.Uri, readonly vscode.Diagnostic[]][]): ProblemCount {
    const count: ProblemCount = { errors: 0, warnings: 0 };
    for (const [uri, diagnostics] of all) {
        if (!uri.path.endsWith('.mesh')) continue;
        for (const d of diagnostics) {
            if (d.severity === vscode.DiagnosticSeverity.Error) count.errors++;
            else if (d.severity === vscode.DiagnosticSeverity.Warning) count.warnings++;
        }
    }
    return count;
}

/**
 * One status bar item: the server's state and the problem count of `.mesh` files.
 * Clicking it opens the Problems panel.
 */
export class MeshStatusBar implements vscode.Disposable {
    private readonly item: vscode.StatusBarItem;
    private readonly subscriptions: vscode.Disposable[] = [];
    private state: ServerState = 'starting';
    private detail = '';
    private problems: ProblemCount = { errors: 0, warnings: 0 };
    private recount: NodeJS.Timeout | undefined;

    constructor() {
        this.item = vscode.window.createStatusBarItem('meshspec.status', vscode.StatusBarAlignment.Left, 10);
        this.item.name = 'Meshspec';
        this.item.command = 'workbench.actions.view.problems';
        this.subscriptions.push(vscode.languages.onDidChangeDiagnostics(() => this.scheduleRecount()));
        this.problems = countMeshProblems(vscode.languages.getDiagnostics());
        this.render();
        this.item.show();
    }

    /** Follows the client's lifecycle. A start failure is reported with `setState('error', …)`. */
    track(client: LanguageClient): void {
        this.subscriptions.push(client.onDidChangeState(e => {
            if (e.newState === State.Starting) this.setState('starting');
            else if (e.newState === State.Running) this.setState('ready');
            // Stopped after having run is a crash or an explicit stop; the client restarts
            // crashed servers a few times by itself, and announces Starting when it does.
            else if (this.state !== 'error') this.setState('stopped');
        }));
    }

    setState(state: ServerState, detail = ''): void {
        this.state = state;
        this.detail = detail;
        this.render();
    }

    private scheduleRecount(): void {
        // Diagnostics arrive file by file after each analysis: count once per burst.
        if (this.recount) return;
        this.recount = setTimeout(() => {
            this.recount = undefined;
            this.problems = countMeshProblems(vscode.languages.getDiagnostics());
            this.render();
        }, 100);
    }

    private render(): void {
        const { errors, warnings } = this.problems;
        const counts = `$(error) ${errors} $(warning) ${warnings}`;
        switch (this.state) {
            case 'starting':
                this.item.text = '$(sync~spin) Meshspec';
                this.item.tooltip = 'Meshspec: the language server is starting';
                this.item.backgroundColor = undefined;
                break;
            case 'ready':
                this.item.text = `$(check) Meshspec ${counts}`;
                this.item.tooltip = `Meshspec: ready — ${errors} error(s), ${warnings} warning(s) in .mesh files. Click to open the Problems panel.`;
                this.item.backgroundColor = undefined;
                break;
            case 'stopped':
                this.item.text = `$(circle-slash) Meshspec ${counts}`;
                this.item.tooltip = 'Meshspec: the language server is stopped — run "Meshspec: Restart Language Server"';
                this.item.backgroundColor = undefined;
                break;
            case 'error':
                this.item.text = '$(error) Meshspec';
                this.item.tooltip = `Meshspec: the language server failed${this.detail ? `: ${this.detail}` : ''} — see the "Meshspec" output`;
                this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
                break;
        }
    }

    dispose(): void {
        if (this.recount) clearTimeout(this.recount);
        for (const s of this.subscriptions) s.dispose();
        this.item.dispose();
    }
}
