import { closest } from '../checker/names.js';
import type { GraphModel, GraphNode } from './types.js';

/** `--focus NAME` named nothing in the graph. The message is one line, with a suggestion when one is close. */
export class GraphFocusError extends Error {
    constructor(message: string) {
        super(message);
        this.name = 'GraphFocusError';
    }
}

/**
 * The drawn nodes a focus name denotes: a node id (`orders-api`, `public-api "/orders/*"`),
 * an operation (`orders-api.placeOrder` → its service) or a gateway drawn as a group of
 * routes (→ its routes). Empty when nothing matches.
 */
export function resolveFocus(graph: GraphModel, name: string): GraphNode[] {
    const exact = graph.nodes.find(n => n.id === name);
    if (exact) return [exact];
    const dot = name.lastIndexOf('.');
    if (dot > 0) {
        const service = graph.nodes.find(n => n.id === name.slice(0, dot) && n.operations.includes(name.slice(dot + 1)));
        if (service) return [service];
    }
    const gatewayGroup = graph.groups.find(g => g.kind === 'gateway' && g.label === name);
    if (gatewayGroup) return graph.nodes.filter(n => n.parent === gatewayGroup.id);
    return [];
}

/** Every name `resolveFocus` accepts (for suggestions). */
export function focusNames(graph: GraphModel): string[] {
    const names = new Set<string>();
    for (const n of graph.nodes) {
        names.add(n.id);
        for (const op of n.operations) names.add(`${n.id}.${op}`);
    }
    for (const g of graph.groups) if (g.kind === 'gateway') names.add(g.label);
    return [...names];
}

/**
 * The neighbourhood of `name`: nodes within `depth` hops (edges taken in either
 * direction), the edges among them, and the groups that still hold a node. Linear in the
 * size of the graph (one breadth-first search).
 */
export function focusGraph(graph: GraphModel, name: string, depth: number): GraphModel {
    const start = resolveFocus(graph, name);
    if (start.length === 0) {
        const suggestion = closest(name, focusNames(graph));
        throw new GraphFocusError(`no element named '${name}' in the graph` + (suggestion ? `; did you mean '${suggestion}'?` : ''));
    }
    const neighbours = new Map<string, string[]>();
    for (const e of graph.edges) {
        (neighbours.get(e.source) ?? neighbours.set(e.source, []).get(e.source)!).push(e.target);
        (neighbours.get(e.target) ?? neighbours.set(e.target, []).get(e.target)!).push(e.source);
    }
    const distance = new Map<string, number>(start.map(n => [n.id, 0]));
    const queue = start.map(n => n.id);
    for (let i = 0; i < queue.length; i++) {
        const id = queue[i];
        const d = distance.get(id)!;
        if (d >= depth) continue;
        for (const next of neighbours.get(id) ?? []) {
            if (distance.has(next)) continue;
            distance.set(next, d + 1);
            queue.push(next);
        }
    }
    const nodes = graph.nodes.filter(n => distance.has(n.id));
    const edges = graph.edges.filter(e => distance.has(e.source) && distance.has(e.target));
    const edgeIds = new Set(edges.map(e => e.id));
    const groupById = new Map(graph.groups.map(g => [g.id, g]));
    const used = new Set<string>();
    for (const n of nodes) for (let g = n.parent; g !== undefined && !used.has(g); g = groupById.get(g)?.parent) used.add(g);
    return {
        ...graph,
        focus: { name, node: start[0].id, depth },
        groups: graph.groups.filter(g => used.has(g.id)),
        nodes,
        edges,
        blastRadius: {
            degraded: graph.blastRadius.degraded.filter(b => edgeIds.has(b.edge)),
            floor: graph.blastRadius.floor.filter(b => edgeIds.has(b.edge)),
        },
    };
}
