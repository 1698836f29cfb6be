import type * as ast from '../../language/generated/ast.js';
import { schemasByName } from '../model.js';
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
        for (const [name, versions] of schemasByName(model.elements)) {
            for (const schema of versions) {
                if (schema.compatibility !== undefined && !MODES.includes(schema.compatibility)) {
                    reporter.report('invalid-value', { detail: `unknown compatibility '${schema.compatibility}'; expected backward, forward, full or none` }, { node: schema, property: 'compatibility' });
                }
            }
            for (let i = 1; i < versions.length; i++) {
                const older = versions[i - 1];
                const newer = versions[i];
                const mode = newer.compatibility;
                // A version or a field the parser could not read (a syntax error) is not compared.
                if (mode === undefined || mode === 'none' || !MODES.includes(mode) || older.version === undefined || newer.version === undefined || older.version === newer.version) continue;
                const params = { schema: name, from: older.version, to: newer.version, mode };
                const before = fieldsByName(older);
                const after = fieldsByName(newer);
                for (const field of after.values()) {
                    const old = before.get(field.name);
                    if (old && old.type !== field.type) {
                        if (old.type === undefined || field.type === undefined) continue;
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
                    for (const field of before.values()) {
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

/** A version's fields by name: the first of each (a second one is `duplicate-name`), named ones only. */
function fieldsByName(schema: ast.Schema): Map<string, ast.SchemaField> {
    const fields = new Map<string, ast.SchemaField>();
    for (const field of schema.fields) if (field.name && !fields.has(field.name)) fields.set(field.name, field);
    return fields;
}
