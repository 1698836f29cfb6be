import type { AstNode } from 'langium';
import { canonicalMechanism } from '../../guarantees/index.js';
import * as ast from '../../language/generated/ast.js';
import type { ElementInfo, SemanticModel } from '../model.js';
import { isMember, resolveLiteral } from '../model.js';
import { declaredComponentTarget } from './helpers.js';
import type { Rule } from './rule.js';

/**
 * Zero trust: `Auth(mTLS)` in a claimed vector (an element's or an operation's `provides`,
 * any mode vector) needs evidence — membership of a strict-mTLS mesh, or a `certificate`
 * of the element's own. Requirements are not claims.
 */
export const authWithoutEvidence: Rule = {
    ids: ['auth-without-evidence'],
    per: 'element',
    run({ model, reporter, scope }) {
        for (const element of scope.elements) {
            const claims = claimedVectors(element).filter(claimsMtls);
            if (claims.length === 0 || hasEvidence(model, element)) continue;
            for (const expr of claims) {
                reporter.report('auth-without-evidence', { element: element.name },
                    declaredComponentTarget(expr, { node: expr }, 'auth'), {
                        related: model.meshes.filter(m => m.mtls !== 'strict' && isMember(m, model.nodeByAst.get(element.ast)!))
                            .map(m => ({ node: m.ast, property: 'name' as never, message: `mesh ${m.name} is mtls ${m.mtls ?? 'unset'}: it proves nothing` })),
                    });
            }
        }
    },
};

/** The vectors an element claims: its `provides`, its operations' `provides` and its mode vectors. */
function claimedVectors(element: ElementInfo): ast.VectorExpr[] {
    const e = element.ast;
    if (!('members' in e)) return [];
    const result: ast.VectorExpr[] = [];
    collectClaims(e.members as AstNode[], result);
    return result;
}

/** Whether a claimed vector's Auth names mTLS. */
function claimsMtls(expr: ast.VectorExpr): boolean {
    const auth = resolveLiteral(expr)?.components[5];
    return auth !== undefined && auth.value === 'Auth' && auth.args.some(a => canonicalMechanism(String(a)) === 'mTLS');
}

function collectClaims(clauses: readonly AstNode[], result: ast.VectorExpr[]): void {
    // Dispatch on `$type` (concrete clause types): this runs over every clause of every
    // element on each analysis, and reflection checks cost several times more.
    for (const c of clauses) {
        switch (c.$type) {
            case ast.ProvidesClause.$type: {
                const vector = (c as ast.ProvidesClause).vector;
                if (vector) result.push(vector);
                break;
            }
            case ast.Operation.$type:
                collectClaims((c as ast.Operation).clauses, result);
                break;
            case ast.ModesBlock.$type:
                for (const m of (c as ast.ModesBlock).modes) if (m.vector) result.push(m.vector);
                break;
        }
    }
}

function hasEvidence(model: SemanticModel, element: ElementInfo): boolean {
    const e = element.ast;
    if ('members' in e && (e.members as AstNode[]).some(ast.isCertificateClause)) return true;
    const node = model.nodeByAst.get(e);
    return node !== undefined && model.meshes.some(m => m.mtls === 'strict' && isMember(m, node));
}
