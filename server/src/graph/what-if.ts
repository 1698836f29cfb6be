import type { ComponentName, Requirement, Vector } from '../guarantees/index.js';
import { COMPONENTS, COMPONENT_LABELS, EO, STALE, addRecency, formatComponent, formatRequirement, meetComponent, satisfies } from '../guarantees/index.js';
import type { GraphEdge, GraphEdgeMember, GraphMode, GraphModel, GraphNode } from './types.js';

/**
 * The failure what-if of the graph view: "what breaks if this node drops to its floor
 * mode, or goes down?" — computed from the graph model alone (no checker, no Langium), so
 * the webview answers it instantly. One pass over the nodes downstream of the failure;
 * each node's weakening can only grow and Recency widens to EO after a few changes, so
 * the work is linear in nodes + edges (no path enumeration).
 *
 * Semantics (the checker's, LANGUAGE.md §4–5, applied to one element):
 * - floor: the node's vector becomes its floor vector. Consumers of its data see at most
 *   that (derived elements pass on Order, Visibility, Recency — plus their own lag — and
 *   Idempotence; Scope and Auth are their own). A requirement on an edge breaks when it
 *   held before and fails with the weakened vector.
 * - down: every synchronous caller's call fails — the caller goes down too unless the call
 *   declares a `fallback` (then it is degraded); a route to it is down; a saga step on it
 *   fails; consumers of a down topic get nothing; derived data stops refreshing (Recency
 *   Stale downstream).
 */

export type FailureKind = 'floor' | 'down';

/** How a node is affected: the one that failed, down by cascade, or running degraded. */
export type NodeEffect = 'failed' | 'down' | 'degraded';
/** `broken`: a requirement on it (or the call itself) fails; `affected`: it carries weakened data, requirements hold. */
export type EdgeEffect = 'broken' | 'affected';

export interface WhatIfResult {
    failed: string;
    kind: FailureKind;
    mode: GraphMode;
    nodes: Record<string, NodeEffect>;
    edges: Record<string, EdgeEffect>;
    /** One line per broken edge, in edge id order. */
    reasons: { edge: string; text: string }[];
    /** One-line summary for the UI. */
    summary: string;
}

type Cap = Requirement;

const DERIVED: readonly ComponentName[] = ['order', 'visibility', 'recency', 'idempotence'];
/** After this many weakenings of one node (only possible around a cycle), Recency is widened to EO. */
const WIDEN_AFTER = 2;

export function whatIf(graph: GraphModel, failedId: string, kind: FailureKind, mode: GraphMode): WhatIfResult {
    const nodes = new Map(graph.nodes.map(n => [n.id, n]));
    const failed = nodes.get(failedId);
    const nodeEffects = new Map<string, NodeEffect>();
    const edgeEffects = new Map<string, EdgeEffect>();
    const reasons = new Map<string, string>();
    if (!failed) return result(failedId, kind, mode, nodeEffects, edgeEffects, reasons, `no node '${failedId}'`);

    // Edges by the node whose data (or availability) they depend on.
    const byProvider = new Map<string, GraphEdge[]>();
    for (const e of graph.edges) {
        const provider = providerOf(e);
        if (provider === undefined) continue;
        const list = byProvider.get(provider);
        if (list) list.push(e);
        else byProvider.set(provider, [e]);
    }

    const down = new Set<string>();
    const caps = new Map<string, Cap>();
    const changes = new Map<string, number>();
    const queue: string[] = [failedId];
    nodeEffects.set(failedId, 'failed');
    if (kind === 'down') {
        down.add(failedId);
    } else {
        const floor = failed.whatIf.floor;
        if (!floor) {
            return result(failedId, kind, mode, nodeEffects, edgeEffects, reasons,
                `${failedId} declares no degraded or floor mode: in floor mode it keeps its target vector, nothing breaks`);
        }
        caps.set(failedId, { ...floor });
    }

    const breakEdge = (e: GraphEdge, text: string): void => {
        edgeEffects.set(e.id, 'broken');
        const previous = reasons.get(e.id);
        reasons.set(e.id, previous ? `${previous}; ${text}` : text);
    };
    const touch = (e: GraphEdge): void => {
        if (!edgeEffects.has(e.id)) edgeEffects.set(e.id, 'affected');
    };
    const markDown = (id: string): void => {
        if (down.has(id)) return;
        down.add(id);
        caps.delete(id);
        if (nodeEffects.get(id) !== 'failed') nodeEffects.set(id, 'down');
        queue.push(id);
    };
    const capNode = (id: string, cap: Cap): void => {
        if (down.has(id)) return;
        const before = caps.get(id);
        let next = before ? meetCaps(before, cap) : cap;
        if (before && sameCap(before, next)) return;
        const count = (changes.get(id) ?? 0) + 1;
        changes.set(id, count);
        if (count > WIDEN_AFTER && next.recency !== undefined) next = { ...next, recency: meetComponent('recency', next.recency, EO) };
        caps.set(id, next);
        if (!nodeEffects.has(id)) nodeEffects.set(id, 'degraded');
        queue.push(id);
    };

    for (let i = 0; i < queue.length; i++) {
        const providerId = queue[i];
        const isDown = down.has(providerId);
        const cap = caps.get(providerId);
        if (!isDown && !cap) continue;
        for (const e of byProvider.get(providerId) ?? []) {
            const consumer = consumerOf(e);
            const consumerNode = nodes.get(consumer);
            if (isDown) {
                switch (e.kind) {
                    case 'call': {
                        const fallbacks = e.members.map(m => m.fallback).filter((f): f is string => f !== undefined);
                        if (fallbacks.length === e.members.length && fallbacks.length > 0) {
                            breakEdge(e, `${providerId} is down; ${consumer} falls back (${[...new Set(fallbacks)].join(', ')})`);
                            if (!down.has(consumer) && nodeEffects.get(consumer) === undefined) nodeEffects.set(consumer, 'degraded');
                        } else {
                            breakEdge(e, `${providerId} is down: the call fails${fallbacks.length > 0 ? ' (not every call declares a fallback)' : ' (no fallback)'}`);
                            markDown(consumer);
                        }
                        break;
                    }
                    case 'route':
                        breakEdge(e, `${providerId} is down: the route has no backend`);
                        markDown(consumer);
                        break;
                    case 'step':
                        breakEdge(e, `${providerId} is down: the saga step fails`);
                        markDown(consumer);
                        break;
                    case 'consume':
                        breakEdge(e, `${providerId} is down: no events reach ${consumer}`);
                        break;
                    case 'from':
                    case 'read': {
                        const stale: Cap = { recency: STALE };
                        evaluate(e, stale, mode, breakEdge, touch, `${providerId} is down: data is no longer refreshed`);
                        if (consumerNode) capNode(consumer, derive(stale, consumerNode));
                        break;
                    }
                    default:
                        break;
                }
                continue;
            }
            // A weakened provider: what arrives over the edge is at most its cap.
            evaluate(e, cap!, mode, breakEdge, touch, `${providerId} ${providerId === failedId ? 'in floor mode' : 'weakened'}`);
            if ((e.kind === 'from' || e.kind === 'read' || e.kind === 'route') && consumerNode) {
                const derived = derive(cap!, consumerNode);
                if (Object.keys(derived).length > 0) capNode(consumer, derived);
            }
        }
    }

    const broken = [...edgeEffects.values()].filter(v => v === 'broken').length;
    const downCount = [...nodeEffects.values()].filter(v => v === 'down').length;
    const degradedCount = [...nodeEffects.values()].filter(v => v === 'degraded').length;
    const summary = `${failedId} ${kind === 'down' ? 'down' : 'in floor mode'} (rest in ${mode} mode): `
        + `${broken} edge${broken === 1 ? ' breaks' : 's break'}`
        + (downCount > 0 ? `, ${downCount} more node${downCount === 1 ? '' : 's'} down` : '')
        + (degradedCount > 0 ? `, ${degradedCount} node${degradedCount === 1 ? '' : 's'} degraded` : '');
    return result(failedId, kind, mode, nodeEffects, edgeEffects, reasons, summary);
}

/** The node whose data or availability the edge's consumer depends on; undefined for publish and write. */
export function providerOf(e: GraphEdge): string | undefined {
    switch (e.kind) {
        case 'call': case 'route': case 'step': return e.target;
        case 'consume': case 'from': case 'read': return e.source;
        default: return undefined;
    }
}

function consumerOf(e: GraphEdge): string {
    return e.kind === 'consume' || e.kind === 'from' || e.kind === 'read' ? e.target : e.source;
}

/** What a derived node (or route) passes on of an input's weakening: only the derived components, plus its own lag. */
function derive(cap: Cap, node: GraphNode): Cap {
    const out: Cap = {};
    for (const c of DERIVED) {
        if (cap[c] === undefined || node.whatIf.establishes.includes(c)) continue;
        (out as Record<string, unknown>)[c] = cap[c];
    }
    if (out.recency !== undefined && node.whatIf.lagMs) out.recency = addRecency(out.recency, { kind: 'BS', ms: node.whatIf.lagMs });
    return out;
}

function meetCaps(a: Cap, b: Cap): Cap {
    const out: Cap = { ...a };
    for (const c of COMPONENTS) {
        const bv = b[c];
        if (bv === undefined) continue;
        const av = a[c];
        (out as Record<string, unknown>)[c] = av === undefined ? bv : meetComponent(c, av as never, bv as never);
    }
    return out;
}

function sameCap(a: Cap, b: Cap): boolean {
    return COMPONENTS.every(c => (a[c] === undefined) === (b[c] === undefined) && (a[c] === undefined || formatComponent(c, a[c] as never) === formatComponent(c, b[c] as never)));
}

function applyCap(v: Vector, cap: Cap): Vector {
    const out = { ...v };
    for (const c of COMPONENTS) {
        const cv = cap[c];
        if (cv !== undefined) (out as Record<string, unknown>)[c] = meetComponent(c, v[c] as never, cv as never);
    }
    return out;
}

/** Checks the edge's requirements (those that apply in `mode`) against its effective vector weakened by `cap`. */
function evaluate(e: GraphEdge, cap: Cap, mode: GraphMode, breakEdge: (e: GraphEdge, text: string) => void, touch: (e: GraphEdge) => void, why: string): void {
    let brokeAny = false;
    for (const member of e.members) {
        const effective = member.effective[mode];
        if (!effective) continue;
        const weakened = applyCap(effective, cap);
        for (const r of applicable(member, mode)) {
            const before = new Set(satisfies(effective, r.vector));
            const now = satisfies(weakened, r.vector).filter(c => !before.has(c));
            if (now.length === 0) continue;
            brokeAny = true;
            const detail = now.map(c => `${COMPONENT_LABELS[c]} needs ${formatComponent(c, r.vector[c] as never)}, gets ${formatComponent(c, weakened[c] as never)}`).join('; ');
            breakEdge(e, `${member.description} requires ${r.mode ? `in ${r.mode} ` : ''}${formatRequirement(r.vector)}: ${detail} (${why})`);
        }
    }
    if (!brokeAny) touch(e);
}

function applicable(member: GraphEdgeMember, mode: GraphMode): GraphEdgeMember['requirements'] {
    return member.requirements.filter(r => r.mode === undefined || r.mode === mode);
}

function result(
    failed: string, kind: FailureKind, mode: GraphMode,
    nodes: Map<string, NodeEffect>, edges: Map<string, EdgeEffect>, reasons: Map<string, string>, summary: string,
): WhatIfResult {
    const order = (a: [string, unknown], b: [string, unknown]): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
    return {
        failed,
        kind,
        mode,
        nodes: Object.fromEntries([...nodes].sort(order)),
        edges: Object.fromEntries([...edges].sort(order)),
        reasons: [...reasons].sort(order).map(([edge, text]) => ({ edge, text })),
        summary,
    };
}
