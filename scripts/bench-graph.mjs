// The graph benchmark (npm run bench:graph): times the layout (elkjs, on the calling thread,
// as the CLI runs it) and the SVG rendering of the architecture graph of generated
// workspaces (scripts/bench-lib.mjs; one graph node per generated element).
//
// Usage: node scripts/bench-graph.mjs [--sizes 200,1000] [--runs 3] [--seed 1] [--strict]
//   --strict  exit 1 when a target is missed (otherwise the verdicts are informational)
// Writes bench-results/graph.json.
//
// Each size is measured in a fresh Node process, after the workspace is parsed and checked.
// The first run in a process is "cold": loading elkjs (it is loaded by the first layout,
// timed apart here as "load") plus a layout while elkjs's code is not yet optimised, plus
// the SVG — what one `meshspec graph` run pays after checking; the elkjs instance is made
// as the CLI makes it (`createNodeElk({ oneShot: true })`). Later runs reuse the instance
// and are "warm" (what the webview pays on every edit, its worker staying alive). Targets
// apply to load + layout + SVG: 200 nodes < 1 s, 1,000 nodes < 3 s; both the cold run and
// the warm median are judged. CPU time is recorded next to wall time — the whole process's
// (V8's compiler and GC threads included) and, on Linux, the main thread's: on a busy
// machine wall time mostly measures the other processes.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { build } from 'esbuild';
import { benchCli, generateWorkspace, median } from './bench-lib.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const resolveFromRoot = createRequire(join(root, 'package.json')).resolve;
const TARGETS_MS = { 200: 1000, 1000: 3000 };

let fail = (message) => { console.error(`bench-graph: ${message}`); process.exit(2); };

function parseOptions() {
    const cli = benchCli('bench-graph', 'node scripts/bench-graph.mjs [--sizes 200,1000] [--runs 3] [--seed 1] [--strict]', {
                sizes: { type: 'string', default: '200,1000' },
                runs: { type: 'string', default: '3' },
                seed: { type: 'string', default: '1' },
                strict: { type: 'boolean', default: false },
                child: { type: 'string' },
                bundle: { type: 'string' },
    });
    fail = cli.fail;
    const { values } = cli;
    const positiveInt = cli.positiveInt;
    const sizes = values.sizes.split(',').map(s => positiveInt(s, '--sizes entry'));
    if (sizes.some(s => s < 3)) fail('--sizes entries must be at least 3 nodes');
    return { ...values, sizes: [...new Set(sizes)].sort((a, b) => a - b), runs: positiveInt(values.runs, '--runs'), seed: positiveInt(values.seed, '--seed') };
}

/** The TypeScript pipeline bundled once into a temporary ES module (esbuild, as the real build does). */
async function bundlePipeline(dir) {
    const outfile = join(dir, 'pipeline.mjs');
    await build({
        stdin: {
            contents: [
                "import './server/src/polyfill.ts';",
                "export { EmptyFileSystem } from 'langium';",
                "export { createMeshCoreServices } from './server/src/language/mesh-module.ts';",
                "export { loadWorkspace } from './server/src/checker/workspace.ts';",
                "export { analyzeWorkspace } from './server/src/checker/analyze.ts';",
                "export { buildGraph } from './server/src/graph/graph-model.ts';",
                "export { layoutGraph } from './server/src/graph/layout.ts';",
                "export { createNodeElk } from './server/src/graph/elk-node.ts';",
                "export { renderSvg } from './server/src/graph/svg.ts';",
            ].join('\n'),
            resolveDir: root,
            loader: 'ts',
        },
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        outfile,
        logLevel: 'warning',
        // A few of langium's dependencies are CommonJS and call require().
        banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
        // As in out/cli.cjs (scripts/build.mjs), elkjs stays outside the bundle and is loaded
        // (required, see elk-node.ts) by the first layout, so the cold run pays for it as
        // `meshspec graph` does.
        plugins: [{
            name: 'elkjs-outside',
            setup(b) {
                b.onResolve({ filter: /^elkjs\/lib\/(elk-api|elk-worker\.min)\.js$/ }, args => ({ path: resolveFromRoot(args.path), external: true }));
            },
        }],
    });
    return outfile;
}

/** Busy CPU time of the whole machine so far (Linux: /proc/stat), with the time it was read; else null. */
function machineCpu() {
    try {
        const [user, nice, system, , , irq, softirq] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
        return { busyMs: (user + nice + system + irq + softirq) * 10, atMs: performance.now() };
    } catch {
        return null;
    }
}

/** CPU time of this process's main thread in ms (Linux: /proc, 10 ms resolution), else null. */
function mainThreadCpuMs() {
    try {
        const stat = readFileSync(`/proc/${process.pid}/task/${process.pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return (Number(fields[11]) + Number(fields[12])) * 1000 / 100;
    } catch {
        return null;
    }
}

/** Child process: one size, `runs` layouts + renders; prints one JSON line. */
async function child(options) {
    const size = Number(options.child);
    const p = await import(pathToFileURL(options.bundle).href);
    const workspace = generateWorkspace({ elements: size, seed: options.seed });
    const { shared } = p.createMeshCoreServices(p.EmptyFileSystem);
    const documents = await p.loadWorkspace(shared, workspace.files.map(f => ({ uri: `file:///bench/${f.path}`, text: f.text })));
    const { model, analysis } = p.analyzeWorkspace(documents);
    const graph = p.buildGraph(model, analysis);
    const elk = p.createNodeElk({ oneShot: true });
    const runs = [];
    let svg = '';
    let fast = false;
    const cpuMs = since => {
        const used = process.cpuUsage(since);
        return (used.user + used.system) / 1000;
    };
    for (let run = 0; run < options.runs; run++) {
        const cpu0 = process.cpuUsage();
        const main0 = mainThreadCpuMs();
        const t0 = performance.now();
        // The first layout would load elkjs itself; loading it just before times the two apart.
        if (run === 0) await elk.ready();
        const t1 = performance.now();
        const laid = await p.layoutGraph(graph, elk);
        const t2 = performance.now();
        svg = p.renderSvg(laid, { mode: 'target' });
        const t3 = performance.now();
        const main1 = mainThreadCpuMs();
        fast = laid.fast;
        runs.push({ loadMs: t1 - t0, layoutMs: t2 - t1, svgMs: t3 - t2, totalMs: t3 - t0, cpuMs: cpuMs(cpu0), mainCpuMs: main0 === null || main1 === null ? null : main1 - main0 });
    }
    process.stdout.write(JSON.stringify({ size, nodes: graph.nodes.length, edges: graph.edges.length, groups: graph.groups.length, fast, svgBytes: Buffer.byteLength(svg), runs, processCpuMs: cpuMs() }) + '\n');
}

const fixed = (value, digits = 0) => (value === null || value === undefined || Number.isNaN(value) ? 'n/a' : value.toFixed(digits));
const pad = (value, width) => String(value).padStart(width);

async function main() {
    const options = parseOptions();
    if (options.child) {
        await child(options);
        return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'meshspec-bench-graph-'));
    const results = [];
    try {
        const bundle = await bundlePipeline(dir);
        for (const size of options.sizes) {
            const load = loadavg()[0];
            const before = machineCpu();
            const proc = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', String(size), '--bundle', bundle, '--runs', String(options.runs), '--seed', String(options.seed)],
                { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
            const after = machineCpu();
            if (proc.status !== 0) fail(`measuring ${size} nodes failed (exit ${proc.status ?? proc.signal}): ${(proc.stderr || proc.stdout).trim().split('\n').slice(-3).join(' | ')}`);
            const { processCpuMs, ...measured } = JSON.parse(proc.stdout.trim().split('\n').pop());
            const cold = measured.runs[0];
            const warm = measured.runs.slice(1);
            const target = TARGETS_MS[size];
            const rounded = r => ({
                loadMs: Math.round(r.loadMs), layoutMs: Math.round(r.layoutMs), svgMs: Math.round(r.svgMs), totalMs: Math.round(r.totalMs),
                cpuMs: Math.round(r.cpuMs), mainCpuMs: r.mainCpuMs === null ? null : Math.round(r.mainCpuMs),
            });
            const warmMedian = warm.length === 0 ? null : {
                layoutMs: Math.round(median(warm.map(r => r.layoutMs))),
                svgMs: Math.round(median(warm.map(r => r.svgMs))),
                totalMs: Math.round(median(warm.map(r => r.totalMs))),
                cpuMs: Math.round(median(warm.map(r => r.cpuMs))),
                mainCpuMs: warm.some(r => r.mainCpuMs === null) ? null : Math.round(median(warm.map(r => r.mainCpuMs))),
            };
            results.push({
                ...measured,
                loadAverage1m: Number(load.toFixed(2)),
                // CPU the rest of the machine used while this size was measured, in cores (Linux).
                otherCores: before && after ? Number(Math.max(0, (after.busyMs - before.busyMs - processCpuMs) / (after.atMs - before.atMs)).toFixed(2)) : null,
                cold: rounded(cold),
                warmMedian,
                runs: measured.runs.map(rounded),
                targetMs: target ?? null,
                pass: target === undefined ? null : { cold: cold.totalMs < target, warm: warmMedian === null ? null : warmMedian.totalMs < target },
            });
        }
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }

    console.log('');
    const verdict = ok => (ok === null || ok === undefined ? '—' : ok ? 'PASS' : 'MISS');
    const ms = value => (value === null || value === undefined ? 'n/a' : `${value} ms`);
    const cpu = r => `${r.cpuMs}/${r.mainCpuMs ?? 'n/a'}`;
    console.log(`${pad('nodes', 6)} ${pad('edges', 6)} ${pad('fast', 5)} ${pad('cold load', 10)} ${pad('layout', 8)} ${pad('svg', 7)} ${pad('total', 8)} ${pad('cpu/main', 10)} ${pad('warm total', 11)} ${pad('cpu/main', 10)} ${pad('svg KB', 7)} ${pad('target', 8)}  cold  warm  ${pad('others', 6)}`);
    for (const r of results) {
        const w = r.warmMedian;
        console.log(`${pad(r.nodes, 6)} ${pad(r.edges, 6)} ${pad(r.fast ? 'yes' : 'no', 5)} ${pad(ms(r.cold.loadMs), 10)} ${pad(ms(r.cold.layoutMs), 8)} ${pad(ms(r.cold.svgMs), 7)} ${pad(ms(r.cold.totalMs), 8)} ${pad(cpu(r.cold), 10)} ${pad(w ? ms(w.totalMs) : 'n/a', 11)} ${pad(w ? cpu(w) : 'n/a', 10)} ${pad(fixed(r.svgBytes / 1024), 7)} ${pad(r.targetMs ? `${r.targetMs} ms` : '—', 8)}  ${verdict(r.pass?.cold)}  ${verdict(r.pass?.warm)}  ${pad(r.otherCores ?? 'n/a', 6)}`);
    }
    console.log('\ncpu/main: CPU time of the whole process (V8\'s compiler and GC threads included) / of its main thread, in ms.');
    console.log('others: cores the rest of the machine kept busy meanwhile, on average — above ~0.3 the wall times are inflated.');
    console.log(`(load average ${loadavg().map(l => l.toFixed(2)).join(' ')} on ${cpus().length} cores)`);

    mkdirSync(join(root, 'bench-results'), { recursive: true });
    const report = {
        benchmark: 'graph layout (elkjs) + SVG',
        date: new Date().toISOString(),
        node: process.version,
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? null,
        runsPerSize: options.runs,
        seed: options.seed,
        note: 'cold = loading elkjs + first layout + SVG in a fresh process (what one `meshspec graph` run pays after checking); warm = median of later layouts in the same process (the webview worker). Times are wall clock; cpuMs is the process CPU time (V8 compiler and GC threads included), mainCpuMs the main thread\'s (Linux). otherCores: CPU the rest of the machine used meanwhile. Verdicts judge load + layout + SVG wall time.',
        results,
    };
    writeFileSync(join(root, 'bench-results', 'graph.json'), JSON.stringify(report, null, 2) + '\n');
    console.log('wrote bench-results/graph.json');
    if (options.strict && results.some(r => r.pass && (r.pass.cold === false || r.pass.warm === false))) process.exit(1);
}

await main();
