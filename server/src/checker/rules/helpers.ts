import type { AstNode } from 'langium';
import type { ComponentName } from '../../guarantees/index.js';
import { COMPONENTS } from '../../guarantees/index.js';
import type { RequirementInfo } from '../model.js';
import { resolveLiteral } from '../model.js';
import type { WeakestLink } from '../propagation.js';
import type { NodeTarget } from '../report.js';

export { describeEdge } from '../model.js';

/** The AST location of a weakest link: the hop's clause or the node's declaration. */
export function linkTarget(link: WeakestLink): NodeTarget {
    if (link.edge) return { node: link.edge.ast };
    const node = link.node!;
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
