import type { AstNode } from 'langium';
import type { ComponentName } from '../../guarantees/index.js';
import { COMPONENT_LABELS, formatComponent, leq } from '../../guarantees/index.js';
import { weakestLinkOfNode } from '../propagation.js';
import { declaredComponentTarget, linkTarget } from './helpers.js';
import type { Rule } from './rule.js';

/** §4.2: a derived element declares a component stronger than its inputs deliver. */
export const claimUnsupported: Rule = {
    ids: ['claim-unsupported'],
    per: 'element',
    run({ analysis, reporter, scope }) {
        const target = analysis.modes.target;
        const reported = new Set<string>();
        const seenAst = new Map<AstNode, number>();
        for (const node of scope.nodes) {
            const result = target.nodes.get(node);
            if (!result?.derived || !node.declared) continue;
            const derived = result.derived as Record<ComponentName, unknown>;
            for (const name in derived) {
                const c = name as ComponentName;
                const derivedValue = derived[c];
                const declared = node.declared[c];
                if (leq(c, declared as never, derivedValue as never)) continue;
                const astId = seenAst.get(node.declaredAst as AstNode) ?? seenAst.set(node.declaredAst as AstNode, seenAst.size).get(node.declaredAst as AstNode)!;
                const key = `${astId}:${c}`;
                if (reported.has(key)) continue; // operations share their service's declaration
                reported.add(key);
                const link = weakestLinkOfNode(node, c, target.nodes);
                reporter.report('claim-unsupported', {
                    element: node.id,
                    component: COMPONENT_LABELS[c],
                    declared: formatComponent(c, declared as never),
                    derived: formatComponent(c, derivedValue as never),
                    link: link.label,
                }, declaredComponentTarget(node.declaredAst, { node: node.ast, property: 'name' as never }, c), {
                    related: [{ ...linkTarget(link), message: `weakest link: ${link.label}` }],
                    data: { component: c, derived: formatComponent(c, derivedValue as never) },
                });
            }
        }
    },
};
