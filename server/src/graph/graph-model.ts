import type { AstNode } from 'langium';
import { AstUtils, GrammarUtils } from 'langium';
import type { Analysis, RequirementCheck } from '../checker/propagation.js';
import { declaredInMode } from '../checker/propagation.js';
import type { MeshEdge, MeshNode, SemanticModel } from '../checker/model.js';
import { describeEdge } from '../checker/model.js';
import { buildModeMatrix } from '../checker/mode-matrix.js';
import { compareCodeUnits } from '../language/compare.js';
import type { Vector } from '../guarantees/index.js';
import { COMPONENT_LABELS, formatComponent, formatRequirement, formatVector, leqVector } from '../guarantees/index.js';
import { focusGraph } from './focus.js';
import type {
    BlastItem, EdgeStatus, GraphEdge, GraphEdgeKind, GraphEdgeMember, GraphGroup, GraphMode, GraphModel, GraphNode,
    GraphNodeKind, GraphRequirement, MatrixCell, MatrixMode, SourceLocation,
} from './types.js';
import { GRAPH_MODES, MATRIX_MODES } from './types.js';

export interface BuildGraphOptions {
    /** The mode the graph opens in (every mode's data is included either way). */
    mode?: GraphMode;
    /** Keep only the neighbourhood of this element (`orders-api`, `orders-api.placeOrder`, a gateway). */
    focus?: string;
    /** Hops kept around `focus` (default 1). */
    depth?: number;
}

/**
 * The architecture graph of a checked workspace: one node per element (operations folded
 * into their service, routes inside their gateway's group), one edge per kind between two
 * drawn nodes, and for every mode the effective vectors, edge statuses and blast radius.
 * Pure data: the CLI lays it out and renders it; the language server sends it to the webview.
 * Throws `GraphFocusError` for an unknown `focus` name.
 */
export function buildGraph(model: SemanticModel, analysis: Analysis, options: BuildGraphOptions = {}): GraphModel {
    const builder = new GraphBuilder(model, analysis);
    const graph = builder.build(options.mode ?? 'target');
    return options.focus === undefined ? graph : focusGraph(graph, options.focus, options.depth ?? 1);
}

const DRAWN_KINDS: ReadonlySet<string> = new Set(['service', 'client', 'store', 'topic', 'dataproduct', 'gateway', 'route', 'saga']);

/** Edge kinds drawn against the clause direction: data flows from the clause's target to its source. */
const FLIPPED: ReadonlySet<GraphEdgeKind> = new Set(['consume', 'from', 'read']);

const MODE_WORD: Record<GraphMode, string> = { target: 'target', degraded: 'degraded', floor: 'floor' };

class GraphBuilder {
    private readonly checks: Record<GraphMode, Map<MeshEdge, RequirementCheck[]>>;
    private readonly failsInTarget = new Set<unknown>();
    /** Each clause's graph edge (clauses of one kind between two drawn nodes share one). */
    private readonly edgeIdOf = new Map<MeshEdge, string>();
    private readonly operationsOf = new Map<MeshNode, MeshNode[]>();

    constructor(private readonly model: SemanticModel, private readonly analysis: Analysis) {
        for (const n of model.nodes) {
            if (!n.service) continue;
            const list = this.operationsOf.get(n.service);
            if (list) list.push(n);
            else this.operationsOf.set(n.service, [n]);
        }
        this.checks = { target: new Map(), degraded: new Map(), floor: new Map() };
        for (const mode of GRAPH_MODES) {
            for (const check of analysis.modes[mode].checks) {
                const list = this.checks[mode].get(check.edge);
                if (list) list.push(check);
                else this.checks[mode].set(check.edge, [check]);
                if (mode === 'target' && failed(check)) this.failsInTarget.add(check.requirement);
            }
        }
    }

    build(mode: GraphMode): GraphModel {
        const groups = new Map<string, GraphGroup>();
        const nodes = new Map<string, GraphNode>();
        const matrix = new Map(buildModeMatrix(this.model, this.analysis).rows.map(r => [r.id, r.modes]));

        for (const domain of this.model.domains) {
            const id = domainGroupId(domain.name);
            if (groups.has(id)) continue;
            groups.set(id, {
                id, kind: 'domain', label: domain.name, owner: domain.owner,
                location: locationOf(domain.ast, 'name'),
                tooltip: `domain ${domain.name}` + (domain.owner ? `\nowner ${JSON.stringify(domain.owner)}` : '')
                    + (domain.invariants.length > 0 ? `\ninvariants ${domain.invariants.map(c => COMPONENT_LABELS[c]).join(', ')}` : ''),
            });
        }

        // Gateways with routes are drawn as a group holding their routes; the gateway itself
        // is a node only when something refers to it directly or it has no routes.
        const routesOf = new Map<MeshNode, MeshNode[]>();
        for (const n of this.model.nodes) {
            if (n.kind !== 'route') continue;
            const gateway = this.model.nodeByAst.get(n.element.ast);
            if (!gateway) continue;
            const list = routesOf.get(gateway) ?? [];
            list.push(n);
            routesOf.set(gateway, list);
        }
        for (const [gateway, routes] of routesOf) {
            if (routes.length === 0) continue;
            const id = gatewayGroupId(gateway.id);
            groups.set(id, {
                id, kind: 'gateway', label: gateway.name,
                parent: gateway.domain ? domainGroupId(gateway.domain) : undefined,
                owner: gateway.element.owner, description: gateway.element.description,
                location: locationOf(gateway.ast, 'name'),
                tooltip: this.nodeTooltip(gateway, 'target', []),
            });
        }

        for (const n of this.model.nodes) {
            if (!DRAWN_KINDS.has(n.kind) || nodes.has(n.id)) continue;
            if (n.kind === 'gateway' && routesOf.has(n) && n.in.length === 0 && n.out.length === 0) continue;
            nodes.set(n.id, this.node(n, matrix.get(n.id)));
        }

        const edges = this.edges(nodes);
        // The gateway node exists only for direct references; a group without nodes is dropped.
        const used = new Set<string>();
        for (const node of nodes.values()) {
            for (let g = node.parent; g !== undefined; g = groups.get(g)?.parent) used.add(g);
        }
        const blastRadius = {
            degraded: this.blast(this.analysis.blastRadius.degraded),
            floor: this.blast(this.analysis.blastRadius.floor),
        };
        const syntaxFiles = this.model.documents
            .filter(d => d.parseResult.lexerErrors.length > 0 || d.parseResult.parserErrors.length > 0)
            .map(d => d.uri.toString())
            .sort(compareCodeUnits);
        return {
            version: 1,
            mode,
            groups: [...groups.values()].filter(g => used.has(g.id)).sort(byId),
            nodes: [...nodes.values()].sort(byId),
            edges: [...edges.values()].sort(byId),
            blastRadius,
            syntaxErrors: { files: syntaxFiles },
        };
    }

    // -------------------------------------------------------------- nodes

    private node(n: MeshNode, matrixRow: Record<MatrixMode, MatrixCell> | undefined): GraphNode {
        const operations = (this.operationsOf.get(n) ?? []).map(o => o.name);
        const gateway = n.kind === 'route' ? this.model.nodeByAst.get(n.element.ast) : undefined;
        const parent = gateway ? gatewayGroupId(gateway.id) : n.domain ? domainGroupId(n.domain) : undefined;
        const modes = {} as GraphNode['modes'];
        const tooltip = {} as GraphNode['tooltip'];
        for (const mode of GRAPH_MODES) {
            const declared = declaredInMode(n, mode);
            const effective = this.analysis.modes[mode].nodes.get(n)?.vector;
            modes[mode] = { declared: declared && formatVector(declared), effective: effective && formatVector(effective) };
            tooltip[mode] = this.nodeTooltip(n, mode, operations);
        }
        const hasOwnModes = n.modes.degraded?.vector !== undefined || n.modes.floor?.vector !== undefined;
        const floor = hasOwnModes ? declaredInMode(n, 'floor') : undefined;
        return {
            id: n.id,
            kind: n.kind as GraphNodeKind,
            label: n.kind === 'route' ? n.name : n.id,
            parent,
            domain: n.domain,
            owner: n.element.owner,
            description: n.kind === 'route' ? undefined : n.element.description,
            operations,
            critical: n.critical,
            location: locationOf(n.ast, n.kind === 'route' ? 'path' : 'name'),
            modes,
            matrix: matrixRow ? Object.fromEntries(MATRIX_MODES.map(m => [m, { ...matrixRow[m] }])) as Record<MatrixMode, MatrixCell> : undefined,
            tooltip,
            whatIf: {
                floor,
                lagMs: n.kind === 'route' ? n.cacheMs : n.lagMs,
                establishes: [...n.establishes].sort(),
            },
        };
    }

    private nodeTooltip(n: MeshNode, mode: GraphMode, operations: readonly string[]): string {
        const lines = [`${kindWord(n.kind)} ${n.kind === 'route' ? `${n.element.name} ${JSON.stringify(n.name)}` : n.id}${n.critical ? ' (critical)' : ''}`];
        if (n.domain) lines.push(`domain ${n.domain}`);
        if (n.element.owner && n.kind !== 'route') lines.push(`owner ${JSON.stringify(n.element.owner)}`);
        if (n.element.description && n.kind !== 'route') lines.push(n.element.description);
        const declared = declaredInMode(n, mode);
        const effective = this.analysis.modes[mode].nodes.get(n)?.vector;
        lines.push(`declared (${MODE_WORD[mode]}): ${declared ? formatVector(declared) : 'none'}`);
        lines.push(`effective (${MODE_WORD[mode]}): ${effective ? formatVector(effective) : 'unknown'}`);
        for (const op of this.operationsOf.get(n) ?? []) {
            const v = this.analysis.modes[mode].nodes.get(op)?.vector;
            if (v && (!effective || formatVector(v) !== formatVector(effective))) lines.push(`  operation ${op.name}: ${formatVector(v)}`);
        }
        if (operations.length > 0) lines.push(`operations: ${operations.join(', ')}`);
        const modeLines: string[] = [];
        for (const m of MATRIX_MODES) {
            const info = n.modes[m];
            if (!info?.vector) continue;
            modeLines.push(`  ${m} ${formatVector(info.vector)}${info.trigger?.$cstNode ? ` when ${info.trigger.$cstNode.text.replace(/\s+/g, ' ')}` : ''}`);
        }
        if (modeLines.length > 0) lines.push('modes:', ...modeLines);
        return lines.join('\n');
    }

    // -------------------------------------------------------------- edges

    private edges(nodes: Map<string, GraphNode>): Map<string, GraphEdge> {
        const edges = new Map<string, GraphEdge>();
        const labels = new Map<string, Set<string>>();
        for (const e of this.model.edges) {
            const from = drawnId(e.source);
            const to = drawnId(e.target);
            if (!nodes.has(from) || !nodes.has(to)) continue;
            const kind = e.kind as GraphEdgeKind;
            const [source, target] = FLIPPED.has(kind) ? [to, from] : [from, to];
            const id = `${kind}:${source}->${target}`;
            let edge = edges.get(id);
            if (!edge) {
                edge = { id, kind, source, target, label: '', members: [], modes: {} as GraphEdge['modes'], tooltip: {} as GraphEdge['tooltip'] };
                edges.set(id, edge);
                labels.set(id, new Set());
            }
            edge.members.push(this.member(e));
            this.edgeIdOf.set(e, id);
            const part = operationPart(e);
            if (part) labels.get(id)!.add(part);
        }
        for (const edge of edges.values()) {
            edge.members.sort((a, b) => compareCodeUnits(a.description, b.description));
            edge.label = shortLabel([...labels.get(edge.id)!].sort(compareCodeUnits));
            for (const mode of GRAPH_MODES) {
                const status = worst(edge.members.map(m => m.status[mode]));
                const effective = [...new Set(edge.members.map(m => m.effective[mode]).filter((v): v is Vector => v !== undefined).map(formatVector))];
                edge.modes[mode] = { status, effective: effective.length > 0 ? effective.join(' / ') : undefined };
                edge.tooltip[mode] = edge.members.map(m => memberTooltip(m, mode)).join('\n\n');
            }
        }
        return edges;
    }

    private member(e: MeshEdge): GraphEdgeMember {
        const requirements: GraphRequirement[] = e.requirements.map(r => ({
            text: (r.mode ? `in ${r.mode} ` : '') + formatRequirement(r.vector) + (r.per ? ` per ${r.per}` : ''),
            vector: r.vector,
            mode: r.mode as GraphRequirement['mode'],
            per: r.per,
        }));
        const effective = {} as GraphEdgeMember['effective'];
        const status = {} as GraphEdgeMember['status'];
        const problems = {} as GraphEdgeMember['problems'];
        for (const mode of GRAPH_MODES) {
            const vector = this.analysis.modes[mode].edges.get(e);
            effective[mode] = vector;
            const found: string[] = [];
            let violated = false;
            for (const r of e.requirements) {
                if (r.mode !== undefined && r.mode !== mode) continue;
                const own = this.checks[mode].get(e)?.find(c => c.requirement === r);
                const inTarget = this.checks.target.get(e)?.find(c => c.requirement === r);
                const text = (r.mode ? `requires in ${r.mode} ` : 'requires ') + formatRequirement(r.vector);
                if (r.mode === undefined && mode !== 'target' && inTarget && this.failsInTarget.has(r)) {
                    violated = true;
                    found.push(`${text} fails (already in target): ${describeFailures(inTarget)}`);
                } else if (own && failed(own)) {
                    violated = true;
                    const blast = r.mode === undefined && mode !== 'target' ? ` (blast radius of ${mode} mode)` : '';
                    found.push(`${text} fails${blast}: ${describeFailures(own)}`);
                } else if (own?.unknown) {
                    found.push(`${text} not checked: ${e.target.id} declares no vector`);
                }
            }
            let weakened = false;
            const declared = declaredInMode(e.target, mode);
            if (!violated && vector && declared && !leqVector(declared, vector)) {
                weakened = true;
                found.push(`weakened: ${e.target.id} declares ${formatVector(declared)}, ${e.source.id} gets ${formatVector(vector)}`);
            }
            status[mode] = violated ? 'violated' : weakened ? 'weakened' : 'ok';
            problems[mode] = found;
        }
        return {
            from: e.source.id,
            to: e.target.id,
            description: describeEdge(e),
            location: locationOf(e.ast),
            requirements,
            effective,
            status,
            problems,
            fallback: e.call?.fallback,
        };
    }

    private blast(checks: readonly RequirementCheck[]): BlastItem[] {
        const items: BlastItem[] = [];
        for (const check of checks) {
            const id = this.edgeIdOf.get(check.edge);
            if (!id) continue;
            items.push({ edge: id, text: `${describeEdge(check.edge)} requires ${formatRequirement(check.requirement.vector)}: ${describeFailures(check)}` });
        }
        return items.sort((a, b) => compareCodeUnits(a.edge, b.edge) || compareCodeUnits(a.text, b.text));
    }
}

// ------------------------------------------------------------------ helpers

export function domainGroupId(name: string): string {
    return `domain:${name}`;
}

export function gatewayGroupId(name: string): string {
    return `gateway:${name}`;
}

/** Operations are drawn as their service. */
function drawnId(n: MeshNode): string {
    return n.service ? n.service.id : n.id;
}

/** `placeOrder→charge`: the operation names an edge joins, kept on the collapsed edge's label. */
function operationPart(e: MeshEdge): string {
    const from = e.source.kind === 'operation' ? e.source.name : '';
    const to = e.target.kind === 'operation' ? e.target.name : '';
    if (from && to) return `${from}→${to}`;
    return from || to;
}

function shortLabel(parts: readonly string[]): string {
    if (parts.length <= 3) return parts.join(', ');
    return `${parts.slice(0, 2).join(', ')} +${parts.length - 2}`;
}

function failed(check: RequirementCheck): boolean {
    return check.failures.length > 0 || check.orderKeyMismatch !== undefined;
}

function describeFailures(check: RequirementCheck): string {
    const parts = check.failures.map(f =>
        `${COMPONENT_LABELS[f.component]} needs ${formatComponent(f.component, f.needed as never)}, gets ${formatComponent(f.component, f.got as never)} (weakest link: ${f.link.label})`);
    if (check.orderKeyMismatch) {
        const { key, per } = check.orderKeyMismatch;
        parts.push(`Order needs TotalOrder${per ? ` per ${per}` : ''}, gets TotalOrder per ${key} only`);
    }
    return parts.join('; ');
}

function memberTooltip(m: GraphEdgeMember, mode: GraphMode): string {
    const lines = [m.description];
    const v = m.effective[mode];
    if (v) lines.push(`effective (${mode}): ${formatVector(v)}`);
    for (const r of m.requirements) lines.push(`requires ${r.text}`);
    if (m.fallback) lines.push(`fallback ${m.fallback}`);
    for (const p of m.problems[mode]) lines.push(`⚠ ${p}`);
    if (m.problems[mode].length === 0 && m.requirements.some(r => r.mode === undefined || r.mode === mode)) lines.push('✓ requirements hold');
    return lines.join('\n');
}

const STATUS_RANK: Record<EdgeStatus, number> = { ok: 0, weakened: 1, violated: 2 };

function worst(statuses: readonly EdgeStatus[]): EdgeStatus {
    let result: EdgeStatus = 'ok';
    for (const s of statuses) if (STATUS_RANK[s] > STATUS_RANK[result]) result = s;
    return result;
}

function kindWord(kind: MeshNode['kind']): string {
    return kind === 'dataproduct' ? 'data product' : kind;
}

function locationOf(node: AstNode, property?: string): SourceLocation | undefined {
    const cst = node.$cstNode;
    if (!cst) return undefined;
    const named = property ? GrammarUtils.findNodeForProperty(cst, property) : undefined;
    const range = (named ?? cst).range;
    let uri: string;
    try {
        uri = AstUtils.getDocument(node).uri.toString();
    } catch {
        return undefined;
    }
    return { uri, range: { start: { ...range.start }, end: { ...range.end } } };
}

function byId(a: { id: string }, b: { id: string }): number {
    return compareCodeUnits(a.id, b.id);
}
