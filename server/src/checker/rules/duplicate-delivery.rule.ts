import * as ast from '../../language/generated/ast.js';
import type { Rule } from './rule.js';

/**
 * A consumer of an at-least-once topic sees some events twice; it must say how it copes:
 * `dedupe <key>` or `idempotent` on the clause, or an enclosing `idempotent` operation.
 */
export const duplicateDelivery: Rule = {
    ids: ['duplicate-delivery'],
    per: 'element',
    run({ reporter, scope }) {
        for (const edge of scope.edges) {
            if (edge.kind !== 'consume' || edge.target.delivery !== 'at-least-once') continue;
            const consumer = edge.consumer;
            if (consumer?.dedupe || consumer?.idempotent) continue;
            if (edge.source.kind === 'operation' && edge.source.idempotent) continue;
            const topic = edge.target.ast;
            const delivery = ast.isTopic(topic) ? topic.members.find(ast.isDeliveryClause) : undefined;
            reporter.report('duplicate-delivery', { topic: edge.target.id }, { node: edge.ast, property: 'topic' as never }, {
                related: delivery ? [{ node: delivery, message: `'${edge.target.id}' is delivered at-least-once` }] : [],
            });
        }
    },
};
