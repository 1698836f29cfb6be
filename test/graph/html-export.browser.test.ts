import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meshspec } from '../cli/cli.js';
import { check } from '../helpers.js';
import { buildGraph } from '../../server/src/graph/graph-model.js';
import { renderHtml } from '../../server/src/graph/html.js';
import type { LaidOutGraph } from '../../server/src/graph/types.js';
import { RESULTS, launchChromium, pixelVariance, watchPage, type PageWatch } from './browser.js';
import { HOSTILE, INJECTION, SAMPLES, layout, sampleFiles } from './helpers.js';

let browser: Browser;
const dir = mkdtempSync(join(tmpdir(), 'meshspec-graph-html-'));
beforeAll(async () => { browser = await launchChromium(); });
afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
});

async function htmlOf(sources: string | string[]): Promise<{ file: string; laid: LaidOutGraph }> {
    const checked = await check(sources);
    const laid = await layout(buildGraph(checked.model, checked.analysis));
    const file = join(dir, `graph-${Math.random().toString(36).slice(2)}.html`);
    writeFileSync(file, renderHtml(laid));
    return { file, laid };
}

/** Opens an exported page with every other request blocked; waits until its script has run. */
async function open(file: string): Promise<{ page: Page; watch: PageWatch }> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const url = pathToFileURL(file).href;
    const watch = await watchPage(page, requested => requested === url);
    await page.goto(url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
    return { page, watch };
}

const edgeClass = (page: Page, id: string): Promise<string> =>
    page.evaluate(edgeId => Array.from(document.querySelectorAll('.mesh-edges .mesh-edge')).find(e => e.getAttribute('data-id') === edgeId)?.getAttribute('class') ?? '', id);

describe('HTML export in a browser', () => {
    it('loads offline, renders every node and needs nothing but the file', async () => {
        const sample = sampleFiles().find(s => s.name === 'checkout.mesh')!;
        const { file, laid } = await htmlOf(sample.text);
        const { page, watch } = await open(file);
        const drawn = await page.$$eval('.mesh-nodes .mesh-node', nodes => nodes.map(n => n.getAttribute('data-id')));
        expect(drawn.sort()).toEqual(laid.graph.nodes.map(n => n.id).sort());
        expect(await page.textContent('#count')).toBe(`${laid.graph.nodes.length} nodes`);
        expect(watch.requests).toEqual([pathToFileURL(file).href]);
        expect(watch.errors).toEqual([]);
        expect(watch.dialogs).toEqual([]);
        await page.close();
    });

    it('switches modes: edges change status, node vectors change, the blast radius is listed', async () => {
        const sample = sampleFiles().find(s => s.name === 'checkout.mesh')!;
        const { file, laid } = await htmlOf(sample.text);
        const changing = laid.graph.edges.find(e => e.modes.target.status !== 'violated' && e.modes.degraded.status === 'violated');
        expect(changing, 'checkout.mesh has an edge that breaks only in degraded mode').toBeDefined();
        const { page, watch } = await open(file);
        expect(await edgeClass(page, changing!.id)).toContain(`status-${changing!.modes.target.status}`);
        await page.click('button[data-mode="degraded"]');
        expect(await edgeClass(page, changing!.id)).toContain('status-violated');
        expect(await page.getAttribute('button[data-mode="degraded"]', 'aria-pressed')).toBe('true');
        expect(await page.textContent('#blast-title')).toMatch(/^Blast radius in degraded mode: \d+ requirements? breaks?$/);
        expect(await page.$$eval('#blast-list li', items => items.length)).toBe(laid.graph.blastRadius.degraded.length);
        const views = laid.graph.nodes.find(n => n.id === 'order-views')!;
        const vector = (): Promise<string | null> => page.evaluate(() =>
            Array.from(document.querySelectorAll('.mesh-node')).find(n => n.getAttribute('data-id') === 'order-views')?.querySelector('.mesh-vector')?.textContent ?? null);
        expect(await vector()).toBe(views.modes.degraded.effective);
        await page.click('button[data-mode="floor"]');
        expect(await vector()).toBe(views.modes.floor.effective);
        expect(await page.textContent('.mesh-legend-title')).toBe('Legend — floor mode');
        expect(watch.errors).toEqual([]);
        await page.close();
    });

    it('pans, zooms, shows tooltips with vectors and filters by name', async () => {
        const sample = sampleFiles().find(s => s.name === 'checkout.mesh')!;
        const { file } = await htmlOf(sample.text);
        const { page } = await open(file);
        const transform = (): Promise<string> => page.$eval('#host > svg', svg => (svg as SVGSVGElement).style.transform);
        const before = await transform();
        await page.mouse.move(600, 400);
        await page.mouse.wheel(0, -400);
        const zoomed = await transform();
        expect(zoomed).not.toBe(before);
        expect(Number(/scale\(([\d.]+)\)/.exec(zoomed)![1])).toBeGreaterThan(Number(/scale\(([\d.]+)\)/.exec(before)![1]));
        await page.mouse.move(300, 300);
        await page.mouse.down();
        await page.mouse.move(420, 360, { steps: 5 });
        await page.mouse.up();
        expect(await transform()).not.toBe(zoomed);

        await page.click('#fit');
        const box = await page.locator('.mesh-node[data-id="payments"]').boundingBox();
        await page.mouse.move(box!.x + box!.width / 2, box!.y + box!.height / 2);
        await expect.poll(() => page.isVisible('#tooltip')).toBe(true);
        expect(await page.textContent('#tooltip')).toContain('effective (target): <');

        await page.fill('#search', 'orders');
        const dimmed = await page.$$eval('.mesh-nodes .mesh-node.mesh-dim', nodes => nodes.map(n => n.getAttribute('data-id')));
        expect(dimmed).toContain('payments');
        expect(dimmed).not.toContain('orders-api');
        expect(await page.textContent('#count')).toMatch(/^\d+ of \d+ nodes$/);
        await page.close();
    });

    it('renders injected spec text as text: no script runs, no element is created from it', async () => {
        const { file } = await htmlOf(HOSTILE);
        const { page, watch } = await open(file);
        expect(await page.$$eval('img', imgs => imgs.length)).toBe(0);
        expect(await page.$$eval('script', scripts => scripts.length)).toBe(2);
        const route = await page.evaluate(() => Array.from(document.querySelectorAll('.mesh-node')).find(n => n.getAttribute('data-kind') === 'route')?.querySelector('.mesh-label')?.textContent);
        expect(route).toBe(`/a/${INJECTION.img}`);
        expect(await page.textContent('.mesh-group.kind-domain .mesh-group-label')).toBe('domain evil');
        const box = await page.locator('.mesh-node[data-id="svc"]').boundingBox();
        await page.mouse.move(box!.x + box!.width / 2, box!.y + box!.height / 2);
        await expect.poll(() => page.textContent('#tooltip')).toContain(INJECTION.script);
        expect(await page.textContent('#tooltip')).toContain(INJECTION.img);
        expect(watch.dialogs).toEqual([]);
        expect(watch.errors).toEqual([]);
        await page.close();
    });

    // Spawns the CLI and drives a browser: slower than most tests, hence the longer timeout.
    it.each(['api-gateway', 'video-playback'])('works as written by the CLI bundle (%s), and its screenshot is not blank', async name => {
        const out = join(dir, `${name}.html`);
        const result = await meshspec(['graph', join(SAMPLES, `${name}.mesh`), '-o', out], { cwd: dir });
        expect(result.code).toBe(0);
        const embedded = JSON.parse(/<script type="application\/json" id="meshspec-graph">([\s\S]*?)<\/script>/.exec(readFileSync(out, 'utf8'))![1]) as LaidOutGraph;
        const { page, watch } = await open(out);
        expect(await page.$$eval('.mesh-nodes .mesh-node', nodes => nodes.length)).toBe(embedded.graph.nodes.length);
        const png = await page.screenshot({ path: join(RESULTS, `graph-${name}.png`) });
        expect(await pixelVariance(browser, png)).toBeGreaterThan(50);
        expect(watch.errors).toEqual([]);
        await page.close();
    }, 90_000);
});
