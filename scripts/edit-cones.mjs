// How far an edit reaches (npm run bench:cones): on the workspace that `npm run bench:lsp`
// generates (same options, same seed), the downstream cone of each node of the edited file —
// the nodes that derive from it, the edges and requirement checks that read them. This is
// the work an incremental analysis would redo per edit instead of the whole workspace
// (docs/performance.md). It measures sizes, not times, so it is exact and repeatable.
// Usage: node scripts/edit-cones.mjs [--elements 2000] [--files 20] [--seed 1]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { benchCli, generateWorkspace, percentile } from './bench-lib.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const usage = 'node scripts/edit-cones.mjs [--elements 2000] [--files 20] [--seed 1]';
const cli = benchCli('edit-cones', usage, {
    elements: { type: 'string', default: '2000' },
    files: { type: 'string', default: '20' },
    seed: { type: 'string', default: '1' },
});
const elements = cli.positiveInt(cli.values.elements, '--elements');
const fileCount = cli.positiveInt(cli.values.files, '--files');
const seed = cli.positiveInt(cli.values.seed, '--seed');

// The measurement reads the semantic model, which the bundles do not export: bundle it here.
const work = mkdtempSync(join(tmpdir(), 'meshspec-cones-'));
try {
    const bundle = join(work, 'edit-cones.mjs');
    await build({
        entryPoints: [join(root, 'scripts', 'edit-cones.ts')],
        bundle: true,
        platform: 'node',
        format: 'esm',
        outfile: bundle,
        logLevel: 'warning',
        banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    });
    const { measureCones } = await import(pathToFileURL(bundle).href);
    // As bench:lsp generates and names it; the edited file is the first.
    const workspace = generateWorkspace({ elements, seed, elementsPerFile: Math.ceil(elements / fileCount) });
    const files = workspace.files.map(f => ({ uri: pathToFileURL(join(work, 'ws', f.path)).href, text: f.text }));
    const report = await measureCones(files, files[0].uri);

    const row = (what, key, total) => {
        const values = report.perNode.map(c => c[key]);
        return [what, percentile(values, 50), percentile(values, 95), Math.max(...values), report.wholeFile[key], total];
    };
    const rows = [
        ['per node of the edited file', 'p50', 'p95', 'max', 'whole file', 'workspace'],
        row('nodes (derivation cone)', 'nodes', report.nodes),
        row('edges reading the cone', 'edges', report.edges),
        row('requirement checks on them', 'requirements', report.requirements),
        row('files touched', 'files', files.length),
    ];
    const widths = rows[0].map((_, i) => Math.max(...rows.map(r => String(r[i]).length)));
    console.log(`workspace: ${elements} elements in ${files.length} files (seed ${seed}); edited file: ${workspace.files[0].path}, ${report.perNode.length} nodes`);
    for (const r of rows) console.log(r.map((cell, i) => (i === 0 ? String(cell).padEnd(widths[i]) : String(cell).padStart(widths[i]))).join('  '));
} finally {
    rmSync(work, { recursive: true, force: true });
}
