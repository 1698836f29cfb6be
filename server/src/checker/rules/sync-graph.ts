import { formatDuration } from '../../guarantees/index.js';
import * as ast from '../../language/generated/ast.js';
import type { MeshEdge, MeshNode, SemanticModel } from '../model.js';
import type { RelatedTarget } from '../report.js';
import { isMember } from '../model.js';
import { stronglyConnected } from '../graph-algorithms.js';
import { operationsOf } from './helpers.js';
import { byShape } from './rule.js';

/**
 * The synchronous call graph shared by sync-cycle, sync-chain-depth, untraced-hop and the
 * latency rules (docs/rules/sync-cycle.md). Its vertices are operations, plus services
 * without operations, clients, gateways, gateway routes and any other called element.
 *
 * A service-level `calls` counts for every operation of its service, and a call to a
 * service as a whole may reach any of its operations. Drawing those as arcs from every
 * operation (or to every operation) would multiply operations by calls; instead each
 * service with operations gets two virtual vertices, `shared` (operations → shared →
 * callees) and `entry` (callers → entry → operations), joined by arcs of weight 0. The
 * graph stays linear in the model, and weight-1 arcs are exactly the `calls` clauses and
 * route forwards.
 */
export interface SyncVertex {
    /** `node`: an operation, route or element; `entry`/`shared`: a service's virtual vertices. */
    kind: 'node' | 'entry' | 'shared';
    node: MeshNode;
    /** How messages name the vertex: the node's id (a virtual vertex: its service's). */
    label: string;
    out: SyncArc[];
    in: SyncArc[];
    tracing: boolean;
    /** Own p99 in ms (0 when not declared). */
    ownMs: number;
    /** How callees add up: a sequence of calls sums, alternatives (entry, route split) take the slowest. */
    combine: 'sum' | 'max';
    /** Position in `SyncGraph.vertices`. */
    position: number;
    /** Index into `SyncGraph.sccs`. */
    scc: number;
    /** End-to-end p99: own p99 plus the callees' (arcs inside a cycle count 0). */
    e2eMs: number;
}

export interface SyncArc {
    from: SyncVertex;
    to: SyncVertex;
    /** The `calls` clause or route forward; absent on the virtual weight-0 arcs. */
    edge?: MeshEdge;
    weight: 0 | 1;
}

export interface SyncGraph {
    vertices: SyncVertex[];
    /** Weight-1 arcs in declaration order. */
    arcs: SyncArc[];
    arcOf: Map<MeshEdge, SyncArc>;
    /** Each model node's own vertex (kind `node`), by `MeshNode.index`; absent for a service with operations. */
    nodeVertex: readonly (SyncVertex | undefined)[];
    /** Strongly connected components, successors first. */
    sccs: SyncVertex[][];
    cyclic: boolean[];
}

/** Whether an arc lies on a synchronous cycle (both ends in one cyclic component). */
export function onCycle(graph: SyncGraph, arc: SyncArc): boolean {
    return arc.from.scc === arc.to.scc && graph.cyclic[arc.from.scc];
}

/** Whether a vertex belongs to a synchronous cycle. */
export function inCycle(graph: SyncGraph, v: SyncVertex): boolean {
    return graph.cyclic[v.scc];
}

/** The element a vertex stands for (a route's gateway, an operation's service). */
export function elementName(v: SyncVertex): string {
    return v.node.element.name;
}

const NO_ARCS: SyncArc[] = Object.freeze([]) as unknown as SyncArc[];

/**
 * The synchronous call graph of a model, shared by the rules. Its shape is built once per
 * shape of the model (an incremental update keeps it); its facts (tracing, own p99) and
 * the end-to-end p99s are worked out again on every run.
 */
export function syncGraph(model: SemanticModel): SyncGraph {
    return byShape(model, syncGraph, () => build(model), graph => refresh(model, graph));
}

/** A vertex's own p99: its node's, a route's gateway's; 0 for a gateway and for a virtual vertex. */
function ownLatency(model: SemanticModel, v: SyncVertex): number {
    if (v.kind !== 'node') return 0;
    switch (v.node.kind) {
        case 'route': return model.nodeByAst.get(v.node.element.ast)?.latencyP99Ms ?? 0;
        // Its latency is counted on each route; called as a whole it is its slowest route.
        case 'gateway': return 0;
        default: return v.node.latencyP99Ms ?? 0;
    }
}

function traced(model: SemanticModel, n: MeshNode): boolean {
    if (n.tracing) return true;
    for (const m of model.meshes) if (m.tracing !== undefined && isMember(m, n)) return true;
    return false;
}

// Indexed loops, without closures: these run over the whole graph on every edit in the
// language server, mostly before V8 optimizes them, where iterators still allocate.

/** The facts of every vertex from the model's nodes, then the end-to-end p99s. */
function refresh(model: SemanticModel, graph: SyncGraph): void {
    const vertices = graph.vertices;
    for (let i = 0; i < vertices.length; i++) {
        const v = vertices[i];
        v.tracing = traced(model, v.node);
        v.ownMs = ownLatency(model, v);
    }
    endToEnd(graph);
}

/** Successors first: every callee outside the caller's cycle is final when it is read. */
function endToEnd(graph: SyncGraph): void {
    const sccs = graph.sccs;
    for (let s = 0; s < sccs.length; s++) {
        const members = sccs[s];
        for (let m = 0; m < members.length; m++) {
            const v = members[m];
            let callees = 0;
            const out = v.out;
            for (let k = 0; k < out.length; k++) {
                const a = out[k];
                const ms = onCycle(graph, a) ? 0 : a.to.e2eMs;
                callees = v.combine === 'sum' ? callees + ms : Math.max(callees, ms);
            }
            v.e2eMs = v.ownMs + callees;
        }
    }
}

function build(model: SemanticModel): SyncGraph {
    const ops = operationsOf(model);
    const vertices: SyncVertex[] = [];
    const arcs: SyncArc[] = [];
    const arcOf = new Map<MeshEdge, SyncArc>();
    // Per-node lookups are arrays indexed by `MeshNode.index` (the model's key for per-node
    // tables): this graph is rebuilt on every analysis, and Maps keyed by records cost more.
    const count = model.nodes.length;
    const nodeVertex: SyncVertex[] = new Array(count);
    const entries: (SyncVertex | undefined)[] = new Array(count);
    const shared: (SyncVertex | undefined)[] = new Array(count);
    const gatewaysOpened = new Uint8Array(count);
    const routesOf: (MeshNode[] | undefined)[] = new Array(count);
    const vertex = (kind: SyncVertex['kind'], node: MeshNode, combine: SyncVertex['combine']): SyncVertex => {
        const v: SyncVertex = { kind, node, label: node.id, out: NO_ARCS, in: NO_ARCS, tracing: false, ownMs: 0, combine, position: vertices.length, scc: -1, e2eMs: 0 };
        vertices.push(v);
        return v;
    };
    const arc = (from: SyncVertex, to: SyncVertex, weight: 0 | 1, edge?: MeshEdge): SyncArc => {
        const a: SyncArc = { from, to, weight, edge };
        // Most vertices have no arcs one way or the other: they share one empty list until then.
        if (from.out === NO_ARCS) from.out = [a];
        else from.out.push(a);
        if (to.in === NO_ARCS) to.in = [a];
        else to.in.push(a);
        if (edge) {
            arcs.push(a);
            arcOf.set(edge, a);
        }
        return a;
    };
    const hasOps = (n: MeshNode): boolean => n.kind === 'service' && ops.has(n);

    for (const node of model.nodes) {
        if (hasOps(node)) continue;
        if (node.kind === 'route') {
            const gateway = model.nodeByAst.get(node.element.ast);
            if (gateway) {
                const list = routesOf[gateway.index];
                if (list) list.push(node);
                else routesOf[gateway.index] = [node];
            }
            nodeVertex[node.index] = vertex('node', node, 'max');
        } else {
            nodeVertex[node.index] = vertex('node', node, node.kind === 'gateway' ? 'max' : 'sum');
        }
    }
    const sharedOf = (service: MeshNode): SyncVertex => {
        let v = shared[service.index];
        if (!v) {
            v = vertex('shared', service, 'sum');
            shared[service.index] = v;
            for (const op of ops.get(service) ?? []) arc(nodeVertex[op.index], v, 0);
        }
        return v;
    };
    const entryOf = (service: MeshNode): SyncVertex => {
        let v = entries[service.index];
        if (!v) {
            v = vertex('entry', service, 'max');
            entries[service.index] = v;
            for (const op of ops.get(service) ?? []) arc(v, nodeVertex[op.index], 0);
        }
        return v;
    };
    const from = (n: MeshNode): SyncVertex => hasOps(n) ? sharedOf(n) : nodeVertex[n.index];
    const to = (n: MeshNode): SyncVertex => {
        if (hasOps(n)) return entryOf(n);
        const v = nodeVertex[n.index];
        if (n.kind === 'gateway' && gatewaysOpened[n.index] === 0) {
            gatewaysOpened[n.index] = 1;
            for (const route of routesOf[n.index] ?? []) arc(v, nodeVertex[route.index], 0);
        }
        return v;
    };

    for (const edge of model.edges) {
        if (edge.kind === 'call') arc(from(edge.source), to(edge.target), 1, edge);
        else if (edge.kind === 'route') arc(nodeVertex[edge.source.index], to(edge.target), 1, edge);
    }

    const sccs = stronglyConnected(vertices, v => v.out.length, (v, i) => v.out[i].to, v => v.position);
    const cyclic = sccs.map((members, i) => {
        for (const v of members) v.scc = i;
        return members.length > 1 || members[0].out.some(a => a.to === members[0]);
    });
    const graph: SyncGraph = { vertices, arcs, arcOf, nodeVertex, sccs, cyclic };
    refresh(model, graph);
    return graph;
}

/**
 * What a vertex's end-to-end p99 is made of: its own p99, then each callee's (a service's
 * shared calls inlined), or for alternatives (entry, route) the slowest one. Arcs on a
 * cycle count 0 and are left out.
 */
export function latencyParts(graph: SyncGraph, v: SyncVertex): { label: string; ms: number; arc?: SyncArc }[] {
    const parts: { label: string; ms: number; arc?: SyncArc }[] = [];
    if (v.ownMs > 0) parts.push({ label: 'own', ms: v.ownMs });
    const counted = (a: SyncArc): boolean => !onCycle(graph, a) && a.to.e2eMs > 0;
    if (v.combine === 'max') {
        const slowest = v.out.filter(counted).reduce<SyncArc | undefined>((best, a) => !best || a.to.e2eMs > best.to.e2eMs ? a : best, undefined);
        if (slowest) parts.push({ label: slowest.to.label, ms: slowest.to.e2eMs, arc: slowest });
        return parts;
    }
    for (const a of v.out) {
        const calls = a.weight === 0 && a.to.kind === 'shared' ? (onCycle(graph, a) ? [] : a.to.out) : [a];
        for (const call of calls) if (counted(call)) parts.push({ label: call.to.label, ms: call.to.e2eMs, arc: call });
    }
    return parts;
}

/** `80ms own + fraud.score 120ms`. */
export function latencyBreakdown(graph: SyncGraph, v: SyncVertex): string {
    const parts = latencyParts(graph, v);
    if (parts.length === 0) return '0ms';
    return parts.map(p => p.label === 'own' ? `${formatDuration(p.ms)} own` : `${p.label} ${formatDuration(p.ms)}`).join(' + ');
}

/** `200ms = 80ms own + fraud.score 120ms` (just `80ms` when it is all the vertex's own). */
export function describeLatency(graph: SyncGraph, v: SyncVertex): string {
    const parts = latencyParts(graph, v);
    const total = formatDuration(v.e2eMs);
    if (parts.every(p => p.label === 'own')) return total;
    return `${total} = ${latencyBreakdown(graph, v)}`;
}

/** The declarations behind an end-to-end p99: the vertex's own latency clause and each contributing call. */
export function latencyRelated(graph: SyncGraph, v: SyncVertex): RelatedTarget[] {
    const related: RelatedTarget[] = [];
    const own = latencyClause(v);
    if (own && v.ownMs > 0) related.push({ node: own, property: 'value' as never, message: `${v.label}: own p99 ${formatDuration(v.ownMs)}` });
    for (const part of latencyParts(graph, v)) {
        if (!part.arc?.edge) continue;
        related.push({ node: part.arc.edge.ast, property: 'target' as never, message: `${part.label}: end-to-end p99 ${formatDuration(part.ms)}` });
    }
    return related;
}

/** The `latency p99` clause a vertex's own p99 comes from (an operation's, else its service's or gateway's). */
function latencyClause(v: SyncVertex): ast.LatencyClause | undefined {
    const find = (clauses: readonly unknown[]): ast.LatencyClause | undefined =>
        clauses.find((c): c is ast.LatencyClause => ast.isLatencyClause(c) && c.percentile === 'p99');
    const node = v.node.ast;
    if (ast.isOperation(node)) return find(node.clauses) ?? find((node.$container as ast.Service).members);
    if (ast.isRoute(node)) return find(node.$container.members);
    return 'members' in node ? find(node.members as unknown[]) : undefined;
}
