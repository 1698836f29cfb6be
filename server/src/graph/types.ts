import type { ComponentName, Requirement, Vector } from '../guarantees/index.js';

/**
 * The architecture graph as plain, serialisable data (LANGUAGE.md §7 `meshspec graph`).
 * Built once from the checker's model and analysis (`buildGraph`), sent as JSON from the
 * language server to the webview, embedded in the HTML export, laid out by elkjs and drawn
 * by the one SVG renderer. This file holds types only, so browser code (the webview, the
 * HTML page) can import it without pulling in Langium or the checker.
 */

/** The three system modes the checker propagates (LANGUAGE.md §5). */
export type GraphMode = 'target' | 'degraded' | 'floor';
export const GRAPH_MODES: readonly GraphMode[] = ['target', 'degraded', 'floor'];

/** A mode of the mode matrix: the system modes plus `recovery`. */
export type MatrixMode = GraphMode | 'recovery';
export const MATRIX_MODES: readonly MatrixMode[] = ['target', 'degraded', 'floor', 'recovery'];

/** Operations are collapsed into their service; routes are nodes inside their gateway's group. */
export type GraphNodeKind = 'service' | 'client' | 'store' | 'topic' | 'dataproduct' | 'gateway' | 'route' | 'saga';
export const GRAPH_NODE_KINDS: readonly GraphNodeKind[] = ['service', 'client', 'store', 'topic', 'dataproduct', 'gateway', 'route', 'saga'];

export type GraphEdgeKind = 'call' | 'consume' | 'publish' | 'from' | 'read' | 'write' | 'route' | 'step';
export const GRAPH_EDGE_KINDS: readonly GraphEdgeKind[] = ['call', 'route', 'step', 'publish', 'consume', 'write', 'from', 'read'];

/**
 * `ok`; `weakened`: what arrives is weaker than what the provider declares (a hop or an
 * input lost something); `violated`: a requirement on the edge fails in that mode.
 */
export type EdgeStatus = 'ok' | 'weakened' | 'violated';
export const EDGE_STATUSES: readonly EdgeStatus[] = ['ok', 'weakened', 'violated'];

/** 0-based, LSP-style. */
export interface GraphPosition { line: number; character: number }
export interface GraphRange { start: GraphPosition; end: GraphPosition }
export interface SourceLocation { uri: string; range: GraphRange }

export interface NodeModeInfo {
    /** The node's declared vector in this mode (its mode-matrix entry, or the next stronger one). */
    declared?: string;
    /** The effective vector the checker computed in this system mode. */
    effective?: string;
}

export interface MatrixCell {
    vector?: string;
    trigger?: string;
    /** Written on the element itself (not inherited from a stronger mode). */
    declared: boolean;
}

/** Facts the failure what-if (what-if.ts) needs; plain vectors from the guarantee algebra. */
export interface NodeWhatIfFacts {
    /** The node's vector when it alone drops to floor mode (its floor, else degraded, else target vector). */
    floor?: Vector;
    /** Own delay added to Recency by a derived element (`lag`) or a cached route (`cache`). */
    lagMs?: number;
    /** Components the element re-establishes (`establishes`): a weaker input does not reach them. */
    establishes: ComponentName[];
}

export interface GraphNode {
    /** `orders-api`, `public-api "/orders/*"`: the checker's node id (services stand for their operations). */
    id: string;
    kind: GraphNodeKind;
    label: string;
    /** The group the node is drawn in (a domain, or a gateway for routes). */
    parent?: string;
    domain?: string;
    owner?: string;
    description?: string;
    /** A service's operations (collapsed into the service node). */
    operations: string[];
    critical: boolean;
    location?: SourceLocation;
    modes: Record<GraphMode, NodeModeInfo>;
    /** The mode matrix row (absent for elements with neither a vector nor modes). */
    matrix?: Record<MatrixMode, MatrixCell>;
    /** Hover text per mode (plain text, escaped by whoever renders it). */
    tooltip: Record<GraphMode, string>;
    whatIf: NodeWhatIfFacts;
}

export interface GraphGroup {
    /** `domain:orders`, `gateway:public-api`. */
    id: string;
    kind: 'domain' | 'gateway';
    label: string;
    parent?: string;
    owner?: string;
    description?: string;
    location?: SourceLocation;
    tooltip: string;
}

export interface GraphRequirement {
    /** `<_, _, _, BS(5s), _, Auth(jwt)>`, with ` in degraded` / ` per k` as written. */
    text: string;
    vector: Requirement;
    mode?: 'degraded' | 'floor';
    per?: string;
}

/** One clause of the spec behind a (merged) graph edge. */
export interface GraphEdgeMember {
    /** Checker node ids in the clause's direction: `orders-api.placeOrder` → `payments.charge`. */
    from: string;
    to: string;
    /** `orders-api.placeOrder calls payments.charge`. */
    description: string;
    location?: SourceLocation;
    requirements: GraphRequirement[];
    /** Effective vector arriving at the consumer end, per mode (data edges only). */
    effective: Record<GraphMode, Vector | undefined>;
    status: Record<GraphMode, EdgeStatus>;
    /** Why the status is not `ok`, per mode (one line each). */
    problems: Record<GraphMode, string[]>;
    /** A call's declared fallback (`cached`, `queue`, …): the caller survives the callee failing. */
    fallback?: string;
}

export interface EdgeModeInfo {
    status: EdgeStatus;
    effective?: string;
}

/**
 * An edge between two drawn nodes; clauses of one kind between the same two nodes are
 * merged (operation names stay in the label). `source` → `target` is the drawing direction:
 * the request direction for calls, routes, saga steps, publishes and writes; the data
 * direction for consumes and derivations (`from`, `reads`).
 */
export interface GraphEdge {
    id: string;
    kind: GraphEdgeKind;
    source: string;
    target: string;
    label: string;
    members: GraphEdgeMember[];
    modes: Record<GraphMode, EdgeModeInfo>;
    tooltip: Record<GraphMode, string>;
}

export interface BlastItem {
    edge: string;
    text: string;
}

export interface GraphModel {
    version: 1;
    /** The mode the graph opens in; every mode's data is present. */
    mode: GraphMode;
    focus?: { name: string; node: string; depth: number };
    groups: GraphGroup[];
    nodes: GraphNode[];
    edges: GraphEdge[];
    /** Plain requirements that hold in target but fail in that mode (LANGUAGE.md §5). */
    blastRadius: Record<'degraded' | 'floor', BlastItem[]>;
    /** Files whose text does not fully parse: the graph shows what parses. */
    syntaxErrors: { files: string[] };
}

// ------------------------------------------------------------------ laid out

export interface Point { x: number; y: number }
export interface Box { x: number; y: number; width: number; height: number }

export interface ShapeGeometry extends Box {
    id: string;
}

export interface EdgeGeometry {
    id: string;
    points: Point[];
    label?: Box;
}

/**
 * A graph with absolute coordinates from elkjs (see layout.ts). Geometry is kept in arrays
 * (sorted by id), not objects keyed by id: ids are spec text, and `__proto__` is a valid name.
 */
export interface LaidOutGraph {
    graph: GraphModel;
    width: number;
    height: number;
    nodes: ShapeGeometry[];
    groups: ShapeGeometry[];
    edges: EdgeGeometry[];
    /** The fast layout settings were used (node count above the threshold). */
    fast: boolean;
}
