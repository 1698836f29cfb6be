import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import {
    ConfigurationRequest, DidChangeTextDocumentNotification, DidOpenTextDocumentNotification, ExitNotification, InitializeRequest,
    InitializedNotification, PublishDiagnosticsNotification, RegistrationRequest, ShutdownRequest, StreamMessageReader,
    StreamMessageWriter, createProtocolConnection, type Diagnostic, type InitializeResult, type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const SERVER_BUNDLE = resolve(ROOT, 'out', 'server.cjs');

export interface PublishedDiagnostics {
    uri: string;
    version?: number;
    diagnostics: Diagnostic[];
    at: number;
}

/**
 * A minimal LSP client over stdio for tests: spawns the real server bundle, speaks JSON-RPC
 * with vscode-languageserver-protocol, records every publishDiagnostics and answers the
 * server's configuration and registration requests.
 */
export class StdioClient {
    readonly published: PublishedDiagnostics[] = [];
    readonly latest = new Map<string, PublishedDiagnostics>();
    stderr = '';
    /** `window/logMessage` texts (the server's console in stdio mode). */
    readonly log: string[] = [];
    settings: unknown = null;
    private listeners: (() => void)[] = [];
    private exited = false;

    private constructor(readonly process: ChildProcess, readonly connection: ProtocolConnection) {}

    static start(command: readonly string[] = ['node', SERVER_BUNDLE, '--stdio'], cwd = ROOT, env: NodeJS.ProcessEnv = process.env): StdioClient {
        const child = spawn(command[0], command.slice(1), { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
        const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
        const client = new StdioClient(child, connection);
        child.stderr!.on('data', (chunk: Buffer) => { client.stderr += chunk.toString(); });
        child.on('exit', () => { client.exited = true; client.notify(); });
        connection.onNotification(PublishDiagnosticsNotification.type, params => {
            const entry = { ...params, at: performance.now() };
            client.published.push(entry);
            client.latest.set(params.uri, entry);
            client.notify();
        });
        connection.onRequest(ConfigurationRequest.type, params => params.items.map(item => item.section === 'meshspec' ? client.settings : null));
        connection.onRequest(RegistrationRequest.type, () => undefined);
        connection.onNotification('window/logMessage', (params: { message: string }) => { client.log.push(params.message); });
        connection.onNotification('window/showMessage', () => undefined);
        connection.onError(() => undefined);
        connection.listen();
        return client;
    }

    get alive(): boolean {
        return !this.exited;
    }

    async initialize(rootUri: string | null): Promise<InitializeResult> {
        const result = await this.connection.sendRequest(InitializeRequest.type, {
            processId: process.pid,
            rootUri,
            workspaceFolders: rootUri ? [{ uri: rootUri, name: 'root' }] : null,
            capabilities: {
                workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
                textDocument: {
                    hover: { contentFormat: ['markdown', 'plaintext'] },
                    publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, dataSupport: true },
                    completion: { completionItem: { snippetSupport: true } },
                },
            },
        });
        await this.connection.sendNotification(InitializedNotification.type, {});
        return result;
    }

    async open(uri: string, text: string, version = 1): Promise<void> {
        await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'mesh', version, text } });
    }

    async change(uri: string, text: string, version: number): Promise<void> {
        await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
    }

    /** Waits until diagnostics published for `uri` (after `since`) satisfy `predicate`. */
    waitForDiagnostics(uri: string, predicate: (d: Diagnostic[]) => boolean = () => true, timeoutMs = 20000, since = 0): Promise<PublishedDiagnostics> {
        return this.waitFor(() => {
            for (let i = this.published.length - 1; i >= 0; i--) {
                const p = this.published[i];
                if (p.at < since) break;
                if (p.uri === uri && predicate(p.diagnostics)) return p;
            }
            return undefined;
        }, timeoutMs, `diagnostics for ${uri}`);
    }

    waitFor<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
        return new Promise((resolvePromise, reject) => {
            const check = (): boolean => {
                const value = probe();
                if (value !== undefined) {
                    cleanup();
                    resolvePromise(value);
                    return true;
                }
                if (this.exited) {
                    cleanup();
                    reject(new Error(`server exited while waiting for ${what}; stderr:\n${this.stderr}`));
                    return true;
                }
                return false;
            };
            const timer = setTimeout(() => { cleanup(); reject(new Error(`timed out waiting for ${what}; stderr:\n${this.stderr}`)); }, timeoutMs);
            const listener = (): void => { check(); };
            const cleanup = (): void => {
                clearTimeout(timer);
                this.listeners = this.listeners.filter(l => l !== listener);
            };
            if (!check()) this.listeners.push(listener);
        });
    }

    request<R>(method: string, params: unknown): Promise<R> {
        return this.connection.sendRequest(method, params) as Promise<R>;
    }

    async stop(): Promise<void> {
        if (this.exited) return;
        try {
            await Promise.race([this.connection.sendRequest(ShutdownRequest.type), delay(2000)]);
            await this.connection.sendNotification(ExitNotification.type);
        } catch {
            // already gone
        }
        await Promise.race([this.waitFor(() => (this.exited ? true : undefined), 3000, 'exit').catch(() => undefined), delay(3000)]);
        if (!this.exited) this.process.kill();
        this.connection.dispose();
    }

    private notify(): void {
        for (const l of [...this.listeners]) l();
    }
}

export function delay(ms: number): Promise<void> {
    return new Promise(r => setTimeout(r, ms));
}
