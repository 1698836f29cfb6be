import { describe, expect, it } from 'vitest';
import { check, ruleTable } from './helpers.js';

/** Language-level ids reported while building the model (and by the schema rule for compatibility). */

describe('duplicate-name', () => {
    ruleTable('duplicate-name', {
        hits: [
            { name: 'two services across files', files: ['service orders { }', 'store orders { engine postgres }'], texts: ['orders'], message: ["duplicate element name 'orders'"], related: ['orders'] },
            { name: 'two operations of one service', files: 'service s {\n  operation x\n  operation x idempotent\n}', texts: ['x'], message: ["duplicate operation name 'x'"] },
            { name: 'a domain and an element', files: 'domain orders { }\nservice orders { }', texts: ['orders'] },
            { name: 'the same schema version twice', files: 'schema S v1 { a: int }\nschema S v1 { b: int }', texts: ['S'] },
        ],
        clean: [
            { name: 'schema versions share a name', files: 'schema S v1 { a: int }\nschema S v2 { a: int }' },
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
            { name: 'percent above 100', files: 'dataproduct d { owner "o" sla availability 120% }', texts: ['120%'] },
            { name: 'unknown mode name', files: 'service a { modes { panic <Local, None, None, Stale, None, None> when x > 1 } }', texts: ['panic'] },
            { name: 'unknown schema compatibility', files: 'schema S v1 { a: int }\nschema S v2 compatibility sideways { a: int }', texts: ['sideways'] },
        ],
        clean: [
            { name: 'BS(0), zero without a unit (Fresh ≡ BS(0))', files: 'service a { provides <Cluster, SS, SER, BS(0), Idem, Auth> }\nstore s { provides <Cluster, SS, SER, BS(0.0), Idem, Auth> }' },
            { name: 'well-formed values', files: 'topic t { partitions 12 delivery at-least-once provides <Partition, PartialOrder, RA, EO, Idem(offset), Auth> }\ndataproduct d { owner "o" sla freshness 5m availability 99.9% }' },
        ],
    });

    it('an unresolvable named bound is a warning and counts as EO', async () => {
        const result = await check('service a { provides <Cluster, SS, SER, BS(SLA), Idem, Auth> }');
        expect(result.of('invalid-value').map(d => [result.textOf(d), d.severity])).toEqual([['SLA', 'warning']]);
    });
});
