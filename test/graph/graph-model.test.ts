import { describe, expect, it } from 'vitest';
import { GraphFocusError } from '../../server/src/graph/focus.js';
import type { GraphModel } from '../../server/src/graph/types.js';
import { SHOP, graphOf } from './helpers.js';

const edge = (graph: GraphModel, id: string) => {
    const found = graph.edges.find(e => e.id === id);
    if (!found) throw new Error(`no edge ${id}; edges: ${graph.edges.map(e => e.id).join(', ')}`);
    return found;
};
const node = (graph: GraphModel, id: string) => {
    const found = graph.nodes.find(n => n.id === id);
    if (!found) throw new Error(`no node ${id}; nodes: ${graph.nodes.map(n => n.id).join(', ')}`);
    return found;
};
const statuses = (graph: GraphModel, id: string) => {
    const e = edge(graph, id);
    return [e.modes.target.status, e.modes.degraded.status, e.modes.floor.status];
};

describe('graph model', () => {
    it('draws one node per element, folds operations into their service and groups by domain', async () => {
        const graph = await graphOf(SHOP);
        expect(graph.nodes.map(n => `${n.kind} ${n.id} ${n.parent ?? '-'}`)).toEqual([
            'store orders-db domain:orders',
            'service orders-api domain:orders',
            'topic order-events domain:orders',
            'service payments domain:billing',
            'service reporting -',
        ].sort((a, b) => (a.split(' ')[1] < b.split(' ')[1] ? -1 : 1)));
        expect(graph.groups.map(g => [g.id, g.kind, g.owner])).toEqual([
            ['domain:billing', 'domain', 'payments-team'],
            ['domain:orders', 'domain', 'orders-team'],
        ]);
        expect(node(graph, 'orders-api').operations).toEqual(['placeOrder', 'cancelOrder']);
        expect(node(graph, 'orders-api').description).toBe('Accepts orders');
        // No node for an operation: its edges end at the service, its name stays on the label.
        expect(graph.nodes.some(n => n.id.includes('.'))).toBe(false);
        expect(edge(graph, 'call:reporting->orders-api').label).toBe('placeOrder');
        expect(edge(graph, 'call:orders-api->payments').label).toBe('charge');
    });

    it('draws consumes and derivations in the data direction, calls and publishes in the request direction', async () => {
        const graph = await graphOf(SHOP);
        expect(graph.edges.map(e => e.id)).toEqual([
            'call:orders-api->payments',
            'call:reporting->orders-api',
            'consume:order-events->reporting',
            'publish:orders-api->order-events',
            'read:orders-db->orders-api',
        ]);
    });

    it('gives each edge a status per mode: violated in target, in a mode (requires in), or by a mode\'s blast radius', async () => {
        const graph = await graphOf(SHOP);
        // Fresh holds in target; payments' degraded BS(5m) breaks both `requires in degraded` and the plain one.
        expect(statuses(graph, 'call:orders-api->payments')).toEqual(['ok', 'violated', 'violated']);
        const problems = edge(graph, 'call:orders-api->payments').members[0].problems;
        expect(problems.target).toEqual([]);
        expect(problems.degraded.join('\n')).toContain('requires in degraded <_, _, _, BS(1m), _, Auth(mTLS)> fails: Recency needs BS(1m), gets BS(5m)');
        expect(problems.degraded.join('\n')).toContain('(blast radius of degraded mode)');
        expect(graph.blastRadius.degraded.map(b => b.edge)).toEqual(['call:orders-api->payments']);
        expect(graph.blastRadius.floor.map(b => b.edge)).toEqual(['call:orders-api->payments']);
        expect(graph.blastRadius.floor[0].text).toContain('Recency needs Fresh, gets Stale');
        // reporting is outside the strict-mTLS mesh: the hop drops Auth(mTLS) to None.
        expect(statuses(graph, 'call:reporting->orders-api')).toEqual(['weakened', 'weakened', 'weakened']);
        expect(edge(graph, 'call:reporting->orders-api').members[0].problems.target[0]).toMatch(/^weakened: orders-api\.placeOrder declares <.*Auth\(mTLS\)>, reporting gets <.*None>$/);
        expect(statuses(graph, 'read:orders-db->orders-api')).toEqual(['ok', 'ok', 'ok']);
        expect(statuses(graph, 'consume:order-events->reporting')).toEqual(['ok', 'ok', 'ok']);
    });

    it('marks a plain requirement that fails in target as violated in every mode', async () => {
        const graph = await graphOf(`
            service a { provides <Cluster, SS, SER, BS(1m), Idem, Auth> operation get }
            service b { provides <Cluster, SS, SER, Fresh, Idem, Auth> calls a.get requires <_, _, _, BS(5s), _, _> }`);
        expect(statuses(graph, 'call:b->a')).toEqual(['violated', 'violated', 'violated']);
        expect(edge(graph, 'call:b->a').members[0].problems.degraded[0]).toContain('fails (already in target)');
        expect(graph.blastRadius.degraded).toEqual([]);
    });

    it('carries declared and effective vectors per mode, the mode matrix and tooltips', async () => {
        const graph = await graphOf(SHOP);
        const payments = node(graph, 'payments');
        expect(payments.modes.target).toEqual({ declared: '<Cluster, SS, SER, Fresh, Idem, Auth(mTLS)>', effective: '<Cluster, SS, SER, Fresh, Idem, Auth(mTLS)>' });
        expect(payments.modes.floor.declared).toBe('<Local, None, None, Stale, None, Auth(mTLS)>');
        expect(payments.matrix?.degraded).toEqual({ vector: '<Cluster, Causal, RA, BS(5m), Idem, Auth(mTLS)>', trigger: 'error_rate > 5%', declared: true });
        expect(payments.whatIf.floor).toBeDefined();
        expect(node(graph, 'reporting').whatIf.floor).toBeUndefined();
        expect(payments.tooltip.floor).toContain('effective (floor): <Local, None, None, Stale, None, Auth(mTLS)>');
        expect(payments.tooltip.target).toContain('floor <Local, None, None, Stale, None, Auth(mTLS)> when error_rate > 50%');
        const call = edge(graph, 'call:orders-api->payments');
        expect(call.modes.degraded.effective).toBe('<Cluster, Causal, RA, BS(5m), Idem, Auth(mTLS)>');
        expect(call.tooltip.target).toContain('orders-api calls payments.charge');
        expect(call.members[0].location?.uri).toBe('file:///w/0.mesh');
        // The node's location is its name in the declaration (what "reveal source" selects).
        const line = SHOP.split('\n').findIndex(l => l.includes('service payments'));
        const character = SHOP.split('\n')[line].indexOf('payments');
        expect(node(graph, 'payments').location?.range).toEqual({ start: { line, character }, end: { line, character: character + 'payments'.length } });
    });

    it('keeps routes as nodes of their gateway\'s group, and draws the gateway itself only when referenced directly', async () => {
        const graph = await graphOf(`
            domain edge-team {
              gateway api {
                route "/orders/*" -> orders.get auth jwt cache 10s
                route "/all" split orders 90%, legacy 10%
              }
            }
            service orders { provides <Cluster, SS, SER, Fresh, Idem, Auth> operation get }
            service legacy { provides <Cluster, SS, SER, Fresh, Idem, Auth> }
            client web { calls api "/orders/*" requires <_, _, _, BS(5s), _, Auth(jwt)> }`);
        expect(graph.groups.map(g => [g.id, g.parent])).toEqual([['domain:edge-team', undefined], ['gateway:api', 'domain:edge-team']]);
        expect(graph.nodes.filter(n => n.kind === 'route').map(n => [n.id, n.label, n.parent])).toEqual([
            ['api "/all"', '/all', 'gateway:api'],
            ['api "/orders/*"', '/orders/*', 'gateway:api'],
        ]);
        expect(graph.nodes.some(n => n.kind === 'gateway')).toBe(false);
        expect(graph.edges.map(e => e.id)).toEqual([
            'call:web->api "/orders/*"',
            'route:api "/all"->legacy',
            'route:api "/all"->orders',
            'route:api "/orders/*"->orders',
        ]);
        expect(node(graph, 'api "/orders/*"').whatIf.lagMs).toBe(10_000);
        expect(statuses(graph, 'call:web->api "/orders/*"')).toEqual(['violated', 'violated', 'violated']);
    });

    it('keeps the neighbourhood of a focus within N hops', async () => {
        const all = await graphOf(SHOP);
        const one = await graphOf(SHOP, { focus: 'payments' });
        expect(one.focus).toEqual({ name: 'payments', node: 'payments', depth: 1 });
        expect(one.nodes.map(n => n.id)).toEqual(['orders-api', 'payments']);
        expect(one.edges.map(e => e.id)).toEqual(['call:orders-api->payments']);
        const two = await graphOf(SHOP, { focus: 'payments.charge', depth: 2 });
        expect(two.nodes.map(n => n.id)).toEqual(['order-events', 'orders-api', 'orders-db', 'payments', 'reporting']);
        expect(two.groups.map(g => g.id)).toEqual(all.groups.map(g => g.id));
        const zero = await graphOf(SHOP, { focus: 'reporting', depth: 0 });
        expect(zero.nodes.map(n => n.id)).toEqual(['reporting']);
        expect(zero.groups).toEqual([]);
        expect(zero.blastRadius).toEqual({ degraded: [], floor: [] });
    });

    it('rejects an unknown focus name with a suggestion', async () => {
        await expect(graphOf(SHOP, { focus: 'payment' })).rejects.toThrow(new GraphFocusError("no element named 'payment' in the graph; did you mean 'payments'?"));
        await expect(graphOf(SHOP, { focus: 'nothing-like-it' })).rejects.toThrow("no element named 'nothing-like-it' in the graph");
    });

    it('still draws what parses when a file has syntax errors', async () => {
        const graph = await graphOf([SHOP, 'service broken { provides <Cluster, SS, }\nservice fine-one { provides <Cluster, SS, SER, Fresh, Idem, Auth> }']);
        expect(graph.syntaxErrors.files).toEqual(['file:///w/1.mesh']);
        expect(graph.nodes.map(n => n.id)).toContain('orders-api');
        expect(graph.nodes.map(n => n.id)).toContain('fine-one');
    });

    it('is plain data: it survives JSON and is the same for the same input', async () => {
        const a = await graphOf(SHOP);
        const b = await graphOf(SHOP);
        expect(JSON.parse(JSON.stringify(a))).toEqual(a);
        expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    });
});
