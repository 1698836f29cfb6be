import elkBundled from 'elkjs/lib/elk.bundled.js';
import type { ElkEngine } from './layout.js';

type ElkConstructor = new () => ElkEngine;
// The bundled build is CommonJS (`module.exports = ELK`, plus `.default`); how a default
// import of it looks depends on the loader (Node, esbuild, vitest), so accept both shapes.
const ELK = ((elkBundled as unknown as { default?: ElkConstructor }).default ?? elkBundled) as unknown as ElkConstructor;

/**
 * elkjs for Node: the bundled build, which runs on the calling thread (no worker). Used
 * by the CLI, the tests and the benchmark; the webview uses a Web Worker instead.
 */
export function createNodeElk(): ElkEngine {
    return new ELK();
}
