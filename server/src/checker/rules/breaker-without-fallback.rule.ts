import { domainCrossing } from './helpers.js';
import type { Rule } from './rule.js';

/** A breaker across a domain boundary without a fallback turns the callee's outage into the caller's errors. */
export const breakerWithoutFallback: Rule = {
    ids: ['breaker-without-fallback'],
    per: 'element',
    run({ reporter, scope }) {
        for (const edge of scope.edges) {
            const breaker = edge.call?.breaker;
            if (edge.kind !== 'call' || !breaker || edge.call?.fallback !== undefined) continue;
            const crossing = domainCrossing(edge.source, edge.target);
            if (!crossing) continue;
            const domain = edge.target.element.domain;
            reporter.report('breaker-without-fallback', { target: edge.target.id, ...crossing }, { node: breaker }, {
                related: domain ? [{ node: domain.ast, property: 'name' as never, message: `'${edge.target.id}' belongs to domain ${domain.name}` }] : [],
            });
        }
    },
};
