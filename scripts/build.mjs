// Bundles the CLI, the language server and the VS Code extension with esbuild.
// Usage: node scripts/build.mjs [--watch]     (npm run build also regenerates the grammar)
import { build, context } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const watch = process.argv.includes('--watch');
const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    logLevel: 'warning',
    // Whitespace and syntax only, names kept (stack traces stay readable; the source maps
    // map positions back): a third smaller, which is 40–70 ms of every CLI start here.
    minifyWhitespace: true,
    minifySyntax: true,
    // langium is ESM and reads import.meta.url in a few places; give CJS bundles a value.
    define: { 'import.meta.url': 'importMetaUrl' },
    banner: { js: "const importMetaUrl = require('url').pathToFileURL(__filename).href;" },
};

/** Overrides of `common` for bundles that run in a browser (the webview). */
function browser(target) {
    return { platform: 'browser', format: 'iife', target, define: {}, banner: {} };
}

/**
 * elkjs is half of the CLI's code, and only `meshspec graph` runs it (server/src/graph/elk-node.ts
 * imports it dynamically, on the first layout). Bundled in, every command would still read and
 * compile it at start-up (≈0.15 s); as two files next to out/cli.cjs it loads when imported.
 */
const elkBesideCli = {
    name: 'elkjs-beside-cli',
    setup(build) {
        build.onResolve({ filter: /^elkjs\/lib\/(elk-api|elk-worker\.min)\.js$/ }, args => ({
            path: args.path.endsWith('elk-api.js') ? './elk-api.cjs' : './elk-worker.cjs',
            external: true,
        }));
    },
};

/**
 * `meshspec lsp` runs the language server, the code of out/server.cjs. Rather than a second copy
 * of it in out/cli.cjs, which every command would read and compile at start-up (≈0.09 s), the
 * command's `import('../../lsp/server.js')` gets a module whose `startServer` loads out/server.cjs,
 * which starts the server the same way (server/src/lsp/main.ts).
 */
const lspServerBesideCli = {
    name: 'lsp-server-beside-cli',
    setup(build) {
        build.onResolve({ filter: /\/lsp\/server\.js$/ }, args => args.importer.endsWith(join('cli', 'commands', 'lsp.ts'))
            ? { path: 'server.cjs', namespace: 'lsp-server-beside-cli' }
            : undefined);
        build.onLoad({ filter: /.*/, namespace: 'lsp-server-beside-cli' }, () => ({
            contents: "export function startServer() { require('./server.cjs'); }",
            loader: 'js',
        }));
        build.onResolve({ filter: /^\.\/server\.cjs$/, namespace: 'lsp-server-beside-cli' }, args => ({ path: args.path, external: true }));
    },
};

const entries = [
    { entryPoints: ['server/src/cli/main.ts'], outfile: 'out/cli.cjs', plugins: [elkBesideCli, lspServerBesideCli] },
    { entryPoints: ['node_modules/elkjs/lib/elk-api.js'], outfile: 'out/elk-api.cjs' },
    { entryPoints: ['node_modules/elkjs/lib/elk-worker.min.js'], outfile: 'out/elk-worker.cjs', sourcemap: false, minify: true },
    { entryPoints: ['server/src/lsp/main.ts'], outfile: 'out/server.cjs' },
    { entryPoints: ['client/src/extension.ts'], outfile: 'out/extension.cjs', external: ['vscode'] },
    // The graph webview runs in a browser: IIFE bundles without Node's require/import.meta shims.
    { entryPoints: ['client/src/webview/main.ts'], outfile: 'out/webview/graph.js', ...browser('es2022') },
    // elkjs's worker script, started by the webview as a Web Worker (client/src/webview/layout-worker.ts).
    { entryPoints: ['node_modules/elkjs/lib/elk-worker.min.js'], outfile: 'out/webview/elk-worker.js', ...browser('es2020'), sourcemap: false, minify: true },
].filter(e => existsSync(e.entryPoints[0]));

/** V8's code cache for out/cli.cjs (see bin/meshspec.cjs); a new bundle needs a new one. */
const codeCache = join('out', 'cli.cjs.v8cache');
rmSync(codeCache, { force: true });

if (watch) {
    for (const e of entries) {
        const ctx = await context({ ...common, ...e });
        await ctx.watch();
    }
} else {
    await Promise.all(entries.map(e => build({ ...common, ...e })));
    writeCodeCache();
}

/**
 * Checks the samples once with MESHSPEC_WRITE_CODE_CACHE=1, so that bin/meshspec.cjs writes
 * the bytecode of everything a check compiles. Without samples (or if that run fails) there
 * is no cache, and the CLI compiles its bundle at start-up as any script.
 */
function writeCodeCache() {
    if (!existsSync('samples') || !existsSync(join('out', 'cli.cjs'))) return;
    const run = spawnSync(process.execPath, [join('bin', 'meshspec.cjs'), 'check', 'samples'], {
        env: { ...process.env, MESHSPEC_WRITE_CODE_CACHE: '1', NO_COLOR: '1' },
        stdio: ['ignore', 'ignore', 'pipe'],
        encoding: 'utf8',
    });
    // 0: no findings, 1: findings (the samples have some on purpose).
    if (run.status !== 0 && run.status !== 1) {
        rmSync(codeCache, { force: true });
        console.warn(`build: no code cache for out/cli.cjs (meshspec check samples exited with ${run.status ?? run.signal}): ${run.stderr.trim().split('\n')[0] ?? ''}`);
    }
}
