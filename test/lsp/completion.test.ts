import type { CompletionItem } from 'vscode-languageserver';
import { describe, expect, it, vi } from 'vitest';
import { COMPONENT_VALUE_DOCS } from '../../server/src/guarantees/index.js';
import { MAX_REFERENCE_ITEMS, vectorContext } from '../../server/src/lsp/completion.js';
import { parseMarkers, workspace } from './helpers.js';

const LIBRARY = `
service payments { operation charge idempotent operation refund }
topic order-events { delivery at-least-once }
guarantee WriteModel = <Cluster, SS, SER, Fresh, Idem, Auth>`;

async function complete(marked: string): Promise<CompletionItem[]> {
    const ws = await workspace({ 'a.mesh': marked, 'lib.mesh': LIBRARY });
    const doc = ws.doc('a.mesh');
    const list = await ws.Mesh.lsp.CompletionProvider!.getCompletion(doc, { textDocument: { uri: doc.uri.toString() }, position: ws.cursor('a.mesh') });
    return list?.items ?? [];
}

const labels = (items: CompletionItem[]) => items.map(i => i.label);

describe('completion', () => {
    it('offers the keywords valid at the cursor', async () => {
        const items = labels(await complete('service a {\n  <|>\n}'));
        expect(items).toEqual(expect.arrayContaining(['owner', 'provides', 'operation', 'calls', 'consumes', 'modes']));
        expect(items).not.toContain('partitions'); // a topic clause
        expect(items).not.toContain('service');
    });

    it.each([
        ['a stray brace and comment before it', '{ //\nservice a {\n  reads <|>\n}\nstore db { }'],
        ['a broken schema before it', 'schema E v1 { t: d { t }\nservice s {\n  consumes <|>\n}\ntopic t { }'],
    ])('after an earlier syntax error (%s) it asks no scope about a property that is no reference', async (_name, marked) => {
        const logged = vi.spyOn(console, 'error');
        try {
            await complete(marked);
            expect(logged.mock.calls.map(call => String(call[0]))).toEqual([]);
        } finally {
            logged.mockRestore();
        }
    });

    it('offers the names a clause takes after a stray { earlier in the file (recovery reads on past it)', async () => {
        const items = labels(await complete('{\nservice a {\n  reads <|>\n}\nstore db { }'));
        expect(items).toContain('db');
        expect(items).not.toContain('service');
    });

    it('offers element kinds at top level', async () => {
        expect(labels(await complete('<|>'))).toEqual(['domain', 'service', 'client', 'store', 'topic', 'dataproduct', 'gateway', 'saga', 'schema', 'mesh', 'policy', 'guarantee']);
    });

    it('knows where it is after earlier items, inside and between domain elements', async () => {
        const inService = labels(await complete('service x { owner "a" }\ndomain d {\n  topic t { }\n  service a {\n    <|>\n  }\n}'));
        expect(inService).toEqual(expect.arrayContaining(['calls', 'consumes', 'operation']));
        const inDomain = labels(await complete('service x { }\ndomain d {\n  topic t { }\n  <|>\n}'));
        expect(inDomain).toEqual(expect.arrayContaining(['owner', 'invariants', 'service', 'topic']));
        expect(inDomain).not.toContain('domain');
        const afterUnfinished = labels(await complete('service x {\n  calls payments.charge\n  <|>'));
        expect(afterUnfinished).toEqual(expect.arrayContaining(['provides', 'calls']));
    });

    it('does not offer keywords as the name of a new element', async () => {
        expect(labels(await complete('service <|>'))).toEqual([]);
    });

    it('offers operations, qualified, and elements where a call target goes', async () => {
        const items = labels(await complete('service a { calls <|> }'));
        expect(items).toEqual(expect.arrayContaining(['payments', 'payments.charge', 'payments.refund']));
        expect(labels(await complete('service a { calls payments.<|> }'))).toEqual(['payments.charge', 'payments.refund']);
        expect(labels(await complete('service a { consumes <|> }'))).toEqual(['order-events']);
    });

    it('offers names of the form v<digits> where a name is expected', async () => {
        expect(labels(await complete('service v1 { operation v2 }\nservice a { calls <|> }'))).toEqual(expect.arrayContaining(['v1', 'v1.v2']));
        expect(labels(await complete('service v1 { operation v2 }\nservice a { calls v1.<|> }'))).toEqual(['v1.v2']);
    });

    it('offers the values of the component at the cursor inside a vector, with their meaning', async () => {
        const items = await complete('service a { provides <Cluster, <|> }');
        expect(labels(items)).toEqual(COMPONENT_VALUE_DOCS.order.map(d => d.value));
        expect(items[2]).toMatchObject({ label: 'Causal', detail: 'Order (component 2 of 6)', documentation: COMPONENT_VALUE_DOCS.order[2].meaning });
        const recency = await complete('service a { provides <Cluster, SS, SER, <|> }');
        expect(recency.find(i => i.label === 'BS(d)')?.textEdit).toMatchObject({ newText: 'BS(${1:5s})' });
    });

    it('offers `_` (any) only in a requirement', async () => {
        expect(labels(await complete('service a { calls payments.charge requires <_, <|> }'))[0]).toBe('_');
        expect(labels(await complete('service a { provides <<|> }'))).not.toContain('_');
    });

    it('completes a partly typed value, replacing the word', async () => {
        const items = await complete('service a { provides <Cl<|> }');
        const cluster = items.find(i => i.label === 'Cluster');
        expect(cluster?.textEdit).toMatchObject({ newText: 'Cluster', range: { start: { line: 0, character: 22 }, end: { line: 0, character: 24 } } });
    });

    it('offers durations and auth mechanisms inside component arguments', async () => {
        expect(labels(await complete('service a { calls payments.charge requires <_, _, _, BS(<|> }'))).toContain('5s');
        expect(labels(await complete('service a { calls payments.charge requires <_, _, _, _, _, Auth(<|> }'))).toEqual(expect.arrayContaining(['mTLS', 'jwt']));
    });

    it('offers durations where a duration is expected', async () => {
        const items = labels(await complete('service a { calls payments.charge timeout <|> }'));
        expect(items).toEqual(expect.arrayContaining(['250ms', '2s', '1m']));
    });

    it('offers the fixed vocabularies of clauses', async () => {
        expect(labels(await complete('topic t { delivery <|> }'))).toEqual(['at-most-once', 'at-least-once', 'exactly-once']);
        expect(labels(await complete('mesh m { mtls <|> }'))).toEqual(['strict', 'permissive', 'off']);
        expect(labels(await complete('service a { modes { <|> } }'))).toEqual(['target', 'degraded', 'floor', 'recovery']);
        expect(labels(await complete('service a { calls payments.charge requires in <|> }'))).toEqual(['degraded', 'floor']);
        expect(labels(await complete('service a { calls payments.charge fallback <|> }'))).toEqual(['cached', 'default', 'queue', 'fail']);
        expect(labels(await complete('service a { establishes <|> }'))).toEqual(['Order', 'Visibility', 'Idempotence']);
        expect(labels(await complete('service a { modes { degraded <Local, None, None, Stale, None, None> when breaker(payments) <|> } }'))).toEqual(['open', 'half-open']);
    });

    it('caps reference candidates in a large workspace, local names first, and narrows by prefix', async () => {
        const many = Array.from({ length: 400 }, (_, i) => `service svc-${i} { }`).join('\n');
        const ws = await workspace({ 'a.mesh': 'service here { calls <|> }\nservice local-one { }', 'many.mesh': many });
        const doc = ws.doc('a.mesh');
        const list = await ws.Mesh.lsp.CompletionProvider!.getCompletion(doc, { textDocument: { uri: doc.uri.toString() }, position: ws.cursor('a.mesh') });
        expect(list?.isIncomplete).toBe(true);
        expect(list!.items.length).toBe(MAX_REFERENCE_ITEMS);
        expect(labels(list!.items).slice(0, 2)).toEqual(['here', 'local-one']);
        const narrowed = await complete('service here { calls svc-39<|> }\n' + many);
        expect(labels(narrowed)).toEqual(expect.arrayContaining(['svc-39', 'svc-390', 'svc-399']));
    });

    it('offers named vectors where a vector may stand', async () => {
        expect(labels(await complete('service a { provides <|> }'))).toContain('WriteModel');
    });
});

describe('vector context', () => {
    const at = (marked: string) => {
        const { text, cursor } = parseMarkers(marked);
        return vectorContext(text, cursor!);
    };
    it('knows the component position and argument context', () => {
        expect(at('provides <<|>')).toMatchObject({ index: 0, requirement: false });
        expect(at('requires <_, _, <|>')).toMatchObject({ index: 2, requirement: true });
        expect(at('requires in degraded <_, _, _, BS(<|>')).toMatchObject({ index: 3, inArgsOf: 'BS', requirement: true });
        expect(at('provides ⟨Cluster, SS, SER, Fresh, Idem, Auth(mTLS+<|>')).toMatchObject({ index: 5, inArgsOf: 'Auth' });
    });
    it('looks at the current line only, whatever the line ends', () => {
        for (const eol of ['\n', '\r\n', '\r']) {
            // `when` on the line before does not make this `<` a comparison.
            expect(at(`floor <Local, None, None, Stale, None, Auth> when error_rate > 50%${eol}  provides <<|>`), JSON.stringify(eol)).toMatchObject({ index: 0 });
        }
    });
    it('is not fooled by comparisons in triggers or closed vectors', () => {
        expect(at('degraded <Cluster, SS, SER, Fresh, Idem, Auth> when lag < <|>')).toBeUndefined();
        expect(at('provides <Cluster, SS, SER, Fresh, Idem, Auth> <|>')).toBeUndefined();
    });
});
