import type { AstNode } from 'langium';
import * as ast from '../../language/generated/ast.js';
import type { MeshEdge, MeshNode } from '../model.js';
import type { Rule } from './rule.js';

interface PolicyRuleInfo {
    policy: string;
    rule: ast.PolicyRule;
}

/**
 * Authorization policies (Istio-like): an element is guarded once any `allow` rule names
 * it or one of its operations; then only allowed callers (and methods) may call it. A
 * matching `deny` always wins. Checked on `calls` and on gateway routes' backend calls.
 */
export const callDeniedByPolicy: Rule = {
    ids: ['call-denied-by-policy'],
    per: 'workspace',
    run({ model, reporter }) {
        // Rules by the element they guard: the target element, or the operation's service.
        const byElement = new Map<AstNode, PolicyRuleInfo[]>();
        for (const element of model.elements) {
            if (element.kind !== 'policy') continue;
            for (const rule of (element.ast as ast.Policy).rules) {
                const target = rule.target?.ref;
                if (!target) continue;
                const guarded = ast.isOperation(target) ? target.$container : target;
                const list = byElement.get(guarded) ?? [];
                list.push({ policy: element.name, rule });
                byElement.set(guarded, list);
            }
        }
        if (byElement.size === 0) return;
        for (const edge of model.edges) {
            if (edge.kind !== 'call' && edge.kind !== 'route') continue;
            const rules = byElement.get(edge.target.element.ast);
            if (!rules) continue;
            const caller = edge.source.element.ast;
            const method = edge.call?.method;
            const applies = (r: PolicyRuleInfo): boolean => r.rule.source?.ref === caller && covers(r.rule, edge.target);
            // A call that states no method is judged by its caller alone (LANGUAGE.md's calls
            // have no method, and its example policy lists one): a method list neither keeps
            // an `allow` from matching it nor makes a `deny` match it.
            const listed = (r: PolicyRuleInfo): boolean => method !== undefined && r.rule.methods.includes(method);
            const methodOk = (r: PolicyRuleInfo): boolean => r.rule.methods.length === 0 || method === undefined || listed(r);
            const deny = rules.find(r => r.rule.effect === 'deny' && applies(r) && (r.rule.methods.length === 0 || listed(r)));
            const allows = rules.filter(r => r.rule.effect === 'allow');
            if (!deny && (allows.length === 0 || allows.some(r => applies(r) && methodOk(r)))) continue;
            const sourceMatches = allows.filter(applies);
            const culprit = deny ?? sourceMatches[0] ?? allows[0];
            const allowed = !deny && sourceMatches.length > 0 ? [...new Set(sourceMatches.flatMap(r => r.rule.methods))] : undefined;
            reporter.report('call-denied-by-policy', {
                caller: edge.source.element.name,
                target: edge.target.id,
                policy: culprit.policy,
                denied: deny !== undefined,
                method: deny ? (deny.rule.methods.length > 0 ? method : undefined) : allowed ? method : undefined,
                allowed,
            }, targetOf(edge), {
                related: (deny ? [deny] : allows).map(r => ({ node: r.rule, message: `policy '${r.policy}': ${r.rule.$cstNode?.text.replace(/\s+/g, ' ') ?? r.rule.effect}` })),
                data: { caller: edge.source.element.name, policy: culprit.policy },
            });
        }
    },
};

/** A rule naming a service covers all its operations; naming an operation covers only it. */
function covers(rule: ast.PolicyRule, target: MeshNode): boolean {
    const named = rule.target.ref;
    if (named === target.element.ast) return true;
    return target.kind === 'operation' && named === target.ast;
}

function targetOf(edge: MeshEdge): { node: AstNode; property: never } {
    return { node: edge.ast, property: 'target' as never };
}
