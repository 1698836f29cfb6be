import type { Rule, RuleContext } from './rule.js';
import { releaseShared } from './rule.js';
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

export type { Rule, RuleContext } from './rule.js';

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

/**
 * Runs every rule. A rule that throws is a bug; it is reported as an internal-error
 * diagnostic on the first document rather than taking the checker (or the server) down.
 */
export function runRules(ctx: RuleContext): void {
    try {
        runEach(ctx);
    } finally {
        releaseShared(ctx.model);
    }
}

function runEach(ctx: RuleContext): void {
    for (const rule of ALL_RULES) {
        try {
            rule.run(ctx);
        } catch (error) {
            const doc = ctx.model.documents[0];
            if (!doc) continue;
            const message = error instanceof Error ? error.message : String(error);
            reportInternalError(ctx.reporter, doc.uri.toString(), `internal error in rule ${rule.ids.join('/')}: ${message}`);
        }
    }
}

function reportInternalError(reporter: Reporter, uri: string, detail: string): void {
    reporter.reportAt('invalid-value', { detail }, uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
}
