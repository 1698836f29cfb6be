import { schemaVersions } from './pii-exposed.rule.js';
import type { Rule } from './rule.js';

const MODES = ['backward', 'forward', 'full', 'none'];

/**
 * Consecutive versions (by number) of a schema must keep the compatibility the newer one
 * declares: backward — added fields have defaults; forward — removed fields had defaults;
 * full — both; none (or no clause) — unchecked. A changed field type breaks all three.
 */
export const schemaIncompatible: Rule = {
    ids: ['schema-incompatible', 'invalid-value'],
    per: 'workspace',
    run({ model, reporter }) {
        for (const [name, versions] of schemaVersions(model)) {
            for (const schema of versions) {
                if (schema.compatibility !== undefined && !MODES.includes(schema.compatibility)) {
                    reporter.report('invalid-value', { detail: `unknown compatibility '${schema.compatibility}'; expected backward, forward, full or none` }, { node: schema, property: 'compatibility' });
                }
            }
            for (let i = 1; i < versions.length; i++) {
                const older = versions[i - 1];
                const newer = versions[i];
                const mode = newer.compatibility;
                if (mode === undefined || mode === 'none' || !MODES.includes(mode) || older.version === newer.version) continue;
                const params = { schema: name, from: older.version, to: newer.version, mode };
                const before = new Map(older.fields.map(f => [f.name, f]));
                const after = new Map(newer.fields.map(f => [f.name, f]));
                for (const field of newer.fields) {
                    const old = before.get(field.name);
                    if (old && old.type !== field.type) {
                        reporter.report('schema-incompatible', { ...params, detail: `field '${field.name}' changed type from ${old.type} to ${field.type}` }, { node: field }, {
                            related: [{ node: old, property: 'type' as never, message: `${name} ${older.version} declares '${field.name}: ${old.type}'` }],
                        });
                    } else if (!old && mode !== 'forward' && field.default === undefined) {
                        reporter.report('schema-incompatible', { ...params, detail: `added field '${field.name}' has no default` }, { node: field }, {
                            data: { field: field.name },
                        });
                    }
                }
                if (mode === 'forward' || mode === 'full') {
                    for (const field of older.fields) {
                        if (after.has(field.name) || field.default !== undefined) continue;
                        reporter.report('schema-incompatible', { ...params, detail: `removed field '${field.name}' had no default` }, { node: newer, property: 'version' }, {
                            related: [{ node: field, message: `'${field.name}' is declared in ${name} ${older.version} without a default` }],
                        });
                    }
                }
            }
        }
    },
};
