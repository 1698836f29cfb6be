import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createNodeElk, lowerHelperThreadPriority } from '../../server/src/graph/elk-node.js';
import { layoutGraph } from '../../server/src/graph/layout.js';
import { graphOf, SHOP } from './helpers.js';

/** The nice value of each thread of this process (Linux: field 19 of /proc/<pid>/task/<tid>/stat). */
function niceByThread(): Map<number, number> {
    const nice = new Map<number, number>();
    for (const thread of readdirSync(`/proc/${process.pid}/task`)) {
        try {
            const stat = readFileSync(`/proc/${process.pid}/task/${thread}/stat`, 'utf8');
            nice.set(Number(thread), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]));
        } catch {
            // The thread ended between the listing and the read.
        }
    }
    return nice;
}

describe('elkjs for Node', () => {
    it('loads elkjs on first use and lays out with it', async () => {
        const elk = createNodeElk();
        await elk.ready();
        const graph = await graphOf(SHOP);
        const laid = await layoutGraph(graph, elk);
        expect(laid.nodes.map(n => n.id)).toEqual(graph.nodes.map(n => n.id).sort());
        expect(laid.edges.length).toBe(graph.edges.length);
        // A second instance gives the same coordinates (elkjs is loaded once, instances are independent).
        expect(await layoutGraph(graph, createNodeElk())).toEqual(laid);
    });

    it('gives every thread but the main one the lowest priority in a one-shot process (Linux)', async () => {
        // Vitest runs each test file in a process of its own (pool: forks): this changes only that process.
        if (process.platform !== 'linux') {
            expect(lowerHelperThreadPriority()).toBe(0);
            return;
        }
        const mainBefore = niceByThread().get(process.pid);
        await createNodeElk({ oneShot: true }).ready();
        const nice = niceByThread();
        expect(nice.get(process.pid)).toBe(mainBefore);
        const others = [...nice].filter(([thread]) => thread !== process.pid);
        // V8's background threads at least (four by default).
        expect(others.length).toBeGreaterThan(0);
        expect(others.filter(([, value]) => value !== 19)).toEqual([]);
        expect(lowerHelperThreadPriority()).toBe(others.length);
    });
});
