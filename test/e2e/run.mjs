// Real-editor tests of the extension in VS Code 1.100.3 (code-server) driven by Debian's
// Chromium through playwright-core. See docs/vscode.md; install first with
// `node scripts/e2e-setup.mjs` (npm run test:e2e does both).
//
//  1. Extension-host suite: the Mocha suite in test/e2e/suite/ runs inside VS Code's
//     extension host against the development extension (this repo) on a copy of samples/.
//  2. UI check: the packaged .vsix is installed; Playwright opens a sample, waits for a
//     squiggle, hovers it, opens the graph from the command palette, and saves screenshots
//     to test-results/.
//
// Options: --build (always rebuild; by default out/ is rebuilt only when a source is newer),
// --skip-build (never), --only suite|ui, --keep (keep the temp folder).
// Ends with the line "N passed, N failed"; exit status 0 only if nothing failed.
import { execFileSync } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { chromium } from 'playwright-core';
import { codeServerEntry } from '../../scripts/e2e-setup.mjs';
import { packageVsix } from '../../scripts/package-vsix.mjs';
import { buildSuite } from './build-suite.mjs';
import { installExtension, isolatedProfile, startCodeServer } from './code-server.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const results = join(root, 'test-results');
const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SUITE_TIMEOUT_MS = 150_000;
const UI_TIMEOUT_MS = 60_000;
const VIEWPORT = { width: 1400, height: 900 };
const RESULT_MARKER = 'MESHSPEC_E2E_RESULT';
const START_MARKER = 'MESHSPEC_E2E_START';

const started = Date.now();
const timings = [];
const outcome = { passed: 0, failed: 0, failures: [] };

function log(message) {
    process.stdout.write(`e2e: ${message}\n`);
}

async function timed(label, action) {
    const t0 = Date.now();
    try {
        return await action();
    } finally {
        timings.push(`${label} ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
}

/** True when every bundle in out/ is newer than every file it is built from. */
function bundlesAreFresh() {
    const bundles = ['out/extension.cjs', 'out/server.cjs', 'out/cli.cjs', 'out/webview/graph.js'].map(f => join(root, f));
    if (!bundles.every(f => existsSync(f))) return false;
    const oldestBundle = Math.min(...bundles.map(f => statSync(f).mtimeMs));
    const sources = ['server/src', 'client/src'].flatMap(dir => readdirSync(join(root, dir), { recursive: true })
        .map(f => join(root, dir, String(f))))
        .concat(['scripts/build.mjs', 'package.json', 'package-lock.json'].map(f => join(root, f)));
    return sources.every(f => statSync(f).mtimeMs < oldestBundle);
}

/** A fresh copy of samples/ (the tests edit files) as a workspace folder. */
function workspaceCopy(into) {
    cpSync(join(root, 'samples'), into, { recursive: true });
    return into;
}

async function runSuite(browser, work, suitePath) {
    const profile = isolatedProfile(join(work, 'suite'));
    const workspace = workspaceCopy(join(work, 'suite', 'workspace'));
    const server = await timed('code-server start (suite)', () => startCodeServer(codeServerEntry, profile, join(results, 'code-server-suite.log')));
    const page = await browser.newPage({ viewport: VIEWPORT });
    const workbenchLog = createWriteStream(join(results, 'vscode-suite.log'));
    try {
        let finish;
        const exit = new Promise(r => { finish = r; });
        const t0 = Date.now();
        let counts;
        let suiteStarted = false;
        await page.exposeFunction('codeAutomationExit', code => finish(code));
        await page.exposeFunction('codeAutomationLog', (type, lines) => {
            // The extension host forwards console calls as their raw arguments (format string first).
            const text = format(...(Array.isArray(lines) ? lines : [lines]));
            const line = `[${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${text}\n`;
            workbenchLog.write(line);
            if (text.includes(START_MARKER)) suiteStarted = true;
            const marker = text.indexOf(RESULT_MARKER);
            if (marker >= 0) counts = JSON.parse(text.slice(marker + RESULT_MARKER.length).trim());
            // The workbench's own chatter stays in the log file; the suite's output is shown.
            else if (suiteStarted && !text.includes(START_MARKER)) process.stdout.write(`  ${line.replace(/\n(?!$)/g, '\n  ')}`);
        });
        const payload = [
            ['extensionDevelopmentPath', server.remote(root)],
            ['extensionTestsPath', server.remote(suitePath)],
        ];
        const url = `${server.base}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
        const code = await timed('extension-host suite', async () => {
            await page.goto(url);
            let timer;
            const timeout = new Promise(r => { timer = setTimeout(() => r('timeout'), SUITE_TIMEOUT_MS); });
            const result = await Promise.race([exit, timeout]);
            clearTimeout(timer);
            return result;
        });
        if (code === 'timeout') {
            await page.screenshot({ path: join(results, 'vscode-suite-timeout.png') });
            throw new Error(`the extension-host suite did not finish within ${SUITE_TIMEOUT_MS / 1000} s (screenshot: test-results/vscode-suite-timeout.png)`);
        }
        if (!counts) throw new Error(`the extension-host suite exited with ${code} without reporting results (did it load? see test-results/vscode-suite.log and code-server-suite.log)`);
        outcome.passed += counts.passed;
        // A non-zero exit with no failed test (a crash after the run) still fails the run.
        outcome.failed += counts.failed > 0 || code === 0 ? counts.failed : 1;
        if (counts.failed > 0 || code !== 0) outcome.failures.push(`extension-host suite: ${counts.failed} failed (exit ${code}); log: test-results/vscode-suite.log`);
    } finally {
        workbenchLog.end();
        await page.close();
        await server.stop();
    }
}

/** Fraction of a PNG that differs from its most common colour, and its number of distinct colours. */
async function imageStats(browser, png) {
    const page = await browser.newPage();
    try {
        return await page.evaluate(async (b64) => {
            const img = new Image();
            img.src = `data:image/png;base64,${b64}`;
            await img.decode();
            const canvas = new OffscreenCanvas(img.width, img.height);
            const ctx = canvas.getContext('2d');
            ctx.drawImage(img, 0, 0);
            const data = ctx.getImageData(0, 0, img.width, img.height).data;
            const counts = new Map();
            for (let i = 0; i < data.length; i += 4) {
                const key = (data[i] >> 3) << 10 | (data[i + 1] >> 3) << 5 | (data[i + 2] >> 3);
                counts.set(key, (counts.get(key) ?? 0) + 1);
            }
            const pixels = data.length / 4;
            const top = Math.max(...counts.values());
            return { colours: counts.size, nonBackground: 1 - top / pixels };
        }, png.toString('base64'));
    } finally {
        await page.close();
    }
}

/**
 * One UI check. `retry` (optional) runs once after a first failure before a second and last
 * attempt: the workbench occasionally misses the first rendering of decorations under load;
 * the retry is logged, so a check that needs it is visible in the output.
 */
async function check(name, action, retry) {
    const t0 = Date.now();
    try {
        try {
            await action();
        } catch (error) {
            if (!retry) throw error;
            log(`… ${name}: first attempt failed (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); retrying once`);
            await retry();
            await action();
        }
        outcome.passed++;
        log(`✓ ${name} (${Date.now() - t0} ms)`);
    } catch (error) {
        outcome.failed++;
        outcome.failures.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
        log(`✗ ${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
}

async function assertNonBlank(browser, png, what) {
    const stats = await imageStats(browser, png);
    if (stats.colours < 8 || stats.nonBackground < 0.02) {
        throw new Error(`${what} looks blank (${stats.colours} colours, ${(stats.nonBackground * 100).toFixed(1)}% non-background)`);
    }
}

async function runUi(browser, work, vsix) {
    const profile = isolatedProfile(join(work, 'ui'));
    const workspace = workspaceCopy(join(work, 'ui', 'workspace'));
    await timed('install .vsix', () => installExtension(codeServerEntry, profile, vsix));
    const installed = readdirSync(profile.extensionsDir).filter(d => d.startsWith('meshspec.meshspec-'));
    if (installed.length !== 1) throw new Error(`--install-extension left ${JSON.stringify(readdirSync(profile.extensionsDir))}`);
    const server = await timed('code-server start (ui)', () => startCodeServer(codeServerEntry, profile, join(results, 'code-server-ui.log')));
    const page = await browser.newPage({ viewport: VIEWPORT });
    page.setDefaultTimeout(UI_TIMEOUT_MS);
    try {
        await timed('ui checks', async () => {
            await page.goto(`${server.base}/?folder=${encodeURIComponent(workspace)}`);
            await page.locator('.monaco-workbench').waitFor();
            await check('squiggle and hover on a diagnostic', async () => {
                const target = firstError(workspace);
                // First the server's diagnostics in the Problems count (the extension starts
                // with the workspace), so that a miss below is about the editor, not the server.
                await problemsReported(page);
                await openFile(page, target.file);
                await goToLine(page, target.line, target.column);
                const squiggle = page.locator('.view-overlays .squiggly-error').first();
                await squiggle.waitFor({ state: 'attached' });
                const text = await diagnosticHover(page, target.code);
                if (!/meshspec/i.test(text)) throw new Error(`the hover does not show a meshspec diagnostic: ${text}`);
                const png = await page.screenshot({ path: join(results, 'vscode-ui.png') });
                await assertNonBlank(browser, png, 'vscode-ui.png');
            }, async () => {
                // What the first attempt saw, for the log of a run that needed the retry.
                await page.screenshot({ path: join(results, 'vscode-ui-first-attempt.png') }).catch(() => undefined);
                await page.reload();
                await page.locator('.monaco-workbench').waitFor();
            });
            await check('graph webview from the command palette', async () => {
                await page.keyboard.press('Escape');
                // Best effort, for a readable screenshot: the graph gets the whole editor area.
                await runCommand(page, 'View: Close All Editors', 5000).catch(() => page.keyboard.press('Escape'));
                await runCommand(page, 'Meshspec: Open Architecture Graph');
                const frame = page.locator('iframe.webview').first();
                await frame.waitFor({ state: 'visible' });
                // The webview's own document lives in a nested frame: wait for the laid-out graph
                // (an SVG in #host) and fail with the panel's own message if it shows an error.
                const view = page.frameLocator('iframe.webview').first().frameLocator('iframe#active-frame');
                const graph = view.locator('#host > svg');
                const error = view.locator('#banner.error');
                await Promise.race([graph.waitFor({ state: 'attached' }), error.waitFor({ state: 'visible' })]);
                if (await error.isVisible()) {
                    await page.screenshot({ path: join(results, 'vscode-graph.png') });
                    throw new Error(`the graph panel shows an error: ${await error.innerText()}`);
                }
                const nodes = await graph.locator('g').count();
                if (nodes === 0) throw new Error('the graph SVG has no elements');
                await page.waitForTimeout(1000); // let the fit-to-view transition finish before the screenshot
                const png = await page.screenshot({ path: join(results, 'vscode-graph.png') });
                await assertNonBlank(browser, png, 'vscode-graph.png');
            });
        });
    } finally {
        await page.close();
        await server.stop();
    }
}

async function openFile(page, name) {
    await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } }).catch(() => undefined);
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(name);
    await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: name }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator(`.tab[aria-label^="${name}"], .tab:has-text("${name}")`).first().waitFor();
}

/** The first error the CLI reports for the workspace: where the UI check expects a squiggle. */
function firstError(workspace) {
    let stdout;
    try {
        stdout = execFileSync(process.execPath, [join(root, 'out/cli.cjs'), 'check', '.', '--format', 'json'], { cwd: workspace, encoding: 'utf8' });
    } catch (error) {
        stdout = error.stdout; // exit 1: there are errors, which is what we want
    }
    const report = JSON.parse(stdout);
    const error = report.diagnostics.find(d => d.severity === 'error');
    if (!error) throw new Error('the samples have no error to show as a squiggle');
    return { file: error.file.split('/').pop(), line: error.range.start.line, column: error.range.start.column, code: error.code };
}

/**
 * Waits until the status bar's Problems item counts at least one problem: the language
 * server has started and published. A cold first start (code-server just installed, the
 * extension unpacked for the first time) may take longer than a UI step, so it gets twice
 * the time; the failure says which of the two was missing.
 */
async function problemsReported(page) {
    const timeout = 2 * UI_TIMEOUT_MS;
    await page.locator('[id="status.problems"]').waitFor({ state: 'attached', timeout });
    await page.waitForFunction(() => /[1-9]/.test(document.getElementById('status.problems')?.textContent ?? ''), undefined, { timeout })
        .catch(error => {
            throw new Error(`no problems counted in the status bar after ${timeout / 1000} s: the language server published nothing (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
        });
}

/**
 * The text of the editor's hover at the cursor, which stands on a diagnostic with rule id
 * `code`. The hover is asked for from the keyboard (a mouse hover depends on where the
 * editor has scrolled to when the pointer arrives), and its text is read in the page in the
 * same step that finds it: the editor may hide a hover again when focus returns to it from
 * the command palette, so it is asked for again, a few times, until one is read.
 */
async function diagnosticHover(page, code) {
    for (let attempt = 1; attempt <= 5; attempt++) {
        await runCommand(page, 'Show or Focus Hover');
        const found = await page.waitForFunction(wanted => {
            for (const hover of document.querySelectorAll('.monaco-editor .monaco-hover:not(.hidden)')) {
                const text = hover instanceof HTMLElement ? hover.innerText : '';
                if (text.includes(wanted)) return text;
            }
            return undefined;
        }, code, { timeout: 5000 }).catch(() => undefined);
        if (found) return found.jsonValue();
    }
    throw new Error(`no editor hover naming ${code} after asking five times`);
}

/** Moves the cursor to a line and column (1-based, as the CLI's JSON reports them). */
async function goToLine(page, line, column) {
    await page.keyboard.press('Control+G');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`:${line}:${column}`);
    await page.keyboard.press('Enter');
}

async function runCommand(page, title, timeout = UI_TIMEOUT_MS) {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout });
    await input.fill(`>${title}`);
    await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: title }).first().waitFor({ timeout });
    await page.keyboard.press('Enter');
}

async function main() {
    if (!existsSync(codeServerEntry)) throw new Error('code-server is not installed: run node scripts/e2e-setup.mjs');
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: run node scripts/e2e-setup.mjs`);
    mkdirSync(results, { recursive: true });
    if (args.includes('--build') || (!args.includes('--skip-build') && !bundlesAreFresh())) {
        await timed('build', () => execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' }));
    } else {
        log('out/ is newer than every source: not rebuilding (--build forces it)');
    }
    const suitePath = await timed('bundle suite', buildSuite);
    const work = mkdtempSync(join(tmpdir(), 'meshspec-e2e-'));
    const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
    });
    try {
        // Packaging (a separate vsce process) overlaps the suite phase.
        const vsix = join(work, 'meshspec.vsix');
        const packaged = only === 'suite' ? undefined
            : timed('package .vsix (during the suite)', () => packageVsix(vsix, { quiet: true })).then(() => undefined, error => error);
        if (only !== 'ui') {
            await runSuite(browser, work, suitePath).catch(error => {
                outcome.failed++;
                outcome.failures.push(`extension-host suite: ${error.message}`);
                log(`✗ ${error.message}`);
            });
        }
        if (only !== 'suite') {
            const packagingError = await packaged;
            if (packagingError) throw packagingError;
            await runUi(browser, work, vsix).catch(error => {
                outcome.failed++;
                outcome.failures.push(`ui: ${error.message}`);
                log(`✗ ${error.message}`);
            });
        }
    } finally {
        await browser.close();
        if (!args.includes('--keep')) rmSync(work, { recursive: true, force: true });
        else log(`kept ${work}`);
    }
}

try {
    await main();
} catch (error) {
    outcome.failed++;
    outcome.failures.push(error instanceof Error ? error.message : String(error));
    log(`✗ ${error instanceof Error ? error.message : String(error)}`);
}
timings.push(`total ${((Date.now() - started) / 1000).toFixed(1)} s`);
log(`timings: ${timings.join(', ')}`);
writeFileSync(join(results, 'e2e-summary.json'), JSON.stringify({ ...outcome, timings }, null, 2) + '\n');
for (const failure of outcome.failures) log(`FAILED ${failure}`);
process.stdout.write(`${outcome.passed} passed, ${outcome.failed} failed\n`);
process.exit(outcome.failed > 0 ? 1 : 0);
