import type { ElkExtendedEdge, ElkNode, ElkPort, LayoutOptions as ElkOptions } from 'elkjs/lib/elk-api.js';
import type { Box, EdgeGeometry, GraphGroup, GraphMode, GraphModel, GraphNode, GraphNodeKind, LaidOutGraph, Point, ShapeGeometry } from './types.js';
import { GRAPH_MODES } from './types.js';

/**
 * Layout of the architecture graph with elkjs (layered, left to right, domains and gateways
 * as compound nodes). This module is pure: the caller hands in an elkjs instance — the
 * one on the calling thread in Node (`elk-node.ts`), a Web Worker in the webview —
 * so the CLI, the tests and the webview produce the same coordinates for the same graph.
 */

/** The part of the elkjs API the layout uses (satisfied by `new ELK()` from elkjs). */
export interface ElkEngine {
    layout(graph: ElkNode): Promise<ElkNode>;
}

export interface GraphLayoutOptions {
    /** Above this many nodes, the fast settings are used (default 150). */
    fastThreshold?: number;
}

/**
 * A cold layout (the CLI's, the panel's first) is mostly fixed cost — loading elkjs and V8
 * warming up its code: on two cores, with the full settings, ≈0.6 s for 30 nodes and ≈0.9 s
 * for 150–200. The fast settings take a 150–200-node layout to ≈0.7 s, under the 1 s target
 * with room for a busy machine (scripts/bench-graph.mjs).
 */
export const DEFAULT_FAST_THRESHOLD = 150;

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
    // Absolute coordinates for shapes and edges: no parent offsets to add up when drawing.
    'elk.json.shapeCoords': 'ROOT',
    'elk.json.edgeCoords': 'ROOT',
    'elk.randomSeed': '1',
    // Crossing minimisation is the largest part of a layout. Thoroughness is how many
    // randomised sweeps it keeps the best of (elkjs's default is 7). The greedy-switch pass
    // after the sweeps, which elkjs runs on graphs under 40 nodes (i.e. on each of our
    // groups), cost about as much as the sweeps. Thoroughness 2 without it (was 3 with it)
    // cut a cold 200-node layout's CPU time by a fifth; over four generated 200-node
    // workspaces the crossings changed by -9% to +20% (within groups: -3% to +6%).
    'elk.layered.thoroughness': '2',
    'elk.layered.crossingMinimization.greedySwitch.type': 'OFF',
    'elk.spacing.nodeNode': '28',
    'elk.layered.spacing.nodeNodeBetweenLayers': '56',
    'elk.spacing.edgeNode': '14',
    'elk.spacing.edgeEdge': '10',
    'elk.spacing.edgeLabel': '4',
    'elk.edgeLabels.placement': 'CENTER',
    'elk.padding': '[top=20,left=20,bottom=20,right=20]',
};

/**
 * Settings for big graphs (TESTING.md: 1,000 nodes drop from ≈10 s to 2–5 s); edge labels are
 * not laid out either. Still layered, left to right, by group; edges are polylines.
 */
const FAST_OPTIONS: ElkOptions = {
    'elk.layered.thoroughness': '1',
    'elk.layered.nodePlacement.strategy': 'SIMPLE',
    'elk.edgeRouting': 'POLYLINE',
};

const GROUP_OPTIONS: ElkOptions = {
    'elk.padding': `[top=${METRICS.groupLabelHeight + 10},left=14,bottom=14,right=14]`,
};

/**
 * How a graph is handed to elkjs. Laying out the compound nodes together with every edge
 * (`INCLUDE_CHILDREN`) routes each edge node to node, but its cost grows steeply with the
 * edges that cross groups (a 200-node, 550-edge workspace took ≈10 s). So each group is
 * laid out on its own (`SEPARATE_CHILDREN`), and the edges between two groups are
 * represented where the groups meet by one *proxy* edge between the two outermost distinct
 * ancestors, which leaves every group through a port on its border: inside a group elkjs
 * routes node → port, outside port → port. A drawn edge joins those routes (`pathOf`).
 * Proxies also bundle the parallel edges between two groups; when there are very many,
 * only the strongest connections get one and the rest are drawn straight.
 */
export interface LayoutPlan {
    elk: ElkNode;
    fast: boolean;
    /** Graph edge id → the proxy edge standing in for it. An edge between groups without a proxy is drawn straight. */
    proxyOf: Map<string, string>;
    /** Graph edge id → the elkjs edges whose routes, joined, draw it (proxied edges). */
    pathOf: Map<string, string[]>;
    /** Whether elkjs places edge labels (otherwise the label sits at the middle of the route). */
    edgeLabels: boolean;
}

const ROOT_ID = '\u0000root';

/** The elkjs input for a graph: children and edges sorted by id, so equal graphs give equal layouts. */
export function toElkGraph(graph: GraphModel, options: GraphLayoutOptions = {}): LayoutPlan {
    const fast = graph.nodes.length > (options.fastThreshold ?? DEFAULT_FAST_THRESHOLD);
    // Label dummies are a large part of a big layout's cost; big graphs get labels at route middles.
    const edgeLabels = !fast;
    const algorithmOptions: ElkOptions = { ...BASE_OPTIONS, ...(fast ? FAST_OPTIONS : {}) };
    delete algorithmOptions['elk.padding'];
    const root: ElkNode = {
        id: ROOT_ID,
        layoutOptions: {
            ...BASE_OPTIONS, ...(fast ? FAST_OPTIONS : {}),
            'elk.hierarchyHandling': 'SEPARATE_CHILDREN',
        },
        children: [],
        edges: [],
    };
    const compounds = new Map<string, ElkNode>();
    const groups = [...graph.groups].sort(byId);
    const groupById = new Map(groups.map(g => [g.id, g]));
    // Each group is a layered layout of its own.
    const groupOptions = { ...algorithmOptions, ...GROUP_OPTIONS };
    for (const g of groups) compounds.set(g.id, { id: g.id, layoutOptions: { ...groupOptions }, children: [] });
    const parentOfGroup = (g: GraphGroup): string | undefined =>
        g.parent !== undefined && groupById.has(g.parent) && !isAncestor(g.id, g.parent, groupById) ? g.parent : undefined;
    const containerOf = (parent: string | undefined): ElkNode => (parent !== undefined ? compounds.get(parent) : undefined) ?? root;
    for (const g of groups) containerOf(parentOfGroup(g)).children!.push(compounds.get(g.id)!);
    const nodes = [...graph.nodes].sort(byId);
    for (const n of nodes) containerOf(n.parent).children!.push({ id: n.id, ...nodeSize(n) });

    // The chain of containers of a node, outermost first, ending with the node itself.
    const chainOf = (n: GraphNode): string[] => {
        const chain = [n.id];
        for (let g = n.parent !== undefined && groupById.has(n.parent) ? n.parent : undefined; g !== undefined; g = parentOfGroup(groupById.get(g)!)) chain.unshift(g);
        return chain;
    };
    const chains = new Map(nodes.map(n => [n.id, chainOf(n)]));
    const proxyOf = new Map<string, string>();
    const pathOf = new Map<string, string[]>();
    interface Candidate { id: string; level: number; container: string; edges: { id: string; a: string[]; b: string[] }[] }
    const candidates = new Map<string, Candidate>();
    for (const e of [...graph.edges].sort(byId)) {
        const a = chains.get(e.source);
        const b = chains.get(e.target);
        if (!a || !b) continue;
        let i = 0;
        while (i < a.length && i < b.length && a[i] === b[i]) i++;
        const direct = e.source === e.target || (a[i] === e.source && b[i] === e.target);
        if (direct) {
            const edge: ElkExtendedEdge = { id: e.id, sources: [e.source], targets: [e.target] };
            if (e.label && edgeLabels) edge.labels = [{ id: `${e.id}\u0000label`, text: e.label, ...edgeLabelSize(e.label) }];
            root.edges!.push(edge);
            continue;
        }
        const id = `\u0000proxy ${a[i]}\u0000${b[i]}`;
        const candidate = candidates.get(id) ?? { id, level: i, container: i === 0 ? ROOT_ID : a[i - 1], edges: [] };
        candidate.edges.push({ id: e.id, a, b });
        candidates.set(id, candidate);
    }
    // Every proxy that spans layers costs elkjs dummy nodes: keep, per container, the
    // strongest connections (most edges; ties by id), at most two per child of the container.
    // Edges between groups without a kept proxy are drawn straight (see fromElkGraph).
    const byContainer = new Map<string, Candidate[]>();
    for (const c of candidates.values()) (byContainer.get(c.container) ?? byContainer.set(c.container, []).get(c.container)!).push(c);
    const childCount = (container: string): number => (container === ROOT_ID ? root : compounds.get(container))?.children?.length ?? 0;
    const kept: Candidate[] = [];
    for (const [container, list] of byContainer) {
        list.sort((x, y) => y.edges.length - x.edges.length || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
        kept.push(...list.slice(0, Math.max(8, 2 * childCount(container))));
    }
    // A kept proxy leaves each group on its way through a port on the group's border: inside
    // the group, elkjs routes node → port; outside, port → port. One port per proxy and group.
    const ports = new Map<string, ElkPort[]>();
    const portOf = (proxy: string, group: string, direction: 'out' | 'in'): string => {
        const id = `${proxy}\u0000${direction}@${group}`;
        const list = ports.get(group) ?? ports.set(group, []).get(group)!;
        if (!list.some(port => port.id === id)) list.push({ id, width: 0, height: 0 });
        return id;
    };
    const endpointOf = (proxy: string, id: string, direction: 'out' | 'in'): string => (compounds.has(id) ? portOf(proxy, id, direction) : id);
    const added = new Set<string>();
    const addEdge = (id: string, source: string, target: string): string => {
        if (!added.has(id)) {
            added.add(id);
            root.edges!.push({ id, sources: [source], targets: [target] });
        }
        return id;
    };
    for (const c of kept.sort(byId)) {
        const { level } = c;
        const first = c.edges[0];
        const outer = addEdge(c.id, endpointOf(c.id, first.a[level], 'out'), endpointOf(c.id, first.b[level], 'in'));
        for (const member of c.edges) {
            const path: string[] = [];
            // Source side, innermost first: node → port of its group → … → port of the outermost group.
            for (let j = member.a.length - 2; j >= level; j--) {
                const from = endpointOf(c.id, member.a[j + 1], 'out');
                path.push(addEdge(`${c.id}\u0000out ${member.a[j + 1]}`, from, portOf(c.id, member.a[j], 'out')));
            }
            path.push(outer);
            for (let j = level; j <= member.b.length - 2; j++) {
                const to = endpointOf(c.id, member.b[j + 1], 'in');
                path.push(addEdge(`${c.id}\u0000in ${member.b[j + 1]}`, portOf(c.id, member.b[j], 'in'), to));
            }
            proxyOf.set(member.id, c.id);
            pathOf.set(member.id, path);
        }
    }
    for (const [group, list] of ports) compounds.get(group)!.ports = list.sort(byId);
    root.edges!.sort(byId);
    return { elk: root, fast, proxyOf, pathOf, edgeLabels };
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
    const plan = toElkGraph(graph, options);
    const result = await elk.layout(plan.elk);
    return fromElkGraph(graph, result, plan);
}

/** Reads elkjs's answer (absolute coordinates) back into plain geometry, rounded to 0.1 px. */
export function fromElkGraph(graph: GraphModel, result: ElkNode, plan: Pick<LayoutPlan, 'fast' | 'proxyOf' | 'pathOf'>): LaidOutGraph {
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
    const routed = new Map<string, { points: Point[]; label?: Box }>();
    const collect = (n: ElkNode): void => {
        for (const e of n.edges ?? []) {
            const points = (e.sections ?? []).flatMap(s => [s.startPoint, ...(s.bendPoints ?? []), s.endPoint]);
            const label = e.labels?.[0];
            routed.set(e.id, { points, label: label && label.x !== undefined ? roundBox(label) : undefined });
        }
        for (const child of n.children ?? []) collect(child);
    };
    collect(result);
    const boxOf = new Map([...nodes, ...groups].map(b => [b.id, b]));
    const edges: EdgeGeometry[] = [];
    for (const e of graph.edges) {
        const proxy = plan.proxyOf.get(e.id);
        let points: Point[];
        let label: Box | undefined;
        const own = proxy === undefined ? routed.get(e.id) : undefined;
        if (own) {
            points = own.points;
            label = own.label;
        } else if (proxy === undefined) {
            // A connection between groups that got no proxy: straight, from side to side.
            const from = boxOf.get(e.source);
            const to = boxOf.get(e.target);
            if (!from || !to) continue;
            points = [anchor(from, centre(to)), anchor(to, centre(from))];
        } else {
            // Node → group ports → proxy → group ports → node, as elkjs routed each piece.
            points = (plan.pathOf.get(e.id) ?? []).flatMap(id => routed.get(id)?.points ?? []);
        }
        points = dedupe(points.map(roundPoint));
        if (points.length < 2) continue;
        if (!label && e.label) label = midLabel(points, edgeLabelSize(e.label));
        edges.push({ id: e.id, points, label });
    }
    nodes.sort(byId);
    groups.sort(byId);
    edges.sort(byId);
    return { graph, width: round(result.width ?? 0), height: round(result.height ?? 0), nodes, groups, edges, fast: plan.fast };
}

function centre(box: Box): Point {
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** The middle of the box side that faces `toward`. */
function anchor(box: Box, toward: Point): Point {
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    const dx = toward.x - cx;
    const dy = toward.y - cy;
    if (Math.abs(dx) * box.height >= Math.abs(dy) * box.width) return { x: dx >= 0 ? box.x + box.width : box.x, y: cy };
    return { x: cx, y: dy >= 0 ? box.y + box.height : box.y };
}

function dedupe(points: Point[]): Point[] {
    return points.filter((p, i) => i === 0 || p.x !== points[i - 1].x || p.y !== points[i - 1].y);
}

/** A label box centred on the middle of the longest segment of a route. */
function midLabel(points: readonly Point[], size: { width: number; height: number }): Box {
    let best = 0;
    let length = -1;
    for (let i = 0; i + 1 < points.length; i++) {
        const l = Math.hypot(points[i + 1].x - points[i].x, points[i + 1].y - points[i].y);
        if (l > length) {
            length = l;
            best = i;
        }
    }
    const a = points[best];
    const b = points[best + 1];
    return roundBox({ x: (a.x + b.x) / 2 - size.width / 2, y: (a.y + b.y) / 2 - size.height - 2, ...size });
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
