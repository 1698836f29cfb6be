import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { webviewHtml } from '../../client/src/webview/shell.js';
import { ROOT } from './helpers.js';

/** Debian's Chromium (TESTING.md): no browser download is possible on these machines. */
export const CHROMIUM = '/usr/bin/chromium';
export const RESULTS = join(ROOT, 'test-results');

export async function launchChromium(): Promise<Browser> {
    if (!existsSync(CHROMIUM)) {
        throw new Error(`${CHROMIUM} is missing: install it with 'apt-get install -y chromium' (the browser tests need a real browser)`);
    }
    mkdirSync(RESULTS, { recursive: true });
    return chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
            '--disable-component-update', '--disable-sync'],
    });
}

/** What a page did that a test may want to rule out: dialogs (alert), console errors, uncaught exceptions, requests. */
export interface PageWatch {
    dialogs: string[];
    errors: string[];
    requests: string[];
}

/**
 * Blocks every request except those `allow` accepts, and records dialogs, console errors
 * and page errors. Dialogs are dismissed, so a script that did run cannot hang the test.
 */
export async function watchPage(page: Page, allow: (url: string) => boolean): Promise<PageWatch> {
    const watch: PageWatch = { dialogs: [], errors: [], requests: [] };
    page.on('dialog', dialog => {
        watch.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
        void dialog.dismiss();
    });
    page.on('console', message => { if (message.type() === 'error') watch.errors.push(message.text()); });
    page.on('pageerror', error => watch.errors.push(error.message));
    page.on('request', request => watch.requests.push(request.url()));
    await page.route('**/*', route => (allow(route.request().url()) ? route.continue() : route.abort()));
    return watch;
}

/**
 * The variance of the grey values of a PNG, computed in the browser (no PNG decoder in
 * Node): near zero for a blank screenshot.
 */
export async function pixelVariance(browser: Browser, png: Buffer): Promise<number> {
    const page = await browser.newPage();
    try {
        return await page.evaluate(async (base64: string) => {
            const image = new Image();
            image.src = `data:image/png;base64,${base64}`;
            await image.decode();
            const canvas = document.createElement('canvas');
            canvas.width = image.naturalWidth;
            canvas.height = image.naturalHeight;
            const context = canvas.getContext('2d')!;
            context.drawImage(image, 0, 0);
            const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
            let sum = 0;
            let sumSquares = 0;
            const n = data.length / 4;
            for (let i = 0; i < data.length; i += 4) {
                const grey = (data[i] + data[i + 1] + data[i + 2]) / 3;
                sum += grey;
                sumSquares += grey * grey;
            }
            const mean = sum / n;
            return sumSquares / n - mean * mean;
        }, png.toString('base64'));
    } finally {
        await page.close();
    }
}

/**
 * Serves the webview as VS Code would: the shell from `webviewHtml` (same CSP, with this
 * server's origin as `cspSource`) and the built bundles `out/webview/graph.js` and
 * `out/webview/elk-worker.js` (built by the test run's global setup).
 */
export async function serveWebview(): Promise<{ origin: string; close(): Promise<void> }> {
    const files: Record<string, string> = {
        '/graph.js': join(ROOT, 'out', 'webview', 'graph.js'),
        '/elk-worker.js': join(ROOT, 'out', 'webview', 'elk-worker.js'),
    };
    for (const path of Object.values(files)) {
        if (!existsSync(path)) throw new Error(`${path} is missing: node scripts/build.mjs builds it`);
    }
    let origin = '';
    const server: Server = createServer((request, response) => {
        const url = request.url ?? '/';
        if (url === '/') {
            response.setHeader('content-type', 'text/html; charset=utf-8');
            response.end(webviewHtml({ cspSource: origin, scriptUri: `${origin}/graph.js`, workerUri: `${origin}/elk-worker.js`, nonce: 'dGVzdC1ub25jZQ==' }));
            return;
        }
        const file = files[url];
        if (url === '/favicon.ico') {
            response.statusCode = 204; // browsers ask for it; a 404 would be logged as a console error
            response.end();
            return;
        }
        if (!file) {
            response.statusCode = 404;
            response.end();
            return;
        }
        response.setHeader('content-type', 'text/javascript; charset=utf-8');
        response.end(readFileSync(file));
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { origin, close: () => new Promise(resolve => server.close(() => resolve())) };
}
