import * as ast from '../../language/generated/ast.js';
import { schemasByName } from '../model.js';
import type { RelatedTarget } from '../report.js';
import type { Rule } from './rule.js';

const READ_VERBS: ReadonlySet<string> = new Set(['read', 'query', 'export']);

/**
 * A data product exposes personal data when its schema (the version it names, else the
 * newest) has `pii` fields — directly or through a field typed by another schema — and an
 * `allow` rule grants reading (`read`, `query`, `export`, or no verbs: all) without `masked`.
 */
export const piiExposed: Rule = {
    ids: ['pii-exposed'],
    per: 'workspace',
    run({ model, reporter }) {
        const schemas = schemasByName(model.elements);
        for (const element of model.elements) {
            if (element.kind !== 'dataproduct') continue;
            const product = element.ast as ast.DataProduct;
            const ref = product.members.find(ast.isSchemaRefClause);
            // `schema` without a name (a syntax error) names nothing.
            if (!ref?.schema) continue;
            const schema = pickVersion(schemas, ref.schema.$refText, ref.version);
            if (!schema) continue;
            const fields = piiFields(schemas, schema, '', new Set());
            if (fields.length === 0) continue;
            for (const block of product.members.filter(ast.isAccessBlock)) {
                for (const rule of block.rules) {
                    // A principal the parser could not read whole (a syntax error) is not judged.
                    if (rule.effect !== 'allow' || rule.masked || !rule.principal?.kind || !rule.principal.name) continue;
                    if (rule.permissions.length > 0 && !rule.permissions.some(p => READ_VERBS.has(p))) continue;
                    const principal = `${rule.principal.kind}:${rule.principal.name}`;
                    reporter.report('pii-exposed', { principal, fields: fields.map(f => f.path) }, { node: rule, property: 'principal' }, {
                        related: fields.map((f): RelatedTarget => ({ node: f.field, property: 'name' as never, message: `${f.path} is pii` })),
                        data: { principal },
                    });
                }
            }
        }
    },
};

/** `schema X v2`: that version; `schema X`: the newest. */
function pickVersion(schemas: Map<string, ast.Schema[]>, name: string, version: string | undefined): ast.Schema | undefined {
    const list = schemas.get(name);
    if (!list || list.length === 0) return undefined;
    return version === undefined ? list[list.length - 1] : list.find(s => s.version === version);
}

function piiFields(schemas: Map<string, ast.Schema[]>, schema: ast.Schema, prefix: string, seen: Set<ast.Schema>): { path: string; field: ast.SchemaField }[] {
    if (seen.has(schema)) return [];
    seen.add(schema);
    const result: { path: string; field: ast.SchemaField }[] = [];
    const named = new Set<string>();
    for (const field of schema.fields) {
        // The first field of each name (a second one is `duplicate-name`).
        if (!field.name || named.has(field.name)) continue;
        named.add(field.name);
        const path = prefix + field.name;
        if (field.pii) result.push({ path, field });
        const nested = pickVersion(schemas, field.type, undefined);
        if (nested) result.push(...piiFields(schemas, nested, `${path}.`, seen));
    }
    return result;
}
