import type { ComponentName, Vector } from '../../guarantees/index.js';
import { COMPONENTS, COMPONENT_LABELS, formatComponent, leq } from '../../guarantees/index.js';
import type { ModeName } from '../model.js';
import type { NodeTarget } from '../report.js';
import { elementNodes, modeVector } from './helpers.js';
import type { Rule } from './rule.js';

/**
 * §5: degradation is monotone — target ⊒ degraded ⊒ floor component-wise, and recovery
 * lies between floor and target. Only declared modes are compared: floor against degraded
 * when there is one (else target); recovery against target and floor.
 */
export const modeNotMonotone: Rule = {
    ids: ['mode-not-monotone'],
    per: 'element',
    run({ reporter, scope }) {
        for (const node of elementNodes(scope.nodes)) {
            // Only degraded, floor and recovery vectors are ever compared; most elements have none.
            if (!node.modes.degraded?.vector && !node.modes.floor?.vector && !node.modes.recovery?.vector) continue;
            const at = (mode: ModeName): { vector: Vector; where: (c: ComponentName) => NodeTarget } | undefined => modeVector(node, mode);
            const target = at('target');
            const degraded = at('degraded');
            const floor = at('floor');
            const recovery = at('recovery');
            // [weaker side, stronger side, which one is reported]
            const pairs: [ModeName, ModeName, 'weaker' | 'stronger'][] = [];
            if (degraded && target) pairs.push(['degraded', 'target', 'weaker']);
            if (floor && (degraded || target)) pairs.push(['floor', degraded ? 'degraded' : 'target', 'weaker']);
            if (recovery && target) pairs.push(['recovery', 'target', 'weaker']);
            if (recovery && floor) pairs.push(['floor', 'recovery', 'stronger']);
            for (const [low, high, reported] of pairs) {
                const lo = at(low)!;
                const hi = at(high)!;
                for (const c of COMPONENTS) {
                    if (leq(c, lo.vector[c] as never, hi.vector[c] as never)) continue;
                    const [mode, other, self, them] = reported === 'weaker' ? [low, high, lo, hi] : [high, low, hi, lo];
                    const incomparable = !leq(c, hi.vector[c] as never, lo.vector[c] as never);
                    const relation = incomparable ? 'incomparable with' : reported === 'weaker' ? 'stronger than' : 'weaker than';
                    reporter.report('mode-not-monotone', {
                        mode,
                        component: COMPONENT_LABELS[c],
                        value: formatComponent(c, self.vector[c] as never),
                        other: `${other} ${formatComponent(c, them.vector[c] as never)}`,
                        relation,
                    }, self.where(c), {
                        related: [{ ...them.where(c), message: `${other} ${COMPONENT_LABELS[c]} is ${formatComponent(c, them.vector[c] as never)}` }],
                        data: { mode, other, component: c },
                    });
                }
            }
        }
    },
};
