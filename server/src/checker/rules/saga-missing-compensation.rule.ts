import * as ast from '../../language/generated/ast.js';
import type { Rule } from './rule.js';

/**
 * Sagas (seed: orchestration with compensations). Every step but the last (the pivot)
 * needs a `compensate`, and every compensation must be idempotent: it is retried until it
 * succeeds. A compensation naming a whole service cannot be marked idempotent.
 */
export const sagaRules: Rule = {
    ids: ['saga-missing-compensation', 'compensation-not-idempotent'],
    per: 'workspace',
    run({ model, reporter }) {
        for (const element of model.elements) {
            if (element.kind !== 'saga') continue;
            const steps = (element.ast as ast.Saga).members.filter(ast.isSagaStep);
            steps.forEach((step, i) => {
                if (!step.compensation) {
                    if (i < steps.length - 1) {
                        reporter.report('saga-missing-compensation', { step: step.action.$refText }, { node: step, property: 'action' });
                    }
                    return;
                }
                const target = step.compensation.ref;
                if (!target) return; // unresolved-reference says why
                const node = model.nodeByAst.get(target);
                if (ast.isOperation(target) && node?.idempotent) return;
                reporter.report('compensation-not-idempotent', { operation: step.compensation.$refText }, { node: step, property: 'compensation' }, {
                    related: [{ node: target, property: 'name' as never, message: ast.isOperation(target) ? `'${step.compensation.$refText}' is declared here without 'idempotent'` : `'${step.compensation.$refText}' is a whole ${node?.kind ?? 'element'}, not an operation` }],
                });
            });
        }
    },
};
