import { formatDuration } from '../../guarantees/index.js';
import * as ast from '../../language/generated/ast.js';
import { describeLatency, latencyRelated, onCycle, syncGraph } from './sync-graph.js';
import type { Rule } from './rule.js';

/**
 * A call whose timeout is below the callee's end-to-end p99 gives up on normal requests.
 * End-to-end p99 comes from the synchronous call graph, computed once per vertex.
 */
export const timeoutBelowLatency: Rule = {
    ids: ['timeout-below-latency'],
    per: 'workspace',
    run({ model, reporter }) {
        const graph = syncGraph(model);
        for (const arc of graph.arcs) {
            const edge = arc.edge!;
            const timeoutMs = edge.call?.timeoutMs;
            // `$type`, not reflection: this looks at every call of the workspace on each run.
            if (edge.kind !== 'call' || timeoutMs === undefined || edge.ast.$type !== ast.CallsClause.$type) continue;
            if (onCycle(graph, arc)) continue; // sync-cycle's business
            const p99 = arc.to.e2eMs;
            if (!(timeoutMs < p99)) continue;
            const timeout = (edge.ast as ast.CallsClause).options.find(ast.isTimeoutClause)!;
            reporter.report('timeout-below-latency', {
                timeout: formatDuration(timeoutMs),
                target: edge.target.id,
                latency: describeLatency(graph, arc.to),
            }, { node: timeout, property: 'value' }, {
                related: latencyRelated(graph, arc.to),
                data: { p99Ms: p99 },
            });
        }
    },
};
