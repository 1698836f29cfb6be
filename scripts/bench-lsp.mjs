// The language server benchmark (npm run bench:lsp): a real LSP client over stdio against
// out/server.cjs on a generated workspace (default 2000 elements in 20 files, the generator
// of scripts/bench-lib.mjs). It measures what a user feels:
//   - initial load: from `initialized` to diagnostics published for every file;
//   - edit → diagnostics: from `didChange` of one line to `publishDiagnostics` for that file;
//   - hover and completion latency.
// Usage: node scripts/bench-lsp.mjs [--elements 2000] [--files 20] [--edits 50] [--seed 1] [--build] [--strict] [--keep] [--cpu-prof] [--node-args ARGS]
//   --build   rebuild out/server.cjs first (it is built anyway when missing)
//   --cpu-prof write a V8 CPU profile of the server to bench-results/ (open it in Chrome DevTools)
//   --strict  exit 1 when a target is missed (otherwise the verdicts are informational)
//   --keep    leave the generated workspace in place and print where it is
//   --node-args  Node options for the server, instead of those the VS Code extension starts it
//             with (bin/v8-pool.cjs: fewer V8 threads on a machine with few cores); '' for none
// Writes bench-results/lsp.json.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { benchCli, createRng, generateWorkspace, percentile, writeWorkspace } from './bench-lib.mjs';

const require = createRequire(import.meta.url);
const { poolSizeArgs } = require('../bin/v8-pool.cjs');
const {
    createProtocolConnection, StreamMessageReader, StreamMessageWriter, InitializeRequest, InitializedNotification,
    DidOpenTextDocumentNotification, DidChangeTextDocumentNotification, PublishDiagnosticsNotification, ConfigurationRequest,
    RegistrationRequest, HoverRequest, CompletionRequest, ShutdownRequest, ExitNotification,
} = require('vscode-languageserver-protocol/node');

const root = fileURLToPath(new URL('..', import.meta.url));
const serverBundle = join(root, 'out', 'server.cjs');

/** Targets from the product brief. */
const TARGET = { editP95Ms: 100, hoverP95Ms: 50, completionP95Ms: 50, initialLoadMs: 3000 };

let fail = (message) => { console.error(`bench-lsp: ${message}`); process.exit(2); };

function parseOptions() {
    const cli = benchCli('bench-lsp', 'node scripts/bench-lsp.mjs [--elements 2000] [--files 20] [--edits 50] [--seed 1] [--build] [--strict] [--keep] [--cpu-prof] [--node-args ARGS]', {
                elements: { type: 'string', default: '2000' },
                files: { type: 'string', default: '20' },
                edits: { type: 'string', default: '50' },
                seed: { type: 'string', default: '1' },
                build: { type: 'boolean', default: false },
                strict: { type: 'boolean', default: false },
                keep: { type: 'boolean', default: false },
                'cpu-prof': { type: 'boolean', default: false },
                'node-args': { type: 'string', default: poolSizeArgs().join(' ') },
    });
    fail = cli.fail;
    const { values } = cli;
    const positive = cli.positiveInt;
    return {
        ...values,
        elements: positive(values.elements, '--elements'),
        files: positive(values.files, '--files'),
        edits: positive(values.edits, '--edits'),
        seed: positive(values.seed, '--seed'),
        nodeArgs: values['node-args'].split(/\s+/).filter(Boolean),
    };
}

function stats(values) {
    return { n: values.length, p50: round(percentile(values, 50)), p95: round(percentile(values, 95)), max: round(Math.max(...values)) };
}

/**
 * CPU time (ms) the server process has used so far, from /proc (Linux; undefined elsewhere).
 * Wall times on a loaded machine mostly measure the other processes; CPU time does not.
 */
function cpuMs(pid) {
    try {
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
        // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
        return (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
        return undefined;
    }
}

function round(n) {
    return Math.round(n * 10) / 10;
}

/** A small LSP client: records publishDiagnostics with arrival times, answers the server's requests. */
function startClient(cpuProf, nodeArgs) {
    const profile = cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${join(root, 'bench-results')}`] : [];
    const child = spawn(process.execPath, [...nodeArgs, ...profile, serverBundle, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', chunk => { stderr += chunk; });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const published = [];
    const waiters = new Set();
    connection.onNotification(PublishDiagnosticsNotification.type, params => {
        published.push({ uri: params.uri, count: params.diagnostics.length, at: performance.now() });
        for (const w of [...waiters]) w();
    });
    connection.onRequest(ConfigurationRequest.type, params => params.items.map(() => null));
    connection.onRequest(RegistrationRequest.type, () => undefined);
    connection.onNotification('window/logMessage', () => undefined);
    connection.onNotification('window/showMessage', () => undefined);
    connection.listen();
    let exited = false;
    child.on('exit', () => { exited = true; for (const w of [...waiters]) w(); });
    const waitFor = (probe, timeoutMs, what) => new Promise((resolve, reject) => {
        const check = () => {
            const value = probe();
            if (value !== undefined) { done(); resolve(value); return; }
            if (exited) { done(); reject(new Error(`server exited while waiting for ${what}\n${stderr}`)); }
        };
        const timer = setTimeout(() => { done(); reject(new Error(`timed out waiting for ${what}`)); }, timeoutMs);
        const done = () => { clearTimeout(timer); waiters.delete(check); };
        waiters.add(check);
        check();
    });
    return { child, connection, published, waitFor, stderr: () => stderr };
}

async function main() {
    const options = parseOptions();
    if (options.build || !existsSync(serverBundle)) {
        const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
        if (build.status !== 0) fail('node scripts/build.mjs failed');
    }
    const workspace = generateWorkspace({ elements: options.elements, seed: options.seed, elementsPerFile: Math.ceil(options.elements / options.files) });
    const dir = mkdtempSync(join(tmpdir(), 'meshspec-bench-lsp-'));
    writeWorkspace(dir, workspace);
    const uris = workspace.files.map(f => pathToFileURL(join(dir, f.path)).toString());
    console.log(`workspace: ${workspace.stats.elements} elements, ${workspace.files.length} files, ${Math.round(workspace.stats.bytes / 1024)} KiB (${dir})`);

    const client = startClient(options['cpu-prof'], options.nodeArgs);
    const { connection, published, waitFor } = client;
    try {
        await connection.sendRequest(InitializeRequest.type, {
            processId: process.pid,
            rootUri: pathToFileURL(dir).toString(),
            workspaceFolders: [{ uri: pathToFileURL(dir).toString(), name: 'bench' }],
            capabilities: { workspace: { configuration: true }, textDocument: { hover: { contentFormat: ['markdown'] } } },
        });
        // Initial load: every file's diagnostics published once.
        const loadStart = performance.now();
        const loadCpu = cpuMs(client.child.pid);
        await connection.sendNotification(InitializedNotification.type, {});
        await waitFor(() => (new Set(published.map(p => p.uri)).size >= uris.length ? true : undefined), 120000, 'initial diagnostics');
        const initialLoadMs = performance.now() - loadStart;
        const initialLoadCpuMs = loadCpu === undefined ? undefined : cpuMs(client.child.pid) - loadCpu;

        // Open the file that is edited, hovered and completed in.
        const file = workspace.files[0];
        const uri = uris[0];
        let text = readFileSync(join(dir, file.path), 'utf8');
        let version = 1;
        let since = performance.now();
        await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'mesh', version, text } });
        await waitFor(() => published.find(p => p.uri === uri && p.at >= since), 60000, 'diagnostics after open');

        // Edits: change one duration on one line (a semantic change that alters propagation),
        // each followed by waiting for that file's diagnostics.
        const lines = text.split('\n');
        const editable = lines.map((l, i) => (/\b(lag|timeout) (p95 )?\d+(ms|s|m)\b/.test(l) ? i : -1)).filter(i => i >= 0);
        if (editable.length === 0) fail('no editable line in the generated file');
        const rng = createRng(options.seed);
        const editTimes = [];
        const editCpu = [];
        for (let k = 0; k < options.edits; k++) {
            const cpuBefore = cpuMs(client.child.pid);
            const line = rng.pick(editable);
            const before = lines[line];
            const after = before.replace(/\b(lag|timeout) (p95 )?(\d+)(ms|s|m)\b/, (_m, kw, p95, n, unit) => `${kw} ${p95 ?? ''}${Number(n) % 9 + 1}${unit}`);
            lines[line] = after;
            version++;
            since = performance.now();
            await connection.sendNotification(DidChangeTextDocumentNotification.type, {
                textDocument: { uri, version },
                contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: before.length } }, text: after }],
            });
            const p = await waitFor(() => published.find(x => x.uri === uri && x.at >= since), 60000, `diagnostics after edit ${k + 1}`);
            editTimes.push(p.at - since);
            // Let the rest of the workspace's diagnostics go out before the next keystroke. The
            // server validates the edited file first, so this build's other publications come
            // after it (counting from `since` would also count the previous build's last ones).
            await waitFor(() => (new Set(published.filter(x => x.at >= p.at).map(x => x.uri)).size >= uris.length ? true : undefined), 60000, 'workspace diagnostics');
            const cpuAfter = cpuMs(client.child.pid);
            if (cpuBefore !== undefined && cpuAfter !== undefined) editCpu.push(cpuAfter - cpuBefore);
        }
        text = lines.join('\n');

        // Hovers on element names and references of the edited file.
        const targets = [];
        text.split('\n').forEach((l, line) => {
            const m = /^\s*(service|store|topic|dataproduct)\s+([\w-]+)|\b(calls|reads|from|consumes)\s+([\w.-]+)/.exec(l);
            if (m) targets.push({ line, character: l.indexOf(m[2] ?? m[4]) + 1 });
        });
        const hoverTimes = [];
        for (let k = 0; k < 50; k++) {
            const position = rng.pick(targets);
            const t0 = performance.now();
            await connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
            hoverTimes.push(performance.now() - t0);
        }

        // Completions: a reference after `calls ` (every element and operation is a
        // candidate) and a component value inside a requirement vector.
        const completionSites = [];
        text.split('\n').forEach((l, line) => {
            const calls = l.indexOf('calls ');
            if (calls >= 0) completionSites.push({ line, character: calls + 'calls '.length });
            const req = l.indexOf('requires <');
            if (req >= 0) completionSites.push({ line, character: req + 'requires <'.length });
        });
        const completionTimes = [];
        for (let k = 0; k < 50; k++) {
            const position = rng.pick(completionSites);
            const t0 = performance.now();
            await connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position });
            completionTimes.push(performance.now() - t0);
        }

        const result = {
            version: 1,
            date: new Date().toISOString(),
            machine: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version, loadAverage1m: round(loadavg()[0]) },
            workspace: { elements: workspace.stats.elements, files: workspace.files.length, bytes: workspace.stats.bytes, seed: options.seed },
            serverNodeArgs: options.nodeArgs,
            initialLoadMs: round(initialLoadMs),
            initialLoadCpuMs: initialLoadCpuMs,
            editToDiagnosticsMs: stats(editTimes),
            // Every edit's time, in order (where the slow ones fall: garbage collection, say).
            editSamplesMs: editTimes.map(round),
            // Server CPU per edit, the whole workspace re-checked (10 ms resolution).
            editCpuMs: editCpu.length > 0 ? stats(editCpu) : undefined,
            hoverMs: stats(hoverTimes),
            completionMs: stats(completionTimes),
            targets: TARGET,
        };
        result.verdicts = {
            initialLoad: result.initialLoadMs < TARGET.initialLoadMs,
            editP95: result.editToDiagnosticsMs.p95 < TARGET.editP95Ms,
            hoverP95: result.hoverMs.p95 < TARGET.hoverP95Ms,
            completionP95: result.completionMs.p95 < TARGET.completionP95Ms,
        };
        printTable(result);
        mkdirSync(join(root, 'bench-results'), { recursive: true });
        writeFileSync(join(root, 'bench-results', 'lsp.json'), JSON.stringify(result, null, 2) + '\n');
        console.log('\nwrote bench-results/lsp.json');
        const missed = Object.entries(result.verdicts).filter(([, ok]) => !ok).map(([k]) => k);
        if (missed.length > 0) console.log(`targets missed: ${missed.join(', ')}`);
        process.exitCode = options.strict && missed.length > 0 ? 1 : 0;
    } finally {
        try {
            await Promise.race([connection.sendRequest(ShutdownRequest.type), new Promise(r => setTimeout(r, 2000))]);
            await connection.sendNotification(ExitNotification.type);
        } catch {
            // gone already
        }
        setTimeout(() => client.child.kill(), 2000).unref();
        if (options.keep) console.log(`workspace kept in ${dir}`);
        else rmSync(dir, { recursive: true, force: true });
    }
}

function printTable(r) {
    const rows = [
        ['initial load (all files diagnosed)', `${r.initialLoadMs} ms`, '', '', `< ${TARGET.initialLoadMs} ms`, r.verdicts.initialLoad],
        ['edit → diagnostics (that file)', `${r.editToDiagnosticsMs.p50} ms`, `${r.editToDiagnosticsMs.p95} ms`, `${r.editToDiagnosticsMs.max} ms`, `p95 < ${TARGET.editP95Ms} ms`, r.verdicts.editP95],
        ...(r.editCpuMs ? [['  server CPU per edit (whole workspace)', `${r.editCpuMs.p50} ms`, `${r.editCpuMs.p95} ms`, `${r.editCpuMs.max} ms`, '', undefined]] : []),
        ...(r.initialLoadCpuMs !== undefined ? [['  server CPU for the initial load', `${r.initialLoadCpuMs} ms`, '', '', '', undefined]] : []),
        ['hover', `${r.hoverMs.p50} ms`, `${r.hoverMs.p95} ms`, `${r.hoverMs.max} ms`, `p95 < ${TARGET.hoverP95Ms} ms`, r.verdicts.hoverP95],
        ['completion', `${r.completionMs.p50} ms`, `${r.completionMs.p95} ms`, `${r.completionMs.max} ms`, `p95 < ${TARGET.completionP95Ms} ms`, r.verdicts.completionP95],
    ];
    const header = ['measure', 'p50 / value', 'p95', 'max', 'target', 'ok'];
    const cells = [header, ...rows.map(r => r.map((c, i) => (i === 5 ? (c === undefined ? '' : c ? 'yes' : 'NO') : String(c))))];
    const widths = header.map((_, i) => Math.max(...cells.map(row => row[i].length)));
    console.log(`\nload average (1 min): ${r.machine.loadAverage1m} on ${r.machine.cpus} CPUs — wall times include waiting for other processes`);
    console.log(`server started as: node ${[...r.serverNodeArgs, 'out/server.cjs'].join(' ')}`);
    for (const [k, row] of cells.entries()) {
        console.log(row.map((c, i) => c.padEnd(widths[i])).join('  '));
        if (k === 0) console.log(widths.map(w => '-'.repeat(w)).join('  '));
    }
}

main().catch(error => fail(error instanceof Error ? error.message : String(error)));
