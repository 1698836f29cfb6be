import type { ComponentName } from '../guarantees/index.js';
import { COMPONENTS, COMPONENT_LABELS, formatComponent, formatRequirement, formatVector } from '../guarantees/index.js';
import type { MeshNode, ModeInfo, ModeName, SemanticModel, SystemMode } from './model.js';
import { MODE_NAMES, describeEdge } from './model.js';
import type { Analysis, RequirementCheck } from './propagation.js';
import { declaredInMode, describeNode, explainChain, hasSystemModes } from './propagation.js';

/**
 * The mode matrix (LANGUAGE.md §5): elements × modes, with vectors and triggers, and each
 * non-target mode's blast radius. Plain data, rendered by the CLI (`meshspec modes`), the
 * hover and the graph.
 */
export interface ModeCell {
    vector?: string;
    trigger?: string;
    /** True when the element declares this mode itself (not inherited from a stronger one). */
    declared: boolean;
}

export interface ModeMatrixRow {
    id: string;
    kind: MeshNode['kind'];
    domain?: string;
    critical: boolean;
    modes: Record<ModeName, ModeCell>;
}

export interface BlastEntry {
    edge: string;
    consumer: string;
    provider: string;
    requirement: string;
    failures: { component: string; needed: string; got: string; weakestLink: string }[];
    location: { uri: string; line: number };
}

export interface ModeMatrix {
    rows: ModeMatrixRow[];
    blastRadius: Record<'degraded' | 'floor', BlastEntry[]>;
}

export function buildModeMatrix(model: SemanticModel, analysis: Analysis): ModeMatrix {
    const rows: ModeMatrixRow[] = [];
    for (const node of model.nodes) {
        if (node.kind === 'operation' || node.kind === 'route') continue;
        if (!node.declared && Object.keys(node.modes).length === 0) continue;
        const modes = {} as Record<ModeName, ModeCell>;
        // An element with a modes block runs a system mode it does not declare in the next
        // stronger one's vector (§5): the matrix shows that vector, marked as inherited. An
        // element without one keeps its target vector in every mode, which its row shows once.
        const hasModes = hasSystemModes(node);
        for (const mode of MODE_NAMES) {
            const info = node.modes[mode];
            const inherited = hasModes && (mode === 'degraded' || mode === 'floor') ? declaredInMode(node, mode) : undefined;
            const vector = info?.vector ?? (mode === 'target' ? node.declared : inherited);
            modes[mode] = {
                vector: vector ? formatVector(vector) : undefined,
                trigger: info ? triggerText(info) : undefined,
                declared: info !== undefined || (mode === 'target' && node.declared !== undefined),
            };
        }
        rows.push({ id: node.id, kind: node.kind, domain: node.domain, critical: node.critical, modes });
    }
    rows.sort((a, b) => a.id.localeCompare(b.id));
    return {
        rows,
        blastRadius: {
            degraded: analysis.blastRadius.degraded.map(blastEntry),
            floor: analysis.blastRadius.floor.map(blastEntry),
        },
    };
}

function blastEntry(check: RequirementCheck): BlastEntry {
    const failures = check.failures.map(f => ({
        component: COMPONENT_LABELS[f.component],
        needed: formatComponent(f.component, f.needed as never),
        got: formatComponent(f.component, f.got as never),
        weakestLink: f.link.label,
    }));
    if (check.orderKeyMismatch) {
        failures.push({ component: 'Order', needed: 'TotalOrder', got: `TotalOrder per ${check.orderKeyMismatch.key} only`, weakestLink: describeNode(check.orderKeyMismatch.topic) });
    }
    const cst = check.requirement.ast.$cstNode;
    return {
        edge: describeEdge(check.edge),
        consumer: check.edge.source.id,
        provider: check.edge.target.id,
        requirement: formatRequirement(check.requirement.vector),
        failures,
        location: { uri: documentUri(check.requirement.ast), line: (cst?.range.start.line ?? 0) + 1 },
    };
}

function documentUri(node: { $container?: unknown; $document?: { uri: { toString(): string } } }): string {
    let current: { $container?: unknown; $document?: { uri: { toString(): string } } } | undefined = node;
    while (current && !current.$document) current = current.$container as typeof current;
    return current?.$document?.uri.toString() ?? '';
}

// ------------------------------------------------------------------ explain

export interface ExplainStep {
    element: string;
    value: string;
    reason: string;
}

export interface ExplainComponent {
    component: string;
    declared?: string;
    effective?: string;
    chain: ExplainStep[];
}

export interface ExplainMode {
    mode: SystemMode;
    declared?: string;
    effective?: string;
    components: ExplainComponent[];
}

export interface Explanation {
    name: string;
    kind: string;
    domain?: string;
    description?: string;
    /** For a service: its operations, explained the same way. */
    nodes: { id: string; kind: string; modes: ExplainMode[] }[];
    /**
     * The declared `recovery` vector and its trigger, if any: recovery is not a system mode
     * (§5 re-runs propagation for target, degraded and floor only), so it has no effective vector.
     */
    recovery?: { vector?: string; trigger?: string };
    incoming: { edge: string; requirement?: string; status: string }[];
}

/** `meshspec explain NAME`: declared and effective vectors per mode and who set each component. */
export function explainElement(model: SemanticModel, analysis: Analysis, name: string): Explanation | undefined {
    const root = model.nodeById.get(name);
    if (!root) return undefined;
    const targets = [root, ...model.nodes.filter(n => n.service === root || (n.kind === 'route' && n.element === root.element && root.kind === 'gateway'))];
    const nodes = targets.map(node => ({
        id: node.id,
        kind: node.kind,
        modes: (['target', 'degraded', 'floor'] as const).map(mode => explainMode(node, mode, analysis)),
    }));
    const incoming: Explanation['incoming'] = [];
    for (const node of targets) {
        for (const edge of node.in) {
            for (const check of analysis.modes.target.checks.filter(c => c.edge === edge)) {
                incoming.push({
                    edge: describeEdge(edge),
                    requirement: formatRequirement(check.requirement.vector) + (check.requirement.mode ? ` in ${check.requirement.mode}` : ''),
                    status: check.unknown ? 'unknown (provider declares no vector)' : check.failures.length > 0 || check.orderKeyMismatch ? 'violated' : 'satisfied',
                });
            }
        }
    }
    const recovery = root.modes.recovery;
    return {
        name: root.id, kind: root.kind, domain: root.domain, description: root.element.description, nodes,
        recovery: recovery ? { vector: recovery.vector ? formatVector(recovery.vector) : undefined, trigger: triggerText(recovery) } : undefined,
        incoming,
    };
}

function explainMode(node: MeshNode, mode: SystemMode, analysis: Analysis): ExplainMode {
    const results = analysis.modes[mode].nodes;
    const result = results.get(node);
    // What the node declares in this mode: an operation's meet with its service's mode vector, a mode it lacks falling back to a stronger one.
    const declared = declaredInMode(node, mode);
    const components: ExplainComponent[] = COMPONENTS.map((c: ComponentName) => ({
        component: COMPONENT_LABELS[c],
        declared: declared ? formatComponent(c, declared[c] as never) : undefined,
        effective: result?.vector ? formatComponent(c, result.vector[c] as never) : undefined,
        chain: explainChain(node, c, results).map(step => ({
            element: step.link.label,
            value: step.value === undefined ? '?' : formatComponent(c, step.value as never),
            reason: step.reason,
        })),
    }));
    return {
        mode,
        declared: declared ? formatVector(declared) : undefined,
        effective: result?.vector ? formatVector(result.vector) : undefined,
        components,
    };
}

/** A mode's trigger as written, on one line. */
function triggerText(info: ModeInfo): string | undefined {
    return info.trigger?.$cstNode?.text.replace(/\s+/g, ' ');
}
