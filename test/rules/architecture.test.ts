import { describe, expect, it } from 'vitest';
import { check, ruleTable } from './helpers.js';

/** Architecture rules over the synchronous call graph, stores and gateways. */

describe('sync-cycle', () => {
    ruleTable('sync-cycle', {
        hits: [
            {
                name: 'a service-level call that counts for the operation called back',
                files: 'service orders-api {\n  operation getOrder idempotent\n  calls payments.charge timeout 2s\n}\nservice payments {\n  operation charge idempotent {\n    calls orders-api.getOrder timeout 1s\n  }\n}',
                texts: ['payments.charge'],
                message: ['synchronous call cycle: orders-api.getOrder → payments.charge → orders-api.getOrder'],
                related: ['orders-api.getOrder'],
            },
            {
                name: 'three services without operations, across files; one diagnostic per cycle',
                files: ['service a { calls b }', 'service b { calls c }', 'service c { calls a }'],
                texts: ['b'],
                message: ['a → b → c → a'],
                related: ['c', 'a'],
            },
            {
                name: 'through a gateway route',
                files: 'service orders { operation get { calls edge "/reviews/*" } }\nservice reviews { operation list { calls orders.get } }\ngateway edge { route "/reviews/*" -> reviews.list }',
                texts: ['edge'],
                message: ['orders.get → edge "/reviews/*" → reviews.list → orders.get'],
            },
            {
                name: 'an operation calling itself',
                files: 'service a { operation x { calls a.x } }',
                texts: ['a.x'],
                message: ['a.x → a.x'],
            },
        ],
        clean: [
            { name: 'calls without a way back', files: 'service orders-api {\n  operation getOrder idempotent\n  calls payments.charge timeout 2s\n}\nservice payments {\n  operation charge idempotent\n}' },
            { name: 'operation-level precision: charge does not call the operation that calls it', files: 'service orders-api {\n  operation getOrder idempotent\n  operation place { calls payments.charge }\n}\nservice payments { operation charge idempotent { calls orders-api.getOrder } }' },
            { name: 'asynchronous loops are not sync cycles', files: 'topic t { partitions 1 }\ntopic u { partitions 1 }\nservice a { publishes t  consumes u idempotent }\nservice b { publishes u  consumes t idempotent }' },
            { name: 'a gateway route to a different path than the caller uses', files: 'service orders { operation get { calls edge "/reviews/*" } }\nservice reviews { operation list }\ngateway edge { route "/reviews/*" -> reviews.list  route "/orders/*" -> orders.get }' },
        ],
    });
});

const CHAIN = 'service checkout   { calls pricing }\nservice pricing    { calls surge }\nservice surge      { calls promotions }\nservice promotions { calls tax }\nservice tax        { calls currency }\nservice currency   { calls rounding }\nservice rounding   { description "rounds prices per currency" }';

describe('sync-chain-depth', () => {
    ruleTable('sync-chain-depth', {
        hits: [
            {
                name: 'six synchronous calls from a root',
                files: CHAIN,
                texts: ['pricing'],
                message: ['synchronous call chain of depth 6 exceeds 5: checkout → pricing → surge → promotions → tax → currency → rounding'],
                related: ['surge', 'promotions', 'tax', 'currency', 'rounding'],
            },
            {
                name: 'a route\'s forwarding counts as a call; operation-level chains',
                files: 'client app { calls edge "/q" }\ngateway edge { route "/q" -> a.x }\nservice a { operation x { calls b.x } }\nservice b { operation x { calls c.x } }\nservice c { operation x { calls d.x } }\nservice d { operation x { calls e.x } }\nservice e { operation x }',
                texts: ['edge'],
                message: ['depth 6', 'app → edge "/q" → a.x → b.x → c.x → d.x → e.x'],
            },
            {
                name: 'a later entry into a reported chain is not reported again',
                files: 'client app { calls s0.x }\nservice s0 {\n  operation x\n  operation y\n  calls s1\n}\nservice s1 { calls s2 }\nservice s2 { calls s3 }\nservice s3 { calls s4 }\nservice s4 { calls s5 }\nservice s5 { calls s6 }\nservice s6 { }',
                texts: ['s0.x'],
                message: ['depth 7'],
            },
        ],
        clean: [
            { name: 'five calls', files: CHAIN.replace('service currency   { calls rounding }', 'service currency   { }') },
            { name: 'a chain through a cycle is left to sync-cycle', files: 'service a { calls b }\nservice b { calls a  calls c }\nservice c { calls d }\nservice d { calls e }\nservice e { calls f }\nservice f { calls g }\nservice g { }' },
            { name: 'asynchronous hops do not deepen a chain', files: CHAIN.replace('service tax        { calls currency }', 'topic q { partitions 1 }\nservice tax        { publishes q }\nservice listener   { consumes q idempotent }') },
        ],
    });

    it('reports each starting element once, at its deepest chain', async () => {
        const result = await check('service r {\n  operation a { calls s1 }\n  operation b { calls t1 }\n}\n' +
            'service s1 { calls s2 }\nservice s2 { calls s3 }\nservice s3 { calls s4 }\nservice s4 { calls s5 }\nservice s5 { calls s6 }\nservice s6 { }\n' +
            'service t1 { calls t2 }\nservice t2 { calls t3 }\nservice t3 { calls t4 }\nservice t4 { calls t5 }\nservice t5 { calls t6 }\nservice t6 { calls t7 }\nservice t7 { }');
        expect(result.of('sync-chain-depth').map(d => [result.textOf(d), d.message.split(':')[0]])).toEqual([['t1', 'synchronous call chain of depth 7 exceeds 5']]);
    });

    it('handles a chain of 3000 services (dynamic programming, no path enumeration)', async () => {
        const n = 3000;
        const text = Array.from({ length: n }, (_, i) => `service s${i} { ${i + 1 < n ? `calls s${i + 1}` : ''} }`).join('\n');
        const result = await check(text);
        expect(result.of('sync-chain-depth').map(d => d.data?.depth)).toEqual([n - 1]);
    });
});

describe('shared-store', () => {
    ruleTable('shared-store', {
        hits: [
            {
                name: 'two services write one store',
                files: 'store orders-db {\n  engine postgres\n}\nservice orders-api {\n  writes orders-db\n}\nservice inventory {\n  writes orders-db\n}',
                texts: ['orders-db'],
                message: ["store 'orders-db' is written by 2 services: orders-api, inventory"],
                related: ['orders-db', 'orders-db'],
            },
            {
                name: 'operation-level writes count for their service; the related location is the store reference',
                files: ['store db { engine postgres }', 'service a { operation x { writes cache, db } }\nstore cache { engine redis }', 'service b { writes db }'],
                texts: ['db'],
                related: ['db', 'db'],
            },
        ],
        clean: [
            { name: 'database per service', files: 'store orders-db { engine postgres }\nstore inventory-db { engine postgres }\nservice orders-api { writes orders-db }\nservice inventory { writes inventory-db }' },
            { name: 'readers do not count', files: 'store db { engine postgres }\nservice a { writes db }\nservice b { reads db }' },
            { name: 'several operations of one service are one writer', files: 'store db { engine postgres }\nservice a {\n  operation x { writes db }\n  operation y { writes db }\n  writes db\n}' },
        ],
    });
});

describe('untraced-hop', () => {
    ruleTable('untraced-hop', {
        hits: [
            {
                name: 'an untraced service between two traced ones',
                files: 'service checkout {\n  tracing\n  calls pricing.quote timeout 300ms\n}\nservice pricing {\n  operation quote idempotent {\n    calls tax.compute timeout 100ms\n  }\n}\nservice tax {\n  tracing\n  operation compute idempotent\n}',
                texts: ['pricing.quote'],
                message: ["'pricing' does not propagate trace context between traced services 'checkout' and 'tax'"],
                related: ['pricing', 'tax'],
            },
            {
                name: 'a run of two untraced services is reported once, where it is entered',
                files: 'service a { tracing  calls x }\nservice x { calls y }\nservice y { calls b }\nservice b { tracing }',
                texts: ['x'],
                message: ["'x' does not propagate trace context between traced services 'a' and 'b'"],
            },
            {
                name: 'mesh tracing is evidence; an untraced gateway in between is not',
                files: 'mesh m { mtls strict tracing w3c members web, orders }\nclient web { calls edge "/o" }\ngateway edge { route "/o" -> orders.get }\nservice orders { operation get }',
                texts: ['edge'],
                message: ["'edge' does not propagate trace context between traced services 'web' and 'orders'"],
            },
        ],
        clean: [
            { name: 'every hop traced', files: 'service checkout { tracing  calls pricing.quote }\nservice pricing { tracing  operation quote { calls tax.compute } }\nservice tax { tracing  operation compute }' },
            { name: 'a path that ends untraced', files: 'service a { tracing  calls x }\nservice x { calls y }\nservice y { }' },
            { name: 'a path that starts untraced', files: 'service x { calls a }\nservice a { tracing }' },
            { name: 'a tracing gateway passes the context on', files: 'client web { tracing  calls edge "/o" }\ngateway edge { tracing  route "/o" -> orders.get }\nservice orders { tracing  operation get }' },
        ],
    });
});

describe('traffic-split-total', () => {
    ruleTable('traffic-split-total', {
        hits: [{
            name: 'weights summing to 95%',
            files: 'service reviews-v1 { }\nservice reviews-v2 { }\ngateway edge {\n  route "/reviews/*" split reviews-v1 90%, reviews-v2 5%\n}',
            texts: ['reviews-v1 90%, reviews-v2 5%'],
            message: ['split weights sum to 95%, not 100%'],
        }, {
            name: 'a weight above 100% counts as written (it is an invalid-value as well)',
            files: 'service a { }\nservice b { }\ngateway edge { route "/x" split a 150%, b 100% }',
            texts: ['a 150%, b 100%'],
            message: ['split weights sum to 250%, not 100%'],
        }, {
            name: 'the message shows the true sum',
            files: 'service a { }\nservice b { }\ngateway edge { route "/x" split a 100.5%, b 10% }',
            texts: ['a 100.5%, b 10%'],
            message: ['split weights sum to 110.5%, not 100%'],
        }],
        clean: [
            { name: 'a 90/10 canary', files: 'service reviews-v1 { }\nservice reviews-v2 { }\ngateway edge { route "/reviews/*" split reviews-v1 90%, reviews-v2 10% }' },
            { name: 'decimal weights', files: 'service a { }\nservice b { }\nservice c { }\ngateway edge { route "/x" split a 33.3%, b 33.3%, c 33.4% }' },
        ],
    });
});
