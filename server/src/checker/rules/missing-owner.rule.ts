import type { Rule } from './rule.js';

/** Data mesh: every data product and domain has an owner; a product inherits its domain's. */
export const missingOwner: Rule = {
    ids: ['missing-owner'],
    per: 'workspace',
    run({ model, reporter }) {
        for (const domain of model.domains) {
            if (domain.owner === undefined && domain.name) {
                reporter.report('missing-owner', { kind: 'domain', name: domain.name }, { node: domain.ast, property: 'name' });
            }
        }
        for (const element of model.elements) {
            if (element.kind !== 'dataproduct' || element.owner !== undefined || element.domain?.owner !== undefined) continue;
            reporter.report('missing-owner', { kind: 'data product', name: element.name }, { node: element.ast, property: 'name' as never });
        }
    },
};
