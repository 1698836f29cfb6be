import { describe, expect, it } from 'vitest';
import { measureCones } from '../../scripts/edit-cones.js';

const P = '<Global, TotalOrder, SER, BS(1s), Idem, Auth>';

// file 0: store a, service t; file 1: b and d derive from a, c from b, s reads c (with a requirement).
const FILES = [
    { uri: 'file:///w/0.mesh', text: `store a {\n    provides ${P}\n}\nservice t {\n    provides ${P}\n}\n` },
    {
        uri: 'file:///w/1.mesh',
        text: [
            'dataproduct b {\n    from a\n}',
            'dataproduct c {\n    from b\n}',
            'dataproduct d {\n    from a\n}',
            `service s {\n    provides ${P}\n    reads c requires <_, _, _, _, _, _>\n    calls t\n}`,
        ].join('\n'),
    },
];

describe('edit cones (npm run bench:cones)', () => {
    it('follows derivations downstream: the nodes, the edges that read them, their requirements, their files', async () => {
        const report = await measureCones(FILES, 'file:///w/0.mesh');
        expect(report.nodes).toBe(6);
        expect(report.edges).toBe(5);
        expect(report.requirements).toBe(1);
        // a: itself, b, d (from a), c (from b) and s (reads c: a read derives too); the edges
        // reading them are those four clauses, one with a requirement.
        expect(report.perNode).toEqual([
            { nodes: 5, edges: 4, requirements: 1, files: 2 },
            // t: called by s, and nothing derives from it.
            { nodes: 1, edges: 1, requirements: 0, files: 1 },
        ]);
        expect(report.wholeFile).toEqual({ nodes: 6, edges: 5, requirements: 1, files: 2 });
    });

    it('is the node alone when nothing reads it', async () => {
        const report = await measureCones(FILES, 'file:///w/1.mesh');
        const s = report.perNode.at(-1);
        expect(s).toEqual({ nodes: 1, edges: 0, requirements: 0, files: 1 });
    });
});
