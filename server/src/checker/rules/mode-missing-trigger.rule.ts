import type { ModeName } from '../model.js';
import { elementNodes } from './helpers.js';
import type { Rule } from './rule.js';

/** §5: a degraded, floor or recovery mode needs a `when` trigger; target needs none. */
export const modeMissingTrigger: Rule = {
    ids: ['mode-missing-trigger'],
    per: 'element',
    run({ reporter, scope }) {
        for (const node of elementNodes(scope.nodes)) {
            for (const mode of ['degraded', 'floor', 'recovery'] as ModeName[]) {
                const info = node.modes[mode];
                if (!info || info.trigger) continue;
                reporter.report('mode-missing-trigger', { mode }, { node: info.ast, property: 'mode' as never }, { data: { mode } });
            }
        }
    },
};
