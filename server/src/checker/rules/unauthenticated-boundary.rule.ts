import * as ast from '../../language/generated/ast.js';
import type { MeshEdge } from '../model.js';
import type { ModeAnalysis } from '../propagation.js';
import { callHopVector } from '../propagation.js';
import { describeEdge, domainCrossing } from './helpers.js';
import type { Rule } from './rule.js';

/**
 * Zero trust at domain boundaries: a call or consumption between domains must have a hop
 * Auth other than None (§4.3) — a strict-mTLS mesh with both ends or `auth m` for calls
 * (a gateway route's own `auth` counts), the topic's Auth for consumption.
 */
export const unauthenticatedBoundary: Rule = {
    ids: ['unauthenticated-boundary'],
    per: 'element',
    run({ analysis, reporter, scope }) {
        for (const edge of scope.edges) {
            if (edge.kind !== 'call' && edge.kind !== 'consume') continue;
            if (edge.source.domain === edge.target.domain || authenticated(edge, analysis.modes.target)) continue;
            const crossing = domainCrossing(edge.source, edge.target)!;
            reporter.report('unauthenticated-boundary', { edge: describeEdge(edge), ...crossing },
                { node: edge.ast, property: (edge.kind === 'call' ? 'target' : 'topic') as never });
        }
    },
};

function authenticated(edge: MeshEdge, target: ModeAnalysis): boolean {
    if (edge.kind === 'call') {
        if (callHopVector(edge).auth.kind !== 'None') return true;
        return edge.target.kind === 'route' && (edge.target.authMechanisms?.length ?? 0) > 0;
    }
    if (edge.ast.$type === ast.ConsumesClause.$type && (edge.ast as ast.ConsumesClause).options.some(o => o.$type === ast.AuthClause.$type)) return true;
    const auth = target.nodes.get(edge.target)?.vector?.auth ?? edge.target.declared?.auth;
    return auth !== undefined && auth.kind !== 'None';
}
