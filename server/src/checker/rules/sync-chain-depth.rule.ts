import { ruleOption } from '../config.js';
import type { SyncArc, SyncVertex } from './sync-graph.js';
import { inCycle, syncGraph } from './sync-graph.js';
import { arcTarget } from './sync-cycle.rule.js';
import type { Rule } from './rule.js';

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
        // Roots: real vertices off every cycle that no call from off a cycle reaches.
        const deepest = new Map<string, SyncVertex>();
        for (const v of graph.vertices) {
            if (v.kind !== 'node' || inCycle(graph, v) || v.in.some(a => !inCycle(graph, a.from))) continue;
            const d = depth.get(v)!;
            const key = v.node.element.name;
            const current = deepest.get(key);
            if (d > max && (!current || d > depth.get(current)!)) deepest.set(key, v);
        }
        // Deepest first; a chain whose first call lies on a chain already reported is a
        // suffix of it (another entry into the same long chain) and is not reported again.
        const onReported = new Set<SyncArc>();
        const roots = [...deepest.values()].sort((a, b) => depth.get(b)! - depth.get(a)!);
        for (const root of roots) {
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
