import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { Hover, Location, LocationLink } from 'vscode-languageserver-protocol';
import { DiagnosticSeverity, DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, FileChangeType } from 'vscode-languageserver-protocol';
import type { GraphModel } from '../../server/src/graph/types.js';
import { poolSizeArgs } from '../../bin/v8-pool.cjs';
import { ROOT, StdioClient } from './stdio-client.js';

/**
 * The real server bundle (out/server.cjs, built by the test run's global setup) driven
 * over stdio by an LSP client: the samples folder is the workspace.
 */
describe('language server over stdio', () => {
    const samples = join(ROOT, 'samples');
    const rootUri = pathToFileURL(samples).toString();
    const checkoutPath = join(samples, 'checkout.mesh');
    const checkoutUri = pathToFileURL(checkoutPath).toString();
    const checkout = readFileSync(checkoutPath, 'utf8');
    let client: StdioClient;

    beforeAll(async () => {
        expect(inject('meshspecBuildError')).toBe('');
        client = StdioClient.start();
        const init = await client.initialize(rootUri);
        expect(init.capabilities.hoverProvider).toBeTruthy();
        const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
        expect(init.serverInfo).toEqual({ name: 'meshspec', version });
        await client.open(checkoutUri, checkout);
    }, 60000);

    afterAll(async () => {
        await client?.stop();
    });

    it('publishes the workspace diagnostics with rule ids, doc links and source', async () => {
        const published = await client.waitForDiagnostics(checkoutUri, d => d.length > 0);
        const codes = published.diagnostics.map(d => d.code);
        expect(codes).toContain('claim-unsupported');
        for (const d of published.diagnostics) {
            expect(d.source).toBe('meshspec');
            expect(d.codeDescription?.href).toMatch(new RegExp(`docs/rules/${String(d.code)}\\.md$`));
        }
    });

    it('answers hover with the effective vectors of an element', async () => {
        await client.waitForDiagnostics(checkoutUri, d => d.length > 0);
        const line = checkout.split('\n').findIndex(l => l.includes('store order-views'));
        const character = checkout.split('\n')[line].indexOf('order-views') + 2;
        const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: checkoutUri }, position: { line, character } });
        const value = hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
        expect(value).toContain('order-views');
        expect(value).toContain('effective, target');
    });

    it('answers a request about a document it does not know with an error response, not an error object as the result', async () => {
        // Langium and vscode-languageserver must share one vscode-jsonrpc: Langium returns a
        // ResponseError, which the connection only recognizes as its own class.
        await client.waitForDiagnostics(checkoutUri, d => d.length > 0);
        const unknown = { textDocument: { uri: 'file:///nowhere/unknown.mesh' }, position: { line: 0, character: 0 } };
        for (const method of ['textDocument/hover', 'textDocument/definition', 'textDocument/completion']) {
            const outcome = await client.request<unknown>(method, unknown).then(result => ({ result }), (error: { code?: number }) => ({ error: error.code }));
            expect(outcome, method).toEqual({ error: expect.any(Number) });
        }
    });

    it('answers meshspec/graph from the workspace analysis, with a clear error for an unknown focus', async () => {
        await client.waitForDiagnostics(checkoutUri, d => d.length > 0);
        const graph = await client.request<GraphModel>('meshspec/graph', { mode: 'target' });
        expect(graph.nodes.map(n => n.id)).toEqual(expect.arrayContaining(['orders-api', 'payments', 'order-views']));
        const focused = await client.request<GraphModel>('meshspec/graph', { mode: 'degraded', focus: 'orders-api' });
        expect(focused.mode).toBe('degraded');
        expect(focused.nodes.length).toBeLessThan(graph.nodes.length);
        await expect(client.request('meshspec/graph', { mode: 'target', focus: 'orders-apx' })).rejects.toThrow(/orders-apx/);
    });

    it('goes to the definition of a qualified reference', async () => {
        const lines = checkout.split('\n');
        const line = lines.findIndex(l => l.includes('step payments.charge'));
        const character = lines[line].indexOf('charge') + 1;
        const result = await client.request<(Location | LocationLink)[] | null>('textDocument/definition', { textDocument: { uri: checkoutUri }, position: { line, character } });
        expect(result).not.toBeNull();
        const target = result![0];
        const uri = 'targetUri' in target ? target.targetUri : target.uri;
        const range = 'targetSelectionRange' in target ? target.targetSelectionRange : target.range;
        expect(uri).toBe(checkoutUri);
        expect(lines[range.start.line]).toMatch(/operation charge/);
    });
});

describe('language server: workspace-wide behaviour over stdio', () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshspec-lsp-'));
    const orders = join(dir, 'orders.mesh');
    const payments = join(dir, 'payments.mesh');
    const ORDERS = 'service orders-api {\n  provides <Cluster, SS, SER, Fresh, Idem, Auth>\n  calls payments.charge auth token requires <_, _, _, Fresh, _, _>\n}\n';
    const PAYMENTS = (recency: string) => `service payments {\n  provides <Cluster, SS, SER, ${recency}, Idem, Auth>\n  operation charge idempotent\n}\n`;
    writeFileSync(orders, ORDERS);
    writeFileSync(payments, PAYMENTS('Fresh'));
    writeFileSync(join(dir, 'meshspec.json'), JSON.stringify({ rules: { 'requirement-unsatisfied': 'warning' } }));
    const ordersUri = pathToFileURL(orders).toString();
    const paymentsUri = pathToFileURL(payments).toString();
    let client: StdioClient;

    beforeAll(async () => {
        expect(inject('meshspecBuildError')).toBe('');
        // `meshspec lsp --stdio` runs the same server in the CLI's process.
        client = StdioClient.start(['node', join(ROOT, 'bin', 'meshspec.cjs'), 'lsp', '--stdio'], dir);
        await client.initialize(pathToFileURL(dir).toString());
    }, 60000);

    afterAll(async () => {
        await client?.stop();
        rmSync(dir, { recursive: true, force: true });
    });

    it('publishes diagnostics for unopened files of the workspace at startup', async () => {
        const published = await client.waitForDiagnostics(ordersUri);
        expect(published.diagnostics.map(d => d.code)).not.toContain('requirement-unsatisfied');
    });

    it('re-publishes another file\'s diagnostics when one file changes', async () => {
        await client.open(paymentsUri, PAYMENTS('Fresh'));
        const since = performance.now();
        await client.change(paymentsUri, PAYMENTS('BS(5s)'), 2);
        const published = await client.waitForDiagnostics(ordersUri, d => d.some(x => x.code === 'requirement-unsatisfied'), 20000, since);
        // meshspec.json at the root makes it a warning.
        expect(published.diagnostics.find(d => d.code === 'requirement-unsatisfied')?.severity).toBe(DiagnosticSeverity.Warning);
    });

    it('announces every new analysis with meshspec/modelChanged', async () => {
        const versions: number[] = [];
        client.connection.onNotification('meshspec/modelChanged', (p: { version: number }) => { versions.push(p.version); });
        for (const [version, recency] of [[3, 'BS(6s)'], [4, 'BS(5s)']] as const) {
            const since = performance.now();
            const seen = versions.length;
            await client.change(paymentsUri, PAYMENTS(recency), version);
            // The build that publishes the file's diagnostics also announces the new model.
            await client.waitForDiagnostics(paymentsUri, () => true, 25000, since);
            await client.waitFor(() => (versions.length > seen ? true : undefined), 5000, 'modelChanged after the build');
        }
        expect(versions[versions.length - 1]).toBeGreaterThan(versions[0]);
    }, 60000);

    it('applies a changed meshspec.json reported as a watched file', async () => {
        await client.waitForDiagnostics(ordersUri, d => d.some(x => x.code === 'requirement-unsatisfied'));
        writeFileSync(join(dir, 'meshspec.json'), JSON.stringify({ rules: { 'requirement-unsatisfied': 'error' } }));
        const since = performance.now();
        await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(join(dir, 'meshspec.json')).toString(), type: FileChangeType.Changed }] });
        const published = await client.waitForDiagnostics(ordersUri, d => d.some(x => x.code === 'requirement-unsatisfied' && x.severity === DiagnosticSeverity.Error), 20000, since);
        expect(published.diagnostics.length).toBeGreaterThan(0);
    });

    it('applies a change of the meshspec.rules setting', async () => {
        await client.waitForDiagnostics(ordersUri, d => d.some(x => x.code === 'requirement-unsatisfied'));
        const since = performance.now();
        client.settings = { rules: { 'requirement-unsatisfied': 'info' } };
        await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { meshspec: client.settings } });
        const published = await client.waitForDiagnostics(ordersUri, d => d.some(x => x.code === 'requirement-unsatisfied' && x.severity === DiagnosticSeverity.Information), 20000, since);
        expect(published.diagnostics.length).toBeGreaterThan(0);
    });
});

/** The processes whose parent is `pid`, with their command lines, from /proc. */
function childrenOf(pid: number): { pid: number; args: string[] }[] {
    const children: { pid: number; args: string[] }[] = [];
    for (const entry of readdirSync('/proc')) {
        if (!/^\d+$/.test(entry)) continue;
        try {
            const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
            // The parent's pid is the second field after the command's closing parenthesis.
            if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) !== pid) continue;
            children.push({ pid: Number(entry), args: readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean) });
        } catch {
            // gone meanwhile
        }
    }
    return children;
}

/** Whether a process `pid` is still there. */
function running(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch {
        return false;
    }
}

describe('meshspec lsp: fewer V8 threads on a machine with few cores', () => {
    const samples = join(ROOT, 'samples');
    const lsp = ['node', join(ROOT, 'bin', 'meshspec.cjs'), 'lsp', '--stdio'];
    // This machine's: `--v8-pool-size=1` on two cores, nothing from five up.
    const expected = poolSizeArgs();

    /** Initializes the session on the samples and waits until the server has published diagnostics. */
    async function answering(client: StdioClient): Promise<void> {
        await client.initialize(pathToFileURL(samples).toString());
        await client.waitForDiagnostics(pathToFileURL(join(samples, 'checkout.mesh')).toString());
    }

    /** Once the server answers: the Node it was started again in, with `expected` (none where `expected` is empty). */
    async function relaunched(client: StdioClient): Promise<{ pid: number; args: string[] } | undefined> {
        await answering(client);
        const children = childrenOf(client.process.pid!);
        expect(children).toHaveLength(expected.length === 0 ? 0 : 1);
        return children[0];
    }

    it('runs the server in a Node started with them, which ends when the editor ends the session', async () => {
        const client = StdioClient.start(lsp, samples);
        const server = await relaunched(client);
        if (server) {
            expect(server.args.slice(1, 1 + expected.length)).toEqual(expected);
            expect(server.args.slice(-2)).toEqual(['lsp', '--stdio']);
        }
        await client.stop();
        expect(client.alive).toBe(false);
        expect(client.process.exitCode).toBe(0);
        if (server) expect(running(server.pid)).toBe(false);
    }, 60000);

    it('ends the server when it is itself terminated', async () => {
        const client = StdioClient.start(lsp, samples);
        const server = await relaunched(client);
        client.process.kill('SIGTERM');
        await client.waitFor(() => (client.alive ? undefined : true), 10000, 'the process to end');
        if (server) await client.waitFor(() => (running(server.pid) ? undefined : true), 10000, 'the server to end');
        client.connection.dispose();
    }, 60000);

    it('keeps a pool size given in NODE_OPTIONS, in its own process', async () => {
        const client = StdioClient.start(lsp, samples, { ...process.env, NODE_OPTIONS: '--v8-pool-size=2' });
        await answering(client);
        expect(childrenOf(client.process.pid!)).toEqual([]);
        await client.stop();
    }, 60000);
});
