import type { AstNode } from 'langium';
import type { ComponentName, Vector } from '../../guarantees/index.js';
import { COMPONENTS } from '../../guarantees/index.js';
import type { MeshNode, ModeName, RequirementInfo, SemanticModel } from '../model.js';
import { resolveLiteral } from '../model.js';
import * as ast from '../../language/generated/ast.js';
import type { WeakestLink } from '../propagation.js';
import type { NodeTarget } from '../report.js';
import { byShape } from './rule.js';

export { describeEdge } from '../model.js';

/** The AST location of a weakest link: the hop's clause, the mode vector or `lag` that set it, or the node's declaration. */
export function linkTarget(link: WeakestLink): NodeTarget {
    if (link.edge) return { node: link.edge.ast };
    const node = link.node!;
    const declaration = link.declaration === 'lag' ? node.lagAst : link.declaration ? node.modes[link.declaration]?.ast.vector : undefined;
    if (declaration) return { node: declaration };
    if (node.declaredAst) return { node: node.declaredAst };
    return { node: node.ast, property: 'name' as never };
}

/** The component of a requirement's vector literal (falls back to the whole requirement). */
export function requirementComponentTarget(requirement: RequirementInfo, component: ComponentName): NodeTarget {
    const literal = resolveLiteral(requirement.ast.vector);
    const index = COMPONENTS.indexOf(component);
    const node: AstNode | undefined = literal?.components[index];
    if (node && literal === requirement.ast.vector) return { node };
    return { node: requirement.ast, property: 'vector' as never };
}

/** The component of a declared vector literal written on the node itself (not through a named vector). */
export function declaredComponentTarget(expr: AstNode | undefined, fallback: NodeTarget, component: ComponentName): NodeTarget {
    const literal = expr ? resolveLiteral(expr as never) : undefined;
    const node = literal?.components[COMPONENTS.indexOf(component)];
    if (node && literal === expr) return { node };
    return expr ? { node: expr } : fallback;
}

// ------------------------------------------------------------------ graph helpers (rules)


// ------------------------------------------------------------------ shared facts (rules)

/**
 * Whether an edge between two nodes crosses a domain boundary: the ends are not in the
 * same `domain` and at least one of them is in one. Two elements outside every domain
 * share no boundary (docs/rules/unauthenticated-boundary.md).
 */
export function domainCrossing(a: MeshNode, b: MeshNode): { from: string; to: string } | undefined {
    if (a.domain === b.domain) return undefined;
    const side = (d: string | undefined): string => d === undefined ? 'outside any domain' : `domain ${d}`;
    return { from: side(a.domain), to: side(b.domain) };
}

/** The name of a node's declaration (a route's path). */
export function nameTarget(node: MeshNode): NodeTarget {
    return node.kind === 'route' ? { node: node.ast, property: 'path' as never } : { node: node.ast, property: 'name' as never };
}

/** The `idempotent` flag of a call target: an operation's own flag; a service as a whole only if all its operations are flagged. */
export function nonIdempotentTargets(model: SemanticModel, target: MeshNode, seen = new Set<MeshNode>()): MeshNode[] {
    if (seen.has(target)) return [];
    seen.add(target);
    switch (target.kind) {
        case 'operation':
            return target.idempotent ? [] : [target];
        case 'service': {
            const ops = operationsOf(model).get(target) ?? [];
            const bad = ops.filter(op => !op.idempotent);
            return ops.length === 0 ? [target] : bad;
        }
        case 'route':
            // A gateway route forwards to its backend: the retry is replayed there.
            return target.out.filter(e => e.kind === 'route').flatMap(e => nonIdempotentTargets(model, e.target, seen));
        default:
            return [target];
    }
}

/** Each service's operation nodes (part of the model's shape: kept while it is). */
export function operationsOf(model: SemanticModel): Map<MeshNode, MeshNode[]> {
    return byShape(model, operationsOf, () => {
        const map = new Map<MeshNode, MeshNode[]>();
        for (const node of model.nodes) {
            if (node.kind !== 'operation' || !node.service) continue;
            const list = map.get(node.service) ?? [];
            list.push(node);
            map.set(node.service, list);
        }
        return map;
    }, () => undefined);
}

/** The index of the reference to `target` in a clause's reference list (for a precise range). */
export function referenceIndex(refs: readonly { ref?: AstNode }[], target: AstNode): number | undefined {
    const i = refs.findIndex(r => r.ref === target);
    return i < 0 ? undefined : i;
}

/** The `slo` clause of a caller (an operation's is its service's). */
export function sloClause(node: MeshNode): ast.SloClause | undefined {
    const owner = node.service ?? node;
    const e = owner.ast;
    if (e.$type !== ast.Service.$type) return undefined;
    // By `$type` (a concrete clause type): this looks at every member of every service with an slo on each run.
    for (const m of (e as ast.Service).members) if (m.$type === ast.SloClause.$type) return m as ast.SloClause;
    return undefined;
}

/** Element-level nodes (operations share their service's mode matrix; routes have none). */
export function elementNodes(nodes: readonly MeshNode[]): MeshNode[] {
    return nodes.filter(n => n.kind !== 'operation' && n.kind !== 'route');
}

/** A mode's vector and where each of its components is written; `target` defaults to `provides`. */
export function modeVector(node: MeshNode, mode: ModeName): { vector: Vector; where: (c: ComponentName) => NodeTarget } | undefined {
    const info = node.modes[mode];
    if (info?.vector) {
        return { vector: info.vector, where: c => declaredComponentTarget(info.ast.vector, { node: info.ast, property: 'mode' as never }, c) };
    }
    if (mode === 'target' && node.declared) {
        const fallback: NodeTarget = { node: node.ast, property: 'name' as never };
        return { vector: node.declared, where: c => declaredComponentTarget(node.declaredAst, fallback, c) };
    }
    return undefined;
}
