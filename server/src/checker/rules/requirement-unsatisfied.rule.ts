import { COMPONENT_LABELS, formatComponent } from '../../guarantees/index.js';
import type { ComponentName } from '../../guarantees/index.js';
import type { RequirementCheck } from '../propagation.js';
import { describeEdge, linkTarget, requirementComponentTarget } from './helpers.js';
import type { Rule } from './rule.js';

/**
 * §4.4: every requirement is checked against the effective vector arriving over its edge.
 * Plain requirements in target mode; `requires in degraded|floor` in that mode. §4.6's
 * keyed-order case and §4.1's unknown providers are reported by their own ids here too,
 * since they come out of the same check.
 */
export const requirementUnsatisfied: Rule = {
    ids: ['requirement-unsatisfied', 'mode-requirement-unsatisfied', 'order-key-mismatch', 'unknown-guarantee'],
    per: 'element',
    run({ reporter, scope }) {
        const unknownReported = new Set<unknown>();
        for (const mode of ['target', 'degraded', 'floor'] as const) {
            for (const check of scope.checks(mode)) {
                const plain = check.requirement.mode === undefined;
                if (plain && mode !== 'target') continue; // blast radius, not a diagnostic
                if (check.unknown) {
                    if (!unknownReported.has(check.requirement)) {
                        unknownReported.add(check.requirement);
                        reporter.report('unknown-guarantee', { target: check.edge.target.id }, { node: check.requirement.ast, property: 'vector' });
                    }
                    continue;
                }
                if (check.orderKeyMismatch) {
                    const m = check.orderKeyMismatch;
                    const target = check.requirement.perAst && m.per !== undefined
                        ? { node: check.requirement.perAst, property: 'key' as never }
                        : requirementComponentTarget(check.requirement, 'order');
                    reporter.report('order-key-mismatch', { topic: m.topic.id, key: m.key, per: m.per }, target, {
                        related: [{ node: m.topic.ast, property: 'name' as never, message: `'${m.topic.id}' is keyed by ${m.key} with ${m.topic.partitions} partitions` }],
                        data: { key: m.key },
                    });
                }
                if (check.failures.length === 0) continue;
                report(check, reporter, mode);
            }
        }
    },
};

function report(check: RequirementCheck, reporter: Parameters<Rule['run']>[0]['reporter'], mode: 'target' | 'degraded' | 'floor'): void {
    const failures = check.failures.map(f => ({
        component: COMPONENT_LABELS[f.component],
        needed: formatComponent(f.component, f.needed as never),
        got: formatComponent(f.component, f.got as never),
        link: f.link.label,
    }));
    const related = check.failures.map(f => ({ ...linkTarget(f.link), message: `weakest link for ${COMPONENT_LABELS[f.component]}: ${f.link.label}` }));
    const delivered = Object.fromEntries(check.failures.map(f => [f.component, formatComponent(f.component, f.got as never)])) as Partial<Record<ComponentName, string>>;
    const target = { node: check.requirement.ast, property: 'vector' as never };
    const edge = describeEdge(check.edge);
    if (mode === 'target') {
        reporter.report('requirement-unsatisfied', { edge, failures }, target, { related, data: { delivered } });
    } else {
        reporter.report('mode-requirement-unsatisfied', { mode, edge, failures }, target, { related, data: { delivered, mode } });
    }
}
