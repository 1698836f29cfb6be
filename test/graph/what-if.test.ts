import { describe, expect, it } from 'vitest';
import { whatIf } from '../../server/src/graph/what-if.js';
import { SHOP, graphOf } from './helpers.js';

const PIPELINE = `
topic clicks { partitions 1 provides <Partition, TotalOrder, RA, BS(1s), Idem(offset), Auth>
  modes { floor <Partition, None, None, Stale, None, Auth> when lag > 1000000  recovery <Partition, TotalOrder, RA, BS(1m), Idem(offset), Auth> when lag < 10 } }
store sessions { from clicks lag 2s provides <Region, TotalOrder, RA, BS(5s), Idem, Auth> }
dataproduct engagement { owner "x" from sessions lag 1m provides <Domain, TotalOrder, RA, BS(2m), Idem, Auth> }
dataproduct sorted { owner "x" from sessions establishes Order provides <Domain, TotalOrder, RA, BS(10s), Idem, Auth> }
service dashboard {
  provides <Region, Causal, RA, BS(10m), Idem, Auth>
  reads engagement requires <_, _, _, BS(10m), _, _>
  reads sorted requires <_, TotalOrder, _, _, _, _>
}
service ui { provides <Region, Causal, RA, Fresh, Idem, Auth> calls dashboard requires <_, _, _, BS(10m), _, _> }
`;

describe('failure what-if', () => {
    it('floor: a requirement that held breaks when its provider drops to its floor vector', async () => {
        const graph = await graphOf(SHOP);
        const result = whatIf(graph, 'payments', 'floor', 'target');
        expect(result.nodes).toEqual({ payments: 'failed' });
        expect(result.edges).toEqual({ 'call:orders-api->payments': 'broken' });
        expect(result.reasons).toEqual([{
            edge: 'call:orders-api->payments',
            text: 'orders-api calls payments.charge requires <_, _, _, Fresh, _, Auth(mTLS)>: Recency needs Fresh, gets Stale (payments in floor mode)',
        }]);
        expect(result.summary).toBe('payments in floor mode (rest in target mode): 1 edge breaks');
    });

    it('floor: a node without degraded or floor mode keeps its vector; nothing breaks', async () => {
        const graph = await graphOf(SHOP);
        const result = whatIf(graph, 'orders-db', 'floor', 'target');
        expect(result.edges).toEqual({});
        expect(result.summary).toContain('declares no degraded or floor mode');
    });

    it('floor: the weakening flows down derivations, adding each element\'s lag, and stops at what an element re-establishes', async () => {
        const graph = await graphOf(PIPELINE);
        const result = whatIf(graph, 'clicks', 'floor', 'target');
        expect(result.nodes).toEqual({ clicks: 'failed', dashboard: 'degraded', engagement: 'degraded', sessions: 'degraded', sorted: 'degraded' });
        // dashboard reads engagement: Stale arrives (Stale + lags stays Stale) → BS(10m) breaks.
        expect(result.edges['read:engagement->dashboard']).toBe('broken');
        // sorted re-establishes Order: TotalOrder still holds for dashboard.
        expect(result.edges['read:sorted->dashboard']).toBe('affected');
        // dashboard derives from what it reads, so a call to it carries the weakening on to ui.
        expect(result.edges['call:ui->dashboard']).toBe('broken');
        expect(result.reasons.map(r => r.edge)).toEqual(['call:ui->dashboard', 'read:engagement->dashboard']);
        // Nothing breaks in the same spec before the failure.
        expect(graph.edges.map(e => e.modes.target.status)).not.toContain('violated');
    });

    it('floor: is evaluated against the chosen system mode (already-failing requirements are not new breaks)', async () => {
        const graph = await graphOf(SHOP);
        // In degraded mode the call to payments already fails; failing payments changes nothing new there.
        const result = whatIf(graph, 'payments', 'floor', 'degraded');
        expect(result.reasons).toEqual([]);
        expect(result.edges).toEqual({ 'call:orders-api->payments': 'affected' });
    });

    it('down: synchronous callers without a fallback go down with it; routes and saga steps fail', async () => {
        const graph = await graphOf(`
            service a { provides <Cluster, SS, SER, Fresh, Idem, Auth> operation get idempotent }
            service b { provides <Cluster, SS, SER, Fresh, Idem, Auth> operation get calls a.get }
            service c { provides <Cluster, SS, SER, Fresh, Idem, Auth> calls a.get fallback cached }
            gateway g { route "/b" -> b.get }
            client web { calls g "/b" }
            saga s orchestrated { step b.get }
            service d { provides <Cluster, SS, SER, Fresh, Idem, Auth> calls c }`);
        const result = whatIf(graph, 'a', 'down', 'target');
        expect(result.nodes).toEqual({ a: 'failed', b: 'down', c: 'degraded', 'g "/b"': 'down', s: 'down', web: 'down' });
        expect(result.edges).toEqual({
            'call:b->a': 'broken',
            'call:c->a': 'broken',
            'call:web->g "/b"': 'broken',
            'route:g "/b"->b': 'broken',
            'step:s->b': 'broken',
        });
        expect(result.reasons.find(r => r.edge === 'call:c->a')?.text).toBe('a is down; c falls back (cached)');
        expect(result.reasons.find(r => r.edge === 'call:b->a')?.text).toBe('a is down: the call fails (no fallback)');
        expect(result.summary).toBe('a down (rest in target mode): 5 edges break, 4 more nodes down, 1 node degraded');
    });

    it('down: consumers of a down topic get nothing but keep running; derived data goes stale', async () => {
        const graph = await graphOf(PIPELINE);
        const result = whatIf(graph, 'clicks', 'down', 'target');
        expect(result.nodes.sessions).toBe('degraded');
        expect(result.edges['from:clicks->sessions']).toBe('affected');
        expect(result.edges['read:engagement->dashboard']).toBe('broken');
        expect(result.reasons.find(r => r.edge === 'read:engagement->dashboard')?.text).toContain('Recency needs BS(10m), gets Stale');
        const consumers = await graphOf(SHOP);
        const topicDown = whatIf(consumers, 'order-events', 'down', 'target');
        expect(topicDown.edges).toEqual({ 'consume:order-events->reporting': 'broken' });
        expect(topicDown.nodes).toEqual({ 'order-events': 'failed' });
    });

    it('terminates on a cycle of derivations (Recency widens) and reaches the end of a long chain', async () => {
        const cycle = await graphOf(`
            store a { from c lag 1s provides <Region, Causal, RA, BS(1m), Idem, Auth> modes { floor <Local, None, None, BS(1h), None, Auth> when x > 1  recovery <Region, Causal, RA, BS(1m), Idem, Auth> when x < 1 } }
            store b { from a lag 1s provides <Region, Causal, RA, BS(1m), Idem, Auth> }
            store c { from b lag 1s provides <Region, Causal, RA, BS(1m), Idem, Auth> }`);
        const result = whatIf(cycle, 'a', 'floor', 'target');
        expect(Object.keys(result.nodes).sort()).toEqual(['a', 'b', 'c']);

        const n = 400;
        const chain = [`store s0 { provides <Region, Causal, RA, Fresh, Idem, Auth> modes { floor <Local, None, None, Stale, None, Auth> when x > 1  recovery <Region, Causal, RA, Fresh, Idem, Auth> when x < 1 } }`];
        for (let i = 1; i < n; i++) chain.push(`store s${i} { from s${i - 1} provides <Region, Causal, RA, Fresh, Idem, Auth> }`);
        const long = await graphOf(chain.join('\n'));
        const downstream = whatIf(long, 's0', 'floor', 'target');
        expect(Object.keys(downstream.nodes)).toHaveLength(n);
        expect(Object.keys(downstream.edges)).toHaveLength(n - 1);
    });

    it('answers for an unknown node without throwing', async () => {
        const graph = await graphOf(SHOP);
        expect(whatIf(graph, 'nope', 'down', 'target')).toMatchObject({ nodes: {}, edges: {}, reasons: [], summary: "no node 'nope'" });
    });
});
