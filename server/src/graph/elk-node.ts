import { readdirSync } from 'node:fs';
import { setPriority } from 'node:os';
import { isMainThread } from 'node:worker_threads';
import type { ElkEngine } from './layout.js';

interface ElkApiOptions {
    workerFactory: (url?: string) => unknown;
    algorithms?: string[];
}
type ElkConstructor = new (options: ElkApiOptions) => ElkEngine;
type FakeWorkerConstructor = new (url?: string) => unknown;

export interface NodeElkOptions {
    /**
     * The process exists for this layout and ends after it (the CLI). Then, on Linux, V8's
     * background threads get the lowest CPU priority before elkjs loads — see
     * `lowerHelperThreadPriority`.
     */
    oneShot?: boolean;
}

/** elkjs on the calling thread; `ready()` loads it (the first `layout()` does so anyway). */
export interface NodeElk extends ElkEngine {
    ready(): Promise<void>;
}

/** A CommonJS module's export as a dynamic import yields it: `default`, or the namespace (Node, esbuild and vitest differ). */
function commonJsDefault<T>(module: { default?: unknown }): T {
    const value = module.default ?? module;
    return ((value as { default?: unknown }).default ?? value) as T;
}

let loading: Promise<{ ELK: ElkConstructor; FakeWorker: FakeWorkerConstructor }> | undefined;

/**
 * elkjs's two CommonJS files, loaded on first use. Where `require` exists (the CLI's
 * CommonJS bundle, which keeps elkjs in files of its own — scripts/build.mjs — and the
 * benchmark's bundle), they are required: `import()` of a CommonJS file first scans its
 * source for export names (Node's ESM loader), ≈0.2 s more for elkjs's 1.6 MB. Elsewhere
 * (ESM, e.g. the tests) they are imported.
 */
function loadElk(): Promise<{ ELK: ElkConstructor; FakeWorker: FakeWorkerConstructor }> {
    loading ??= (typeof require === 'function'
        ? Promise.resolve().then(() => [require('elkjs/lib/elk-api.js') as { default?: unknown }, require('elkjs/lib/elk-worker.min.js') as { default?: unknown }])
        : Promise.all([import('elkjs/lib/elk-api.js'), import('elkjs/lib/elk-worker.min.js')])
    ).then(([api, worker]) => ({
        ELK: commonJsDefault<ElkConstructor>(api),
        FakeWorker: (worker as { Worker?: FakeWorkerConstructor }).Worker ?? commonJsDefault<FakeWorkerConstructor>(worker),
    }));
    return loading;
}

/**
 * elkjs for Node, running on the calling thread (elkjs's in-process "fake worker"). Used by
 * the CLI, the tests and the benchmark; the webview uses a Web Worker instead.
 *
 * elkjs's code (1.6 MB) is loaded by the first layout (≈0.15 s), not when the CLI starts:
 * only `meshspec graph` needs it. Its API and in-process worker are used directly rather
 * than `elk.bundled.js` (the same code plus a constructor that looks for the optional
 * `web-worker` package), and only the `layered` algorithm is registered (elkjs registers
 * all nine by default).
 */
export function createNodeElk(options: NodeElkOptions = {}): NodeElk {
    let elk: Promise<ElkEngine> | undefined;
    const ready = (): Promise<ElkEngine> => {
        if (!elk) {
            if (options.oneShot) lowerHelperThreadPriority();
            elk = loadElk().then(({ ELK, FakeWorker }) => new ELK({ workerFactory: url => new FakeWorker(url), algorithms: ['layered'] }));
        }
        return elk;
    };
    return {
        ready: async () => {
            await ready();
        },
        layout: async graph => (await ready()).layout(graph),
    };
}

/**
 * Gives every thread of this process but the calling (main) one the lowest CPU priority
 * (nice 19); returns how many it changed. Linux only (elsewhere, and off the main thread,
 * it does nothing and returns 0).
 *
 * Why: a cold elkjs layout makes V8 optimise hundreds of functions at once, on its four
 * background threads. On a two-core machine those threads take turns with the layout's
 * own thread, which then runs at about half speed: a 200-node layout took ≈1.3 s of wall
 * time for ≈0.8 s of its own CPU time. At the lowest priority they use only the CPU time
 * the layout leaves (the other core, when idle). For a process that ends after the layout;
 * the priority cannot be raised again without privileges.
 */
export function lowerHelperThreadPriority(): number {
    if (process.platform !== 'linux' || !isMainThread) return 0;
    let threads: string[];
    try {
        threads = readdirSync(`/proc/${process.pid}/task`);
    } catch {
        return 0;
    }
    let changed = 0;
    for (const thread of threads) {
        const id = Number(thread);
        // On Linux the main thread's id is the process id.
        if (!Number.isInteger(id) || id === process.pid) continue;
        try {
            setPriority(id, 19);
            changed++;
        } catch {
            // The thread has ended meanwhile.
        }
    }
    return changed;
}
