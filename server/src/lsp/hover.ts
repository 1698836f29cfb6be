import type { AstNode, LangiumDocument, LeafCstNode, References } from 'langium';
import { AstUtils, CstUtils } from 'langium';
import type { HoverProvider } from 'langium/lsp';
import type { Hover, HoverParams } from 'vscode-languageserver';
import type { ComponentName, Requirement, Vector } from '../guarantees/index.js';
import {
    COMPONENTS, COMPONENT_LABELS, COMPONENT_VALUE_DOCS, formatComponent, formatDuration, formatRequirement, formatVector, leq,
} from '../guarantees/index.js';
import { RULES } from '../checker/catalogue.js';
import type { MeshEdge, MeshNode, RequirementInfo, SystemMode } from '../checker/model.js';
import { describeEdge, SYSTEM_MODES, resolveLiteral } from '../checker/model.js';
import { callHop, declaredInMode, explainChain, type RequirementCheck } from '../checker/propagation.js';
import * as ast from '../language/generated/ast.js';
import type { MeshLspServices } from './mesh-lsp-module.js';
import type { AnalysisSnapshot, WorkspaceAnalysis } from './workspace-analysis.js';
import { code, escapeMarkdown, table } from './markdown.js';

/**
 * Hovers explain guarantees where they are written:
 * - a vector component value: its one-line meaning (`COMPONENT_VALUE_DOCS`);
 * - an element or operation (name or reference): declared and effective vectors per mode;
 * - a clause that consumes data (`calls`, `consumes`, `from`, `reads`, a route) and its
 *   `requires`: the effective vector arriving there and, for a requirement, its context
 *   capsule (invariant, evidence, boundary, mode, fallback) with the derivation chain of
 *   every failing component down to its weakest link.
 */
export class MeshHoverProvider implements HoverProvider {
    private readonly references: References;
    private readonly analysis: WorkspaceAnalysis;

    constructor(services: MeshLspServices) {
        this.references = services.references.References;
        this.analysis = services.shared.mesh.WorkspaceAnalysis;
    }

    getHoverContent(document: LangiumDocument, params: HoverParams): Hover | undefined {
        const root = document.parseResult.value.$cstNode;
        if (!root) return undefined;
        const offset = document.textDocument.offsetAt(params.position);
        const leaf = CstUtils.findLeafNodeAtOffset(root, offset);
        if (!leaf || leaf.hidden) return undefined;
        const markdown = this.content(leaf, this.analysis.snapshot());
        if (!markdown) return undefined;
        return { contents: { kind: 'markdown', value: markdown }, range: leaf.range };
    }

    private content(leaf: LeafCstNode, snapshot: AnalysisSnapshot | undefined): string | undefined {
        const node = leaf.astNode;
        const component = AstUtils.getContainerOfType(node, ast.isVectorComponent);
        if (component) return componentHover(component);

        const requires = AstUtils.getContainerOfType(node, ast.isRequiresClause);
        if (requires && snapshot) {
            const found = findRequirement(snapshot, requires);
            if (found) return requirementHover(snapshot, found.edge, found.requirement);
        }
        // The brackets and commas of a vector: every component with its meaning.
        if (ast.isVectorLiteral(node)) return vectorHover(node);

        const target = this.references.findDeclarations(leaf)[0];
        if (target && target !== node) {
            const clause = edgeClause(node);
            const edges = clause && snapshot ? snapshot.edgesOf(clause).filter(e => e.target.ast === target || e.target.element.ast === target || isRouteOf(e.target, target)) : [];
            const parts: string[] = [];
            if (edges.length > 0) parts.push(edgeHover(snapshot!, edges[0]));
            const declaration = declarationHover(snapshot, target);
            if (declaration) parts.push(declaration);
            return parts.length > 0 ? parts.join('\n\n---\n\n') : undefined;
        }

        // The name of a declaration.
        if (isNameLeaf(leaf)) return declarationHover(snapshot, node);

        // A route's path.
        if (ast.isRoute(node) && leaf.tokenType.name === 'STRING' && snapshot) {
            const route = snapshot.model.nodeByAst.get(node);
            if (route) return nodeHover(snapshot, route);
        }

        // The keyword of a clause that produced an edge (`calls`, `consumes`, `from`, …).
        const clause = edgeClause(node);
        if (clause && snapshot) {
            const edges = snapshot.edgesOf(clause);
            if (edges.length > 0) return edges.map(e => edgeHover(snapshot, e)).join('\n\n---\n\n');
        }
        return undefined;
    }
}

// ---------------------------------------------------------------- lookups

function isNameLeaf(leaf: LeafCstNode): boolean {
    const node = leaf.astNode as AstNode & { name?: unknown };
    if (typeof node.name !== 'string') return false;
    const nameNode = node.$cstNode && CstUtils.findDeclarationNodeAtOffset(node.$cstNode, leaf.offset);
    return nameNode === leaf && leaf.text === node.name;
}

function isRouteOf(node: MeshNode, target: AstNode): boolean {
    return node.kind === 'route' && node.element.ast === target;
}

/** The clause that produced edges and contains `node` (the reference's container). */
function edgeClause(node: AstNode): AstNode | undefined {
    return AstUtils.getContainerOfType(node, (n): n is AstNode =>
        ast.isCallsClause(n) || ast.isConsumesClause(n) || ast.isFromClause(n) || ast.isReadsClause(n)
        || ast.isRoute(n) || ast.isSplitTarget(n) || ast.isPublishesClause(n) || ast.isWritesClause(n) || ast.isSagaStep(n));
}

function findRequirement(snapshot: AnalysisSnapshot, requires: ast.RequiresClause): { edge: MeshEdge; requirement: RequirementInfo } | undefined {
    const clause = edgeClause(requires) ?? requires.$container;
    for (const edge of clause ? snapshot.edgesOf(clause) : []) {
        const requirement = edge.requirements.find(r => r.ast === requires);
        if (requirement) return { edge, requirement };
    }
    return undefined;
}

function componentIndex(component: ast.VectorComponent): number {
    const literal = component.$container;
    return ast.isVectorLiteral(literal) ? literal.components.indexOf(component) : -1;
}

// ---------------------------------------------------------------- component values

function componentHover(component: ast.VectorComponent): string | undefined {
    const index = componentIndex(component);
    const c = COMPONENTS[index];
    if (!c) return `A guarantee vector has 6 components: \`<Scope, Order, Visibility, Recency, Idempotence, Auth>\`.`;
    const label = COMPONENT_LABELS[c];
    const written = component.$cstNode?.text ?? component.value;
    if (component.value === '_' && component.args.length === 0) {
        return `**${label}** \`_\` — any value: this requirement leaves ${label} open.`;
    }
    const docs = COMPONENT_VALUE_DOCS[c];
    const doc = docs.find(d => d.value === written) ?? docs.find(d => d.value.replace(/\(.*$/, '') === component.value && d.value.includes('(') === component.args.length > 0)
        ?? docs.find(d => d.value.replace(/\(.*$/, '') === component.value);
    const scale = docs.map(d => d.value).join(' < ');
    if (!doc) return `**${label}** ${code(written)} — not a ${label} value; expected one of ${docs.map(d => `\`${d.value}\``).join(', ')}.`;
    return `**${label}** ${code(written)} — ${escapeMarkdown(doc.meaning)}\n\n${label}: \`${scale}\` (weakest → strongest)`;
}

function vectorHover(literal: ast.VectorLiteral): string {
    const rows = literal.components.map((component, i) => {
        const c = COMPONENTS[i];
        if (!c) return [String(i + 1), '—', code(component.$cstNode?.text ?? component.value), 'a vector has only 6 components'];
        const written = component.$cstNode?.text ?? component.value;
        const docs = COMPONENT_VALUE_DOCS[c];
        const doc = component.value === '_' ? undefined
            : docs.find(d => d.value === written) ?? docs.find(d => d.value.replace(/\(.*$/, '') === component.value && d.value.includes('(') === component.args.length > 0);
        const meaning = component.value === '_' ? 'any value' : doc ? escapeMarkdown(doc.meaning) : `not a ${COMPONENT_LABELS[c]} value`;
        return [String(i + 1), COMPONENT_LABELS[c], code(written), meaning];
    });
    return `**Guarantee vector** ${code(literal.$cstNode?.text.replace(/\s+/g, ' ') ?? '')}\n\n${table(['#', 'component', 'value', 'meaning'], rows)}`;
}

// ---------------------------------------------------------------- declarations

function declarationHover(snapshot: AnalysisSnapshot | undefined, target: AstNode): string | undefined {
    const node = snapshot?.model.nodeByAst.get(target);
    if (snapshot && node) return nodeHover(snapshot, node);
    if (ast.isNamedGuarantee(target)) {
        const literal = resolveLiteral(target.vector);
        return `**guarantee** \`${target.name}\` = \`${literal?.$cstNode?.text ?? '…'}\``;
    }
    if (ast.isDomain(target)) {
        const info = snapshot?.model.domains.find(d => d.ast === target);
        const lines = [`**domain** \`${target.name}\``];
        if (info?.owner) lines.push(`owner "${escapeMarkdown(info.owner)}"`);
        if (info && info.invariants.length > 0) lines.push(`invariants: ${info.invariants.map(c => COMPONENT_LABELS[c]).join(', ')}`);
        return lines.join(' · ');
    }
    if (ast.isSchema(target)) return `**schema** \`${target.name}\` ${target.version}` + (target.compatibility ? ` (compatibility ${target.compatibility})` : '') + ` — ${target.fields.length} field(s)`;
    if (ast.isServiceMesh(target)) return `**mesh** \`${target.name}\``;
    if (ast.isPolicy(target)) return `**policy** \`${target.name}\` — ${target.rules.length} rule(s)`;
    return undefined;
}

function nodeHover(snapshot: AnalysisSnapshot, node: MeshNode): string {
    const header = [`**${kindLabel(node)}** \`${escapeMarkdown(node.id)}\``];
    if (node.domain) header.push(`domain \`${node.domain}\``);
    if (node.element.owner) header.push(`owner "${escapeMarkdown(node.element.owner)}"`);
    const facts: string[] = [];
    if (node.kind === 'operation' || node.kind === 'service') facts.push(node.idempotent ? 'idempotent' : '');
    if (node.critical) facts.push('critical');
    if (node.delivery) facts.push(`delivery ${node.delivery}`);
    if (node.partitions !== undefined) facts.push(`${node.partitions} partition(s)` + (node.key ? ` keyed by ${node.key}` : ''));
    const lines = [header.join(' · ')];
    if (node.element.description && node.kind !== 'operation') lines.push(escapeMarkdown(node.element.description));
    if (facts.filter(Boolean).length > 0) lines.push(facts.filter(Boolean).join(' · '));

    const rows: string[][] = [];
    if (node.declared) rows.push(['declared', code(formatVector(node.declared)), '']);
    for (const mode of SYSTEM_MODES) {
        const effective = snapshot.analysis.modes[mode].nodes.get(node)?.vector;
        const declared = declaredInMode(node, mode);
        const trigger = node.modes[mode]?.trigger?.$cstNode?.text.replace(/\s+/g, ' ');
        const weakened = effective && declared ? weakerComponents(effective, declared) : [];
        const mark = weakened.length > 0 ? ` ⚠ weaker than declared in ${weakened.map(c => COMPONENT_LABELS[c]).join(', ')}` : '';
        rows.push([`effective, ${mode}`, effective ? code(formatVector(effective)) + mark : 'unknown (no vector declared)', trigger ? code(`when ${trigger}`) : '']);
    }
    const recovery = node.modes.recovery;
    if (recovery?.vector) rows.push(['recovery', code(formatVector(recovery.vector)), recovery.trigger?.$cstNode ? code(`when ${recovery.trigger.$cstNode.text.replace(/\s+/g, ' ')}`) : '']);
    lines.push(table(['', 'vector', 'trigger'], rows));
    if (node.invariants.length > 0) lines.push(`Invariants (no mode may weaken them): ${node.invariants.map(c => COMPONENT_LABELS[c]).join(', ')}`);
    if (node.establishes.size > 0) lines.push(`Establishes: ${[...node.establishes].map(c => COMPONENT_LABELS[c]).join(', ')}`);
    return lines.join('\n\n');
}

function kindLabel(node: MeshNode): string {
    return node.kind === 'dataproduct' ? 'data product' : node.kind;
}

function weakerComponents(effective: Vector, declared: Vector): ComponentName[] {
    return COMPONENTS.filter(c => !leq(c, declared[c] as never, effective[c] as never));
}

// ---------------------------------------------------------------- edges and requirements

function edgeHover(snapshot: AnalysisSnapshot, edge: MeshEdge): string {
    const lines = [`**${escapeMarkdown(describeEdge(edge))}**`];
    const rows: string[][] = [];
    for (const mode of SYSTEM_MODES) {
        const effective = snapshot.analysis.modes[mode].edges.get(edge);
        rows.push([mode, effective ? code(formatVector(effective)) : 'unknown']);
    }
    if (snapshot.analysis.modes.target.edges.has(edge)) {
        lines.push('Effective vector arriving at this end:');
        lines.push(table(['mode', 'vector'], rows));
    }
    for (const requirement of edge.requirements) lines.push(requirementSummary(snapshot, edge, requirement));
    return lines.join('\n\n');
}

function requirementSummary(snapshot: AnalysisSnapshot, edge: MeshEdge, requirement: RequirementInfo): string {
    const mode = requirement.mode ?? 'target';
    const check = snapshot.checksOf(requirement)[mode];
    const text = code(`requires${requirement.mode ? ` in ${requirement.mode}` : ''} ${formatRequirement(requirement.vector)}`);
    if (!check || check.unknown) return `${text} — not checked: \`${edge.target.id}\` declares no vector`;
    if (failed(check)) return `${text} — ✗ not satisfied in ${mode} mode`;
    return `${text} — ✓ satisfied in ${mode} mode`;
}

function failed(check: RequirementCheck): boolean {
    return check.failures.length > 0 || check.orderKeyMismatch !== undefined;
}

/** The context capsule of one requirement, as the seed writes it. */
export function requirementHover(snapshot: AnalysisSnapshot, edge: MeshEdge, requirement: RequirementInfo): string {
    const checks = snapshot.checksOf(requirement);
    const mode: SystemMode = requirement.mode ?? 'target';
    const check = checks[mode];
    const status = !check ? 'not checked'
        : check.unknown ? `not checked — \`${edge.target.id}\` declares no vector (${RULES['unknown-guarantee'].severity})`
            : failed(check) ? `✗ not satisfied in ${mode} mode` : `✓ satisfied in ${mode} mode`;
    const lines = [`**Requirement** of \`${escapeMarkdown(describeEdge(edge))}\` — ${status}`];

    const needed = COMPONENTS.filter(c => requirement.vector[c] !== undefined);
    const invariant = needed.length === 0 ? 'nothing (every component is `_`)'
        : needed.map(c => `${COMPONENT_LABELS[c]} ⊒ ${code(formatComponent(c, requirement.vector[c] as never))}`).join(', ');
    const effective = check?.effective;
    const modeAnalysis = snapshot.analysis.modes[mode];
    const evidence = effective
        ? `${code(formatVector(effective))} arrives here` + evidenceOrigins(edge, needed, modeAnalysis.nodes)
        : 'none: the provider declares no vector';
    const boundary = `${code(edge.source.id)}${edge.source.domain ? ` (domain ${edge.source.domain})` : ''} ← ${code(edge.target.id)}${edge.target.domain ? ` (domain ${edge.target.domain})` : ''}`
        + (edge.source.domain !== edge.target.domain && edge.source.domain && edge.target.domain ? ' — crosses a domain boundary' : '');
    const modes = modeLine(snapshot, edge, requirement, checks);
    const fallback = fallbackLine(edge);
    lines.push([
        '**Context capsule**',
        `- **invariant**: ${code(formatRequirement(requirement.vector))} — ${invariant}`,
        `- **evidence**: ${evidence}`,
        `- **boundary**: ${boundary}`,
        `- **mode**: ${modes}`,
        `- **fallback**: ${fallback}`,
    ].join('\n'));

    if (check && failed(check)) {
        for (const failure of check.failures) {
            const c = failure.component;
            const steps = explainChain(edge, c, modeAnalysis.nodes);
            const rows = steps.map((s, i) => [String(i + 1), escapeMarkdown(s.link.label), code(formatValue(c, s.value)), escapeMarkdown(s.reason) + (s.link.label === failure.link.label ? ' **← weakest link**' : '')]);
            lines.push(`**${COMPONENT_LABELS[c]}** needs ${code(formatComponent(c, failure.needed as never))}, gets ${code(formatComponent(c, failure.got as never))} — weakest link: ${escapeMarkdown(failure.link.label)}`);
            if (rows.length > 0) lines.push(table(['#', 'link', COMPONENT_LABELS[c], 'why'], rows));
        }
        if (check.orderKeyMismatch) {
            const m = check.orderKeyMismatch;
            lines.push(`**Order**: \`${m.topic.id}\` is totally ordered only per \`${m.key}\`` + (m.per ? `, not per \`${m.per}\`` : `; write \`per ${m.key}\``));
        }
    }
    return lines.join('\n\n');
}

/** Where each required component comes from: the end of its derivation chain. */
function evidenceOrigins(edge: MeshEdge, components: readonly ComponentName[], nodes: Parameters<typeof explainChain>[2]): string {
    const origins: string[] = [];
    for (const c of components) {
        const steps = explainChain(edge, c, nodes);
        const origin = c === 'auth' && steps[0]?.isHop ? steps[0] : steps[steps.length - 1];
        if (origin) origins.push(`${COMPONENT_LABELS[c]}: ${escapeMarkdown(origin.reason)}`);
    }
    if (edge.kind === 'call' && edge.target.kind !== 'route' && !components.includes('auth')) {
        origins.push(`hop: ${escapeMarkdown(callHop(edge).detail)}`);
    }
    return origins.length > 0 ? `\n  - ${origins.join('\n  - ')}` : '';
}

function modeLine(snapshot: AnalysisSnapshot, edge: MeshEdge, requirement: RequirementInfo, checks: Partial<Record<SystemMode, RequirementCheck>>): string {
    if (requirement.mode) {
        const trigger = providerTrigger(edge.target, requirement.mode);
        return `checked in ${requirement.mode} mode` + (trigger ? ` (provider enters it ${code(`when ${trigger}`)})` : '');
    }
    const target = checks.target;
    const parts = [target && !target.unknown ? `target: ${failed(target) ? 'fails' : 'holds'}` : 'target'];
    for (const mode of ['degraded', 'floor'] as const) {
        const check = checks[mode];
        if (!check || check.unknown) continue;
        const inBlast = snapshot.analysis.blastRadius[mode].some(c => c.requirement === requirement);
        const trigger = providerTrigger(edge.target, mode);
        const when = trigger ? ` (${code(`when ${trigger}`)})` : '';
        parts.push(failed(check) ? `${mode}${when}: fails${inBlast ? ' — in the blast radius of this mode' : ''}` : `${mode}${when}: holds`);
    }
    return parts.join(' · ');
}

function providerTrigger(node: MeshNode, mode: SystemMode): string | undefined {
    return node.modes[mode]?.trigger?.$cstNode?.text.replace(/\s+/g, ' ');
}

function fallbackLine(edge: MeshEdge): string {
    const parts: string[] = [];
    if (edge.call?.fallback) parts.push(`fallback ${code(edge.call.fallback)}`);
    if (edge.call?.breaker) parts.push('circuit breaker');
    if (edge.call?.retries !== undefined) parts.push(`${edge.call.retries} retries`);
    if (edge.call?.timeoutMs !== undefined) parts.push(`timeout ${formatDuration(edge.call.timeoutMs)}`);
    const degraded = edge.requirements.filter(r => r.mode).map(r => code(`requires in ${r.mode} ${formatRequirement(r.vector as Requirement)}`));
    parts.push(...degraded);
    if (edge.consumer?.dedupe) parts.push(`dedupe ${code(edge.consumer.dedupe)}`);
    return parts.length > 0 ? parts.join(' · ') : 'none declared';
}

function formatValue(c: ComponentName, value: unknown): string {
    if (value === undefined) return '?';
    try {
        return formatComponent(c, value as never);
    } catch {
        return String(value);
    }
}

