import { describe, expect, it } from 'vitest';
import { check, ruleTable } from './helpers.js';

/** Language-level ids reported while building the model (and by the schema rule for compatibility). */

const V = '<Cluster, SS, SER, Fresh, Idem, Auth>';

describe('duplicate-name', () => {
    ruleTable('duplicate-name', {
        hits: [
            { name: 'two services across files', files: ['service orders { }', 'store orders { engine postgres }'], texts: ['orders'], message: ["duplicate element name 'orders'"], related: ['orders'] },
            { name: 'two operations of one service', files: 'service s {\n  operation x\n  operation x idempotent\n}', texts: ['x'], message: ["duplicate operation name 'x'"] },
            { name: 'a domain and an element', files: 'domain orders { }\nservice orders { }', texts: ['orders'] },
            { name: 'the same schema version twice', files: 'schema S v1 { a: int }\nschema S v1 { b: int }', texts: ['S'] },
            { name: 'two fields of one schema version', files: 'schema S v1 { a: int  b: int  a: string }', texts: ['a'], message: ["duplicate field name 'a'"], related: ['a'] },
        ],
        clean: [
            { name: 'schema versions share a name', files: 'schema S v1 { a: int }\nschema S v2 { a: int }' },
            { name: 'versions of a schema share field names', files: 'schema S v1 { a: int }\nschema S v2 { a: int }' },
            { name: 'operations of different services share a name', files: 'service a { operation get }\nservice b { operation get }' },
        ],
    });
});

describe('invalid-value', () => {
    ruleTable('invalid-value', {
        hits: [
            { name: 'vector arity', files: 'service a { provides <Cluster, SS, SER> }', texts: ['<Cluster, SS, SER>'] },
            { name: 'unknown component value', files: 'service a { provides <Cluster, Linearizable, SER, Fresh, Idem, Auth> }', texts: ['Linearizable'] },
            { name: 'a bound other than zero without a unit', files: 'service a { provides <Cluster, SS, SER, BS(5), Idem, Auth> }', texts: ['BS'], message: ["invalid duration '5' in BS(5)"] },
            { name: '0 partitions', files: 'topic t { partitions 0 }', texts: ['0'] },
            { name: 'a duration too large for a number', files: `service a { latency p99 1${'0'.repeat(400)}d }`, texts: [`1${'0'.repeat(400)}d`], message: [`duration '1${'0'.repeat(400)}d' is out of range`] },
            { name: 'percent above 100', files: 'dataproduct d { owner "o" sla availability 120% }', texts: ['120%'] },
            { name: 'unknown mode name', files: 'service a { modes { panic <Local, None, None, Stale, None, None> when x > 1 } }', texts: ['panic'] },
            { name: 'unknown schema compatibility', files: 'schema S v1 { a: int }\nschema S v2 compatibility sideways { a: int }', texts: ['sideways'] },
            {
                name: 'percent above 100 in a mode trigger',
                files: `service s {\n  provides ${V}\n  modes {\n    degraded ${V} when error_rate > 150%\n    floor ${V} when error_rate >= 100.01% for 1m\n    recovery ${V} when success_rate > 99% for 5m\n  }\n}`,
                texts: ['150%', '100.01%'],
                message: ['percentage 150% is out of range (0–100%)'],
            },
            {
                name: 'a breaker state other than open or half-open: one error, and the next mode still parses',
                files: `service p { operation charge }\nservice s {\n  provides ${V}\n  modes {\n    degraded ${V} when breaker(p) closed\n    floor ${V} when lag > 5\n    recovery ${V} when breaker(p.charge) half-open\n  }\n}`,
                texts: ['closed'],
                message: ["unknown breaker state 'closed'; expected open or half-open"],
            },
            {
                name: 'percent above 100 deep in a trigger',
                files: `service s { modes { degraded ${V} when latency > 1s or (breaker(s) open and errors >= 101%) } }`,
                texts: ['101%'],
            },
            {
                name: 'sla items with the wrong kind of value',
                files: 'dataproduct d { owner "o" sla completeness 5s freshness 50% availability 1m }',
                texts: ['5s', '50%', '1m'],
                message: ['sla completeness takes a percentage (e.g. 99.9%), got 5s'],
            },
            {
                name: 'a named vector of the wrong arity: once, at the declaration, however often it is used',
                files: ['guarantee G = <Cluster, SS, SER>\nservice a { provides G  operation x provides G }', 'store b { provides G }\nservice c { reads b requires G }'],
                texts: ['<Cluster, SS, SER>'],
                message: ['this one has 3'],
            },
            {
                name: 'an unknown value in a named vector nothing uses',
                files: 'guarantee G = <Globl, SS, SER, Fresh, Idem, Auth>',
                texts: ['Globl'],
            },
            {
                name: "'_' in a named vector used where a vector is provided: at that use",
                files: 'guarantee Any = <_, _, _, Fresh, _, _>\nservice a { provides Any }\nservice b { calls a requires Any }',
                texts: ['Any'],
                message: ["guarantee 'Any' leaves Scope, Order, Visibility, Idempotence, Auth as '_' (any), which only a requirement may"],
            },
        ],
        clean: [
            { name: 'BS(0), zero without a unit (Fresh ≡ BS(0))', files: 'service a { provides <Cluster, SS, SER, BS(0), Idem, Auth> }\nstore s { provides <Cluster, SS, SER, BS(0.0), Idem, Auth> }' },
            { name: 'well-formed values', files: 'topic t { partitions 12 delivery at-least-once provides <Partition, PartialOrder, RA, EO, Idem(offset), Auth> }\ndataproduct d { owner "o" sla freshness 5m availability 99.9% }' },
            { name: 'breaker states open and half-open', files: `service p { }\nservice s { modes { degraded ${V} when breaker(p) open  floor ${V} when breaker(p) half-open or lag > 5  recovery ${V} when success_rate > 99% } }` },
            { name: 'percentages within range in triggers', files: `service s { modes { degraded ${V} when error_rate > 5% for 1m  floor ${V} when error_rate >= 100%  recovery ${V} when success_rate > 99.9% for 5m } }` },
            { name: 'sla items of the right kind', files: 'dataproduct d { owner "o" sla freshness 5m completeness 99.9% availability 100% }' },
            { name: "a named vector with '_' used only as a requirement", files: 'guarantee Any = <_, _, _, Fresh, _, _>\nservice a { provides <Cluster, SS, SER, Fresh, Idem, Auth> }\nservice b { calls a requires Any }' },
            { name: 'a named bound resolved by each element using the named vector', files: 'guarantee Product = <Domain, Causal, RA, BS(SLA), Idem, Auth>\ndataproduct d { owner "o" sla freshness 5m provides Product }\ndataproduct e { owner "o" sla freshness 1h provides Product }' },
        ],
    });

    it('a named bound nothing can resolve, in a named vector: one warning at the declaration, used or not', async () => {
        const text = 'guarantee K = <Global, SS, SER, BS(bogus), Idem, Auth>\n';
        for (const uses of ['', 'service a { provides K }\nservice b { provides K }\nservice c { calls a requires K }']) {
            const result = await check(text + uses);
            expect(result.of('invalid-value').map(d => [result.textOf(d), d.severity, d.range.start.line])).toEqual([['bogus', 'warning', 0]]);
            expect(result.of('invalid-value')[0].message).toContain("'bogus' names none of them; counted as EO");
        }
    });

    it('a named bound of a named vector that a using element cannot resolve: at that use', async () => {
        const result = await check('guarantee Product = <Domain, Causal, RA, BS(SLA), Idem, Auth>\ndataproduct d { owner "o" sla freshness 5m provides Product }\ndataproduct e { owner "o" provides Product }');
        expect(result.of('invalid-value').map(d => [result.textOf(d), d.severity, d.range.start.line, d.message])).toEqual([
            ['Product', 'warning', 2, "cannot resolve named bound 'SLA' of guarantee 'Product': no sla freshness, cache or lag on this element; counted as EO"],
        ]);
    });

    it('an unresolvable named bound is a warning and counts as EO', async () => {
        const result = await check('service a { provides <Cluster, SS, SER, BS(SLA), Idem, Auth> }');
        expect(result.of('invalid-value').map(d => [result.textOf(d), d.severity])).toEqual([['SLA', 'warning']]);
    });
});

const EDGE = 'service orders { operation list idempotent }\ngateway edge {\n  route "/orders/*" -> orders.list\n  route "/reviews/*" -> orders.list\n}\n';
const SCHEMAS = 'schema P v1 { a: int }\nschema P v2 compatibility backward { a: int  b: int = 0 }\n';

describe('unresolved-reference', () => {
    ruleTable('unresolved-reference', {
        hits: [
            {
                name: 'a route path the gateway does not declare, with did-you-mean among its routes',
                files: EDGE + 'client web { calls edge "/order/*" }',
                texts: ['"/order/*"'],
                message: ['cannot resolve route "/order/*" on gateway \'edge\'; did you mean "/orders/*"?'],
            },
            {
                name: 'a route path nothing is close to, across files',
                files: [EDGE, 'client web { calls edge "/nope" }'],
                texts: ['"/nope"'],
                message: ['cannot resolve route "/nope" on gateway \'edge\''],
            },
            {
                name: 'a path on a service, on an operation',
                files: 'service b { operation x }\nservice a { calls b "/x"  calls b.x "/y" }',
                texts: ['"/x"', '"/y"'],
                message: ["cannot resolve route \"/x\" on 'b': it is a service, not a gateway, and only a gateway has routes"],
            },
            {
                name: 'a schema version that does not exist, on a topic',
                files: SCHEMAS + 'topic t { schema P v9 }',
                texts: ['v9'],
                message: ["cannot resolve version 'v9' of schema 'P' (declared: v1, v2)"],
            },
            {
                name: 'a schema version that does not exist, on a data product, versions in other files',
                files: ['schema P v2 { a: int }', 'schema P v1 { a: int }', 'dataproduct d { owner "o" schema P v3 }'],
                texts: ['v3'],
                message: ['(declared: v1, v2)'],
            },
        ],
        clean: [
            { name: 'declared route paths, across files', files: [EDGE, 'client web { calls edge "/orders/*"  calls edge "/reviews/*"  calls edge }'] },
            { name: 'declared schema versions, or none named', files: [SCHEMAS, 'topic t { schema P v1 }\ndataproduct d { owner "o" schema P v2 }\ndataproduct e { owner "o" schema P }'] },
        ],
    });

    it('a call to a route that does not exist makes no edge (like any unresolved reference)', async () => {
        const result = await check(EDGE + 'client web { calls edge "/nope" retries 2 timeout 1ms }');
        expect(result.model.edges.filter(e => e.kind === 'call')).toEqual([]);
        expect(result.diagnostics.map(d => d.code)).toEqual(['unresolved-reference']);
    });

    it('a schema named by a missing version: nothing is picked for pii-exposed', async () => {
        const result = await check('schema C v1 { email: string pii }\ndataproduct d { owner "o" schema C v2 access { allow group:all read } }');
        expect(result.diagnostics.map(d => d.code)).toEqual(['unresolved-reference']);
    });
});
