import type { DocumentSymbol, Location, LocationLink, SemanticTokens, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { describe, expect, it } from 'vitest';
import { SHOW_IN_GRAPH_COMMAND } from '../../server/src/lsp/code-lens.js';
import { applyTextEdits, positionOf, workspace, type Workspace } from './helpers.js';

const FILES = {
    'payments.mesh': `domain billing owner "p" {
  service payments {
    operation charge idempotent
    operation refund idempotent
    calls refund
  }
}`,
    'orders.mesh': `service orders-api {
  calls payments.charge timeout 2s
  calls payments
  modes { degraded <Local, None, None, Stale, None, None> when breaker(payments.charge) open }
}
saga checkout {
  step payments.charge compensate payments.refund
}`,
};

const params = (ws: Workspace, file: string) => ({ textDocument: { uri: ws.doc(file).uri.toString() } });

async function rename(ws: Workspace, file: string, needle: string, delta: number, newName: string): Promise<Record<string, string>> {
    const edit = await ws.Mesh.lsp.RenameProvider!.rename(ws.doc(file), { ...params(ws, file), position: positionOf(ws, file, needle, delta), newName }) as WorkspaceEdit;
    const result: Record<string, string> = {};
    for (const [name, doc] of ws.documents) {
        const edits = (edit.changes?.[doc.uri.toString()] ?? []) as TextEdit[];
        result[name] = applyTextEdits(doc.textDocument.getText(), edits);
    }
    return result;
}

describe('navigation', () => {
    it('goes to the definition across files, for qualified and short references', async () => {
        const ws = await workspace(FILES);
        const links = await ws.Mesh.lsp.DefinitionProvider!.getDefinition(ws.doc('orders.mesh'), { ...params(ws, 'orders.mesh'), position: positionOf(ws, 'orders.mesh', 'payments.charge', 11) }) as LocationLink[];
        expect(links[0].targetUri).toBe(ws.doc('payments.mesh').uri.toString());
        expect(ws.textOf('payments.mesh', links[0].targetSelectionRange)).toBe('charge');
        const short = await ws.Mesh.lsp.DefinitionProvider!.getDefinition(ws.doc('payments.mesh'), { ...params(ws, 'payments.mesh'), position: positionOf(ws, 'payments.mesh', 'calls refund', 7) }) as LocationLink[];
        expect(ws.textOf('payments.mesh', short[0].targetSelectionRange)).toBe('refund');
    });

    it('finds references across files', async () => {
        const ws = await workspace(FILES);
        const refs = await ws.Mesh.lsp.ReferencesProvider!.findReferences(ws.doc('payments.mesh'), {
            ...params(ws, 'payments.mesh'), position: positionOf(ws, 'payments.mesh', 'charge'), context: { includeDeclaration: false },
        }) as Location[];
        const texts = refs.map(r => `${r.uri.endsWith('orders.mesh') ? 'orders' : 'payments'}:${r.range.start.line}`);
        expect(texts.sort()).toEqual(['orders:1', 'orders:3', 'orders:6']);
    });

    it('renames an operation: only the part after the dot of qualified references', async () => {
        const ws = await workspace(FILES);
        const result = await rename(ws, 'payments.mesh', 'refund', 2, 'reverse');
        expect(result['payments.mesh']).toContain('operation reverse idempotent');
        expect(result['payments.mesh']).toContain('calls reverse');
        expect(result['orders.mesh']).toContain('compensate payments.reverse');
        expect(result['orders.mesh']).toContain('step payments.charge');
    });

    it('renames a service: its references and the service part of qualified references', async () => {
        const ws = await workspace(FILES);
        const result = await rename(ws, 'payments.mesh', 'service payments', 10, 'billing-api');
        expect(result['payments.mesh']).toContain('service billing-api {');
        expect(result['orders.mesh']).toBe(FILES['orders.mesh'].replaceAll('payments', 'billing-api'));
    });

    it('renames the service when the cursor is on the service part of `service.operation`', async () => {
        const ws = await workspace(FILES);
        const range = await ws.Mesh.lsp.RenameProvider!.prepareRename(ws.doc('orders.mesh'), { ...params(ws, 'orders.mesh'), position: positionOf(ws, 'orders.mesh', 'payments.charge', 2) });
        expect(range && ws.textOf('orders.mesh', range)).toBe('payments');
        const result = await rename(ws, 'orders.mesh', 'payments.charge', 2, 'pay');
        expect(result['payments.mesh']).toContain('service pay {');
        expect(result['orders.mesh']).toContain('step pay.charge compensate pay.refund');
        const onOperation = await rename(ws, 'orders.mesh', 'payments.charge', 10, 'debit');
        expect(onOperation['orders.mesh']).toContain('step payments.debit compensate payments.refund');
        expect(onOperation['payments.mesh']).toContain('operation debit idempotent');
    });

    it.each([
        ['a reference to one version', 'topics.mesh', 'schema Ev v2', 8],
        ['the first version\'s declaration', 'schemas.mesh', 'schema Ev v1', 8],
        ['the second version\'s declaration', 'schemas.mesh', 'schema Ev v2', 8],
    ])('renames a versioned schema from %s: every version, every reference, every field typed by it', async (_name, file, needle, delta) => {
        const files = {
            'schemas.mesh': 'schema Ev v1 { id: uuid }\nschema Ev v2 compatibility backward { id: uuid  note: string = "" }\nschema Wrap v1 { inner: Ev  evidence: string }',
            'topics.mesh': 'topic t { schema Ev v2 }\ntopic u { schema Ev v1 }\ntopic w { schema Ev }',
        };
        const ws = await workspace(files);
        const result = await rename(ws, file, needle, delta, 'Event');
        expect(result).toEqual({
            'schemas.mesh': files['schemas.mesh'].replace(/\bEv\b/g, 'Event'),
            'topics.mesh': files['topics.mesh'].replace(/\bEv\b/g, 'Event'),
        });
        const renamed = await workspace(result);
        expect([...renamed.files.keys()].flatMap(name => renamed.diagnostics(name))).toEqual([]);
    });

    it('renames a qualified reference with a comment between its parts, keeping the comment', async () => {
        const files = { 'c.mesh': 'service payments { operation charge idempotent }\nservice orders {\n  calls payments./*x.y*/charge timeout 2s\n  calls payments . /* v1.2 */ charge\n}' };
        const ws = await workspace(files);
        const operation = await rename(ws, 'c.mesh', 'operation charge', 11, 'debit');
        expect(operation['c.mesh']).toBe(files['c.mesh'].replace(/\bcharge\b/g, 'debit'));
        const service = await rename(ws, 'c.mesh', 'service payments', 10, 'billing');
        expect(service['c.mesh']).toBe(files['c.mesh'].replace(/\bpayments\b/g, 'billing'));
    });

    it('rejects a new name that is not a name', async () => {
        const ws = await workspace(FILES);
        await expect(rename(ws, 'payments.mesh', 'refund', 2, 'not a name')).rejects.toThrow(/not a valid name/);
    });

    it('lists document symbols with operations inside their service', async () => {
        const ws = await workspace(FILES);
        const symbols = await ws.Mesh.lsp.DocumentSymbolProvider!.getSymbols(ws.doc('payments.mesh'), params(ws, 'payments.mesh')) as DocumentSymbol[];
        expect(symbols.map(s => s.name)).toEqual(['billing']);
        const service = symbols[0].children![0];
        expect(service.name).toBe('payments');
        expect(service.children!.map(c => c.name)).toEqual(['charge', 'refund']);
    });

    it('finds workspace symbols, operations by their qualified name', async () => {
        const ws = await workspace(FILES);
        const symbols = await ws.shared.lsp.WorkspaceSymbolProvider!.getSymbols({ query: 'payments' });
        expect(symbols.map(s => s.name)).toContain('payments.charge');
    });

    it('folds blocks', async () => {
        const ws = await workspace(FILES);
        const folds = await ws.Mesh.lsp.FoldingRangeProvider!.getFoldingRanges(ws.doc('payments.mesh'), params(ws, 'payments.mesh'));
        expect(folds.map(f => f.startLine)).toEqual(expect.arrayContaining([0, 1]));
    });

    it('highlights declarations, references and component values', async () => {
        const ws = await workspace({ 'a.mesh': 'service a {\n  provides <Cluster, SS, SER, Fresh, Idem, Auth>\n  calls b.op\n}\nservice b { operation op }' });
        const provider = ws.Mesh.lsp.SemanticTokenProvider!;
        const tokens = await provider.semanticHighlight(ws.doc('a.mesh'), params(ws, 'a.mesh')) as SemanticTokens;
        const types = Object.fromEntries(Object.entries(provider.tokenTypes).map(([k, v]) => [v, k]));
        const decoded: string[] = [];
        let line = 0;
        let char = 0;
        const text = ws.doc('a.mesh').textDocument.getText().split('\n');
        for (let i = 0; i < tokens.data.length; i += 5) {
            line += tokens.data[i];
            char = tokens.data[i] === 0 ? char + tokens.data[i + 1] : tokens.data[i + 1];
            decoded.push(`${text[line].slice(char, char + tokens.data[i + 2])}:${types[tokens.data[i + 3]]}`);
        }
        expect(decoded).toEqual(expect.arrayContaining(['a:type', 'Cluster:enumMember', 'Auth:enumMember', 'b.op:method', 'op:method']));
    });

    it('renames and highlights names of the form v<digits>, leaving schema versions alone', async () => {
        const files = { 'v.mesh': 'service v1 { operation v2 }\nservice c { calls v1.v2 }\nschema v5 v2 { v1: v2 }\ntopic t { schema v5 v2 }' };
        const ws = await workspace(files);
        const renamed = await rename(ws, 'v.mesh', 'service v1', 8, 'v3');
        expect(renamed['v.mesh']).toBe('service v3 { operation v2 }\nservice c { calls v3.v2 }\nschema v5 v2 { v1: v2 }\ntopic t { schema v5 v2 }');
        const operation = await rename(ws, 'v.mesh', 'calls v1.v2', 9, 'v9');
        expect(operation['v.mesh']).toBe('service v1 { operation v9 }\nservice c { calls v1.v9 }\nschema v5 v2 { v1: v2 }\ntopic t { schema v5 v2 }');
        const provider = ws.Mesh.lsp.SemanticTokenProvider!;
        const tokens = await provider.semanticHighlight(ws.doc('v.mesh'), params(ws, 'v.mesh')) as SemanticTokens;
        const types = Object.fromEntries(Object.entries(provider.tokenTypes).map(([k, v]) => [v, k]));
        const text = ws.doc('v.mesh').textDocument.getText().split('\n');
        const decoded: string[] = [];
        let line = 0;
        let char = 0;
        for (let i = 0; i < tokens.data.length; i += 5) {
            line += tokens.data[i];
            char = tokens.data[i] === 0 ? char + tokens.data[i + 1] : tokens.data[i + 1];
            decoded.push(`${line}:${text[line].slice(char, char + tokens.data[i + 2])}:${types[tokens.data[i + 3]]}`);
        }
        expect(decoded).toEqual(['0:v1:type', '0:v2:method', '1:c:type', '1:v1.v2:method', '2:v5:type', '2:v1:property', '2:v2:type', '3:t:type', '3:v5:type']);
    });

    it('puts a "Show in graph" lens on each element of the graph', async () => {
        const ws = await workspace({ 'a.mesh': 'guarantee G = <Local, None, None, Stale, None, None>\ndomain d {\n  service a { }\n  topic t { }\n}' });
        const lenses = await ws.Mesh.lsp.CodeLensProvider!.provideCodeLens(ws.doc('a.mesh'), params(ws, 'a.mesh')) ?? [];
        expect(lenses.map(l => [l.range.start.line, l.command?.title, l.command?.command, l.command?.arguments])).toEqual([
            [2, 'Show in graph', SHOW_IN_GRAPH_COMMAND, ['a']],
            [3, 'Show in graph', SHOW_IN_GRAPH_COMMAND, ['t']],
        ]);
    });
});
