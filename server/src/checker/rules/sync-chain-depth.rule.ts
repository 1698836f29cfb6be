import { ruleOption } from '../config.js';
import type { SyncArc, SyncGraph, SyncVertex } from './sync-graph.js';
import { inCycle, syncGraph } from './sync-graph.js';
import { arcTarget } from './sync-cycle.rule.js';
import type { Rule } from './rule.js';
import { byShape } from './rule.js';

/**
 * The longest synchronous call chain from each root, by dynamic programming over the
 * condensation (successors first, so linear). Vertices on a cycle are left out: chains
 * through a cycle are sync-cycle's. Reported once per starting element, on the chain's
 * first call, and not again for a later entry into an already reported chain.
 */
export const syncChainDepth: Rule = {
    ids: ['sync-chain-depth'],
    per: 'workspace',
    run({ model, reporter, config }) {
        const max = ruleOption(config, 'sync-chain-depth', 'max', 5);
        const graph = syncGraph(model);
        const { depth, best, roots } = byShape(model, syncChainDepth, () => chains(graph), () => undefined);
        // Per element, its deepest root deeper than `max`.
        const deepest = new Map<string, SyncVertex>();
        for (const v of roots) {
            const d = depth.get(v)!;
            const key = v.node.element.name;
            const current = deepest.get(key);
            if (d > max && (!current || d > depth.get(current)!)) deepest.set(key, v);
        }
        // Deepest first; a chain whose first call lies on a chain already reported is a
        // suffix of it (another entry into the same long chain) and is not reported again.
        const onReported = new Set<SyncArc>();
        for (const root of [...deepest.values()].sort((a, b) => depth.get(b)! - depth.get(a)!)) {
            const chain = chainFrom(root, best);
            const head = chain.find(a => a.edge);
            if (!head || onReported.has(head)) continue;
            for (const a of chain) onReported.add(a);
            const labels = [root.label, ...chain.filter(a => a.to.kind === 'node').map(a => a.to.label)];
            reporter.report('sync-chain-depth', { depth: depth.get(root)!, max, chain: labels }, arcTarget(head), {
                related: chain.filter(a => a.edge && a !== head).map(a => ({ ...arcTarget(a), message: `${a.from.label} calls ${a.to.label}` })),
                data: { depth: depth.get(root)!, max },
            });
        }
    },
};

interface Chains {
    /** The length of the longest chain of calls from each vertex off a cycle. */
    depth: Map<SyncVertex, number>;
    /** The first call of that chain. */
    best: Map<SyncVertex, SyncArc>;
    /** Real vertices off every cycle that no call from off a cycle reaches, in graph order. */
    roots: SyncVertex[];
}

/**
 * The longest chains of the synchronous call graph and where they can start. Depths count
 * calls, not latencies, so they depend on the graph's shape alone: the language server
 * works them out once per shape (`byShape`), and each run reports those deeper than the
 * configured `max`.
 */
function chains(graph: SyncGraph): Chains {
    const depth = new Map<SyncVertex, number>();
    const best = new Map<SyncVertex, SyncArc>();
    for (const members of graph.sccs) {
        if (graph.cyclic[members[0].scc]) continue;
        const v = members[0];
        let d = 0;
        for (const a of v.out) {
            if (inCycle(graph, a.to)) continue;
            const through = a.weight + depth.get(a.to)!;
            if (through > d) {
                d = through;
                best.set(v, a);
            }
        }
        depth.set(v, d);
    }
    const roots = graph.vertices.filter(v => v.kind === 'node' && !inCycle(graph, v) && !v.in.some(a => !inCycle(graph, a.from)));
    return { depth, best, roots };
}

/** The longest chain from a vertex, following each vertex's deepest arc (its length is the output's). */
function chainFrom(root: SyncVertex, best: Map<SyncVertex, SyncArc>): SyncArc[] {
    const chain: SyncArc[] = [];
    for (let at: SyncVertex | undefined = root; at && best.has(at);) {
        const a: SyncArc = best.get(at)!;
        chain.push(a);
        at = a.to;
    }
    return chain;
}
