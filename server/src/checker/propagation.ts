import type { ComponentName, Recency, Requirement, Vector } from '../guarantees/index.js';
import { COMPONENTS, TOP, addRecency, compose, equalVector, formatDuration, join, leq, meet, meetComponent, satisfies } from '../guarantees/index.js';
import type { MeshEdge, MeshNode, ModeInfo, ModeName, RequirementInfo, SemanticModel, SystemMode } from './model.js';
import { ModelTable } from './model.js';
import { stronglyConnected } from './graph-algorithms.js';

/**
 * Propagation (LANGUAGE.md §4): the effective vector of every node and edge, per system
 * mode. Derivations (`from`, `reads`, routes) form a graph; its strongly connected
 * components are visited once in dependency order (Tarjan), so the work is linear in
 * nodes + edges. Inside a cyclic component values only descend (meets) and Recency is
 * widened to EO, so the local fixpoint is reached after a bounded number of passes.
 */

/** Why a component of a node has its value: the step one level down the derivation chain. */
export type Provenance =
    | { kind: 'declared'; mode: SystemMode }
    | { kind: 'input'; edge: MeshEdge; lagMs?: number }
    | { kind: 'lag'; lagMs: number }
    | { kind: 'structure'; detail: string }
    | { kind: 'cycle' }
    | { kind: 'hop'; edge: MeshEdge; detail: string }
    | { kind: 'unknown' };

/** Per-node results of one mode (a Map-like table keyed by `MeshNode.index`). */
export type NodeResults = ModelTable<MeshNode, NodeResult>;

export interface NodeResult {
    vector?: Vector;
    provenance: Partial<Record<ComponentName, Provenance>>;
    /** The derived value of each derived component before the declaration's meet (for claim-unsupported). */
    derived?: Partial<Vector>;
}

export interface ComponentFailure {
    component: ComponentName;
    needed: unknown;
    got: unknown;
    link: WeakestLink;
}

export interface WeakestLink {
    /** A node or an edge (hop) that weakened the component. */
    node?: MeshNode;
    edge?: MeshEdge;
    label: string;
    /**
     * What on the node set the value, where it is not its `provides`: the vector of a mode
     * of its mode matrix, or its `lag` clause. Not the AST itself: a reused check keeps its
     * links across an incremental build, while the node takes the new text's facts.
     */
    declaration?: ModeName | 'lag';
}

export interface RequirementCheck {
    edge: MeshEdge;
    requirement: RequirementInfo;
    mode: SystemMode;
    effective?: Vector;
    failures: ComponentFailure[];
    /** §4.6: a TotalOrder requirement against a keyed topic without the right `per`. */
    orderKeyMismatch?: { topic: MeshNode; key: string; per?: string };
    /** The provider declares no vector (§4.1): not checked. */
    unknown: boolean;
}

export interface ModeAnalysis {
    mode: SystemMode;
    nodes: NodeResults;
    /** Effective vector arriving at the consumer end of each data edge. */
    edges: ModelTable<MeshEdge, Vector | undefined>;
    checks: RequirementCheck[];
    /**
     * Degraded and floor: the nodes evaluated in this mode (a vector declared for it, or an
     * input that is), by index; every other node has its target result.
     */
    ownNodes: Uint8Array | undefined;
}

export interface Analysis {
    modes: Record<SystemMode, ModeAnalysis>;
    /** Per non-target mode: plain requirements that hold in target but fail in that mode. */
    blastRadius: Record<'degraded' | 'floor', RequirementCheck[]>;
    /** The derivation graph, kept for an incremental update (its shape does not change). */
    derivation: Derivation;
    /**
     * After an update: the nodes evaluated again (the changed nodes and those deriving from
     * one; the same in every mode), by index. Every other node's results are the previous
     * analysis'.
     */
    reevaluated: Uint8Array | undefined;
}

/**
 * What changed since a previous analysis of a model with the same nodes and edges
 * (incremental.ts): the nodes whose facts may differ and the edges whose own facts
 * (requirements, call options) may differ, flagged by index.
 */
export interface AnalysisUpdate {
    previous: Analysis;
    changedNodes: Uint8Array;
    changedEdges: Uint8Array;
}

/**
 * Propagation in the three system modes. With `update`, only the changed nodes and what
 * derives from them are evaluated again, and every other result is the previous analysis'.
 */
export function computeAnalysis(model: SemanticModel, update?: AnalysisUpdate): Analysis {
    const derivation = update ? update.previous.derivation : derivationOf(model);
    let modes: Record<SystemMode, ModeAnalysis>;
    let reevaluated: Uint8Array | undefined;
    if (update) {
        const cone = coneOf(derivation, update.changedNodes);
        const components = cone.components.map(c => derivation.order[c]);
        // Edges into the cone, and the edited document's own (their checks must point at its new AST).
        const again = (edge: MeshEdge): boolean => cone.nodes[edge.target.index] === 1 || update.changedEdges[edge.index] === 1;
        const since = (mode: SystemMode): Since => ({ previous: update.previous.modes[mode], components, again });
        const target = propagate(model, derivation.order, 'target', undefined, since('target'));
        modes = {
            target,
            degraded: propagate(model, derivation.order, 'degraded', target, since('degraded')),
            floor: propagate(model, derivation.order, 'floor', target, since('floor')),
        };
        reevaluated = cone.nodes;
    } else {
        const target = propagate(model, derivation.order, 'target', undefined);
        // Degraded and floor differ from target only where a node declares a vector for them.
        modes = {
            target,
            degraded: propagate(model, derivation.order, 'degraded', target),
            floor: propagate(model, derivation.order, 'floor', target),
        };
    }
    const failedInTarget = new Set(modes.target.checks.filter(c => c.failures.length > 0 || c.orderKeyMismatch).map(c => c.requirement));
    const blast = (mode: 'degraded' | 'floor'): RequirementCheck[] => modes[mode].checks.filter(c =>
        c.requirement.mode === undefined && (c.failures.length > 0 || c.orderKeyMismatch) && !failedInTarget.has(c.requirement));
    return { modes, blastRadius: { degraded: blast('degraded'), floor: blast('floor') }, derivation, reevaluated };
}

// ------------------------------------------------------------------ declared vectors per mode

const FALLBACK: Record<SystemMode, SystemMode[]> = { target: ['target'], degraded: ['degraded', 'target'], floor: ['floor', 'degraded', 'target'] };

/**
 * A node's vector in a system mode: its M vector, or the next stronger mode's; an
 * operation in a non-target mode is meet(its own vector, the element's M vector).
 */
export function declaredInMode(node: MeshNode, mode: SystemMode): Vector | undefined {
    const entry = modeEntry(node, mode);
    if (!entry) return node.declared;
    if (node.kind === 'operation' && node.declared) return meet(node.declared, entry.vector!);
    return entry.vector;
}

/**
 * The entry of the element's mode matrix that a node takes in a non-target mode: the mode's
 * own, else the next stronger mode's that has a vector (undefined in target mode, or when
 * the node has no such entry: then its declaration stands).
 */
function modeEntry(node: MeshNode, mode: SystemMode): ModeInfo | undefined {
    // Most nodes have no modes block.
    if (mode === 'target' || !hasSystemModes(node)) return undefined;
    for (const m of FALLBACK[mode]) {
        const entry = node.modes[m];
        if (entry?.vector) return entry;
    }
    return undefined;
}

/** Whether a node's mode matrix has a vector for a system mode (a `recovery` alone changes no system mode). */
export function hasSystemModes(node: MeshNode): boolean {
    const modes = node.modes;
    return modes.target !== undefined || modes.degraded !== undefined || modes.floor !== undefined;
}

/**
 * The mode entry that set one declared component of a node in a mode, or undefined when it
 * is the node's own declaration: an operation keeps its own value where that is the weaker
 * side of the meet.
 */
function modeEntryOfComponent(node: MeshNode, component: ComponentName, mode: SystemMode): ModeInfo | undefined {
    const entry = modeEntry(node, mode);
    if (!entry) return undefined;
    if (node.kind === 'operation' && node.declared && leq(component, node.declared[component] as never, entry.vector![component] as never)) return undefined;
    return entry;
}

// ------------------------------------------------------------------ SCCs of the derivation graph

interface Component {
    nodes: MeshNode[];
    cyclic: boolean;
}

/** The derivation graph's strongly connected components and who derives from whom. */
interface Derivation {
    /** Components, inputs first (Tarjan emits successors first). */
    order: readonly Component[];
    /** Each node's component (its position in `order`), by node index. */
    componentOf: Int32Array;
    /** The nodes that have a node among their inputs, by node index (compressed rows). */
    dependents: { start: Int32Array; nodes: Int32Array };
}

/** Inputs of a derived node: the nodes it reads from (from, reads, route backends). */
export function derivationInputs(node: MeshNode): MeshEdge[] {
    return node.inputs;
}

function derivationOf(model: SemanticModel): Derivation {
    const order = stronglyConnected(model.nodes, n => n.inputs.length, (n, i) => n.inputs[i].target, n => n.index).map(nodes => ({
        nodes,
        cyclic: nodes.length > 1 || nodes[0].inputs.some(e => e.target === nodes[0]),
    }));
    const componentOf = new Int32Array(model.nodes.length);
    order.forEach((component, i) => {
        for (let k = 0; k < component.nodes.length; k++) componentOf[component.nodes[k].index] = i;
    });
    // An operation's inputs include its service's `from`/`reads`: it depends on their targets.
    const start = new Int32Array(model.nodes.length + 1);
    // Indexed loops here and below: these run once per analysis, mostly before V8 optimizes
    // them, where an array iterator allocates a result per item.
    const all = model.nodes;
    for (let i = 0; i < all.length; i++) for (let k = 0; k < all[i].inputs.length; k++) start[all[i].inputs[k].target.index + 1]++;
    for (let i = 0; i < all.length; i++) start[i + 1] += start[i];
    const next = start.slice(0, all.length);
    const nodes = new Int32Array(start[all.length]);
    for (let i = 0; i < all.length; i++) for (let k = 0; k < all[i].inputs.length; k++) nodes[next[all[i].inputs[k].target.index]++] = i;
    return { order, componentOf, dependents: { start, nodes } };
}

/** The changed nodes and everything that derives from them, and their components in evaluation order. */
function coneOf(derivation: Derivation, changed: Uint8Array): { nodes: Uint8Array; components: number[] } {
    const nodes = changed.slice();
    const stack: number[] = [];
    for (let i = 0; i < nodes.length; i++) if (nodes[i] === 1) stack.push(i);
    const { start, nodes: dependents } = derivation.dependents;
    while (stack.length > 0) {
        const i = stack.pop()!;
        for (let k = start[i]; k < start[i + 1]; k++) {
            const d = dependents[k];
            if (nodes[d] === 0) {
                nodes[d] = 1;
                stack.push(d);
            }
        }
    }
    const seen = new Set<number>();
    for (let i = 0; i < nodes.length; i++) if (nodes[i] === 1) seen.add(derivation.componentOf[i]);
    return { nodes, components: [...seen].sort((a, b) => a - b) };
}

// ------------------------------------------------------------------ propagation

const EO: Recency = { kind: 'EO' };
const DERIVED: readonly ComponentName[] = ['order', 'visibility', 'recency', 'idempotence'];

/**
 * Where a mode's propagation starts: the previous analysis of the mode, what must be
 * evaluated again (the cone's components, in evaluation order, and the edges whose vector
 * and checks must be worked out again); everything else is taken from `previous`.
 */
interface Since {
    previous: ModeAnalysis;
    components: readonly Component[];
    again(edge: MeshEdge): boolean;
}

/**
 * One system mode: from scratch, or (`since`) the previous results with the cone of an
 * edit evaluated again. In degraded and floor (`target` given) only the nodes whose declared
 * vector differs from target, and what derives from them, are evaluated; every other node,
 * edge and check is the target's. Most elements have no modes block, so this keeps the
 * three modes close to the cost of one, and an update gives exactly the from-scratch result.
 */
function propagate(model: SemanticModel, order: readonly Component[], mode: SystemMode, target: ModeAnalysis | undefined, since?: Since): ModeAnalysis {
    const nodes: NodeResults = since ? since.previous.nodes.copy() : new ModelTable(model.nodes.length);
    const own = target ? since?.previous.ownNodes?.slice() ?? new Uint8Array(model.nodes.length) : undefined;
    const components = since ? since.components : order;
    for (let c = 0; c < components.length; c++) {
        const component = components[c];
        if (own && !ownInMode(component, mode, own)) {
            for (let k = 0; k < component.nodes.length; k++) nodes.set(component.nodes[k], target!.nodes.get(component.nodes[k])!);
            continue;
        }
        evaluateComponent(component, nodes, mode);
    }
    const edges = since ? since.previous.edges.copy() : new ModelTable<MeshEdge, Vector | undefined>(model.edges.length);
    const allEdges = model.edges;
    for (let e = 0; e < allEdges.length; e++) {
        const edge = allEdges[e];
        if (!carriesData(edge) || (since && !since.again(edge))) continue;
        edges.set(edge, own && own[edge.target.index] === 0 ? target!.edges.get(edge) : edgeVector(edge, nodes));
    }
    // The target's and the previous checks are in edge order too: walk them alongside
    // instead of hashing.
    const checks: RequirementCheck[] = [];
    const previous = since?.previous.checks ?? [];
    const targetChecks = target?.checks ?? [];
    let p = 0;
    let t = 0;
    for (let e = 0; e < allEdges.length; e++) {
        const edge = allEdges[e];
        if (edge.requirements.length === 0) continue;
        while (p < previous.length && previous[p].edge.index < edge.index) p++;
        while (t < targetChecks.length && targetChecks[t].edge.index < edge.index) t++;
        if (since && !since.again(edge)) {
            while (p < previous.length && previous[p].edge === edge) checks.push(previous[p++]);
            continue;
        }
        for (let r = 0; r < edge.requirements.length; r++) {
            const requirement = edge.requirements[r];
            if (requirement.mode !== undefined && requirement.mode !== mode) continue;
            let reused: RequirementCheck | undefined;
            if (target && requirement.mode === undefined) {
                const candidate = targetChecks[t++];
                if (candidate?.requirement === requirement && own![edge.target.index] === 0) reused = { ...candidate, mode };
            }
            checks.push(reused ?? checkRequirement(edge, requirement, edges.get(edge), nodes, mode));
        }
    }
    return { mode, nodes, edges, checks, ownNodes: own };
}

/**
 * Whether a component is evaluated in a non-target mode: one of its nodes declares a vector
 * for the mode, or derives from a node that is evaluated in it. Marks its nodes in `own`.
 */
function ownInMode(component: Component, mode: SystemMode, own: Uint8Array): boolean {
    const evaluated = component.nodes.some(n => declaredInMode(n, mode) !== n.declared || readsEvaluated(n, own));
    for (const n of component.nodes) own[n.index] = evaluated ? 1 : 0;
    return evaluated;
}

/** Whether one of a node's inputs is evaluated in the mode (`own`). */
function readsEvaluated(node: MeshNode, own: Uint8Array): boolean {
    for (let i = 0; i < node.inputs.length; i++) if (own[node.inputs[i].target.index] === 1) return true;
    return false;
}

/** Publishing, writing and saga steps carry nothing to their source end. */
function carriesData(edge: MeshEdge): boolean {
    return edge.kind !== 'publish' && edge.kind !== 'write' && edge.kind !== 'step';
}

function evaluateComponent(component: Component, nodes: NodeResults, mode: SystemMode): void {
    if (!component.cyclic) {
        nodes.set(component.nodes[0], evaluate(component.nodes[0], nodes, mode, false));
        return;
    }
    // Start from the declarations and descend until nothing changes; the lattices are
    // finite once Recency is widened, so this ends after at most height × size passes.
    for (const n of component.nodes) nodes.set(n, { vector: declaredInMode(n, mode), provenance: {}, derived: undefined });
    let changed = true;
    let guard = 0;
    while (changed && guard++ < 64) {
        changed = false;
        for (const n of component.nodes) {
            const next = evaluate(n, nodes, mode, true);
            if (!sameResult(nodes.get(n)!.vector, next.vector)) changed = true;
            nodes.set(n, next);
        }
    }
}

// Provenance records are shared and never mutated: most components of most nodes are
// "declared" or "unknown", and allocating one record per component per node per mode was
// the analysis' largest source of garbage.
const DECLARED: Record<SystemMode, Provenance> = {
    target: { kind: 'declared', mode: 'target' },
    degraded: { kind: 'declared', mode: 'degraded' },
    floor: { kind: 'declared', mode: 'floor' },
};
const UNKNOWN: Provenance = { kind: 'unknown' };
const CYCLE: Provenance = { kind: 'cycle' };

interface KnownInput {
    edge: MeshEdge;
    vector: Vector;
}

/** The inputs whose vector is known in this pass. */
function knownInputs(inputs: readonly MeshEdge[], results: NodeResults): KnownInput[] {
    const known: KnownInput[] = [];
    for (let i = 0; i < inputs.length; i++) {
        const edge = inputs[i];
        const vector = results.get(edge.target)?.vector;
        if (vector) known.push({ edge, vector });
    }
    return known;
}

/** A provenance record with every component the same (shared; records are never mutated). */
function uniform(p: Provenance): NodeResult['provenance'] {
    return { scope: p, order: p, visibility: p, recency: p, idempotence: p, auth: p };
}

const ALL_UNKNOWN = uniform(UNKNOWN);
const ALL_DECLARED: Record<SystemMode, NodeResult['provenance']> = {
    target: uniform(DECLARED.target),
    degraded: uniform(DECLARED.degraded),
    floor: uniform(DECLARED.floor),
};

function evaluate(node: MeshNode, results: NodeResults, mode: SystemMode, cyclic: boolean): NodeResult {
    const inputs = derivationInputs(node);
    if (node.kind === 'route') return evaluateRoute(node, inputs, results);

    const declared = declaredInMode(node, mode);
    const known = inputs.length === 0 ? [] : knownInputs(inputs, results);
    // The common case — a declaration and nothing derived — shares one provenance record.
    if (known.length === 0 && node.kind !== 'topic') return { vector: declared, provenance: declared ? ALL_DECLARED[mode] : ALL_UNKNOWN, derived: undefined };

    const provenance: NodeResult['provenance'] = declared ? { ...ALL_DECLARED[mode] } : { ...ALL_UNKNOWN };
    const vector = declared && node.kind === 'topic' ? structural(node, { ...declared }, provenance, mode) : declared;
    if (known.length === 0) return { vector, provenance, derived: undefined };

    let joined = known.length === 1 ? known[0].vector : join(known.map(k => k.vector))!;
    const lag = node.lagMs;
    if (lag !== undefined && lag > 0) joined = { ...joined, recency: addRecency(joined.recency, { kind: 'BS', ms: lag }) };
    if (cyclic) joined = { ...joined, recency: meetComponent('recency', joined.recency, EO) };
    const inputProvenance = (c: ComponentName): Provenance =>
        cyclic && c === 'recency' ? CYCLE : { kind: 'input', edge: weakestInput(c, known).edge, lagMs: c === 'recency' ? lag : undefined };

    if (!vector) {
        // Nothing declared: the derived value stands for every component (docs/language.md).
        for (const c of COMPONENTS) provenance[c] = inputProvenance(c);
        return { vector: { ...joined }, provenance, derived: {} };
    }
    const derived: Partial<Vector> = {};
    let result = vector;
    for (const c of DERIVED) {
        if (node.establishes.has(c)) continue;
        const fromInputs = joined[c];
        (derived as Record<ComponentName, unknown>)[c] = fromInputs;
        if (!leq(c, result[c] as never, fromInputs as never)) {
            if (result === vector) result = { ...vector };
            (result as Record<ComponentName, unknown>)[c] = meetComponent(c, result[c] as never, fromInputs as never);
            provenance[c] = inputProvenance(c);
        }
    }
    return { vector: result, provenance, derived };
}

/** §4.6–4.7: a topic's Order follows its partitions, its Recency its consumer-lag bound. */
function structural(node: MeshNode, vector: Vector, provenance: NodeResult['provenance'], mode: SystemMode): Vector {
    if (node.kind !== 'topic') return vector;
    if (node.lagMs !== undefined && !hasOwnModeVector(node, mode)) {
        vector.recency = { kind: 'BS', ms: node.lagMs };
        provenance.recency = { kind: 'lag', lagMs: node.lagMs };
    }
    if (node.partitions !== undefined) {
        // §4.6: the partitions decide the Order a topic provides. A stronger declaration is
        // lowered to it; a weaker one is raised, unless a mode vector says so for this mode.
        const structuralOrder = node.partitions === 1 ? 'TotalOrder' : 'PartialOrder';
        const lowered = !leq('order', vector.order, structuralOrder);
        if (vector.order !== structuralOrder && (lowered || !hasOwnModeVector(node, mode))) {
            vector.order = structuralOrder;
            provenance.order = { kind: 'structure', detail: node.partitions === 1 ? 'partitions 1' : `partitions ${node.partitions}` + (node.key ? `, totally ordered only per ${node.key}` : '') };
        }
    }
    return vector;
}

/** Whether a non-target mode's vector was written for this mode (or a weaker fallback) rather than inherited from target. */
function hasOwnModeVector(node: MeshNode, mode: SystemMode): boolean {
    const entry = modeEntry(node, mode);
    return entry !== undefined && entry.mode !== 'target';
}

/**
 * Whether a hop (a call or a route) weakened component `c` of what crossed it: the value got
 * weaker, or it is Auth and the hop itself authenticates nothing. Auth is None after a hop if
 * either side is None (§3); the hop is blamed only when it is the unauthenticated side (else
 * the provider's declaration is).
 */
function weakenedByHop(c: ComponentName, before: Vector, after: Vector, hop: Vector): boolean {
    return !leq(c, before[c] as never, after[c] as never) || (c === 'auth' && hop.auth.kind === 'None');
}

function evaluateRoute(node: MeshNode, inputs: MeshEdge[], results: NodeResults): NodeResult {
    const provenance: NodeResult['provenance'] = {};
    const known = knownInputs(inputs, results);
    if (known.length === 0 || inputs.length === 0) {
        for (const c of COMPONENTS) provenance[c] = UNKNOWN;
        return { vector: undefined, provenance, derived: undefined };
    }
    const backend = join(known.map(k => k.vector))!;
    const hop = routeHop(node);
    const vector = compose(backend, hop);
    for (const c of COMPONENTS) {
        const source = weakestInput(c, known);
        provenance[c] = weakenedByHop(c, backend, vector, hop) ? { kind: 'hop', edge: source.edge, detail: routeHopDetail(node, c) } : { kind: 'input', edge: source.edge };
    }
    return { vector, provenance, derived: undefined };
}

export function routeHop(route: MeshNode): Vector {
    return {
        ...TOP,
        scope: 'Client',
        recency: route.cacheMs !== undefined ? { kind: 'BS', ms: route.cacheMs, evidence: 'cache' } : { kind: 'BS', ms: 0 },
        auth: route.authMechanisms ? { kind: 'Auth', mechanisms: [...new Set(route.authMechanisms)].sort() } : { kind: 'None' },
    };
}

function routeHopDetail(route: MeshNode, c: ComponentName): string {
    switch (c) {
        case 'scope': return `gateway route ${route.name} serves Client scope`;
        case 'recency': return route.cacheMs !== undefined ? `route ${route.name} caches responses` : `route ${route.name}`;
        case 'auth': return route.authMechanisms ? `route ${route.name} authenticates with ${route.authMechanisms.join('+')}` : `route ${route.name} declares no auth`;
        default: return `route ${route.name}`;
    }
}

/** The input whose value of component `c` is the weakest (ties: the first). */
function weakestInput(c: ComponentName, known: readonly KnownInput[]): KnownInput {
    let best = known[0];
    for (let i = 1; i < known.length; i++) {
        const k = known[i];
        if (!leq(c, best.vector[c] as never, k.vector[c] as never) && leq(c, k.vector[c] as never, best.vector[c] as never)) best = k;
        else if (c === 'auth' && k.vector.auth.kind === 'None') best = k;
    }
    return best;
}

function sameResult(a: Vector | undefined, b: Vector | undefined): boolean {
    if (a === undefined || b === undefined) return a === b;
    return equalVector(a, b);
}

// ------------------------------------------------------------------ edges and hops

/** §4.3: a call hop is ⊤ but for Auth, which only a strict-mTLS mesh or `auth m` proves. */
export function callHop(edge: MeshEdge): { hop: Vector; detail: string } {
    const mesh = edge.call?.strictMesh;
    const detail = mesh ? `call ${edge.source.id} → ${edge.target.id} inside strict-mTLS mesh ${mesh}`
        : edge.call?.auth ? `call ${edge.source.id} → ${edge.target.id} authenticates with ${edge.call.auth.join('+')}`
            : `call ${edge.source.id} → ${edge.target.id} is not authenticated (no strict-mTLS mesh with both ends, no 'auth')`;
    return { hop: callHopVector(edge), detail };
}

/** The hop of an edge without call facts: no Auth evidence. */
const NO_AUTH_HOP: Vector = { ...TOP, auth: { kind: 'None' } };

/**
 * The hop vector of a call: a pure function of the call's facts, computed once and kept on
 * them (a WeakMap keyed by edge grew by every edge of every analysis in the language server).
 */
export function callHopVector(edge: MeshEdge): Vector {
    const call = edge.call;
    if (!call) return NO_AUTH_HOP;
    if (!call.hop) {
        const mechanisms = new Set<string>(call.auth ?? []);
        if (call.strictMesh) mechanisms.add('mTLS');
        call.hop = mechanisms.size > 0 ? { ...TOP, auth: { kind: 'Auth', mechanisms: [...mechanisms].sort() } } : NO_AUTH_HOP;
    }
    return call.hop;
}

function edgeVector(edge: MeshEdge, nodes: NodeResults): Vector | undefined {
    const provided = nodes.get(edge.target)?.vector;
    if (!provided) return undefined;
    if (edge.kind === 'call' && edge.target.kind !== 'route') return compose(provided, callHopVector(edge));
    return provided;
}

// ------------------------------------------------------------------ requirement checks

/** The failures of every check that holds (one frozen list instead of one per check). */
const NO_FAILURES: ComponentFailure[] = Object.freeze([]) as unknown as ComponentFailure[];

function checkRequirement(edge: MeshEdge, requirement: RequirementInfo, effective: Vector | undefined, nodes: NodeResults, mode: SystemMode): RequirementCheck {
    const check: RequirementCheck = { edge, requirement, mode, effective, failures: NO_FAILURES, orderKeyMismatch: undefined, unknown: effective === undefined };
    if (!effective) return check;
    let failing = satisfies(effective, requirement.vector);
    const topic = edge.target.kind === 'topic' ? edge.target : undefined;
    // Keyed, partitioned topic (§4.6): Order holds per key up to TotalOrder. A failing Order
    // requirement up to TotalOrder is met `per <key>`, else it is a key mismatch — for Causal as
    // for TotalOrder, so weakening a requirement never turns a mismatch into another failure.
    const perKeyOrder = requirement.vector.order !== undefined && leq('order', requirement.vector.order, 'TotalOrder');
    if (topic && topic.key && (topic.partitions ?? 0) > 1 && perKeyOrder && failing.includes('order')) {
        failing = failing.filter(c => c !== 'order');
        if (requirement.per !== topic.key) check.orderKeyMismatch = { topic, key: topic.key, per: requirement.per };
    }
    if (failing.length === 0) return check;
    check.failures = failing.map(component => ({
        component,
        needed: (requirement.vector as Requirement)[component],
        got: effective[component],
        link: weakestLink(edge, component, nodes),
    }));
    return check;
}

/**
 * Walks the provenance chain of one component from an edge down to where it was set:
 * a hop that weakened it, a declaration, a lag, the structure of a topic. Linear in the
 * length of that chain, and only run for failures and explanations.
 */
export function weakestLink(start: MeshEdge | MeshNode, component: ComponentName, nodes: NodeResults, startProvenance?: Provenance): WeakestLink {
    // The walk without its words (a failing check runs this, an explanation `explainChain`);
    // only the step that is picked gets a label.
    const chain = walkChain(start, component, nodes, startProvenance);
    let best = chain[chain.length - 1];
    if (component === 'recency') {
        // Recency adds up along the chain: blame the step that contributed the most.
        let bestContribution = -1;
        for (const step of chain) {
            const contribution = step.contributionMs ?? -1;
            if (contribution > bestContribution) {
                best = step;
                bestContribution = contribution;
            }
        }
    } else {
        best = chain.find(s => s.isHop && s.weakened) ?? best;
    }
    return linkOf(best, component);
}

export interface ChainStep {
    link: WeakestLink;
    value: unknown;
    reason: string;
    isHop: boolean;
    weakened: boolean;
    contributionMs?: number;
}

/** The derivation chain of one component from an edge (or node) to its origin. */
export function explainChain(start: MeshEdge | MeshNode, component: ComponentName, nodes: NodeResults): ChainStep[] {
    return walkChain(start, component, nodes).map(step => {
        const link = linkOf(step, component);
        return { link, value: step.value, reason: reasonOf(step, link), isHop: step.isHop, weakened: step.weakened, contributionMs: step.contributionMs };
    });
}

/**
 * One step of a chain before it is put into words: the call hop it starts with (`edge`),
 * or a node and the provenance of its value (none: the node declares no vector).
 */
interface WalkStep {
    node?: MeshNode;
    edge?: MeshEdge;
    provenance?: Provenance;
    value: unknown;
    isHop: boolean;
    weakened: boolean;
    contributionMs?: number;
}

function linkOf(step: WalkStep, component: ComponentName): WeakestLink {
    const node = step.node;
    if (!node) return { node: undefined, edge: step.edge, label: `call hop ${step.edge!.source.id} → ${step.edge!.target.id}`, declaration: undefined };
    const p = step.provenance;
    let declaration: WeakestLink['declaration'];
    if (p?.kind === 'declared') {
        const entry = modeEntryOfComponent(node, component, p.mode);
        if (entry) return { node, edge: undefined, label: `${entry.mode} vector of ${describeNode(ownerOf(node))}`, declaration: entry.mode };
    }
    // A lag is blamed for Recency where it was set, on a topic, or added to what the node derives.
    else if (p?.kind === 'lag' || (p?.kind === 'input' && p.lagMs)) declaration = 'lag';
    return { node, edge: undefined, label: describeNode(node), declaration };
}

/** Whose mode matrix a node has: an operation shares its service's. */
function ownerOf(node: MeshNode): MeshNode {
    return node.kind === 'operation' && node.service ? node.service : node;
}

/** Why a step has its value, in words; `link` is `linkOf(step)` (a declared step's mode vector is its `declaration`). */
function reasonOf(step: WalkStep, link: WeakestLink): string {
    const p = step.provenance;
    const label = link.label;
    if (!step.node) return callHop(step.edge!).detail;
    if (!p || p.kind === 'unknown') return `${label} declares no vector`;
    switch (p.kind) {
        case 'declared': {
            const mode = link.declaration;
            if (mode === undefined || mode === 'lag') return `declared by ${label}`;
            return `declared by the ${label}` + (mode !== p.mode ? `, in ${p.mode} mode (${describeNode(ownerOf(step.node))} declares no ${p.mode} vector)` : '');
        }
        case 'lag': return `${label} declares lag ${formatDuration(p.lagMs)}`;
        case 'structure': return `${label}: ${p.detail}`;
        case 'cycle': return `${label} is on a cycle of derivations; Recency widens to EO`;
        case 'hop': return p.detail;
        case 'input': return `${label} derives it from ${describeNode(p.edge.target)}` + (p.lagMs ? ` plus its own lag ${formatDuration(p.lagMs)}` : '');
    }
}

/**
 * Linear in the length of the chain: each node is visited once. `startProvenance` stands for
 * the start node's own (to follow what it derives rather than what it declares).
 */
function walkChain(start: MeshEdge | MeshNode, component: ComponentName, nodes: NodeResults, startProvenance?: Provenance): WalkStep[] {
    const steps: WalkStep[] = [];
    const visited = new Set<MeshNode>();
    let node: MeshNode | undefined;
    if ('source' in start) {
        const edge = start;
        node = edge.target;
        const provided = nodes.get(node)?.vector;
        if (edge.kind === 'call' && edge.target.kind !== 'route' && provided) {
            const hop = callHopVector(edge);
            const after = compose(provided, hop);
            const weakened = weakenedByHop(component, provided, after, hop);
            if (weakened || component === 'auth') steps.push({ edge, value: after[component], isHop: true, weakened });
        }
    } else {
        node = start as MeshNode;
    }
    while (node && !visited.has(node)) {
        visited.add(node);
        const result = nodes.get(node);
        const derivedStart: boolean = startProvenance !== undefined && node === start;
        const provenance: Provenance | undefined = derivedStart ? startProvenance : result?.provenance[component];
        const value = derivedStart ? result?.derived?.[component] : result?.vector?.[component];
        if (!provenance || provenance.kind === 'unknown') {
            steps.push({ node, provenance, value, isHop: false, weakened: false });
            break;
        }
        switch (provenance.kind) {
            case 'declared':
                steps.push({ node, provenance, value, isHop: false, weakened: true, contributionMs: recencyMs(value) });
                node = undefined;
                break;
            case 'lag':
                steps.push({ node, provenance, value, isHop: false, weakened: true, contributionMs: provenance.lagMs });
                node = undefined;
                break;
            case 'structure':
                steps.push({ node, provenance, value, isHop: false, weakened: true });
                node = undefined;
                break;
            case 'cycle':
                steps.push({ node, provenance, value, isHop: false, weakened: true, contributionMs: Number.MAX_SAFE_INTEGER });
                node = undefined;
                break;
            case 'hop':
                steps.push({ node, provenance, value, isHop: true, weakened: true, contributionMs: component === 'recency' ? node.cacheMs : undefined });
                node = provenance.edge.target;
                break;
            case 'input':
                steps.push({ node, provenance, value, isHop: false, weakened: false, contributionMs: provenance.lagMs });
                node = provenance.edge.target;
                break;
        }
    }
    return steps;
}

function recencyMs(value: unknown): number | undefined {
    const r = value as Recency | undefined;
    if (!r || typeof r !== 'object' || !('kind' in r)) return undefined;
    if (r.kind === 'BS') return r.ms;
    return Number.MAX_SAFE_INTEGER;
}

export function describeNode(node: MeshNode): string {
    switch (node.kind) {
        case 'operation': return `operation ${node.id}`;
        case 'route': return `route ${node.id}`;
        case 'dataproduct': return `data product ${node.id}`;
        default: return `${node.kind} ${node.id}`;
    }
}

/**
 * The weakest link of what a node derives for one component (for claims and SLAs on the node
 * itself): down its inputs, also where its own weaker declaration is what stands.
 */
export function weakestLinkOfNode(node: MeshNode, component: ComponentName, nodes: NodeResults): WeakestLink {
    const result = nodes.get(node);
    if (result?.provenance[component]?.kind !== 'declared' || result.derived?.[component] === undefined) return weakestLink(node, component, nodes);
    const known = knownInputs(derivationInputs(node), nodes);
    if (known.length === 0) return weakestLink(node, component, nodes);
    const lagMs = component === 'recency' ? node.lagMs : undefined;
    return weakestLink(node, component, nodes, { kind: 'input', edge: weakestInput(component, known).edge, lagMs });
}
