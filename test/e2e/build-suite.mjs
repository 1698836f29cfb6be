// Bundles the extension-host Mocha suite (test/e2e/suite/) to out/e2e/suite.cjs: CommonJS,
// as VS Code requires() it; `vscode` is provided by the extension host and mocha is loaded
// from node_modules at run time.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export async function buildSuite() {
    const outfile = join(root, 'out/e2e/suite.cjs');
    await build({
        entryPoints: [join(root, 'test/e2e/suite/index.ts')],
        outfile,
        bundle: true,
        platform: 'node',
        target: 'node20',
        format: 'cjs',
        sourcemap: 'inline',
        external: ['vscode', 'mocha'],
        logLevel: 'warning',
    });
    return outfile;
}
