import { formatDuration, parseDuration } from '../../guarantees/index.js';
import * as ast from '../../language/generated/ast.js';
import type { SyncArc, SyncGraph } from './sync-graph.js';
import { describeLatency, latencyRelated, onCycle, syncGraph } from './sync-graph.js';
import type { Reporter } from '../report.js';
import type { Rule } from './rule.js';

/**
 * A call whose timeout is below the callee's end-to-end p99 gives up on normal requests.
 * End-to-end p99 comes from the synchronous call graph, computed once per vertex. A
 * gateway route's forwarding to its backend is a call too (docs/language.md): the route's
 * own `timeout` is checked against its backend's (a split's slowest target's) p99.
 */
export const timeoutBelowLatency: Rule = {
    ids: ['timeout-below-latency'],
    per: 'workspace',
    run({ model, reporter }) {
        const graph = syncGraph(model);
        for (const arc of graph.arcs) {
            const edge = arc.edge!;
            // `$type`, not reflection: this looks at every call of the workspace on each run.
            if (edge.kind === 'route') {
                // Once per route, at its first backend.
                if (arc.from.out[0] === arc && edge.source.ast.$type === ast.Route.$type) routeTimeout(graph, arc.from.out, edge.source.ast as ast.Route, reporter);
                continue;
            }
            const timeoutMs = edge.call?.timeoutMs;
            if (edge.kind !== 'call' || timeoutMs === undefined || edge.ast.$type !== ast.CallsClause.$type) continue;
            if (onCycle(graph, arc)) continue; // sync-cycle's business
            const timeout = (edge.ast as ast.CallsClause).options.find(ast.isTimeoutClause)!;
            check(graph, arc, timeoutMs, timeout, reporter);
        }
    },
};

/** A route's `timeout` against the slowest of its backends (arcs on a synchronous cycle left to sync-cycle). */
function routeTimeout(graph: SyncGraph, backends: readonly SyncArc[], route: ast.Route, reporter: Reporter): void {
    const timeout = route.options.find(ast.isTimeoutClause);
    const timeoutMs = timeout?.value === undefined ? undefined : parseDuration(timeout.value);
    if (!timeout || timeoutMs === undefined) return;
    let slowest: SyncArc | undefined;
    for (const arc of backends) {
        if (arc.edge?.kind !== 'route' || onCycle(graph, arc)) continue;
        if (!slowest || arc.to.e2eMs > slowest.to.e2eMs) slowest = arc;
    }
    if (slowest) check(graph, slowest, timeoutMs, timeout, reporter);
}

function check(graph: SyncGraph, arc: SyncArc, timeoutMs: number, timeout: ast.TimeoutClause, reporter: Reporter): void {
    const p99 = arc.to.e2eMs;
    if (!(timeoutMs < p99)) return;
    reporter.report('timeout-below-latency', {
        timeout: formatDuration(timeoutMs),
        target: arc.edge!.target.id,
        latency: describeLatency(graph, arc.to),
    }, { node: timeout, property: 'value' }, {
        related: latencyRelated(graph, arc.to),
        data: { p99Ms: p99 },
    });
}
