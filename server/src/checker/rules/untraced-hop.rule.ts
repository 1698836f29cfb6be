import type { SyncVertex } from './sync-graph.js';
import { elementName, syncGraph } from './sync-graph.js';
import { arcTarget } from './sync-cycle.rule.js';
import type { Rule } from './rule.js';

/**
 * Trace context is causal evidence; a synchronous path between two traced elements that
 * passes through untraced ones breaks the trace. Linear: one backward sweep marks every
 * untraced vertex from which a traced one is reachable through untraced vertices only;
 * each call from a traced vertex into such a vertex is reported (a run of untraced
 * elements is reported once, where it is entered).
 */
export const untracedHop: Rule = {
    ids: ['untraced-hop'],
    per: 'workspace',
    run({ model, reporter }) {
        const graph = syncGraph(model);
        // For each untraced vertex that leads to a traced one: the traced vertex it reaches.
        const reaches = new Map<SyncVertex, SyncVertex>();
        const queue: SyncVertex[] = [];
        for (const v of graph.vertices) {
            if (v.tracing) continue;
            const traced = v.out.find(a => a.to.tracing);
            if (traced) {
                reaches.set(v, traced.to);
                queue.push(v);
            }
        }
        for (let i = 0; i < queue.length; i++) {
            const v = queue[i];
            for (const a of v.in) {
                if (a.from.tracing || reaches.has(a.from)) continue;
                reaches.set(a.from, reaches.get(v)!);
                queue.push(a.from);
            }
        }
        for (const arc of graph.arcs) {
            const callee = reaches.get(arc.to);
            if (!arc.from.tracing || !callee) continue;
            reporter.report('untraced-hop', { hop: elementName(arc.to), from: elementName(arc.from), to: elementName(callee) }, arcTarget(arc), {
                related: [
                    { node: arc.to.node.element.ast, property: 'name' as never, message: `'${elementName(arc.to)}' declares no tracing and is in no tracing mesh` },
                    { node: callee.node.element.ast, property: 'name' as never, message: `'${elementName(callee)}' propagates trace context` },
                ],
                data: { element: elementName(arc.to) },
            });
        }
    },
};
