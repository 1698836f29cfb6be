import type { AstNode } from 'langium';
import type { ComponentName } from '../../guarantees/index.js';
import { COMPONENT_LABELS, formatComponent, leq } from '../../guarantees/index.js';
import * as ast from '../../language/generated/ast.js';
import type { MeshNode, ModeName } from '../model.js';
import { componentByLabel } from '../model.js';
import type { RelatedTarget } from '../report.js';
import { elementNodes, modeVector } from './helpers.js';
import type { Rule } from './rule.js';

/**
 * §5: `invariants C…` on an element or in its domain's header: no mode (degraded, floor,
 * recovery) may hold a value of C that is not ⊒ the target's.
 */
export const modeInvariantBroken: Rule = {
    ids: ['mode-invariant-broken'],
    per: 'element',
    run({ reporter, scope }) {
        for (const node of elementNodes(scope.nodes)) {
            if (node.invariants.length === 0) continue;
            const target = modeVector(node, 'target');
            if (!target) continue;
            const origins = invariantOrigins(node);
            for (const mode of ['degraded', 'floor', 'recovery'] as ModeName[]) {
                const m = node.modes[mode] ? modeVector(node, mode) : undefined;
                if (!m) continue;
                for (const c of new Set(node.invariants)) {
                    if (leq(c, target.vector[c] as never, m.vector[c] as never)) continue;
                    const origin = origins.get(c);
                    const weaker = leq(c, m.vector[c] as never, target.vector[c] as never);
                    reporter.report('mode-invariant-broken', {
                        mode,
                        component: COMPONENT_LABELS[c],
                        value: formatComponent(c, m.vector[c] as never),
                        target: formatComponent(c, target.vector[c] as never),
                        relation: weaker ? 'weaker than' : 'incomparable with',
                        source: origin?.source ?? node.id,
                    }, m.where(c), {
                        related: origin ? [origin.related] : [],
                        data: { mode, component: c, target: formatComponent(c, target.vector[c] as never) },
                    });
                }
            }
        }
    },
};

/** Where each invariant is declared: the element's own clause first, else its domain's. */
function invariantOrigins(node: MeshNode): Map<ComponentName, { source: string; related: RelatedTarget }> {
    const result = new Map<ComponentName, { source: string; related: RelatedTarget }>();
    const collect = (clauses: readonly AstNode[], source: string): void => {
        for (const clause of clauses) {
            if (!ast.isInvariantsClause(clause)) continue;
            clause.components.forEach((label, index) => {
                const c = componentByLabel(label);
                if (c && !result.has(c)) {
                    result.set(c, { source, related: { node: clause, property: 'components' as never, index, message: `${COMPONENT_LABELS[c]} is declared invariant on ${source}` } });
                }
            });
        }
    };
    const e = node.element.ast;
    collect('members' in e ? (e.members as AstNode[]) : [], `'${node.id}'`);
    const domain = node.element.domain;
    if (domain) collect([...domain.ast.header, ...domain.ast.members], `domain ${domain.name}`);
    return result;
}
