import type { Rule, RuleContext } from './rule.js';
import { requirementUnsatisfied } from './requirement-unsatisfied.rule.js';
import { claimUnsupported } from './claim-unsupported.rule.js';
import { slaUnsupported } from './sla-unsupported.rule.js';
import { Reporter } from '../report.js';

export type { Rule, RuleContext } from './rule.js';

/** Every rule of the checker. Adding a rule is one import and one entry here. */
export const ALL_RULES: readonly Rule[] = [
    requirementUnsatisfied,
    claimUnsupported,
    slaUnsupported,
];

/**
 * Runs every rule. A rule that throws is a bug; it is reported as an internal-error
 * diagnostic on the first document rather than taking the checker (or the server) down.
 */
export function runRules(ctx: RuleContext): void {
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
