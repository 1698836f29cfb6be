import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stronglyConnected } from '../../server/src/checker/graph-algorithms.js';

/** A random directed graph on vertices 0…n-1 (self-loops and parallel arcs included). */
const graphArb = fc.integer({ min: 1, max: 12 }).chain(n => fc.tuple(
    fc.constant(n),
    fc.array(fc.tuple(fc.nat({ max: n - 1 }), fc.nat({ max: n - 1 })), { maxLength: n * 3 }),
));

function successorLists(n: number, arcs: [number, number][]): number[][] {
    const out: number[][] = Array.from({ length: n }, () => []);
    for (const [a, b] of arcs) out[a].push(b);
    return out;
}

/** Reachability by brute force (Floyd–Warshall on booleans). */
function reaches(n: number, out: number[][]): boolean[][] {
    const r = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => i === j || out[i].includes(j)));
    for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (r[i][k] && r[k][j]) r[i][j] = true;
    return r;
}

describe('stronglyConnected', () => {
    it('finds the components of mutual reachability, successors first', () => {
        fc.assert(fc.property(graphArb, ([n, arcs]) => {
            const out = successorLists(n, arcs);
            const vertices = Array.from({ length: n }, (_, i) => i);
            const components = stronglyConnected(vertices, v => out[v].length, (v, i) => out[v][i]);
            // A partition of the vertices…
            expect(components.flat().sort((a, b) => a - b)).toEqual(vertices);
            const componentOf = new Map<number, number>();
            components.forEach((members, c) => members.forEach(v => componentOf.set(v, c)));
            // …where two vertices share a component exactly when each reaches the other…
            const r = reaches(n, out);
            for (let i = 0; i < n; i++) {
                for (let j = 0; j < n; j++) expect(componentOf.get(i) === componentOf.get(j)).toBe(r[i][j] && r[j][i]);
            }
            // …and every arc leaving a component points to one emitted before it.
            for (const [a, b] of arcs) expect(componentOf.get(b)!).toBeLessThanOrEqual(componentOf.get(a)!);
        }), { numRuns: 500 });
    });

    it('gives the same components, in the same order, with vertex positions as without', () => {
        fc.assert(fc.property(graphArb, ([n, arcs]) => {
            const out = successorLists(n, arcs);
            // Objects, so the Map-keyed variant cannot lean on the numbers themselves.
            const vertices = Array.from({ length: n }, (_, i) => ({ i }));
            const byMap = stronglyConnected(vertices, v => out[v.i].length, (v, k) => vertices[out[v.i][k]]);
            const byPosition = stronglyConnected(vertices, v => out[v.i].length, (v, k) => vertices[out[v.i][k]], v => v.i);
            expect(byPosition.map(c => c.map(v => v.i))).toEqual(byMap.map(c => c.map(v => v.i)));
        }), { numRuns: 300 });
    });

    it('handles a path deep enough to overflow a recursive implementation', () => {
        const n = 200_000;
        const vertices = Array.from({ length: n }, (_, i) => i);
        const components = stronglyConnected(vertices, v => (v + 1 < n ? 1 : 0), v => v + 1);
        expect(components).toHaveLength(n);
        expect(components[0]).toEqual([n - 1]);
        // Closing the path into a ring makes one component.
        expect(stronglyConnected(vertices, () => 1, v => (v + 1) % n)).toHaveLength(1);
        expect(stronglyConnected(vertices, () => 1, v => (v + 1) % n, v => v)).toHaveLength(1);
    });
});
