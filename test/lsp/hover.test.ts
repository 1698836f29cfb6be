import type { Position } from 'vscode-languageserver';
import { describe, expect, it } from 'vitest';
import { COMPONENT_VALUE_DOCS } from '../../server/src/guarantees/index.js';
import { escapeMarkdown } from '../../server/src/lsp/markdown.js';
import { hoverText, positionOf, workspace, type Workspace } from './helpers.js';

const FILES = {
    'orders.mesh': `
mesh shop { mtls strict members orders-api, payments, history }
domain orders owner "orders-team" {
  service orders-api {
    description "Accepts orders"
    provides <Cluster, SS, SER, Fresh, Idem, Auth(mTLS)>
    operation placeOrder idempotent
    calls payments.charge requires <_, _, _, Fresh, _, Auth(mTLS)> timeout 2s fallback queue
    publishes order-events
    modes {
      degraded <Cluster, Causal, RA, BS(10s), Idem, Auth(mTLS)> when breaker(payments) open
    }
  }
  topic order-events { partitions 4 key order_id delivery at-least-once lag p95 5s provides <Partition, PartialOrder, RA, EO, Idem(offset), Auth> }
  store order-views { from order-events lag 2s }
}`,
    'history.mesh': `
domain care owner "crm-team" {
  service history {
    provides <Region, Causal, RA, BS(1m), Idem, Auth(mTLS)>
    reads order-views requires <_, _, _, BS(3s), _, Auth>
  }
}`,
    'payments.mesh': `
domain billing owner "payments-team" {
  service payments {
    provides <Cluster, SS, SER, BS(5s), Idem, Auth(mTLS)>
    operation charge idempotent
  }
}`,
};

async function hoverAt(ws: Workspace, file: string, position: Position): Promise<string> {
    const doc = ws.doc(file);
    return hoverText(await ws.Mesh.lsp.HoverProvider!.getHoverContent(doc, { textDocument: { uri: doc.uri.toString() }, position }));
}

describe('hover', () => {
    it('on an element name: declared and effective vectors per mode, with triggers', async () => {
        const ws = await workspace(FILES);
        const text = await hoverAt(ws, 'orders.mesh', positionOf(ws, 'orders.mesh', 'service orders-api', 9));
        expect(text).toContain('**service** `orders-api`');
        expect(text).toContain('domain `orders`');
        expect(text).toContain('Accepts orders');
        expect(text).toMatch(/\| declared \| `<Cluster, SS, SER, Fresh, Idem, Auth\(mTLS\)>` \|/);
        expect(text).toMatch(/\| effective, degraded \| `<Cluster, Causal, RA, BS\(10s\), Idem, Auth\(mTLS\)>` \| `when breaker\(payments\) open` \|/);
    });

    it('on a reference: the vector arriving over the edge and the target', async () => {
        const ws = await workspace(FILES);
        const text = await hoverAt(ws, 'orders.mesh', positionOf(ws, 'orders.mesh', 'payments.charge', 10));
        expect(text).toContain('**orders-api calls payments.charge**');
        expect(text).toMatch(/\| target \| `<Cluster, SS, SER, BS\(5s\), Idem, Auth\(mTLS\)>` \|/);
        expect(text).toContain('✗ not satisfied in target mode');
        expect(text).toContain('**operation** `payments.charge`');
    });

    it('on a failing requirement: the context capsule and the chain to the weakest link', async () => {
        const ws = await workspace(FILES);
        const text = await hoverAt(ws, 'orders.mesh', positionOf(ws, 'orders.mesh', 'requires', 3));
        expect(text).toContain('**Requirement** of `orders-api calls payments.charge` — ✗ not satisfied in target mode');
        for (const item of ['invariant', 'evidence', 'boundary', 'mode', 'fallback']) expect(text).toContain(`- **${item}**:`);
        expect(text).toContain('Recency ⊒ `Fresh`');
        expect(text).toContain('crosses a domain boundary');
        expect(text).toContain('fallback `queue`');
        expect(text).toContain('inside strict-mTLS mesh shop');
        expect(text).toContain('**Recency** needs `Fresh`, gets `BS(5s)` — weakest link: operation payments.charge');
        expect(text).toMatch(/\| 1 \| operation payments\.charge \| `BS\(5s\)` \| declared by operation payments\.charge \*\*← weakest link\*\* \|/);
    });

    it('walks a derivation chain across files down to the weakest link', async () => {
        const ws = await workspace(FILES);
        const text = await hoverAt(ws, 'history.mesh', positionOf(ws, 'history.mesh', 'BS(3s)', 1));
        // On the value itself: its meaning.
        expect(text).toContain('**Recency** `BS(3s)`');
        const capsule = await hoverAt(ws, 'history.mesh', positionOf(ws, 'history.mesh', 'requires', 1));
        expect(capsule).toContain('✗ not satisfied');
        expect(capsule).toContain('**Recency** needs `BS(3s)`, gets `BS(7s)`');
        // history ← order-views (lag 2s) ← order-events (lag p95 5s): the topic's lag is the biggest contribution.
        expect(capsule).toMatch(/store order-views derives it from topic order-events plus its own lag 2s/);
        expect(capsule).toMatch(/topic order-events declares lag 5s \*\*← weakest link\*\*/);
    });

    it('on a vector component value: its one-line meaning', async () => {
        const ws = await workspace(FILES);
        const text = await hoverAt(ws, 'payments.mesh', positionOf(ws, 'payments.mesh', 'SER,', 1));
        const ser = COMPONENT_VALUE_DOCS.visibility.find(d => d.value === 'SER')!;
        expect(text).toContain(`**Visibility** \`SER\` — ${escapeMarkdown(ser.meaning)}`);
        const idem = await hoverAt(ws, 'orders.mesh', positionOf(ws, 'orders.mesh', 'Idem(offset)', 6));
        expect(idem).toContain(`**Idempotence** \`Idem(offset)\` — ${escapeMarkdown(COMPONENT_VALUE_DOCS.idempotence.find(d => d.value === 'Idem(k)')!.meaning)}`);
        const any = await hoverAt(ws, 'history.mesh', positionOf(ws, 'history.mesh', '<_', 1));
        expect(any).toContain('**Scope** `_` — any value');
    });

    it('on the brackets of a vector: every component with its meaning', async () => {
        const ws = await workspace(FILES);
        const text = await hoverAt(ws, 'payments.mesh', positionOf(ws, 'payments.mesh', '<Cluster'));
        expect(text).toContain('**Guarantee vector** `<Cluster, SS, SER, BS(5s), Idem, Auth(mTLS)>`');
        expect(text).toContain(`| 4 | Recency | \`BS(5s)\` | ${escapeMarkdown(COMPONENT_VALUE_DOCS.recency.find(d => d.value === 'BS(d)')!.meaning)} |`);
    });

    it('on whitespace and comments: nothing', async () => {
        const ws = await workspace({ 'a.mesh': '// note\nservice a {\n\n}' });
        expect(await hoverAt(ws, 'a.mesh', { line: 0, character: 3 })).toBe('');
        expect(await hoverAt(ws, 'a.mesh', { line: 2, character: 0 })).toBe('');
    });

    it('escapes spec text: a description cannot inject markup', async () => {
        const ws = await workspace({ 'a.mesh': 'service a {\n  description "<img src=x> [link](http://x) **b**"\n  provides <Local, None, None, Stale, None, None>\n}' });
        const text = await hoverAt(ws, 'a.mesh', positionOf(ws, 'a.mesh', 'service a', 8));
        expect(text).toContain('\\<img src=x\\> \\[link\\]\\(http://x\\) \\*\\*b\\*\\*');
    });

    it('keeps escaped spec text on one line, whatever its line ends', () => {
        expect(escapeMarkdown('a\nb\r\nc\rd')).toBe('a b c d');
    });
});
