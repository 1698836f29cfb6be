import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../cli/cli.js'; // fails these tests with the build error if `node scripts/build.mjs` failed
import type { FromWebview, ToWebview } from '../../client/src/webview/protocol.js';
import type { GraphModel } from '../../server/src/graph/types.js';
import { RESULTS, launchChromium, pixelVariance, serveWebview, watchPage, type PageWatch } from './browser.js';
import { HOSTILE, INJECTION, SHOP, graphOf } from './helpers.js';

/**
 * The graph webview as VS Code runs it, minus VS Code: the real shell (CSP included), the
 * built bundles, elkjs in a real Web Worker, and a stand-in for `acquireVsCodeApi` that
 * records what the webview posts to the extension.
 */

let browser: Browser;
let server: Awaited<ReturnType<typeof serveWebview>>;
beforeAll(async () => {
    browser = await launchChromium();
    server = await serveWebview();
});
afterAll(async () => {
    await browser?.close();
    await server?.close();
});

declare global {
    interface Window { sent: FromWebview[] }
}

async function openWebview(): Promise<{ page: Page; watch: PageWatch }> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const watch = await watchPage(page, url => url.startsWith(`${server.origin}/`));
    await page.addInitScript(() => {
        window.sent = [];
        let state: unknown;
        (window as unknown as { acquireVsCodeApi: () => unknown }).acquireVsCodeApi = () => ({
            postMessage: (message: FromWebview) => { window.sent.push(message); },
            getState: () => state,
            setState: (next: unknown) => { state = next; },
        });
    });
    await page.goto(`${server.origin}/`);
    await expect.poll(() => sent(page)).toContainEqual({ type: 'ready' });
    return { page, watch };
}

function send(page: Page, message: ToWebview): Promise<void> {
    return page.evaluate(m => window.postMessage(m, '*'), message);
}

function sent(page: Page): Promise<FromWebview[]> {
    return page.evaluate(() => window.sent);
}

async function showGraph(page: Page, graph: GraphModel): Promise<void> {
    await send(page, { type: 'graph', graph });
    await page.waitForFunction(ids => {
        const drawn = new Set(Array.from(document.querySelectorAll('#host .mesh-nodes .mesh-node')).map(n => n.getAttribute('data-id')));
        return ids.every(id => drawn.has(id));
    }, graph.nodes.map(n => n.id), { timeout: 45_000 });
}

const nodeLocator = (page: Page, id: string) => page.locator(`#host .mesh-node[data-id="${id}"]`);
const classOf = (page: Page, selector: string, id: string): Promise<string> =>
    page.evaluate(([sel, want]) => Array.from(document.querySelectorAll(sel)).find(e => e.getAttribute('data-id') === want)?.getAttribute('class') ?? '', [selector, id] as const);

describe('graph webview in a browser', () => {
    it('lays the graph out in a Web Worker and draws every node, without a blank moment or a console error', async () => {
        const { page, watch } = await openWebview();
        expect(await page.textContent('#empty')).toBe('Waiting for the Meshspec language server…');
        const graph = await graphOf(SHOP);
        await showGraph(page, graph);
        expect(page.workers().length).toBeGreaterThanOrEqual(1);
        expect(await page.isHidden('#empty')).toBe(true);
        expect(await page.isHidden('#progress')).toBe(true);
        expect(await page.textContent('#count')).toBe('5 nodes');
        expect(watch.requests.every(url => url.startsWith(server.origin) || url.startsWith('blob:'))).toBe(true);
        expect(watch.errors).toEqual([]);
        const png = await page.screenshot({ path: join(RESULTS, 'graph-webview.png') });
        expect(await pixelVariance(browser, png)).toBeGreaterThan(50);
        await page.close();
    }, 90_000);

    it('reveals the source of a clicked node, switches modes and runs the failure what-if', async () => {
        const { page, watch } = await openWebview();
        const graph = await graphOf(SHOP);
        await showGraph(page, graph);
        await nodeLocator(page, 'payments').click();
        const payments = graph.nodes.find(n => n.id === 'payments')!;
        await expect.poll(() => sent(page)).toContainEqual({ type: 'reveal', location: payments.location });
        expect(await page.textContent('#details h2')).toBe('payments');

        await page.click('button[data-mode="degraded"]');
        expect(await classOf(page, '#host .mesh-edge', 'call:orders-api->payments')).toContain('status-violated');
        expect(await sent(page)).toContainEqual({ type: 'mode', mode: 'degraded' });
        await page.click('button[data-mode="target"]');
        expect(await classOf(page, '#host .mesh-edge', 'call:orders-api->payments')).toContain('status-ok');

        await page.getByRole('button', { name: 'Fail: floor' }).click();
        expect(await classOf(page, '#host .mesh-edge', 'call:orders-api->payments')).toContain('mesh-mark-broken');
        expect(await classOf(page, '#host .mesh-node', 'payments')).toContain('mesh-mark-failed');
        expect(await classOf(page, '#host .mesh-node', 'reporting')).toContain('mesh-mark-dim');
        expect(await page.textContent('#details')).toContain('payments in floor mode (rest in target mode): 1 edge breaks');
        await page.getByRole('button', { name: 'Clear what-if' }).click();
        expect(await classOf(page, '#host .mesh-edge', 'call:orders-api->payments')).not.toContain('mesh-mark');
        expect(watch.errors).toEqual([]);
        await page.close();
    }, 90_000);

    it('stays live: a new graph keeps zoom and pan; syntax errors and failures show a banner, never a blank panel', async () => {
        const { page } = await openWebview();
        await showGraph(page, await graphOf(SHOP));
        await page.mouse.move(500, 400);
        await page.mouse.wheel(0, -300);
        const transform = await page.$eval('#host > svg', svg => (svg as SVGSVGElement).style.transform);

        const edited = await graphOf([SHOP, 'service audit { provides <Cluster, SS, SER, Fresh, Idem, Auth> calls payments.charge }\nservice half {']);
        expect(edited.syntaxErrors.files).toHaveLength(1);
        await showGraph(page, edited);
        expect(await page.$eval('#host > svg', svg => (svg as SVGSVGElement).style.transform)).toBe(transform);
        expect(await page.textContent('#banner')).toBe('1 file has syntax errors; showing what parses');

        await send(page, { type: 'error', message: 'The graph could not be updated: server restarting' });
        await expect.poll(() => page.textContent('#banner')).toContain('server restarting');
        expect(await nodeLocator(page, 'audit').count()).toBe(1);
        await page.close();
    }, 90_000);

    it('filters by name, kind and domain, and reveals an element named by "Show in graph"', async () => {
        const { page } = await openWebview();
        await showGraph(page, await graphOf(SHOP));
        await page.selectOption('#kind', 'store');
        expect(await classOf(page, '#host .mesh-node', 'orders-api')).toContain('mesh-dim');
        expect(await classOf(page, '#host .mesh-node', 'orders-db')).not.toContain('mesh-dim');
        await page.selectOption('#kind', '');
        await page.selectOption('#domain', 'billing');
        expect(await page.textContent('#count')).toBe('1 of 5 nodes');
        await page.selectOption('#domain', '');
        await page.fill('#filter', 'report');
        expect(await classOf(page, '#host .mesh-node', 'reporting')).not.toContain('mesh-dim');
        expect(await classOf(page, '#host .mesh-node', 'payments')).toContain('mesh-dim');
        await page.fill('#filter', '');

        await send(page, { type: 'reveal', name: 'orders-api.placeOrder' });
        await expect.poll(() => classOf(page, '#host .mesh-node', 'orders-api')).toContain('mesh-selected');
        await page.close();
    }, 90_000);

    it('exports SVG with the resolved theme colours and PNG through a canvas', async () => {
        const { page } = await openWebview();
        await showGraph(page, await graphOf(SHOP));
        await page.click('#export-svg');
        await page.click('#export-png');
        await expect.poll(async () => (await sent(page)).filter(m => m.type === 'export').length, { timeout: 30_000 }).toBe(2);
        const exports = (await sent(page)).filter((m): m is Extract<FromWebview, { type: 'export' }> => m.type === 'export');
        const svg = exports.find(m => m.format === 'svg')!;
        expect(svg.name).toBe('architecture-target.svg');
        expect(svg.data).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
        expect(svg.data).toMatch(/\.meshspec-graph \{ --mesh-bg: [^;]+;.*--mesh-violated: [^;]+;/);
        const png = exports.find(m => m.format === 'png')!;
        expect(png.data).toMatch(/^data:image\/png;base64,/);
        expect(await pixelVariance(browser, Buffer.from(png.data.slice('data:image/png;base64,'.length), 'base64'))).toBeGreaterThan(50);
        await page.close();
    }, 90_000);

    it('shows injected spec text as text', async () => {
        const { page, watch } = await openWebview();
        await showGraph(page, await graphOf(HOSTILE));
        await nodeLocator(page, 'svc').click();
        expect(await page.textContent('#details')).toContain(INJECTION.script);
        expect(await page.$$eval('img', imgs => imgs.length)).toBe(0);
        expect(await page.$$eval('script', scripts => scripts.length)).toBe(1);
        expect(watch.dialogs).toEqual([]);
        await page.close();
    }, 90_000);
});
