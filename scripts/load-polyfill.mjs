// Loads server/src/polyfill.ts (the one copy of the Object.groupBy polyfill) into a plain
// Node process, for scripts that run chevrotain outside the bundles and vitest.
import { readFileSync } from 'node:fs';
import { transform } from 'esbuild';

const source = readFileSync(new URL('../server/src/polyfill.ts', import.meta.url), 'utf8');
const { code } = await transform(source, { loader: 'ts', format: 'esm' });
await import('data:text/javascript,' + encodeURIComponent(code));
