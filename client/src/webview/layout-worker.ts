import ElkApi from 'elkjs/lib/elk-api.js';
import type { ElkEngine } from '../../../server/src/graph/layout.js';

type ElkConstructor = new (options: { workerFactory: (url?: string) => Worker }) => ElkEngine & { terminateWorker(): void };
const ELK = ((ElkApi as unknown as { default?: ElkConstructor }).default ?? ElkApi) as unknown as ElkConstructor;

/**
 * elkjs in a real Web Worker, so a big layout never freezes the panel. A webview's own
 * origin differs from the origin its resources are served from, and a Worker must be
 * same-origin — so the worker is a tiny `blob:` script that `importScripts` the elkjs worker
 * from the resource URI (allowed by the CSP: `worker-src blob:`, `script-src <cspSource>`).
 */
export function createWorkerElk(workerUri: string): ElkEngine & { terminate(): void } {
    let worker: Worker | undefined;
    let blobUrl: string | undefined;
    const elk = new ELK({
        workerFactory: () => {
            const source = `importScripts(${JSON.stringify(workerUri)});`;
            blobUrl = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
            worker = new Worker(blobUrl);
            return worker;
        },
    });
    return {
        layout: graph => elk.layout(graph),
        terminate: () => {
            elk.terminateWorker();
            worker = undefined;
            if (blobUrl) URL.revokeObjectURL(blobUrl);
        },
    };
}
