import * as ast from '../../language/generated/ast.js';
import type { MeshEdge, MeshNode, SemanticModel } from '../model.js';
import { NO_EDGES } from '../model.js';
import type { NodeTarget } from '../report.js';
import { shortestPath, stronglyConnected } from '../graph-algorithms.js';
import { referenceIndex } from './helpers.js';
import type { Rule } from './rule.js';
import { byShape } from './rule.js';

/**
 * A cycle among derivations (`from`, and `reads`, which counts as `from`): an element
 * derived from itself. One diagnostic per strongly connected component, on the reference
 * of its first-declared element that enters the cycle.
 */
export const lineageCycle: Rule = {
    ids: ['lineage-cycle'],
    per: 'workspace',
    run({ model, reporter }) {
        for (const cycle of byShape(model, lineageCycle, () => cycles(model), () => undefined)) {
            const vertex = (n: MeshNode): string => (n.service ?? n).id;
            reporter.report('lineage-cycle', { cycle: [...cycle.map(e => vertex(e.source)), vertex(cycle[0].source)] }, referenceTarget(cycle[0]), {
                related: cycle.slice(1).map(e => ({ ...referenceTarget(e), message: `${vertex(e.source)} derives from ${vertex(e.target)}` })),
            });
        }
    },
};

/**
 * One cycle per cyclic strongly connected component of the derivations, as its edges,
 * starting at its first-declared element. It depends on the edges alone (the model's
 * shape), so the language server finds the cycles once and reports them on every run.
 */
function cycles(model: SemanticModel): MeshEdge[][] {
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
    const result: MeshEdge[][] = [];
    for (const members of stronglyConnected(sources, v => arcs(v).length, (v, i) => vertexOf(arcs(v)[i].target))) {
        // Most components are one element that does not derive from itself.
        if (members.length === 1 && !arcs(members[0]).some(e => vertexOf(e.target) === members[0])) continue;
        const inside = new Set(members);
        // The cycle is named from the element declared first (`index` is the model order).
        const first = members.reduce((a, b) => a.index <= b.index ? a : b);
        const head = arcs(first).find(e => inside.has(vertexOf(e.target)));
        if (!head) continue; // a single element that does not derive from itself
        const back = vertexOf(head.target) === first ? [] : shortestPath(vertexOf(head.target), first, arcs, e => vertexOf(e.target), w => inside.has(w));
        if (back) result.push([head, ...back]);
    }
    return result;
}

function referenceTarget(edge: MeshEdge): NodeTarget {
    const clause = edge.ast;
    if (ast.isFromClause(clause) || ast.isReadsClause(clause)) {
        const index = referenceIndex(clause.sources, edge.target.ast);
        if (index !== undefined) return { node: clause, property: 'sources' as never, index };
    }
    return { node: clause };
}
