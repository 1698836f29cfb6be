import type { AstNode, LangiumDocument, Reference } from 'langium';
import type { ComponentName, Requirement, Vector } from '../guarantees/index.js';
import { COMPONENTS, COMPONENT_LABELS, equalVector, formatVector, parseComponent, parseDuration } from '../guarantees/index.js';
import * as ast from '../language/generated/ast.js';
import type { MeshDiagnostic } from './diagnostic.js';
import { Reporter } from './report.js';
import { closest } from './names.js';

/**
 * The semantic model: the checked workspace as plain records (nodes and edges of the
 * guarantee graph, plus the elements that carry no vector), with links back to the AST
 * for locations. Propagation, rules, the graph and the LSP all read this, never raw text.
 */

export type ModeName = 'target' | 'degraded' | 'floor' | 'recovery';
export const MODE_NAMES: readonly ModeName[] = ['target', 'degraded', 'floor', 'recovery'];
export type SystemMode = 'target' | 'degraded' | 'floor';
export const SYSTEM_MODES: readonly SystemMode[] = ['target', 'degraded', 'floor'];

export type ElementKind = 'service' | 'client' | 'store' | 'topic' | 'dataproduct' | 'gateway' | 'saga' | 'schema' | 'mesh' | 'policy' | 'guarantee';
export type NodeKind = 'service' | 'operation' | 'client' | 'store' | 'topic' | 'dataproduct' | 'gateway' | 'route' | 'saga';
export type EdgeKind = 'call' | 'consume' | 'publish' | 'from' | 'read' | 'write' | 'route' | 'step';

/** Edge kinds along which data arrives at the edge's source (the consumer end). */
export const DATA_EDGE_KINDS: ReadonlySet<EdgeKind> = new Set(['call', 'consume', 'from', 'read', 'route']);

export interface DomainInfo {
    name: string;
    ast: ast.Domain;
    uri: string;
    owner?: string;
    invariants: readonly ComponentName[];
}

export interface ElementInfo {
    name: string;
    kind: ElementKind;
    ast: ast.Element;
    uri: string;
    domain?: DomainInfo;
    owner?: string;
    description?: string;
}

export interface ModeInfo {
    mode: ModeName;
    vector?: Vector;
    ast: ast.ModeDecl;
    trigger?: ast.TriggerExpr;
}

export interface RequirementInfo {
    ast: ast.RequiresClause;
    vector: Requirement;
    /** `requires in degraded|floor <…>`: checked only in that system mode. */
    mode?: SystemMode;
    per?: string;
    perAst?: ast.PerClause;
}

export interface MeshNode {
    /** Position in `SemanticModel.nodes` (the key of the analysis' per-node tables). */
    index: number;
    /** `orders-api`, `orders-api.placeOrder`, `edge "/orders/*"`. */
    id: string;
    kind: NodeKind;
    name: string;
    element: ElementInfo;
    /** The declaring node: the element, the operation or the route. */
    ast: ast.Element | ast.Operation | ast.Route;
    domain?: string;
    /** Declared vector: the operation's own `provides`, else the element's. */
    declared?: Vector;
    declaredAst?: ast.VectorExpr;
    /** The element's mode matrix (an operation shares its service's). */
    modes: Partial<Record<ModeName, ModeInfo>>;
    /** Read-only: nodes without `establishes` share one empty set. */
    establishes: ReadonlySet<ComponentName>;
    invariants: readonly ComponentName[];
    lagMs?: number;
    /** The `lag` clause behind `lagMs` (where a weakest link that is a lag points). */
    lagAst?: ast.LagClause;
    /** Topic structure (§4.6). */
    partitions?: number;
    key?: string;
    delivery?: string;
    /** Service/operation facts used by rules. */
    idempotent: boolean;
    tracing: boolean;
    critical: boolean;
    latencyP99Ms?: number;
    sloMs?: number;
    /** Route hop facts (§4.3). */
    cacheMs?: number;
    authMechanisms?: string[];
    /** For an operation: its service (whose `from`/`reads` count for every operation). */
    service?: MeshNode;
    /** Outgoing edges (this node is the edge's source). */
    out: MeshEdge[];
    /** Derivation inputs: own `from`/`reads`/route edges, plus the service's for an operation (§2). */
    inputs: MeshEdge[];
    /** Incoming edges (this node is the edge's target). */
    in: MeshEdge[];
}

export interface CallFacts {
    timeoutMs?: number;
    retries?: number;
    backoffMs?: number;
    breaker?: ast.BreakerClause;
    fallback?: string;
    auth?: string[];
    method?: string;
    /** The strict-mTLS mesh both ends belong to, if any (the hop's Auth evidence, §4.3). */
    strictMesh?: string;
    /** The hop vector these facts give the call: set by propagation on first use (`callHopVector`). */
    hop?: Vector;
}

export interface MeshInfo {
    name: string;
    ast: ast.ServiceMesh;
    mtls?: string;
    certificate?: ast.CertificateClause;
    tracing?: string;
    all: boolean;
    members: Set<string>;
}

export interface MeshEdge {
    /** Position in `SemanticModel.edges` (the key of the analysis' per-edge tables). */
    index: number;
    kind: EdgeKind;
    /** The initiating end: caller, consumer, derived element, publisher, writer, route, saga. */
    source: MeshNode;
    /** The other end: callee, topic, input, store, backend operation. */
    target: MeshNode;
    ast: AstNode;
    requirements: RequirementInfo[];
    call?: CallFacts;
    consumer?: { group?: string; dedupe?: string; idempotent: boolean };
}

export interface SemanticModel {
    documents: readonly LangiumDocument<ast.Model>[];
    elements: ElementInfo[];
    domains: DomainInfo[];
    nodes: MeshNode[];
    edges: MeshEdge[];
    meshes: MeshInfo[];
    nodeById: Map<string, MeshNode>;
    /** AST node (element, operation, route) → graph node. */
    nodeByAst: Map<AstNode, MeshNode>;
    elementByName: Map<string, ElementInfo>;
    /**
     * What building each document's elements reported (`invalid-value`, `duplicate-name`,
     * `traffic-split-total`, `unresolved-reference` of route paths and schema versions), by the document being built: an incremental update rebuilds one
     * document and keeps the others' (incremental.ts).
     */
    buildDiagnostics: Map<string, MeshDiagnostic[]>;
    /** The root of each document's AST when the model was built (by URI). */
    roots: Map<string, ast.Model>;
    /** Structures derived from the nodes and edges alone, kept as long as they are (rules/rule.ts `byShape`). */
    byShape: Map<unknown, unknown>;
}

// ------------------------------------------------------------------ building

/** The model of `documents`; what building it reports is in `buildDiagnostics`. */
export function buildSemanticModel(documents: readonly LangiumDocument<ast.Model>[]): SemanticModel {
    return new ModelBuilder(documents, undefined).build();
}

/**
 * The nodes of the rest of the workspace, for building one document against an existing
 * model (incremental.ts): references out of the document resolve to these nodes, which
 * the build reads but never changes.
 */
export interface ForeignNodes {
    byAst(node: AstNode): MeshNode | undefined;
    byId(id: string): MeshNode | undefined;
    meshes: readonly MeshInfo[];
    /** The schemas named `name` (each version) declared in the rest of the workspace. */
    schemas(name: string): readonly ast.Schema[];
}

/** The model of one document alone, its edges into the rest of the workspace ending at `foreign` nodes. */
export function buildDocumentModel(document: LangiumDocument<ast.Model>, foreign: ForeignNodes): SemanticModel {
    return new ModelBuilder([document], foreign).build();
}

const KIND_OF: Record<ast.Element['$type'], ElementKind> = {
    Service: 'service', Client: 'client', Store: 'store', Topic: 'topic', DataProduct: 'dataproduct',
    Gateway: 'gateway', Saga: 'saga', Schema: 'schema', ServiceMesh: 'mesh', Policy: 'policy', NamedGuarantee: 'guarantee',
};

const NODE_KINDS: ReadonlySet<ElementKind> = new Set(['service', 'client', 'store', 'topic', 'dataproduct', 'gateway', 'saga']);

const COMPONENT_BY_LABEL = new Map<string, ComponentName>(COMPONENTS.map(c => [COMPONENT_LABELS[c].toLowerCase(), c]));

export function componentByLabel(label: string): ComponentName | undefined {
    return COMPONENT_BY_LABEL.get(label.toLowerCase());
}

export function routeId(gateway: string, path: string): string {
    return `${gateway} ${JSON.stringify(path)}`;
}

/** The requirements of every edge without any (two thirds of them): one frozen list. */
const NO_REQUIREMENTS: RequirementInfo[] = Object.freeze([]) as unknown as RequirementInfo[];

class ModelBuilder {
    private readonly model: SemanticModel;
    /** The reporter of the document being built (`enter`). */
    private reporter!: Reporter;
    /** The schemas of each name this build declares, made on first use (`schemaVersion`). */
    private schemas: Map<string, ast.Schema[]> | undefined;

    constructor(documents: readonly LangiumDocument<ast.Model>[], private readonly foreign: ForeignNodes | undefined) {
        this.model = {
            documents, elements: [], domains: [], nodes: [], edges: [], meshes: foreign ? [...foreign.meshes] : [],
            nodeById: new Map(), nodeByAst: new Map(), elementByName: new Map(), buildDiagnostics: new Map(), roots: new Map(),
            byShape: new Map(),
        };
    }

    /** What follows is reported for the document `uri`. */
    private enter(uri: string): void {
        let list = this.model.buildDiagnostics.get(uri);
        if (!list) {
            list = [];
            this.model.buildDiagnostics.set(uri, list);
        }
        if (this.reporter?.diagnostics !== list) this.reporter = new Reporter(list);
    }

    build(): SemanticModel {
        const seen = new Map<string, AstNode>();
        for (const doc of this.model.documents) {
            const uri = doc.uri.toString();
            this.enter(uri);
            this.model.roots.set(uri, doc.parseResult.value);
            for (const item of doc.parseResult.value.items) {
                if (ast.isDomain(item)) {
                    const domain = this.domainInfo(item, uri);
                    if (item.name) this.checkUnique(seen, item.name, item, 'domain');
                    for (const element of item.elements) this.addElement(element, uri, domain, seen);
                } else {
                    this.addElement(item, uri, undefined, seen);
                }
            }
        }
        for (let i = 0; i < this.model.elements.length; i++) {
            const element = this.model.elements[i];
            this.enter(element.uri);
            if (element.kind === 'guarantee') this.checkNamedGuarantee(element.ast as ast.NamedGuarantee);
            else this.addNodes(element);
        }
        for (let i = 0; i < this.model.elements.length; i++) {
            const element = this.model.elements[i];
            this.enter(element.uri);
            this.addMesh(element);
        }
        for (let i = 0; i < this.model.elements.length; i++) {
            const element = this.model.elements[i];
            this.enter(element.uri);
            this.addEdges(element);
        }
        for (let i = 0; i < this.model.nodes.length; i++) {
            const node = this.model.nodes[i];
            // Own edges first, then the service's (§2).
            const own = derivationEdges(node.out, NO_EDGES);
            node.inputs = node.service ? derivationEdges(node.service.out, own) : own;
        }
        // A pushed-to array has room for 17 or more; most nodes have a few edges, and the
        // model lives as long as its analysis (in the language server, until the next edit).
        for (let i = 0; i < this.model.nodes.length; i++) {
            const node = this.model.nodes[i];
            if (node.out.length > 1) node.out = node.out.slice();
            if (node.in.length > 1) node.in = node.in.slice();
            if (node.inputs.length > 1) node.inputs = node.inputs.slice();
        }
        return this.model;
    }

    private checkUnique(seen: Map<string, AstNode>, key: string, node: AstNode, kind: string, display = key): void {
        const first = seen.get(key);
        if (first) {
            this.reporter.report('duplicate-name', { name: display, kind }, { node, property: 'name' as never },
                { related: [{ node: first, property: 'name' as never, message: `'${display}' is first declared here` }] });
        } else {
            seen.set(key, node);
        }
    }

    private domainInfo(node: ast.Domain, uri: string): DomainInfo {
        const clauses = [...node.header, ...node.members];
        const info: DomainInfo = {
            name: node.name,
            ast: node,
            uri,
            owner: clauses.find(ast.isOwnerClause)?.owner,
            invariants: this.components(clauses.filter(ast.isInvariantsClause)),
        };
        this.model.domains.push(info);
        return info;
    }

    private addElement(element: ast.Element, uri: string, domain: DomainInfo | undefined, seen: Map<string, AstNode>): void {
        if (!element.name) return;
        const kind = KIND_OF[element.$type];
        // Schemas are versioned: `OrderEvent v1` and `OrderEvent v2` may coexist, but a schema
        // still shares the one namespace with every other element and domain.
        if (ast.isSchema(element)) {
            const display = `${element.name} ${element.version ?? ''}`.trim();
            this.checkUnique(seen, `\0schema ${display}`, element, 'schema version', display);
            const other = seen.get(element.name);
            if (other && !ast.isSchema(other)) this.checkUnique(seen, element.name, element, 'element');
            else if (!other) seen.set(element.name, element);
            const fields = new Map<string, AstNode>();
            for (const field of element.fields) if (field.name) this.checkUnique(fields, field.name, field, 'field');
        } else {
            this.checkUnique(seen, element.name, element, 'element');
        }
        let owner: ast.OwnerClause | undefined;
        let description: ast.DescriptionClause | undefined;
        // The first of each, by `$type` (concrete clause types; cheaper than reflection on every element).
        if ('members' in element) {
            for (const m of element.members as AstNode[]) {
                if (m.$type === ast.OwnerClause.$type) owner ??= m as ast.OwnerClause;
                else if (m.$type === ast.DescriptionClause.$type) description ??= m as ast.DescriptionClause;
            }
        }
        const info: ElementInfo = {
            name: element.name,
            kind,
            ast: element,
            uri,
            domain,
            owner: owner?.owner,
            description: description?.text,
        };
        this.model.elements.push(info);
        if (!this.model.elementByName.has(info.name) || kind !== 'schema') this.model.elementByName.set(info.name, info);
    }

    private newNode(id: string, kind: NodeKind, name: string, element: ElementInfo, node: MeshNode['ast']): MeshNode {
        // Every property is written here, the optional ones as undefined, so all nodes share
        // one hidden class: the checker reads nodes everywhere, and properties added later
        // in a different order per kind made those reads polymorphic.
        const meshNode: MeshNode = {
            index: this.model.nodes.length, id, kind, name, element, ast: node, domain: element.domain?.name,
            declared: undefined, declaredAst: undefined,
            // Shared empty values until the builder has something to put in them (most
            // nodes never do); the model is rebuilt on every analysis in the language server.
            modes: NO_MODES, establishes: NO_ESTABLISHES, invariants: element.domain?.invariants ?? NO_COMPONENTS,
            lagMs: undefined, lagAst: undefined, partitions: undefined, key: undefined, delivery: undefined,
            idempotent: false, tracing: false, critical: false,
            latencyP99Ms: undefined, sloMs: undefined, cacheMs: undefined, authMechanisms: undefined, service: undefined,
            out: NO_EDGES, in: NO_EDGES, inputs: NO_EDGES,
        };
        if (!this.model.nodeById.has(id)) this.model.nodeById.set(id, meshNode);
        this.model.nodeByAst.set(node, meshNode);
        this.model.nodes.push(meshNode);
        return meshNode;
    }

    private addNodes(element: ElementInfo): void {
        if (!NODE_KINDS.has(element.kind)) return;
        const e = element.ast;
        const node = this.newNode(element.name, element.kind as NodeKind, element.name, element, e);
        const members: AstNode[] = 'members' in e ? (e.members as AstNode[]) : [];
        this.applyCommon(node, members);
        if (ast.isTopic(e)) {
            for (const m of e.members) {
                if (ast.isPartitionsClause(m) && m.count !== undefined) {
                    node.partitions = m.count;
                    if (!Number.isInteger(m.count) || m.count < 1) {
                        this.invalid(`partitions must be a whole number of at least 1, got ${m.count}`, m, 'count');
                    }
                }
                if (ast.isKeyClause(m)) node.key = m.key;
                if (ast.isDeliveryClause(m) && m.delivery !== undefined) {
                    node.delivery = m.delivery;
                    if (!['at-most-once', 'at-least-once', 'exactly-once'].includes(m.delivery)) {
                        this.invalid(`unknown delivery '${m.delivery}'; expected at-most-once, at-least-once or exactly-once`, m, 'delivery');
                    }
                }
            }
        }
        if (ast.isService(e)) {
            for (const member of e.members) {
                if (member.$type !== ast.Operation.$type) continue;
                const m = member as ast.Operation;
                if (!m.name) continue;
                const op = this.newNode(`${element.name}.${m.name}`, 'operation', m.name, element, m);
                op.service = node;
                op.modes = node.modes;
                op.invariants = node.invariants;
                op.tracing = node.tracing;
                op.critical = node.critical;
                op.sloMs = node.sloMs;
                op.establishes = node.establishes;
                this.applyCommon(op, m.clauses, node.declared, node.declaredAst);
                op.latencyP99Ms ??= node.latencyP99Ms;
            }
            this.checkDuplicateOperations(e);
        }
        if (ast.isGateway(e)) {
            for (const m of e.members) {
                if (!ast.isRoute(m)) continue;
                const route = this.newNode(routeId(element.name, m.path), 'route', m.path, element, m);
                route.tracing = node.tracing;
                for (const o of m.options) {
                    if (ast.isCacheClause(o)) route.cacheMs = this.duration(o.ttl, o, 'ttl');
                    if (ast.isAuthClause(o)) route.authMechanisms = o.mechanisms;
                }
                if (m.splits.length > 0) {
                    // Every weight as written counts, an out-of-range one too (it is also an
                    // `invalid-value`): the total is what the gateway would be told.
                    let total = 0;
                    for (const s of m.splits) {
                        this.percent(s.weight, s, 'weight');
                        const weight = s.weight === undefined ? Number.NaN : Number.parseFloat(s.weight);
                        if (Number.isFinite(weight)) total += weight;
                    }
                    if (Math.abs(total - 100) > 1e-9) {
                        this.reporter.report('traffic-split-total', { total: `${round(total)}%` }, { node: m.splits[0] }, { until: { node: m.splits[m.splits.length - 1] } });
                    }
                }
            }
        }
        // A mode matrix's `target` defaults to `provides`; both written must agree.
        const target = node.modes.target;
        if (target?.vector && node.declared && !equalVector(target.vector, node.declared)) {
            this.invalid(`mode 'target' ${formatVector(target.vector)} differs from provides ${formatVector(node.declared)}; they must be equal`, target.ast, 'vector');
        } else if (target?.vector && !node.declared) {
            node.declared = target.vector;
            node.declaredAst = target.ast.vector;
        }
    }

    private addMesh(element: ElementInfo): void {
        const e = element.ast;
        if (!ast.isServiceMesh(e)) return;
        const info: MeshInfo = { name: element.name, ast: e, all: false, members: new Set() };
        for (const m of e.members) {
            if (ast.isMtlsClause(m) && m.mode !== undefined) {
                info.mtls = m.mode;
                if (!['strict', 'permissive', 'off'].includes(m.mode)) this.invalid(`unknown mtls mode '${m.mode}'; expected strict, permissive or off`, m, 'mode');
            }
            if (ast.isCertificateClause(m)) info.certificate = m;
            if (ast.isMeshTracingClause(m)) info.tracing = m.standard;
            if (ast.isMembersClause(m)) {
                for (const ref of m.members) {
                    // `members all` (see grammar/mesh.langium): every service is a member.
                    if (ref.$refText === 'all' && !ref.ref) info.all = true;
                    else if (ref.ref?.name) info.members.add(ref.ref.name);
                }
            }
        }
        this.model.meshes.push(info);
    }

    /** The strict-mTLS mesh that has both elements as members. */
    private strictMeshOf(a: MeshNode, b: MeshNode): string | undefined {
        return this.model.meshes.find(m => m.mtls === 'strict' && isMember(m, a) && isMember(m, b))?.name;
    }

    private checkDuplicateOperations(service: ast.Service): void {
        const seen = new Map<string, AstNode>();
        for (const m of service.members) {
            if (m.$type === ast.Operation.$type && (m as ast.Operation).name) this.checkUnique(seen, (m as ast.Operation).name, m, 'operation');
        }
    }

    /** Properties shared by elements and operations. */
    private applyCommon(node: MeshNode, members: readonly AstNode[], inheritedVector?: Vector, inheritedAst?: ast.VectorExpr): void {
        node.declared = inheritedVector;
        node.declaredAst = inheritedAst;
        for (let i = 0; i < members.length; i++) {
            const m = members[i];
            // Dispatch on `$type`: these are concrete node types, and one switch is much
            // cheaper than a chain of reflection checks on every clause of every element.
            switch (m.$type) {
                case ast.ProvidesClause.$type: {
                    const clause = m as ast.ProvidesClause;
                    const v = this.vector(clause.vector, node);
                    if (v) {
                        node.declared = v;
                        node.declaredAst = clause.vector;
                    }
                    break;
                }
                case ast.LagClause.$type:
                    node.lagMs = this.duration((m as ast.LagClause).value, m, 'value');
                    node.lagAst = m as ast.LagClause;
                    break;
                case ast.LatencyClause.$type:
                    if ((m as ast.LatencyClause).percentile === 'p99') node.latencyP99Ms = this.duration((m as ast.LatencyClause).value, m, 'value');
                    break;
                case ast.SloClause.$type:
                    node.sloMs = this.duration((m as ast.SloClause).value, m, 'value');
                    break;
                case ast.TracingClause.$type:
                    node.tracing = true;
                    break;
                case ast.CriticalClause.$type:
                    node.critical = true;
                    break;
                case ast.IdempotentFlag.$type:
                    node.idempotent = true;
                    break;
                case ast.EstablishesClause.$type:
                    for (const c of this.components([m as ast.EstablishesClause])) {
                        if (c === 'order' || c === 'visibility' || c === 'idempotence') {
                            // Copy on first write: the empty default is shared.
                            node.establishes = new Set([...node.establishes, c]);
                        } else {
                            this.invalid(`${COMPONENT_LABELS[c]} cannot be established; only Order, Visibility and Idempotence`, m, 'components');
                        }
                    }
                    break;
                case ast.InvariantsClause.$type:
                    node.invariants = [...node.invariants, ...this.components([m as ast.InvariantsClause])];
                    break;
                case ast.ModesBlock.$type:
                    this.modes(node, m as ast.ModesBlock);
                    break;
                case ast.SlaClause.$type:
                    for (const item of (m as ast.SlaClause).items) this.slaItem(item);
                    break;
                case ast.SchemaRefClause.$type:
                    this.schemaVersion(m as ast.SchemaRefClause);
                    break;
            }
        }
    }

    private modes(node: MeshNode, block: ast.ModesBlock): void {
        for (const decl of block.modes) {
            if (!decl.mode) continue;
            if (!(MODE_NAMES as readonly string[]).includes(decl.mode)) {
                this.invalid(`unknown mode '${decl.mode}'; expected target, degraded, floor or recovery`, decl, 'mode');
                continue;
            }
            const mode = decl.mode as ModeName;
            if (node.modes[mode]) {
                this.invalid(`mode '${mode}' is declared twice`, decl, 'mode');
                continue;
            }
            if (node.modes === NO_MODES) node.modes = {};
            node.modes[mode] = { mode, vector: this.vector(decl.vector, node), ast: decl, trigger: decl.trigger };
            if (decl.trigger) this.trigger(decl.trigger);
        }
    }

    /** A trigger's values: percentages (`error_rate > 5%`) are 0–100% like any other, a breaker's state is open or half-open. */
    private trigger(root: ast.TriggerExpr): void {
        // A stack, not recursion: parentheses nest up to 100 deep (docs/language.md).
        const stack: ast.TriggerExpr[] = [root];
        while (stack.length > 0) {
            const t = stack.pop()!;
            if (t.$type === ast.TriggerChain.$type) {
                const operands = (t as ast.TriggerChain).operands;
                for (let i = operands.length - 1; i >= 0; i--) if (operands[i]) stack.push(operands[i]);
            } else if (t.$type === ast.MetricTrigger.$type) {
                const value = (t as ast.MetricTrigger).value;
                if (typeof value === 'string' && value.endsWith('%')) this.percent(value, t, 'value');
            } else if (t.$type === ast.BreakerTrigger.$type) {
                const state = (t as ast.BreakerTrigger).state;
                if (state && state !== 'open' && state !== 'half-open') this.invalid(`unknown breaker state '${state}'; expected open or half-open`, t, 'state');
            }
        }
    }

    /** `sla freshness` takes a duration; `completeness` and `availability` a percentage. */
    private slaItem(item: ast.SlaItem): void {
        if (item.kind === 'freshness') {
            if (item.percent !== undefined) this.invalid(`sla freshness takes a duration (e.g. 5m), got ${item.percent}`, item, 'percent');
            else this.duration(item.duration, item, 'duration');
        } else if (item.kind !== undefined) {
            if (item.duration !== undefined) this.invalid(`sla ${item.kind} takes a percentage (e.g. 99.9%), got ${item.duration}`, item, 'duration');
            else this.percent(item.percent, item, 'percent');
        }
    }

    /** `schema X vN` on a topic or data product: schema X must have that version. */
    private schemaVersion(clause: ast.SchemaRefClause): void {
        const version = clause.version;
        const name = clause.schema?.$refText;
        if (version === undefined || !name) return;
        this.schemas ??= schemasByName(this.model.elements);
        const declared = new Set<string>();
        for (const schema of [...this.schemas.get(name) ?? [], ...this.foreign?.schemas(name) ?? []]) {
            if (schema.version !== undefined) declared.add(schema.version);
        }
        // No schema of that name at all: linking reports the name.
        if (declared.size === 0 || declared.has(version)) return;
        const existing = [...declared].sort((a, b) => versionNumber(a) - versionNumber(b));
        this.reporter.report('unresolved-reference', {
            name: version, expected: 'version', where: `of schema '${name}' (declared: ${existing.join(', ')})`,
        }, { node: clause, property: 'version' });
    }

    private components(clauses: readonly (ast.InvariantsClause | ast.EstablishesClause)[]): ComponentName[] {
        const result: ComponentName[] = [];
        for (const clause of clauses) {
            clause.components.forEach((label, index) => {
                if (label === undefined) return;
                const c = componentByLabel(label);
                if (c) {
                    result.push(c);
                } else {
                    this.invalid(`unknown component '${label}'; expected Scope, Order, Visibility, Recency, Idempotence or Auth`, clause, 'components', index);
                }
            });
        }
        return result;
    }

    // -------------------------------------------------------------- values

    private invalid(detail: string, node: AstNode, property?: string, index?: number, severity?: 'warning'): void {
        this.reporter.report('invalid-value', { detail }, { node, property: property as never, index }, { severity });
    }

    duration(text: string | undefined, node: AstNode, property: string): number | undefined {
        if (text === undefined) return undefined; // a syntax error, already reported
        const ms = parseDuration(text);
        if (ms === undefined) this.invalid(`duration '${text}' is out of range`, node, property); // the token's form is valid: it is too large
        return ms;
    }

    percent(text: string | undefined, node: AstNode, property: string): number | undefined {
        if (text === undefined) return undefined;
        const value = Number.parseFloat(text);
        if (!Number.isFinite(value) || value < 0 || value > 100) {
            this.invalid(`percentage ${text} is out of range (0–100%)`, node, property);
            return undefined;
        }
        return value;
    }

    /** A provided/declared vector: all six components, each a known value. */
    vector(expr: ast.VectorExpr | undefined, owner: MeshNode | undefined): Vector | undefined {
        const literal = resolveLiteral(expr);
        if (!literal) return undefined;
        const parsed = this.components6(expr!, literal, owner, false);
        if (!parsed) return undefined;
        return parsed as unknown as Vector;
    }

    /** A requirement: `_` leaves a component unconstrained. */
    requirement(expr: ast.VectorExpr | undefined, owner: MeshNode | undefined): Requirement | undefined {
        const literal = resolveLiteral(expr);
        if (!literal) return undefined;
        return this.components6(expr!, literal, owner, true) as Requirement | undefined;
    }

    /**
     * A named vector's own problems (arity, unknown values, a named bound nothing can
     * resolve), reported once at its declaration whether or not anything uses it. What
     * depends on a use (`_` where a vector is provided, a bound the using element cannot
     * resolve) is reported at that use (`components6`).
     */
    private checkNamedGuarantee(guarantee: ast.NamedGuarantee): void {
        if (!guarantee.vector) return;
        // As a requirement: `_` is allowed in a named vector (whether a use allows it is the use's business).
        const parsed = parsedLiteral(guarantee.vector, true);
        for (const problem of parsed.problems) this.invalid(problem.detail, problem.node, problem.property, problem.index);
        for (const [, bound] of parsed.bounds) {
            if (!resolvableBoundName(bound.name)) this.invalid(unresolvedBound(bound.name, undefined), bound.component, 'args', 0, 'warning');
        }
    }

    /**
     * The components of a literal written at `expr`, or reached through it (a named vector):
     * the literal's own problems are reported where it is written, once; a named vector's
     * are reported at its declaration (`checkNamedGuarantee`), so a use reports only what
     * depends on it, at the reference.
     */
    private components6(expr: ast.VectorExpr, literal: ast.VectorLiteral, owner: MeshNode | undefined, wildcards: boolean): Partial<Record<ComponentName, unknown>> | undefined {
        const parsed = parsedLiteral(literal, wildcards);
        const ref = expr === literal ? undefined : expr as ast.VectorRef;
        if (!ref) {
            for (const problem of parsed.problems) this.invalid(problem.detail, problem.node, problem.property, problem.index);
        } else if (parsed.problems.length > 0) {
            const wildcard: string[] = [];
            for (const problem of parsed.problems) if (problem.wildcard) wildcard.push(COMPONENT_LABELS[problem.wildcard]);
            if (wildcard.length > 0) {
                this.invalid(`guarantee '${ref.ref.$refText}' leaves ${wildcard.join(', ')} as '_' (any), which only a requirement may; a provided vector must state every component`, ref, 'ref');
            }
        }
        if (!parsed.needsOwner) return parsed.value;
        const resolved = new Map<ComponentName, unknown>();
        for (const [c, bound] of parsed.bounds) {
            const ms = owner ? namedBound(owner, bound.name) : undefined;
            if (ms !== undefined) {
                resolved.set(c, { kind: 'BS', ms, evidence: bound.name });
            } else {
                if (!ref) this.invalid(unresolvedBound(bound.name, undefined), bound.component, 'args', 0, 'warning');
                else if (resolvableBoundName(bound.name)) this.invalid(unresolvedBound(bound.name, ref.ref.$refText), ref, 'ref', undefined, 'warning');
                resolved.set(c, { kind: 'EO' });
            }
        }
        if (!parsed.ok) return undefined;
        // In component order, as a literal without named bounds has them.
        const result: Partial<Record<ComponentName, unknown>> = {};
        for (const c of COMPONENTS) {
            const value = resolved.get(c) ?? parsed.value?.[c];
            if (value !== undefined) result[c] = value;
        }
        return result;
    }

    // -------------------------------------------------------------- edges

    private addEdges(element: ElementInfo): void {
        const e = element.ast;
        const node = this.model.nodeByAst.get(e);
        if (!node) return;
        if (ast.isService(e)) {
            for (const m of e.members) {
                if (m.$type === ast.Operation.$type) {
                    const op = this.model.nodeByAst.get(m);
                    if (op) for (const c of (m as ast.Operation).clauses) this.edgeClause(op, c);
                } else {
                    this.edgeClause(node, m);
                }
            }
        } else if (ast.isGateway(e)) {
            for (const m of e.members) {
                if (!ast.isRoute(m)) continue;
                const route = this.model.nodeByAst.get(m);
                if (!route) continue;
                const targets = m.target ? [{ ref: m.target, at: m as AstNode, property: 'target' }] : m.splits.map(s => ({ ref: s.target, at: s as AstNode, property: 'target' }));
                for (const t of targets) {
                    const target = this.targetNode(t.ref?.ref);
                    if (target) this.addEdge('route', route, target, t.at, m.options);
                }
            }
        } else if (ast.isSaga(e)) {
            for (const m of e.members) {
                if (!ast.isSagaStep(m)) continue;
                const target = this.targetNode(m.action?.ref);
                if (target) this.addEdge('step', node, target, m, NO_OPTIONS);
            }
        } else if ('members' in e) {
            for (const m of e.members as AstNode[]) this.edgeClause(node, m);
        }
    }

    private edgeClause(node: MeshNode, clause: AstNode): void {
        switch (clause.$type) {
            case ast.CallsClause.$type: {
                const calls = clause as ast.CallsClause;
                const target = this.callTarget(calls);
                if (!target) return;
                const edge = this.addEdge('call', node, target, calls, calls.options);
                const facts: CallFacts = {
                    timeoutMs: undefined, retries: undefined, backoffMs: undefined, breaker: undefined, fallback: undefined,
                    auth: undefined, method: undefined, strictMesh: undefined, hop: undefined,
                };
                for (const o of calls.options) {
                    switch (o.$type) {
                        case ast.TimeoutClause.$type:
                            facts.timeoutMs = this.duration(o.value, o, 'value');
                            break;
                        case ast.RetriesClause.$type:
                            if (o.count === undefined) break;
                            facts.retries = o.count;
                            if (!Number.isInteger(o.count)) this.invalid(`retries must be a whole number, got ${o.count}`, o, 'count');
                            break;
                        case ast.BackoffClause.$type:
                            facts.backoffMs = this.duration(o.value, o, 'value');
                            break;
                        case ast.BreakerClause.$type:
                            facts.breaker = o;
                            break;
                        case ast.FallbackClause.$type:
                            if (o.kind === undefined) break;
                            facts.fallback = o.kind;
                            if (!['cached', 'default', 'queue', 'fail'].includes(o.kind)) {
                                this.invalid(`unknown fallback '${o.kind}'; expected cached, default, queue or fail`, o, 'kind');
                            }
                            break;
                        case ast.AuthClause.$type:
                            facts.auth = o.mechanisms;
                            break;
                        case ast.MethodClause.$type:
                            facts.method = o.method;
                            break;
                    }
                }
                facts.strictMesh = this.strictMeshOf(node, target);
                edge.call = facts;
                return;
            }
            case ast.ConsumesClause.$type: {
                const consumes = clause as ast.ConsumesClause;
                const topic = this.targetNode(consumes.topic?.ref);
                if (!topic) return;
                const edge = this.addEdge('consume', node, topic, consumes, consumes.options);
                let group: ast.GroupClause | undefined;
                let dedupe: ast.DedupeClause | undefined;
                let idempotent = false;
                for (const o of consumes.options) {
                    if (o.$type === ast.GroupClause.$type) group ??= o;
                    else if (o.$type === ast.DedupeClause.$type) dedupe ??= o;
                    else if (o.$type === ast.IdempotentFlag.$type) idempotent = true;
                }
                edge.consumer = { group: group?.group, dedupe: dedupe?.key, idempotent };
                return;
            }
            case ast.PublishesClause.$type:
                this.edgesTo('publish', node, (clause as ast.PublishesClause).topics, clause, NO_OPTIONS);
                return;
            case ast.FromClause.$type:
                this.edgesTo('from', node, (clause as ast.FromClause).sources, clause, (clause as ast.FromClause).options);
                return;
            case ast.ReadsClause.$type:
                this.edgesTo('read', node, (clause as ast.ReadsClause).sources, clause, (clause as ast.ReadsClause).options);
                return;
            case ast.WritesClause.$type:
                this.edgesTo('write', node, (clause as ast.WritesClause).targets, clause, NO_OPTIONS);
                return;
        }
    }

    /** One edge per resolved reference of a list clause (`publishes`, `from`, `reads`, `writes`). */
    private edgesTo(kind: EdgeKind, node: MeshNode, refs: readonly (Reference<ast.Element> | undefined)[], clause: AstNode, options: readonly AstNode[]): void {
        for (const ref of refs) {
            const target = this.targetNode(ref?.ref);
            if (target) this.addEdge(kind, node, target, clause, options);
        }
    }

    /** The graph node a reference denotes: an element or an operation. */
    private targetNode(target: AstNode | undefined): MeshNode | undefined {
        if (!target) return undefined;
        return this.model.nodeByAst.get(target) ?? this.foreign?.byAst(target);
    }

    /**
     * What a `calls` clause calls: its target, or with a path (`calls edge "/orders/*"`) that
     * gateway's route. A path that names no route of the target, or a path on something that
     * is not a gateway, is an `unresolved-reference` and, like any reference that resolves to
     * nothing, makes no edge.
     */
    private callTarget(calls: ast.CallsClause): MeshNode | undefined {
        const node = this.targetNode(calls.target?.ref);
        const path = calls.route;
        if (!node || path === undefined) return node;
        if (node.kind === 'gateway') {
            const id = routeId(node.name, path);
            const route = this.model.nodeById.get(id) ?? this.foreign?.byId(id);
            if (route) return route;
            const paths: string[] = [];
            for (const m of (node.ast as ast.Gateway).members) if (m.$type === ast.Route.$type && (m as ast.Route).path !== undefined) paths.push((m as ast.Route).path);
            const suggestion = closest(path, paths);
            this.reporter.report('unresolved-reference', {
                name: JSON.stringify(path), expected: 'route', where: `on gateway '${node.name}'`,
                suggestion: suggestion === undefined ? undefined : JSON.stringify(suggestion),
            }, { node: calls, property: 'route' }, { data: suggestion === undefined ? undefined : { suggestion: JSON.stringify(suggestion) } });
        } else {
            const what = node.kind === 'operation' ? 'an operation' : `a ${node.kind === 'dataproduct' ? 'data product' : node.kind}`;
            this.reporter.report('unresolved-reference', {
                name: JSON.stringify(path), expected: 'route', where: `on '${node.id}': it is ${what}, not a gateway, and only a gateway has routes`,
            }, { node: calls, property: 'route' });
        }
        return undefined;
    }

    /** Whether this build made `node` (not one of the `foreign` nodes it must not change). */
    private owns(node: MeshNode): boolean {
        return this.model.nodes[node.index] === node;
    }

    /** An edge with the `requires` (and the first `per`) among a clause's options. */
    private addEdge(kind: EdgeKind, source: MeshNode, target: MeshNode, clause: AstNode, options: readonly AstNode[]): MeshEdge {
        let per: ast.PerClause | undefined;
        for (let i = 0; i < options.length; i++) {
            const o = options[i];
            if (o.$type === ast.PerClause.$type) {
                per = o as ast.PerClause;
                break;
            }
        }
        let requirements = NO_REQUIREMENTS;
        for (let i = 0; i < options.length; i++) {
            const o = options[i];
            if (o.$type !== ast.RequiresClause.$type) continue;
            const r = o as ast.RequiresClause;
            const vector = this.requirement(r.vector, target);
            if (!vector) continue;
            let mode: SystemMode | undefined;
            if (r.mode !== undefined) {
                if (r.mode === 'degraded' || r.mode === 'floor') {
                    mode = r.mode;
                } else {
                    this.invalid(`'requires in ${r.mode}': expected degraded or floor`, r, 'mode');
                    continue;
                }
            }
            const info: RequirementInfo = { ast: r, vector, mode, per: per?.key, perAst: per };
            if (requirements === NO_REQUIREMENTS) requirements = [info];
            else requirements.push(info);
        }
        const edge: MeshEdge = { index: this.model.edges.length, kind, source, target, ast: clause, requirements, call: undefined, consumer: undefined };
        if (source.out === NO_EDGES) source.out = [edge];
        else source.out.push(edge);
        if (!this.owns(target)) {
            // A foreign node: its incoming edges belong to the model it comes from.
        } else if (target.in === NO_EDGES) {
            target.in = [edge];
        } else {
            target.in.push(edge);
        }
        this.model.edges.push(edge);
        return edge;
    }
}

const NO_OPTIONS: readonly AstNode[] = [];
// Shared, never-written defaults of a node (the builder replaces them before its first write).
/** The one empty edge list (frozen): a node's default, and any rule's "no edges". */
export const NO_EDGES: MeshEdge[] = Object.freeze([]) as unknown as MeshEdge[];
const NO_COMPONENTS: ComponentName[] = Object.freeze([]) as unknown as ComponentName[];
const NO_MODES: MeshNode['modes'] = Object.freeze({});
const NO_ESTABLISHES: ReadonlySet<ComponentName> = new Set();

/** `before` followed by the derivation edges of `edges` (`before` itself when there are none). */
function derivationEdges(edges: readonly MeshEdge[], before: MeshEdge[]): MeshEdge[] {
    let result = before;
    for (let i = 0; i < edges.length; i++) {
        const edge = edges[i];
        if (!isDerivation(edge)) continue;
        if (result === before) result = [...before];
        result.push(edge);
    }
    return result;
}

interface LiteralProblem {
    detail: string;
    node: AstNode;
    property?: string;
    index?: number;
    /** A `_` where a vector is provided: a problem of the use, not of the text. */
    wildcard?: ComponentName;
}

interface ParsedLiteral {
    /** The components (`undefined` when a problem makes the literal unusable). */
    value: Partial<Record<ComponentName, unknown>> | undefined;
    ok: boolean;
    problems: LiteralProblem[];
    /** Named bounds (`BS(SLA)`), resolved per owner. */
    bounds: [ComponentName, { name: string; component: ast.VectorComponent }][];
    needsOwner: boolean;
}

const PROVIDED_LITERALS = new WeakMap<ast.VectorLiteral, ParsedLiteral>();
const REQUIREMENT_LITERALS = new WeakMap<ast.VectorLiteral, ParsedLiteral>();

/**
 * A literal's parse, kept per AST node: it is a function of the literal's own text (named
 * bounds are resolved per owner afterwards), the language server analyses again on every
 * edit, and the literals of unchanged files are the same nodes from one analysis to the next.
 */
function parsedLiteral(literal: ast.VectorLiteral, wildcards: boolean): ParsedLiteral {
    const cache = wildcards ? REQUIREMENT_LITERALS : PROVIDED_LITERALS;
    let parsed = cache.get(literal);
    if (!parsed) {
        parsed = parseLiteral(literal, wildcards);
        cache.set(literal, parsed);
    }
    return parsed;
}

/** A literal's six components, parsed on their own (named bounds left to the owner). */
function parseLiteral(literal: ast.VectorLiteral, wildcards: boolean): ParsedLiteral {
    // Most literals have neither: they share one empty list (they are kept per literal).
    let problems: LiteralProblem[] = NONE;
    let bounds: ParsedLiteral['bounds'] = NONE;
    if (literal.components.length !== COMPONENTS.length) {
        problems = [{ detail: `a guarantee vector has 6 components <Scope, Order, Visibility, Recency, Idempotence, Auth>, this one has ${literal.components.length}`, node: literal }];
        return { value: undefined, ok: false, problems, bounds, needsOwner: false };
    }
    const result: Partial<Record<ComponentName, unknown>> = {};
    let ok = true;
    for (let index = 0; index < COMPONENTS.length; index++) {
        const component = literal.components[index];
        const c = COMPONENTS[index];
        if (component.value === undefined || component.args.includes(undefined as never)) {
            ok = false; // a syntax error, already reported
            continue;
        }
        if (component.value === '_' && component.args.length === 0) {
            if (!wildcards) {
                if (problems === NONE) problems = [];
                problems.push({ detail: `'_' (any) is only allowed in a requirement; a provided vector must state ${COMPONENT_LABELS[c]}`, node: component, property: 'value', wildcard: c });
                ok = false;
            }
            continue;
        }
        const parsed = parseComponent(c, component.value, component.args.length === 0 ? NONE : component.args.map(String));
        if (parsed.ok) {
            result[c] = parsed.value;
        } else if (parsed.needsBound !== undefined) {
            if (bounds === NONE) bounds = [];
            bounds.push([c, { name: parsed.needsBound, component }]);
        } else {
            if (problems === NONE) problems = [];
            problems.push({ detail: parsed.message, node: component, property: 'value' });
            ok = false;
        }
    }
    return { value: ok ? result : undefined, ok, problems, bounds, needsOwner: bounds.length > 0 };
}

/** The one empty list of a parse: no problems, no bounds, no arguments (frozen, shared). */
const NONE: never[] = Object.freeze([]) as never[];

const EDGE_VERB: Record<MeshEdge['kind'], string> = {
    call: 'calls', consume: 'consumes', publish: 'publishes', from: 'derives from', read: 'reads',
    write: 'writes', route: 'routes to', step: 'runs',
};

/** `orders-api calls payments.charge` — how messages name an edge. */
export function describeEdge(edge: MeshEdge): string {
    return `${edge.source.id} ${EDGE_VERB[edge.kind]} ${edge.target.id}`;
}

/** Edges along which a node derives its vector: `from`, `reads`, and a route's backends. */
export function isDerivation(e: MeshEdge): boolean {
    return e.kind === 'from' || e.kind === 'read' || e.kind === 'route';
}

/** Whether a requirement's vector has a named bound (`BS(SLA)`) resolved through its edge's target. */
export function requirementNeedsOwner(requirement: RequirementInfo): boolean {
    const literal = resolveLiteral(requirement.ast.vector);
    return literal !== undefined && parsedLiteral(literal, true).needsOwner;
}

/** Mesh membership is by element: an operation belongs with its service. */
export function isMember(mesh: MeshInfo, node: MeshNode): boolean {
    return mesh.all ? node.kind === 'service' || node.kind === 'operation' : mesh.members.has(node.element.name);
}

/** The literal a vector expression denotes (through a named `guarantee`). */
export function resolveLiteral(expr: ast.VectorExpr | undefined): ast.VectorLiteral | undefined {
    if (!expr) return undefined;
    // By `$type` (a vector expression is a literal or a reference): this runs for every
    // vector of every element on each analysis.
    if (expr.$type === ast.VectorLiteral.$type) return expr as ast.VectorLiteral;
    return (expr as ast.VectorRef).ref?.ref?.vector;
}

/** What a bound's name says it resolves through, in the order `namedBound` tries them (sla/fresh, cache/ttl, lag). */
function boundSources(name: string): ('sla' | 'cache' | 'lag')[] {
    const lower = name.toLowerCase();
    const sources: ('sla' | 'cache' | 'lag')[] = [];
    if (lower.includes('sla') || lower.includes('fresh')) sources.push('sla');
    if (lower.includes('cache') || lower.includes('ttl')) sources.push('cache');
    if (lower.includes('lag')) sources.push('lag');
    return sources;
}

/** Whether a bound's name says what it resolves through (sla freshness, cache or lag). */
function resolvableBoundName(name: string): boolean {
    return boundSources(name).length > 0;
}

/** Why a named bound does not resolve (`guarantee`: the named vector it is used through). */
function unresolvedBound(name: string, guarantee: string | undefined): string {
    if (!resolvableBoundName(name)) {
        return `cannot resolve named bound '${name}': a named bound resolves through sla freshness (BS(SLA)), cache (BS(cache-TTL)) or lag (BS(lag)), and '${name}' names none of them; counted as EO`;
    }
    const of = guarantee === undefined ? '' : ` of guarantee '${guarantee}'`;
    return `cannot resolve named bound '${name}'${of}: no sla freshness, cache or lag on this element; counted as EO`;
}

/** `BS(SLA)`, `BS(cache-TTL)`, `BS(lag)` resolve through the element's sla, cache or lag. */
function namedBound(node: MeshNode, name: string): number | undefined {
    const e = node.element.ast;
    const members: AstNode[] = 'members' in e ? (e.members as AstNode[]) : [];
    for (const source of boundSources(name)) {
        if (source === 'sla') {
            for (const m of members) {
                if (!ast.isSlaClause(m)) continue;
                const item = m.items.find(i => i.kind === 'freshness' && i.duration);
                if (item?.duration) return parseDuration(item.duration);
            }
        } else if (source === 'cache') {
            if (node.cacheMs !== undefined) return node.cacheMs;
            for (const m of members) {
                if (ast.isRoute(m)) {
                    const cache = m.options.find(ast.isCacheClause);
                    if (cache) return parseDuration(cache.ttl);
                }
            }
        } else {
            return node.lagMs;
        }
    }
    return undefined;
}

/** Every version of every schema among `elements`, by name, oldest first. */
export function schemasByName(elements: readonly ElementInfo[]): Map<string, ast.Schema[]> {
    const byName = new Map<string, ast.Schema[]>();
    for (const element of elements) {
        if (element.kind !== 'schema') continue;
        const list = byName.get(element.name);
        if (list) list.push(element.ast as ast.Schema);
        else byName.set(element.name, [element.ast as ast.Schema]);
    }
    for (const list of byName.values()) list.sort((a, b) => versionNumber(a.version) - versionNumber(b.version));
    return byName;
}

/** `v12` → 12 (0 when there is none): schema versions are compared numerically. */
export function versionNumber(version: string | undefined): number {
    const n = Number.parseInt((version ?? '').replace(/^v/, ''), 10);
    return Number.isFinite(n) ? n : 0;
}

function round(n: number): string {
    return String(Math.round(n * 1000) / 1000);
}

/**
 * A map keyed by the model's nodes or edges, stored by their `index`: propagation sets one
 * entry per node and edge in every mode, and an array slot is much cheaper than a hash
 * entry. The Map-like surface (`get`, `set`, `has`) is all its readers use.
 */
export class ModelTable<K extends { index: number }, V> {
    private readonly slots: (V | undefined)[];
    private readonly present: Uint8Array;

    /** `from`: start with its entries (`size` is then its size). */
    constructor(size: number, from?: ModelTable<K, V>) {
        this.slots = from ? from.slots.slice() : new Array<V | undefined>(size);
        this.present = from ? from.present.slice() : new Uint8Array(size);
    }

    get(key: K): V | undefined {
        return this.slots[key.index];
    }

    has(key: K): boolean {
        return this.present[key.index] === 1;
    }

    set(key: K, value: V): this {
        this.slots[key.index] = value;
        this.present[key.index] = 1;
        return this;
    }

    /** A table with the same entries, to change without changing this one. */
    copy(): ModelTable<K, V> {
        return new ModelTable<K, V>(this.present.length, this);
    }
}
