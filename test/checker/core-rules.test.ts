import { describe, expect, it } from 'vitest';
import { check } from '../helpers.js';

/**
 * Each core rule (issue: language core): one case that expects it, with the exact text
 * its range covers, and one that expects none.
 */
interface Case {
    name: string;
    files: string | string[];
    /** [code, text covered by the range] for the diagnostics of this rule. */
    expect: [string, string][];
}

const TRUSTED = '<Cluster, SS, SER, Fresh, Idem, Auth(mTLS)>';
const MESH = 'mesh m { mtls strict members a, b, c }\n';

const CASES: Record<string, { hit: Case; clean: Case }> = {
    'duplicate-name': {
        hit: { name: 'two services named a across files', files: ['service a { }', 'service a { }'], expect: [['duplicate-name', 'a']] },
        clean: { name: 'schema versions share a name', files: 'schema S v1 { x: int }\nschema S v2 { x: int }', expect: [] },
    },
    'unresolved-reference': {
        hit: { name: 'typo with did-you-mean', files: 'service payments { operation charge }\nservice a { calls paymnts.charge }', expect: [['unresolved-reference', 'paymnts.charge']] },
        clean: { name: 'reference across files', files: ['service payments { operation charge }', 'service a { calls payments.charge }'], expect: [] },
    },
    'invalid-value': {
        hit: { name: 'vector arity', files: 'service a { provides <Cluster, SS, SER> }', expect: [['invalid-value', '<Cluster, SS, SER>']] },
        clean: { name: 'well-formed vector', files: `service a { provides ${TRUSTED.replace('Auth(mTLS)', 'Auth')} }`, expect: [] },
    },
    'unknown-guarantee': {
        hit: { name: 'provider declares nothing', files: 'service p { operation x }\nservice a { calls p.x requires <_, _, _, Fresh, _, _> }', expect: [['unknown-guarantee', '<_, _, _, Fresh, _, _>']] },
        clean: { name: 'provider declares a vector', files: 'service p { provides <Cluster, SS, SER, Fresh, Idem, Auth> operation x }\nservice a { calls p.x requires <_, _, _, Fresh, _, _> }', expect: [] },
    },
    'requirement-unsatisfied': {
        hit: {
            name: 'recency weakened by a stale store read',
            files: 'store s { provides <Cluster, Causal, RA, BS(30s), Idem, Auth> }\nservice p { provides <Cluster, SS, SER, Fresh, Idem, Auth> reads s operation x }\nservice a { calls p.x requires <_, _, _, BS(5s), _, _> }',
            expect: [['requirement-unsatisfied', '<_, _, _, BS(5s), _, _>']],
        },
        clean: {
            name: 'requirement within what is delivered',
            files: 'store s { provides <Cluster, Causal, RA, BS(3s), Idem, Auth> }\nservice p { provides <Cluster, SS, SER, Fresh, Idem, Auth> reads s operation x }\nservice a { calls p.x requires <_, _, _, BS(5s), _, _> }',
            expect: [],
        },
    },
    'claim-unsupported': {
        hit: {
            name: 'read model claims fresher than its input',
            files: 'topic t { provides <Partition, PartialOrder, RA, BS(5s), Idem, Auth> }\nstore v { from t lag 2s provides <Cluster, PartialOrder, RA, Fresh, Idem, Auth> }',
            expect: [['claim-unsupported', 'Fresh']],
        },
        clean: {
            name: 'establishes Order re-sorts',
            files: 'topic t { provides <Partition, PartialOrder, RA, BS(5s), Idem, Auth> }\nstore v { from t lag 2s establishes Order provides <Cluster, TotalOrder, RA, BS(7s), Idem, Auth> }',
            expect: [],
        },
    },
    'order-key-mismatch': {
        hit: {
            name: 'TotalOrder per another key',
            files: 'topic t { partitions 12 key customer_id provides <Partition, PartialOrder, RA, EO, Idem, Auth> }\nservice a { consumes t idempotent requires <_, TotalOrder, _, _, _, _> per order_id }',
            expect: [['order-key-mismatch', 'order_id']],
        },
        clean: {
            name: 'TotalOrder per the topic key',
            files: 'topic t { partitions 12 key customer_id provides <Partition, PartialOrder, RA, EO, Idem, Auth> }\nservice a { consumes t idempotent requires <_, TotalOrder, _, _, _, _> per customer_id }',
            expect: [],
        },
    },
    'sla-unsupported': {
        hit: {
            name: 'freshness tighter than lag',
            files: 'topic t { lag p95 5s provides <Partition, PartialOrder, RA, EO, Idem, Auth> }\ndataproduct d { owner "o" from t lag 10m sla freshness 5m provides <Domain, PartialOrder, RA, BS(20m), Idem, Auth> }',
            expect: [['sla-unsupported', '5m']],
        },
        clean: {
            name: 'freshness within the derived bound',
            files: 'topic t { lag p95 5s provides <Partition, PartialOrder, RA, EO, Idem, Auth> }\ndataproduct d { owner "o" from t lag 1m sla freshness 5m provides <Domain, PartialOrder, RA, BS(5m), Idem, Auth> }',
            expect: [],
        },
    },
};

describe.each(Object.entries(CASES))('%s', (id, { hit, clean }) => {
    it(`expects it: ${hit.name}`, async () => {
        const result = await check(hit.files);
        const got = result.diagnostics.filter(d => d.code === id).map(d => [d.code, result.textOf(d)]);
        expect(got).toEqual(hit.expect);
    });
    it(`expects none: ${clean.name}`, async () => {
        const result = await check(clean.files);
        expect(result.diagnostics.filter(d => d.code === id)).toEqual([]);
    });
});

describe('topic structure (§4.6)', () => {
    const TOPIC = (partitions: number, order: string, modes = ''): string =>
        `topic t { partitions ${partitions} delivery exactly-once provides <Partition, ${order}, RA, EO, Idem, Auth> ${modes} }`;
    const CONSUMER = (order: string, mode = ''): string => `service a { consumes t group g requires ${mode}<_, ${order}, _, _, _, _> }`;
    const failing = async (files: string[]): Promise<string[]> =>
        (await check(files)).diagnostics.filter(d => d.code.endsWith('requirement-unsatisfied')).map(d => d.message.replace(/ \(weakest link.*$/, ''));

    it.each([
        ['one partition provides TotalOrder, also where PartialOrder is declared', [TOPIC(1, 'PartialOrder'), CONSUMER('TotalOrder')], []],
        ['one partition: a declared SS is lowered', [TOPIC(1, 'SS'), CONSUMER('SS')], ['requirement of a consumes t is not satisfied: Order needs SS, got TotalOrder']],
        ['more partitions provide PartialOrder, also where None is declared', [TOPIC(4, 'None'), CONSUMER('PartialOrder')], []],
        ['more partitions without a key: TotalOrder fails', [TOPIC(4, 'PartialOrder'), CONSUMER('TotalOrder')], ['requirement of a consumes t is not satisfied: Order needs TotalOrder, got PartialOrder']],
        ['a mode vector declaring a weaker Order keeps it in that mode',
            [TOPIC(1, 'TotalOrder', 'modes { degraded <Partition, None, RA, EO, Idem, Auth> when lag > 100 }'), CONSUMER('PartialOrder', 'in degraded ')],
            ['in degraded mode, requirement of a consumes t is not satisfied: Order needs PartialOrder, got None']],
    ])('%s', async (_name, files, expected) => {
        expect(await failing(files as string[])).toEqual(expected);
    });
});

describe('duplicate-name details', () => {
    it('a schema shares the namespace with other elements', async () => {
        const result = await check('service Order { }\nschema Order v1 { x: int }');
        expect(result.diagnostics.filter(d => d.code === 'duplicate-name').map(d => result.textOf(d))).toEqual(['Order']);
    });
    it('two operations of one service', async () => {
        const result = await check('service s { operation x operation x }');
        const [d] = result.diagnostics.filter(x => x.code === 'duplicate-name');
        expect(d.message).toBe("duplicate operation name 'x'");
        expect(d.related).toHaveLength(1);
    });
    it('a domain and an element', async () => {
        const result = await check('domain orders { }\nservice orders { }');
        expect(result.codes()).toContain('duplicate-name');
    });
    it('across files: the first by URI is the declaration, whatever the load order, and references resolve to it', async () => {
        const a = `store s { provides <Cluster, SS, SER, Fresh, Idem, Auth> }`;
        const b = 'store s { }';
        const user = 'service u { reads s requires <_, SS, _, _, _, _> }';
        for (const order of [[0, 1, 2], [2, 1, 0], [1, 2, 0]]) {
            const files = [{ uri: 'file:///w/a.mesh', text: a }, { uri: 'file:///w/b.mesh', text: b }, { uri: 'file:///w/c.mesh', text: user }];
            const { diagnostics } = await check(order.map(i => files[i]));
            const duplicate = diagnostics.filter(d => d.code === 'duplicate-name');
            expect(duplicate.map(d => [d.uri, d.related.map(r => r.uri)])).toEqual([['file:///w/b.mesh', ['file:///w/a.mesh']]]);
            // a.mesh's store provides SS, so the requirement holds: nothing is reported on c.mesh.
            expect(diagnostics.filter(d => d.uri === 'file:///w/c.mesh')).toEqual([]);
        }
    });
});

describe('requirement-unsatisfied details', () => {
    it('names every failing component, needed vs got, and the weakest link with a related location', async () => {
        const result = await check([
            'store s { provides <Cluster, Causal, RA, BS(30s), Idem, Auth> }\nservice p { provides <Cluster, SS, SER, Fresh, Idem, Auth> reads s operation x }',
            'service a { calls p.x requires <_, SS, _, BS(5s), _, Auth(mTLS)> }',
        ]);
        const [d] = result.diagnostics.filter(x => x.code === 'requirement-unsatisfied');
        expect(d.message).toContain('Order needs SS, got Causal');
        expect(d.message).toContain('Recency needs BS(5s), got BS(30s)');
        expect(d.message).toContain('weakest link: store s');
        expect(d.message).toMatch(/Auth needs Auth\(mTLS\), got None \(weakest link: call hop a → p\.x\)/);
        expect(d.related.map(r => result.textOf(r))).toContain('<Cluster, Causal, RA, BS(30s), Idem, Auth>');
        expect(d.uri).toBe('file:///w/1.mesh');
    });

    it('blames an unauthenticated provider, not the authenticating hop after it', async () => {
        const result = await check([
            'service api { provides <Cluster, SS, SER, Fresh, Idem, None> operation get }',
            'gateway edge { route "/a" -> api.get auth jwt }',
            'client w { calls edge "/a" requires <_, _, _, _, _, Auth> }',
            'service c { calls api.get auth jwt requires <_, _, _, _, _, Auth> }',
            'service d { calls api.get requires <_, _, _, _, _, Auth> }',
            'gateway open { route "/b" -> api.get }',
            'client v { calls open "/b" requires <_, _, _, _, _, Auth> }',
        ]);
        const links = result.diagnostics.filter(d => d.code === 'requirement-unsatisfied')
            .map(d => [d.message.match(/requirement of (.*) is not/)![1], d.message.match(/weakest link: ([^)]*)\)/)![1], result.textOf(d.related[0])]);
        expect(links).toEqual([
            ['w calls edge "/a"', 'operation api.get', '<Cluster, SS, SER, Fresh, Idem, None>'],
            ['c calls api.get', 'operation api.get', '<Cluster, SS, SER, Fresh, Idem, None>'],
            // Both sides unauthenticated: the hop nearest the consumer is named.
            ['d calls api.get', 'call hop d → api.get', 'calls api.get requires <_, _, _, _, _, Auth>'],
            ['v calls open "/b"', 'route open "/b"', 'route "/b" -> api.get'],
        ]);
    });

    it('sla-unsupported points at the lag that makes the derived bound, not at a weaker provides', async () => {
        const result = await check([
            'topic t { partitions 1 delivery exactly-once lag p95 1m provides <Partition, TotalOrder, RA, EO, Idem, Auth> }',
            'dataproduct dp { owner "x" from t lag 10m sla freshness 5m provides <Domain, Causal, RA, BS(20m), Idem, Auth> }',
        ]);
        const sla = result.diagnostics.filter(d => d.code === 'sla-unsupported');
        expect(sla.map(d => d.message)).toEqual(['dp promises freshness 5m but its derived Recency is BS(11m) (weakest link: data product dp)']);
        expect(result.textOf(sla[0].related[0])).toBe('lag 10m');
        const fromTopic = await check([
            'topic t { partitions 1 delivery exactly-once lag p95 10m provides <Partition, TotalOrder, RA, EO, Idem, Auth> }',
            'dataproduct dp { owner "x" from t lag 1m sla freshness 5m provides <Domain, Causal, RA, BS(20m), Idem, Auth> }',
        ]);
        const [topicSla] = fromTopic.diagnostics.filter(d => d.code === 'sla-unsupported');
        expect(topicSla.message).toContain('(weakest link: topic t)');
        expect(fromTopic.textOf(topicSla.related[0])).toBe('lag p95 10m');
    });

    it('a strict-mTLS mesh provides Auth(mTLS) on the call hop', async () => {
        const result = await check(MESH + `service b { provides ${TRUSTED} operation x }\nservice a { calls b.x requires <_, _, _, _, _, Auth(mTLS)> }\nservice c { }`);
        expect(result.codes()).not.toContain('requirement-unsatisfied');
    });

    it('BS(0) is Fresh: it satisfies Fresh, Fresh satisfies it, and it prints as Fresh', async () => {
        const held = await check('service p { provides <Cluster, SS, SER, BS(0), Idem, Auth> operation x }\nservice q { provides <Cluster, SS, SER, Fresh, Idem, Auth> operation x }\n'
            + 'service a { calls p.x requires <_, _, _, Fresh, _, _> calls q.x requires <_, _, _, BS(0), _, _> }');
        expect(held.codes()).toEqual([]);
        const failed = await check('service p { provides <Cluster, SS, SER, BS(1s), Idem, Auth> operation x }\nservice a { calls p.x requires <_, _, _, BS(0), _, _> }');
        const [d] = failed.diagnostics.filter(x => x.code === 'requirement-unsatisfied');
        expect(d.message).toContain('Recency needs Fresh, got BS(1s)');
    });

    it('recency adds up along derivations (topic lag + store lag)', async () => {
        const result = await check('topic t { lag p95 5s provides <Partition, PartialOrder, RA, EO, Idem, Auth> }\nstore v { from t lag 2s }\nservice a { reads v requires <_, _, _, BS(6s), _, _> }');
        const [d] = result.diagnostics.filter(x => x.code === 'requirement-unsatisfied');
        expect(d.message).toContain('got BS(7s)');
    });

    it('derivation cycles widen Recency to EO and terminate', async () => {
        const result = await check('store x { from y provides <Cluster, SS, SER, Fresh, Idem, Auth> }\nstore y { from x provides <Cluster, SS, SER, Fresh, Idem, Auth> }\nservice a { reads x requires <_, _, _, BS(1h), _, _> }');
        const [d] = result.diagnostics.filter(x => x.code === 'requirement-unsatisfied');
        expect(d.message).toContain('got EO');
    });
});
