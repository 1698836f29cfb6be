import * as ast from '../../language/generated/ast.js';
import type { MeshEdge, MeshNode } from '../model.js';
import { NO_EDGES } from '../model.js';
import type { NodeTarget } from '../report.js';
import { shortestPath, stronglyConnected } from '../graph-algorithms.js';
import { referenceIndex } from './helpers.js';
import type { Rule } from './rule.js';

/**
 * A cycle among derivations (`from`, and `reads`, which counts as `from`): an element
 * derived from itself. One diagnostic per strongly connected component, on the reference
 * of its first-declared element that enters the cycle.
 */
export const lineageCycle: Rule = {
    ids: ['lineage-cycle'],
    per: 'workspace',
    run({ model, reporter }) {
        // Operations derive for their service (a service's from/reads count for every operation).
        const vertexOf = (n: MeshNode): MeshNode => n.service ?? n;
        // Each vertex's derivation edges by `MeshNode.index`; the vertices with any, in the order first seen.
        const out: (MeshEdge[] | undefined)[] = new Array(model.nodes.length);
        const sources: MeshNode[] = [];
        for (const edge of model.edges) {
            if (edge.kind !== 'from' && edge.kind !== 'read') continue;
            const v = vertexOf(edge.source);
            const list = out[v.index];
            if (list) list.push(edge);
            else {
                out[v.index] = [edge];
                sources.push(v);
            }
        }
        const arcs = (v: MeshNode): readonly MeshEdge[] => out[v.index] ?? NO_EDGES;
        const sccs = stronglyConnected(sources, v => arcs(v).length, (v, i) => vertexOf(arcs(v)[i].target));
        for (const members of sccs) {
            // Most components are one element that does not derive from itself.
            if (members.length === 1 && !arcs(members[0]).some(e => vertexOf(e.target) === members[0])) continue;
            const inside = new Set(members);
            // The cycle is named from the element declared first (`index` is the model order).
            const first = members.reduce((a, b) => a.index <= b.index ? a : b);
            const head = arcs(first).find(e => inside.has(vertexOf(e.target)));
            if (!head) continue; // a single element that does not derive from itself
            const back = vertexOf(head.target) === first ? [] : shortestPath(vertexOf(head.target), first, arcs, e => vertexOf(e.target), w => inside.has(w));
            if (!back) continue;
            const cycle = [head, ...back];
            reporter.report('lineage-cycle', { cycle: [...cycle.map(e => vertexOf(e.source).id), first.id] }, referenceTarget(head), {
                related: cycle.slice(1).map(e => ({ ...referenceTarget(e), message: `${vertexOf(e.source).id} derives from ${vertexOf(e.target).id}` })),
            });
        }
    },
};

function referenceTarget(edge: MeshEdge): NodeTarget {
    const clause = edge.ast;
    if (ast.isFromClause(clause) || ast.isReadsClause(clause)) {
        const index = referenceIndex(clause.sources, edge.target.ast);
        if (index !== undefined) return { node: clause, property: 'sources' as never, index };
    }
    return { node: clause };
}
