// Bundles the CLI, the language server and the VS Code extension with esbuild.
// Usage: node scripts/build.mjs [--watch]     (npm run build also regenerates the grammar)
import { build, context } from 'esbuild';
import { existsSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    logLevel: 'warning',
    // langium is ESM and reads import.meta.url in a few places; give CJS bundles a value.
    define: { 'import.meta.url': 'importMetaUrl' },
    banner: { js: "const importMetaUrl = require('url').pathToFileURL(__filename).href;" },
};

/** Overrides of `common` for bundles that run in a browser (the webview). */
function browser(target) {
    return { platform: 'browser', format: 'iife', target, define: {}, banner: {} };
}

const entries = [
    { entryPoints: ['server/src/cli/main.ts'], outfile: 'out/cli.cjs' },
    { entryPoints: ['server/src/lsp/main.ts'], outfile: 'out/server.cjs' },
    { entryPoints: ['client/src/extension.ts'], outfile: 'out/extension.cjs', external: ['vscode'] },
    // The graph webview runs in a browser: IIFE bundles without Node's require/import.meta shims.
    { entryPoints: ['client/src/webview/main.ts'], outfile: 'out/webview/graph.js', ...browser('es2022') },
    // elkjs's worker script, started by the webview as a Web Worker (client/src/webview/layout-worker.ts).
    { entryPoints: ['node_modules/elkjs/lib/elk-worker.min.js'], outfile: 'out/webview/elk-worker.js', ...browser('es2020'), sourcemap: false, minify: true },
].filter(e => existsSync(e.entryPoints[0]));

if (watch) {
    for (const e of entries) {
        const ctx = await context({ ...common, ...e });
        await ctx.watch();
    }
} else {
    await Promise.all(entries.map(e => build({ ...common, ...e })));
}
