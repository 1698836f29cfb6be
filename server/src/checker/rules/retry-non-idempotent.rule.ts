import * as ast from '../../language/generated/ast.js';
import { nameTarget, nonIdempotentTargets } from './helpers.js';
import type { Rule } from './rule.js';

/**
 * Seed: only retry idempotent operations. Only the operation's `idempotent` flag counts
 * (a vector's `Idem` describes the data, not re-execution); a service as a whole must have
 * every operation flagged; a gateway route is judged by its backend.
 */
export const retryNonIdempotent: Rule = {
    ids: ['retry-non-idempotent'],
    per: 'element',
    run({ model, reporter, scope }) {
        for (const edge of scope.edges) {
            if (edge.kind !== 'call' || !((edge.call?.retries ?? 0) > 0) || !ast.isCallsClause(edge.ast)) continue;
            const retries = edge.ast.options.find(ast.isRetriesClause);
            if (!retries) continue;
            const offenders = nonIdempotentTargets(model, edge.target);
            if (offenders.length === 0) continue;
            reporter.report('retry-non-idempotent', { target: offenders.map(o => o.id).join(', ') }, { node: retries }, {
                related: offenders.map(o => ({ ...nameTarget(o), message: `'${o.id}' is not marked idempotent` })),
                data: { operations: offenders.map(o => o.id) },
            });
        }
    },
};
