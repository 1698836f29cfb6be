import type { MeshDiagnostic, SourceRange } from '../diagnostic.js';
import type { MeshEdge, MeshNode } from '../model.js';
import type { RequirementCheck } from '../propagation.js';
import { SYSTEM_MODES, type SystemMode } from '../model.js';
import type { Rule, RuleContext, RuleScope } from './rule.js';
import { releaseShared, workspaceScope } from './rule.js';
import { requirementUnsatisfied } from './requirement-unsatisfied.rule.js';
import { claimUnsupported } from './claim-unsupported.rule.js';
import { slaUnsupported } from './sla-unsupported.rule.js';
import { modeNotMonotone } from './mode-not-monotone.rule.js';
import { modeMissingTrigger } from './mode-missing-trigger.rule.js';
import { modeInvariantBroken } from './mode-invariant-broken.rule.js';
import { modeNoRecovery } from './mode-no-recovery.rule.js';
import { retryNonIdempotent } from './retry-non-idempotent.rule.js';
import { duplicateDelivery } from './duplicate-delivery.rule.js';
import { timeoutBelowLatency } from './timeout-below-latency.rule.js';
import { retryExceedsTimeout } from './retry-exceeds-timeout.rule.js';
import { breakerWithoutFallback } from './breaker-without-fallback.rule.js';
import { latencySloExceeded } from './latency-slo-exceeded.rule.js';
import { sagaRules } from './saga-missing-compensation.rule.js';
import { syncCycle } from './sync-cycle.rule.js';
import { syncChainDepth } from './sync-chain-depth.rule.js';
import { sharedStore } from './shared-store.rule.js';
import { untracedHop } from './untraced-hop.rule.js';
import { authWithoutEvidence } from './auth-without-evidence.rule.js';
import { callDeniedByPolicy } from './call-denied-by-policy.rule.js';
import { unauthenticatedBoundary } from './unauthenticated-boundary.rule.js';
import { certRotationAfterExpiry } from './cert-rotation-after-expiry.rule.js';
import { piiExposed } from './pii-exposed.rule.js';
import { lineageCycle } from './lineage-cycle.rule.js';
import { schemaIncompatible } from './schema-incompatible.rule.js';
import { missingOwner } from './missing-owner.rule.js';
import { Reporter } from '../report.js';

export type { Rule, RuleContext, RuleScope } from './rule.js';

/** Every rule of the checker. Adding a rule is one import and one entry here. */
export const ALL_RULES: readonly Rule[] = [
    requirementUnsatisfied,
    claimUnsupported,
    slaUnsupported,
    // modes (§5)
    modeNotMonotone,
    modeMissingTrigger,
    modeInvariantBroken,
    modeNoRecovery,
    // resilience
    retryNonIdempotent,
    duplicateDelivery,
    timeoutBelowLatency,
    retryExceedsTimeout,
    breakerWithoutFallback,
    latencySloExceeded,
    sagaRules,
    // architecture
    syncCycle,
    syncChainDepth,
    sharedStore,
    untracedHop,
    // security
    authWithoutEvidence,
    callDeniedByPolicy,
    unauthenticatedBoundary,
    certRotationAfterExpiry,
    // data
    piiExposed,
    lineageCycle,
    schemaIncompatible,
    missingOwner,
];

const WORKSPACE_RULES = ALL_RULES.filter(r => r.per === 'workspace');
const ELEMENT_RULES = ALL_RULES.filter(r => r.per === 'element');

/** What the element rules found about each element (by position in `model.elements`). */
export type ElementFindings = readonly (readonly MeshDiagnostic[])[];

/** The previous analysis' element findings, and what changed since (`checker/incremental.ts`). */
export interface PreviousFindings {
    findings: ElementFindings;
    /** Elements to check again, by position in `model.elements`. */
    elements: Uint8Array;
    /** Nodes whose facts or results may differ, by index: their elements, and elements with an edge to one, are checked again. */
    dirty: Uint8Array;
    /** The edited document, and whether a range in it (before the edit) is on lines the edit moved or changed. */
    uri: string;
    moved(range: SourceRange): boolean;
}

/**
 * Runs every rule. A rule that throws is a bug; it is reported as an internal-error
 * diagnostic on the first document rather than taking the checker (or the server) down.
 *
 * With `perElement` (the language server) the element rules run one element at a time and
 * what they find is returned per element, so that the next analysis can keep the findings
 * of every element an edit cannot change (`previous`). Without it (the CLI) every rule runs
 * once over the whole model.
 */
export function runRules(ctx: Omit<RuleContext, 'scope'>, perElement?: { previous?: PreviousFindings }): ElementFindings | undefined {
    const failed = new Set<Rule>();
    try {
        const whole = { ...ctx, scope: workspaceScope(ctx.model, ctx.analysis) };
        if (!perElement) {
            runEach(ALL_RULES, whole, failed);
            return undefined;
        }
        runEach(WORKSPACE_RULES, whole, failed);
        const findings = findingsPerElement(ctx, perElement.previous, failed);
        if (!findings) {
            // The model's records are not grouped by element as built (a bug): check it whole.
            runEach(ELEMENT_RULES, whole, failed);
            return undefined;
        }
        for (const list of findings) if (list.length > 0) ctx.reporter.diagnostics.push(...list);
        return findings;
    } finally {
        releaseShared(ctx.model);
    }
}

const NO_FINDINGS: readonly MeshDiagnostic[] = Object.freeze([]);

/**
 * The element rules, one element at a time. An element's nodes, its outgoing edges and
 * their checks are consecutive in the model (the builder adds them element by element), so
 * each scope is a slice.
 */
function findingsPerElement(ctx: Omit<RuleContext, 'scope'>, previous: PreviousFindings | undefined, failed: Set<Rule>): ElementFindings | undefined {
    const { model, analysis } = ctx;
    const { elements, nodes, edges } = model;
    const checks = { target: analysis.modes.target.checks, degraded: analysis.modes.degraded.checks, floor: analysis.modes.floor.checks };
    // Where each element's checks start and end in each mode's list (two rows, reused).
    const checkAt = { target: 0, degraded: 0, floor: 0 };
    const checkFrom = { target: 0, degraded: 0, floor: 0 };
    const findings: (readonly MeshDiagnostic[])[] = new Array(elements.length);
    let n = 0;
    let e = 0;
    for (let i = 0; i < elements.length; i++) {
        const element = elements[i];
        const n0 = n;
        while (n < nodes.length && nodes[n].element === element) n++;
        const e0 = e;
        while (e < edges.length && edges[e].source.element === element) e++;
        for (const mode of SYSTEM_MODES) {
            const list = checks[mode];
            checkFrom[mode] = checkAt[mode];
            while (checkAt[mode] < list.length && list[checkAt[mode]].edge.index < e) checkAt[mode]++;
        }
        if (previous && !stale(previous, i, nodes, n0, n, edges, e0, e)) {
            findings[i] = previous.findings[i];
            continue;
        }
        const list: MeshDiagnostic[] = [];
        const own: Record<SystemMode, readonly RequirementCheck[]> = {
            target: checks.target.slice(checkFrom.target, checkAt.target),
            degraded: checks.degraded.slice(checkFrom.degraded, checkAt.degraded),
            floor: checks.floor.slice(checkFrom.floor, checkAt.floor),
        };
        const scope: RuleScope = {
            elements: [element],
            nodes: nodes.slice(n0, n),
            edges: edges.slice(e0, e),
            checks: mode => own[mode],
        };
        runEach(ELEMENT_RULES, { ...ctx, reporter: new Reporter(list), scope }, failed, ctx.reporter);
        findings[i] = list.length > 0 ? list.map(owned) : NO_FINDINGS;
    }
    return n === nodes.length && e === edges.length ? findings : undefined;
}

/**
 * A finding that keeps nothing else alive. Names in messages and data are often slices of
 * the text of the file they were read from, and a slice keeps that whole text in memory:
 * a finding kept over many edits would keep every version of the edited file it was made
 * from (measured: 35 MB more after 400 edits of the benchmark's workspace). A copy
 * through JSON has strings of its own.
 */
function owned(d: MeshDiagnostic): MeshDiagnostic {
    return JSON.parse(JSON.stringify(d)) as MeshDiagnostic;
}

/**
 * Whether an edit may have changed what the element rules find about an element (at
 * `position`): the element was edited or moved, one of its nodes or the node at the end
 * of one of its edges may have other facts or results, or a finding points at a moved line.
 */
function stale(previous: PreviousFindings, position: number, nodes: readonly MeshNode[], n0: number, n1: number, edges: readonly MeshEdge[], e0: number, e1: number): boolean {
    if (previous.elements[position] === 1) return true;
    for (let i = n0; i < n1; i++) if (previous.dirty[nodes[i].index] === 1) return true;
    for (let i = e0; i < e1; i++) if (previous.dirty[edges[i].target.index] === 1) return true;
    for (const d of previous.findings[position]) {
        if (d.uri === previous.uri && previous.moved(d.range)) return true;
        for (const r of d.related) if (r.uri === previous.uri && previous.moved(r.range)) return true;
    }
    return false;
}

/** Runs `rules`; one that throws is reported once, to `errors` (then skipped for the rest of the run). */
function runEach(rules: readonly Rule[], ctx: RuleContext, failed: Set<Rule>, errors: Reporter = ctx.reporter): void {
    for (const rule of rules) {
        if (failed.has(rule)) continue;
        try {
            rule.run(ctx);
        } catch (error) {
            failed.add(rule);
            const doc = ctx.model.documents[0];
            if (!doc) continue;
            const message = error instanceof Error ? error.message : String(error);
            reportInternalError(errors, doc.uri.toString(), `internal error in rule ${rule.ids.join('/')}: ${message}`);
        }
    }
}

function reportInternalError(reporter: Reporter, uri: string, detail: string): void {
    reporter.reportAt('invalid-value', { detail }, uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
}
