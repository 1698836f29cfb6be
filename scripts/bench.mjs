// The checker benchmark (npm run bench): times `meshspec check <dir> --format json` as a user
// runs it — a fresh Node process, startup included — on generated workspaces of 1k and 10k
// elements, and records wall time, CPU time and the child's peak RSS (scripts/bench-rss.cjs).
//
// Usage: node scripts/bench.mjs [--sizes 1000,10000] [--runs 3] [--seed 1] [--against DIR] [--node-args ARGS] [--keep] [--strict] [--build]
//   --against DIR  also time another built checkout (e.g. a `git worktree` of main), alternating
//             runs of the two, and print the difference: on a noisy machine the only reliable
//             way to tell whether a change is faster
//   --node-args ARGS  Node options for this checkout's runs (not --against's): with
//             `--against .`, compares them with what `meshspec check` gets, e.g.
//             `--node-args --v8-pool-size=1 --against .`
//   --keep    leave the generated workspaces in place and print where they are
//   --strict  exit 1 when a target is missed (otherwise the verdicts are informational)
//   --build   rebuild out/cli.cjs first (it is built anyway when missing)
// Writes bench-results/check.json.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchCli, generateWorkspace, median, writeWorkspace } from './bench-lib.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const cliBundle = join(root, 'out', 'cli.cjs');
const bin = join(root, 'bin', 'meshspec.cjs');
const rssPreload = join(root, 'scripts', 'bench-rss.cjs');
const RUN_TIMEOUT_MS = 10 * 60_000;

// Targets (the product brief): 10k elements checked in under 3 s and 1 GB, and time growing
// at most 12× from 1k to 10k (linear work plus a constant startup cost).
const TARGET = { size: 10_000, wallMs: 3000, rssMb: 1024, baseSize: 1000, ratio: 12 };

let fail = (message) => { console.error(`bench: ${message}`); process.exit(2); };

function parseOptions() {
    const cli = benchCli('bench', 'node scripts/bench.mjs [--sizes 1000,10000] [--runs 3] [--seed 1] [--against DIR] [--node-args ARGS] [--keep] [--strict] [--build]', {
                against: { type: 'string' },
                sizes: { type: 'string', default: '1000,10000' },
                runs: { type: 'string', default: '3' },
                seed: { type: 'string', default: '1' },
                keep: { type: 'boolean', default: false },
                strict: { type: 'boolean', default: false },
                build: { type: 'boolean', default: false },
                'node-args': { type: 'string', default: '' },
    });
    fail = cli.fail;
    const { values } = cli;
    const positiveInt = cli.positiveInt;
    const sizes = values.sizes.split(',').map(s => positiveInt(s, '--sizes entry'));
    if (sizes.some(s => s < 3)) fail('--sizes entries must be at least 3 elements');
    const against = values.against === undefined ? undefined : join(resolve(values.against), 'bin', 'meshspec.cjs');
    if (against !== undefined && !existsSync(against)) fail(`--against: no ${against} (a built checkout of meshspec is needed)`);
    return { ...values, against, nodeArgs: values['node-args'].split(/\s+/).filter(Boolean), sizes: [...new Set(sizes)].sort((a, b) => a - b), runs: positiveInt(values.runs, '--runs'), seed: positiveInt(values.seed, '--seed') };
}

function ensureBuilt(force) {
    if (!force && existsSync(cliBundle)) return;
    console.log('building out/cli.cjs (node scripts/build.mjs)…');
    const result = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) fail(`node scripts/build.mjs failed (exit ${result.status ?? result.signal})`);
    if (!existsSync(cliBundle)) fail('out/cli.cjs is still missing after the build (is there a server/src/cli/main.ts?)');
}

/** One timed `meshspec check` (of `binPath`, this checkout's by default) in a fresh process. */
function runCheck(dir, usageFile, binPath = bin, nodeArgs = []) {
    return new Promise((resolve, reject) => {
        rmSync(usageFile, { force: true });
        const started = performance.now();
        const child = spawn(process.execPath, [...nodeArgs, '-r', rssPreload, binPath, 'check', dir, '--format', 'json'], {
            cwd: root,
            env: { ...process.env, MESHSPEC_BENCH_USAGE_FILE: usageFile, NO_COLOR: '1' },
            stdio: ['ignore', 'pipe', 'pipe'],
        });
        const stdout = [];
        const stderr = [];
        child.stdout.on('data', chunk => stdout.push(chunk));
        child.stderr.on('data', chunk => stderr.push(chunk));
        const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
        child.on('error', reject);
        child.on('close', (code, signal) => {
            const wallMs = performance.now() - started;
            clearTimeout(timer);
            const errText = Buffer.concat(stderr).toString().trim();
            // 0: clean, 1: findings — both are a completed check; anything else is a failure.
            if (code !== 0 && code !== 1) {
                reject(new Error(`meshspec check exited with ${code ?? signal}${errText ? `: ${errText.split('\n')[0]}` : ''}`));
                return;
            }
            let report;
            try {
                report = JSON.parse(Buffer.concat(stdout).toString());
            } catch (error) {
                reject(new Error(`meshspec check --format json printed no valid JSON (${error.message})`));
                return;
            }
            let usage;
            try {
                usage = JSON.parse(readFileSync(usageFile, 'utf8'));
            } catch {
                usage = undefined; // killed before its exit handler ran: no measurement
            }
            resolve({
                wallMs,
                rssMb: usage ? usage.maxRssKb / 1024 : null,
                cpuMs: usage ? usage.userMs + usage.systemMs : null,
                exitCode: code,
                report,
            });
        });
    });
}

const pad = (value, width, right = false) => right ? String(value).padEnd(width) : String(value).padStart(width);
const fixed = (value, digits = 0) => value === null || value === undefined || Number.isNaN(value) ? 'n/a' : value.toFixed(digits);

async function main() {
    const options = parseOptions();
    if (options.nodeArgs.length > 0) console.log(`this checkout runs as: node ${options.nodeArgs.join(' ')} bin/meshspec.cjs check DIR --format json`);
    ensureBuilt(options.build);
    const workDir = mkdtempSync(join(tmpdir(), 'meshspec-bench-'));
    const results = [];
    try {
        for (const size of options.sizes) {
            const dir = join(workDir, `mesh-${size}`);
            const generatedAt = performance.now();
            const workspace = generateWorkspace({ elements: size, seed: options.seed });
            writeWorkspace(dir, workspace);
            const { stats } = workspace;
            console.log(`${size} elements: ${stats.files} files, ${stats.edges} edges (${stats.requiresEdges} with requires), ${(stats.bytes / 1024 / 1024).toFixed(1)} MB, generated in ${fixed(performance.now() - generatedAt)} ms`);
            const runs = [];
            const againstRuns = [];
            for (let run = 1; run <= options.runs; run++) {
                // With --against, the other checkout runs just before or just after this one, in turn.
                const other = async () => {
                    if (!options.against) return;
                    const r = await runCheck(dir, join(workDir, `usage-${size}-${run}-against.json`), options.against);
                    againstRuns.push(r);
                    console.log(`  run ${run}/${options.runs} of --against: ${fixed(r.wallMs)} ms (CPU ${fixed(r.cpuMs)} ms), ${r.report.diagnostics.length} diagnostics`);
                };
                if (run % 2 === 0) await other();
                // Other work on the machine skews wall time; the load average makes that visible.
                const load = loadavg()[0];
                const result = { ...await runCheck(dir, join(workDir, `usage-${size}-${run}.json`), bin, options.nodeArgs), load };
                runs.push(result);
                const { summary } = result.report;
                console.log(`  run ${run}/${options.runs}: ${fixed(result.wallMs)} ms (CPU ${fixed(result.cpuMs)} ms), peak RSS ${fixed(result.rssMb, 1)} MB, exit ${result.exitCode}, ${result.report.diagnostics.length} diagnostics (${summary?.errors ?? '?'} errors, ${summary?.warnings ?? '?'} warnings, ${summary?.infos ?? '?'} infos), load ${load.toFixed(2)}`);
                if (run % 2 === 1) await other();
            }
            const last = runs[runs.length - 1].report;
            if (last.files !== stats.files) console.log(`  note: the CLI reported ${last.files} files, the generator wrote ${stats.files}`);
            const counts = new Set(runs.map(r => r.report.diagnostics.length));
            if (counts.size > 1) console.log(`  note: diagnostics differ between runs: ${[...counts].join(', ')}`);
            const rss = runs.map(r => r.rssMb).filter(v => v !== null);
            const cpu = runs.map(r => r.cpuMs).filter(v => v !== null);
            const byCode = {};
            for (const d of last.diagnostics) byCode[d.code] = (byCode[d.code] ?? 0) + 1;
            results.push({
                size,
                files: last.files,
                generated: stats,
                runs: runs.map(r => ({
                    wallMs: Math.round(r.wallMs),
                    cpuMs: r.cpuMs === null ? null : Math.round(r.cpuMs),
                    rssMb: r.rssMb === null ? null : Number(r.rssMb.toFixed(1)),
                    exitCode: r.exitCode,
                    loadAverage1m: Number(r.load.toFixed(2)),
                })),
                medianWallMs: Math.round(median(runs.map(r => r.wallMs))),
                medianCpuMs: cpu.length > 0 ? Math.round(median(cpu)) : null,
                medianRssMb: rss.length > 0 ? Number(median(rss).toFixed(1)) : null,
                diagnostics: last.diagnostics.length,
                summary: last.summary,
                diagnosticsByCode: Object.fromEntries(Object.entries(byCode).sort(([a], [b]) => a.localeCompare(b))),
                against: againstRuns.length === 0 ? undefined : {
                    bin: options.against,
                    medianWallMs: Math.round(median(againstRuns.map(r => r.wallMs))),
                    medianCpuMs: againstRuns.every(r => r.cpuMs !== null) ? Math.round(median(againstRuns.map(r => r.cpuMs))) : null,
                    runs: againstRuns.map(r => ({ wallMs: Math.round(r.wallMs), cpuMs: r.cpuMs === null ? null : Math.round(r.cpuMs), diagnostics: r.report.diagnostics.length })),
                },
            });
        }
    } finally {
        if (options.keep) console.log(`\nworkspaces kept in ${workDir}`);
        else rmSync(workDir, { recursive: true, force: true });
    }

    // Table ------------------------------------------------------------------------------
    console.log('');
    console.log(`${pad('size', 8)}  ${pad('files', 5)}  ${pad('median wall ms', 14)}  ${pad('median CPU ms', 13)}  ${pad('median peak RSS MB', 18)}  ${pad('diagnostics', 11)}`);
    for (const r of results) {
        console.log(`${pad(r.size, 8)}  ${pad(r.files, 5)}  ${pad(r.medianWallMs, 14)}  ${pad(fixed(r.medianCpuMs), 13)}  ${pad(fixed(r.medianRssMb, 1), 18)}  ${pad(r.diagnostics, 11)}`);
    }
    const bySize = new Map(results.map(r => [r.size, r]));
    const ratios = [];
    for (let i = 1; i < results.length; i++) {
        const [a, b] = [results[i - 1], results[i]];
        ratios.push({ from: a.size, to: b.size, ratio: Number((b.medianWallMs / a.medianWallMs).toFixed(2)) });
    }
    for (const r of ratios) console.log(`time(${r.to})/time(${r.from}) = ${fixed(r.ratio, 2)}`);
    for (const r of results) {
        if (!r.against) continue;
        const delta = (a, b) => (a === null || b === null ? 'n/a' : `${a - b >= 0 ? '+' : ''}${a - b}`);
        console.log(`${r.size} elements against ${r.against.bin}: median wall ${r.against.medianWallMs} ms, CPU ${fixed(r.against.medianCpuMs)} ms; this checkout ${delta(r.medianWallMs, r.against.medianWallMs)} ms wall, ${delta(r.medianCpuMs, r.against.medianCpuMs)} ms CPU`);
    }
    const busiest = Math.max(...results.flatMap(r => r.runs.map(run => run.loadAverage1m)));
    if (busiest > cpus().length) {
        console.log(`note: load average reached ${busiest.toFixed(2)} on ${cpus().length} CPUs — wall times include waiting for a CPU; compare CPU ms`);
    }

    // Targets ----------------------------------------------------------------------------
    const targets = [];
    const big = bySize.get(TARGET.size);
    const base = bySize.get(TARGET.baseSize);
    targets.push({ name: `${TARGET.size} elements: median wall < ${TARGET.wallMs} ms`, value: big?.medianWallMs, pass: big ? big.medianWallMs < TARGET.wallMs : null });
    targets.push({ name: `${TARGET.size} elements: median peak RSS < ${TARGET.rssMb} MB`, value: big?.medianRssMb, pass: big && big.medianRssMb !== null ? big.medianRssMb < TARGET.rssMb : null });
    const ratio = big && base ? Number((big.medianWallMs / base.medianWallMs).toFixed(2)) : undefined;
    targets.push({ name: `time(${TARGET.size})/time(${TARGET.baseSize}) ≤ ${TARGET.ratio}`, value: ratio, pass: ratio === undefined ? null : ratio <= TARGET.ratio });
    console.log('');
    for (const t of targets) {
        const verdict = t.pass === null ? 'n/a ' : t.pass ? 'PASS' : 'FAIL';
        console.log(`${verdict}  ${pad(t.name, 44, true)}  ${t.value ?? '(size not measured)'}`);
    }

    const out = join(root, 'bench-results', 'check.json');
    mkdirSync(join(root, 'bench-results'), { recursive: true });
    writeFileSync(out, JSON.stringify({
        benchmark: 'meshspec check --format json',
        date: new Date().toISOString(),
        machine: { node: process.version, platform: process.platform, arch: process.arch, cpus: cpus().length, cpuModel: cpus()[0]?.model },
        options: { sizes: options.sizes, runs: options.runs, seed: options.seed, against: options.against, nodeArgs: options.nodeArgs },
        results,
        ratios,
        targets,
    }, null, 2) + '\n');
    console.log(`\nwrote ${join('bench-results', 'check.json')}`);

    if (options.strict && targets.some(t => t.pass === false)) process.exit(1);
}

main().catch(error => fail(error.message));
