import { it } from 'vitest';
import { workspace } from './helpers.js';

async function complete(src: string) {
    const ws = await workspace({ 'a.mesh': src, 'b.mesh': `service payments { operation charge idempotent operation refund }\ntopic ev { delivery at-least-once }\nguarantee G = <Cluster, SS, SER, Fresh, Idem, Auth>` });
    const list = await ws.Mesh.lsp.CompletionProvider!.getCompletion(ws.doc('a.mesh'), { textDocument: { uri: ws.doc('a.mesh').uri.toString() }, position: ws.cursor('a.mesh') });
    return list?.items.map(i => `${i.label}${i.detail ? ' [' + i.detail + ']' : ''}`).join(' | ');
}
it('scratch', async () => {
    console.log('7', await complete(`topic t { delivery <|> }`));
    console.log('8', await complete(`service <|>`));
    console.log('14', await complete(`mesh m { mtls <|> }`));
    console.log('15', await complete(`service a { modes { <|> } }`));
    console.log('16', await complete(`service a { calls payments.charge requires in <|> }`));
    console.log('17', await complete(`service a { invariants Auth, <|> }`));
    console.log('18', await complete(`service a { latency <|> }`));
    console.log('19', await complete(`service a { calls payments.charge fallback <|> }`));
    console.log('20', await complete(`service a { calls payments.charge auth <|> }`));
    console.log('21', await complete(`service a { calls payments.charge requires <_, _, _, Fresh, _, Auth(<|> }`));
});
