import type { ElkExtendedEdge, ElkNode, LayoutOptions as ElkOptions } from 'elkjs/lib/elk-api.js';
import type { Box, EdgeGeometry, GraphGroup, GraphMode, GraphModel, GraphNode, GraphNodeKind, LaidOutGraph, ShapeGeometry } from './types.js';
import { GRAPH_MODES } from './types.js';

/**
 * Layout of the architecture graph with elkjs (layered, left to right, domains and gateways
 * as compound nodes). This module is pure: the caller hands in an elkjs instance — the
 * bundled one on the calling thread in Node (`elk-node.ts`), a Web Worker in the webview —
 * so the CLI, the tests and the webview produce the same coordinates for the same graph.
 */

/** The part of the elkjs API the layout uses (satisfied by `new ELK()` from elkjs). */
export interface ElkEngine {
    layout(graph: ElkNode): Promise<ElkNode>;
}

export interface GraphLayoutOptions {
    /** Above this many nodes, the fast settings are used (default 300). */
    fastThreshold?: number;
}

export const DEFAULT_FAST_THRESHOLD = 300;

/**
 * Text metrics are estimated, not measured: the CLI has no fonts, and the webview must
 * produce the same layout as the CLI. The renderer uses the matching font sizes and a
 * monospace face for vectors, so the estimates hold with a little slack.
 */
export const METRICS = {
    captionSize: 10,
    labelSize: 13,
    vectorSize: 10,
    /** Average advance of a bold sans-serif character, as a fraction of the font size. */
    labelAdvance: 0.62,
    /** Monospace advance (exact for monospace faces). */
    monoAdvance: 0.61,
    captionAdvance: 0.6,
    edgeLabelSize: 10,
    nodeHeight: 58,
    minNodeWidth: 110,
    groupLabelHeight: 24,
} as const;

/** Extra horizontal room per shape (slanted or pointed sides, the client's notch). */
const SHAPE_PADDING: Record<GraphNodeKind, number> = {
    service: 12, client: 16, store: 12, topic: 22, dataproduct: 22, gateway: 24, route: 24, saga: 16,
};

/** Extra height: the store's cylinder caps, the saga's second frame. */
const SHAPE_EXTRA_HEIGHT: Record<GraphNodeKind, number> = {
    service: 0, client: 0, store: 12, topic: 0, dataproduct: 0, gateway: 0, route: 0, saga: 6,
};

const KIND_CAPTION: Record<GraphNodeKind, string> = {
    service: 'service', client: 'client', store: 'store', topic: 'topic', dataproduct: 'data product',
    gateway: 'gateway', route: 'route', saga: 'saga',
};

export function kindCaption(node: GraphNode): string {
    return KIND_CAPTION[node.kind] + (node.critical ? ' · critical' : '');
}

/** The vector shown on a node in a mode: its effective vector, else its declared one. */
export function nodeVector(node: GraphNode, mode: GraphMode): string {
    return node.modes[mode].effective ?? node.modes[mode].declared ?? '';
}

export function nodeSize(node: GraphNode): { width: number; height: number } {
    const label = node.label.length * METRICS.labelSize * METRICS.labelAdvance;
    const caption = kindCaption(node).length * METRICS.captionSize * METRICS.captionAdvance;
    // The widest vector over all modes, so switching modes never overflows a node.
    const vector = Math.max(0, ...GRAPH_MODES.map(m => nodeVector(node, m).length)) * METRICS.vectorSize * METRICS.monoAdvance;
    const width = Math.max(METRICS.minNodeWidth, Math.ceil(Math.max(label, caption, vector) + 2 * (10 + SHAPE_PADDING[node.kind])));
    return { width, height: METRICS.nodeHeight + SHAPE_EXTRA_HEIGHT[node.kind] };
}

export function edgeLabelSize(text: string): { width: number; height: number } {
    return { width: Math.ceil(text.length * METRICS.edgeLabelSize * METRICS.captionAdvance) + 6, height: METRICS.edgeLabelSize + 4 };
}

const BASE_OPTIONS: ElkOptions = {
    'elk.algorithm': 'layered',
    'elk.direction': 'RIGHT',
    'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
    // Absolute coordinates for shapes and edges: no parent offsets to add up when drawing.
    'elk.json.shapeCoords': 'ROOT',
    'elk.json.edgeCoords': 'ROOT',
    'elk.randomSeed': '1',
    'elk.spacing.nodeNode': '28',
    'elk.layered.spacing.nodeNodeBetweenLayers': '56',
    'elk.spacing.edgeNode': '14',
    'elk.spacing.edgeEdge': '10',
    'elk.spacing.edgeLabel': '4',
    'elk.edgeLabels.placement': 'CENTER',
    'elk.padding': '[top=20,left=20,bottom=20,right=20]',
};

/** Settings for big graphs (TESTING.md: 1,000 nodes drop from ≈10 s to 2–5 s). */
const FAST_OPTIONS: ElkOptions = {
    'elk.layered.thoroughness': '1',
    'elk.layered.nodePlacement.strategy': 'SIMPLE',
    'elk.edgeRouting': 'POLYLINE',
};

const GROUP_OPTIONS: ElkOptions = {
    'elk.padding': `[top=${METRICS.groupLabelHeight + 10},left=14,bottom=14,right=14]`,
};

/** The elkjs input for a graph: children and edges sorted by id, so equal graphs give equal layouts. */
export function toElkGraph(graph: GraphModel, options: GraphLayoutOptions = {}): { elk: ElkNode; fast: boolean } {
    const fast = graph.nodes.length > (options.fastThreshold ?? DEFAULT_FAST_THRESHOLD);
    const compounds = new Map<string, ElkNode>();
    const root: ElkNode = { id: '\u0000root', layoutOptions: { ...BASE_OPTIONS, ...(fast ? FAST_OPTIONS : {}) }, children: [], edges: [] };
    const groups = [...graph.groups].sort(byId);
    const groupById = new Map(groups.map(g => [g.id, g]));
    for (const g of groups) compounds.set(g.id, { id: g.id, layoutOptions: { ...GROUP_OPTIONS }, children: [] });
    const containerOf = (parent: string | undefined): ElkNode => (parent !== undefined ? compounds.get(parent) : undefined) ?? root;
    for (const g of groups) {
        const parent = g.parent !== undefined && groupById.has(g.parent) && !isAncestor(g.id, g.parent, groupById) ? g.parent : undefined;
        containerOf(parent).children!.push(compounds.get(g.id)!);
    }
    for (const n of [...graph.nodes].sort(byId)) {
        containerOf(n.parent).children!.push({ id: n.id, ...nodeSize(n) });
    }
    const nodeIds = new Set(graph.nodes.map(n => n.id));
    for (const e of [...graph.edges].sort(byId)) {
        if (!nodeIds.has(e.source) || !nodeIds.has(e.target)) continue;
        const edge: ElkExtendedEdge = { id: e.id, sources: [e.source], targets: [e.target] };
        if (e.label) edge.labels = [{ id: `${e.id}\u0000label`, text: e.label, ...edgeLabelSize(e.label) }];
        root.edges!.push(edge);
    }
    return { elk: root, fast };
}

/** Whether `candidate` is `id` or lies above it (guards against a group cycle in hand-made input). */
function isAncestor(id: string, candidate: string, groups: Map<string, GraphGroup>): boolean {
    const seen = new Set<string>();
    for (let g: string | undefined = candidate; g !== undefined && !seen.has(g); g = groups.get(g)?.parent) {
        if (g === id) return true;
        seen.add(g);
    }
    return false;
}

/** Lays a graph out. Same graph, same options → same coordinates. */
export async function layoutGraph(graph: GraphModel, elk: ElkEngine, options: GraphLayoutOptions = {}): Promise<LaidOutGraph> {
    const { elk: input, fast } = toElkGraph(graph, options);
    const result = await elk.layout(input);
    return fromElkGraph(graph, result, fast);
}

/** Reads elkjs's answer (absolute coordinates) back into plain geometry, rounded to 0.1 px. */
export function fromElkGraph(graph: GraphModel, result: ElkNode, fast: boolean): LaidOutGraph {
    const groupIds = new Set(graph.groups.map(g => g.id));
    const nodes: ShapeGeometry[] = [];
    const groups: ShapeGeometry[] = [];
    const visit = (n: ElkNode): void => {
        for (const child of n.children ?? []) {
            const box = { id: child.id, ...roundBox(child) };
            if (groupIds.has(child.id)) groups.push(box);
            else nodes.push(box);
            visit(child);
        }
    };
    visit(result);
    const edges: EdgeGeometry[] = [];
    const collect = (n: ElkNode): void => {
        for (const e of n.edges ?? []) {
            const points = (e.sections ?? []).flatMap(s => [s.startPoint, ...(s.bendPoints ?? []), s.endPoint]).map(roundPoint);
            const label = e.labels?.[0];
            edges.push({ id: e.id, points, label: label ? roundBox(label) : undefined });
        }
        for (const child of n.children ?? []) collect(child);
    };
    collect(result);
    nodes.sort(byId);
    groups.sort(byId);
    edges.sort(byId);
    return { graph, width: round(result.width ?? 0), height: round(result.height ?? 0), nodes, groups, edges, fast };
}

function round(n: number): number {
    const r = Math.round(n * 10) / 10;
    return Object.is(r, -0) ? 0 : r;
}

function roundPoint(p: { x: number; y: number }): { x: number; y: number } {
    return { x: round(p.x), y: round(p.y) };
}

function roundBox(s: { x?: number; y?: number; width?: number; height?: number }): Box {
    return { x: round(s.x ?? 0), y: round(s.y ?? 0), width: round(s.width ?? 0), height: round(s.height ?? 0) };
}

function byId(a: { id: string }, b: { id: string }): number {
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
