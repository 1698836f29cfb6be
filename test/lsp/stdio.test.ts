import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Hover, Location, LocationLink } from 'vscode-languageserver-protocol';
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
