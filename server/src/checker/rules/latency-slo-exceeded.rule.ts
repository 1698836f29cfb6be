import { formatDuration } from '../../guarantees/index.js';
import type { SyncVertex } from './sync-graph.js';
import { latencyBreakdown, latencyRelated, syncGraph } from './sync-graph.js';
import { operationsOf, sloClause } from './helpers.js';
import type { Rule } from './rule.js';

/**
 * A conservative latency budget: own p99 plus the end-to-end p99 of every synchronous
 * call (summed as if sequential) must fit the `slo`. Computed per operation; the slowest
 * operation is compared with the service's `slo`, once per service.
 */
export const latencySloExceeded: Rule = {
    ids: ['latency-slo-exceeded'],
    per: 'workspace',
    run({ model, reporter }) {
        const graph = syncGraph(model);
        const ops = operationsOf(model);
        for (const node of model.nodes) {
            if (node.kind !== 'service' || node.sloMs === undefined) continue;
            const slo = sloClause(node);
            if (!slo) continue;
            // The slowest of its operations (or of itself, without any): the first on a tie.
            let slowest: SyncVertex | undefined;
            for (const n of ops.get(node) ?? [node]) {
                const v = graph.nodeVertex[n.index];
                if (v && (!slowest || v.e2eMs > slowest.e2eMs)) slowest = v;
            }
            if (!slowest || !(slowest.e2eMs > node.sloMs)) continue;
            reporter.report('latency-slo-exceeded', {
                element: slowest.label,
                total: formatDuration(slowest.e2eMs),
                slo: formatDuration(node.sloMs),
                breakdown: latencyBreakdown(graph, slowest),
            }, { node: slo, property: 'value' }, {
                related: latencyRelated(graph, slowest),
                data: { totalMs: slowest.e2eMs, sloMs: node.sloMs },
            });
        }
    },
};
