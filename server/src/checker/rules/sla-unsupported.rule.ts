import { formatComponent, formatDuration, leq, parseDuration } from '../../guarantees/index.js';
import * as ast from '../../language/generated/ast.js';
import { weakestLinkOfNode } from '../propagation.js';
import { linkTarget } from './helpers.js';
import type { Rule } from './rule.js';

/** A data product's `sla freshness` must not be tighter than its derived Recency bound. */
export const slaUnsupported: Rule = {
    ids: ['sla-unsupported'],
    per: 'element',
    run({ analysis, reporter, scope }) {
        const target = analysis.modes.target;
        for (const node of scope.nodes) {
            if (node.kind !== 'dataproduct' || !ast.isDataProduct(node.ast)) continue;
            const result = target.nodes.get(node);
            const recency = result?.derived?.recency ?? result?.vector?.recency;
            if (!recency) continue;
            for (const sla of node.ast.members.filter(ast.isSlaClause)) {
                for (const item of sla.items) {
                    if (item.kind !== 'freshness' || !item.duration) continue;
                    const ms = parseDuration(item.duration);
                    if (ms === undefined) continue;
                    if (leq('recency', { kind: 'BS', ms }, recency)) continue;
                    const link = weakestLinkOfNode(node, 'recency', target.nodes);
                    reporter.report('sla-unsupported', {
                        product: node.id,
                        sla: formatDuration(ms),
                        derived: formatComponent('recency', recency),
                        link: link.label,
                    }, { node: item, property: 'duration' as never }, {
                        related: [{ ...linkTarget(link), message: `weakest link: ${link.label}` }],
                    });
                }
            }
        }
    },
};
