import { elementNodes } from './helpers.js';
import type { Rule } from './rule.js';

/** §5: a floor mode without a recovery mode has no defined way back to target. */
export const modeNoRecovery: Rule = {
    ids: ['mode-no-recovery'],
    per: 'element',
    run({ reporter, scope }) {
        for (const node of elementNodes(scope.nodes)) {
            const floor = node.modes.floor;
            if (!floor || node.modes.recovery) continue;
            reporter.report('mode-no-recovery', { element: node.id }, { node: floor.ast, property: 'mode' as never });
        }
    },
};
