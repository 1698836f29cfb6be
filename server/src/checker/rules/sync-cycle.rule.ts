import type { NodeTarget } from '../report.js';
import { shortestPath } from '../graph-algorithms.js';
import type { SyncArc, SyncVertex } from './sync-graph.js';
import { syncGraph } from './sync-graph.js';
import type { Rule } from './rule.js';

/**
 * A cycle of synchronous calls (a distributed monolith). One diagnostic per strongly
 * connected component of the synchronous call graph — enumerating every cycle would be
 * exponential — placed on its first-declared call, naming one shortest cycle through it.
 */
export const syncCycle: Rule = {
    ids: ['sync-cycle'],
    per: 'workspace',
    run({ model, reporter }) {
        const graph = syncGraph(model);
        const reported = new Set<number>();
        for (const head of graph.arcs) {
            const scc = head.from.scc;
            if (!graph.cyclic[scc] || head.to.scc !== scc || reported.has(scc)) continue;
            reported.add(scc);
            const back = head.to === head.from ? [] : shortestPath(head.to, head.from, v => v.out, a => a.to, w => w.scc === scc);
            if (!back) continue;
            const cycle = [head, ...back];
            const calls = cycle.filter(a => a.edge);
            reporter.report('sync-cycle', { cycle: cycleLabels(cycle) }, arcTarget(head), {
                related: calls.slice(1).map(a => ({ ...arcTarget(a), message: `${a.from.label} calls ${a.to.label}` })),
                data: { cycle: cycleLabels(cycle) },
            });
        }
    },
};

/** The real vertices of a cycle, starting at the head call's caller and closing on it. */
function cycleLabels(cycle: readonly SyncArc[]): string[] {
    const vertices: SyncVertex[] = cycle.map(a => a.from);
    const real = vertices.filter(v => v.kind === 'node');
    // A service-level call starts from the service's shared vertex: its caller is the operation before it.
    if (vertices[0].kind !== 'node' && real.length > 0) real.unshift(real.pop()!);
    const labels = real.map(v => v.label);
    return labels.length > 0 ? [...labels, labels[0]] : [vertices[0].label, vertices[0].label];
}

export function arcTarget(arc: SyncArc): NodeTarget {
    return { node: arc.edge!.ast, property: 'target' as never };
}
