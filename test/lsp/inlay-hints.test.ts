import type { InlayHint } from 'vscode-languageserver';
import { describe, expect, it } from 'vitest';
import { workspace, type Workspace } from './helpers.js';

async function hints(ws: Workspace, file: string): Promise<{ at: string; label: string; tooltip: string }[]> {
    const doc = ws.doc(file);
    const lines = doc.textDocument.getText().split('\n');
    const result = await ws.Mesh.lsp.InlayHintProvider!.getInlayHints(doc, {
        textDocument: { uri: doc.uri.toString() },
        range: { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } },
    }) as InlayHint[];
    // `at`: the clause text before the hint on its line, so the assertion shows where it sits.
    return result.map(h => ({ at: lines[h.position.line].slice(0, h.position.character).replace(/^.*[{]\s*/, '').trim(), label: String(h.label), tooltip: String(h.tooltip ?? '') }));
}

describe('inlay hints', () => {
    it('show the effective vector at calls, consumes, from/reads and routes', async () => {
        const ws = await workspace({
            'a.mesh': `
mesh m { mtls strict members a, b }
service a {
  provides <Cluster, SS, SER, Fresh, Idem, Auth(mTLS)>
  calls b.op
  consumes t dedupe id
  reads s1, s2
}
service b { provides <Cluster, SS, SER, Fresh, Idem, Auth(mTLS)> operation op idempotent }
topic t { partitions 1 delivery at-least-once provides <Partition, TotalOrder, RA, EO, Idem(offset), Auth> }
store s1 { provides <Region, SS, SER, Fresh, Idem, Auth> }
store s2 { provides <Region, Causal, RA, BS(1s), Idem, Auth> }
gateway g { route "/x" -> b.op auth jwt cache 30s }`,
        });
        const all = await hints(ws, 'a.mesh');
        expect(all).toEqual([
            expect.objectContaining({ at: 'calls b.op', label: '<Cluster, SS, SER, Fresh, Idem, Auth(mTLS)>' }),
            expect.objectContaining({ at: 'consumes t', label: '<Partition, TotalOrder, RA, EO, Idem(offset), Auth>' }),
            expect.objectContaining({ at: 'reads s1', label: '<Region, SS, SER, Fresh, Idem, Auth>' }),
            expect.objectContaining({ at: 'reads s1, s2', label: '<Region, Causal, RA, BS(1s), Idem, Auth>' }),
            expect.objectContaining({ at: 'route "/x"', label: '⚠ <Client, SS, SER, BS(30s), Idem, Auth(jwt)>' }),
        ]);
        expect(all[4].tooltip).toMatch(/weaker than b\.op declares in Scope \(Client < Cluster\), Recency \(BS\(30s\) < Fresh\), Auth \(Auth\(jwt\) < Auth\(mTLS\)\)/);
    });

    it('mark with ⚠ a call whose hop weakens what the provider declares', async () => {
        const ws = await workspace({
            'a.mesh': `
service a { calls b.op }
service b { provides <Cluster, SS, SER, Fresh, Idem, Auth(mTLS)> operation op idempotent }
mesh m { mtls strict certificate ttl 1h rotate 30m members b }`,
        });
        const [hint] = await hints(ws, 'a.mesh');
        expect(hint).toMatchObject({ at: 'calls b.op', label: '⚠ <Cluster, SS, SER, Fresh, Idem, None>' });
        expect(hint.tooltip).toContain('Auth (None < Auth(mTLS))');
    });

    it('say nothing where the provider declares no vector', async () => {
        const ws = await workspace({ 'a.mesh': 'service a { calls b }\nservice b { }' });
        expect(await hints(ws, 'a.mesh')).toEqual([]);
    });
});
