import { AstUtils } from 'langium';
import { DiagnosticSeverity } from 'vscode-languageserver';
import * as ast from '../../server/src/language/generated/ast.js';
import { describe, expect, it } from 'vitest';
import { ruleDocUrl } from '../../server/src/checker/catalogue.js';
import { workspace } from './helpers.js';

const PAYMENTS = (recency: string) => `
domain billing owner "payments-team" {
  service payments {
    provides <Cluster, SS, SER, ${recency}, Idem, Auth>
    operation charge idempotent
  }
}`;

const ORDERS = `
domain orders owner "orders-team" {
  service orders-api {
    provides <Cluster, SS, SER, Fresh, Idem, Auth>
    calls payments.charge auth token requires <_, _, _, Fresh, _, _>
  }
}`;

describe('diagnostics from the workspace analysis', () => {
    it('carry the rule id, its docs page, the source, related locations and quick-fix data', async () => {
        const ws = await workspace({ 'orders.mesh': ORDERS, 'payments.mesh': PAYMENTS('BS(5s)') });
        const [d] = ws.diagnostics('orders.mesh').filter(x => x.code === 'requirement-unsatisfied');
        expect(d).toBeDefined();
        expect(d.source).toBe('meshspec');
        expect(d.severity).toBe(DiagnosticSeverity.Error);
        expect(d.codeDescription?.href).toBe(ruleDocUrl('requirement-unsatisfied'));
        expect(ws.textOf('orders.mesh', d.range)).toBe('<_, _, _, Fresh, _, _>');
        expect(d.relatedInformation?.[0].location.uri).toBe(ws.doc('payments.mesh').uri.toString());
        expect(d.data).toEqual({ delivered: { recency: 'BS(5s)' } });
    });

    it('are recomputed in every file when another file changes', async () => {
        const ws = await workspace({ 'orders.mesh': ORDERS, 'payments.mesh': PAYMENTS('Fresh') });
        expect(ws.diagnostics('orders.mesh').map(d => d.code)).not.toContain('requirement-unsatisfied');
        await ws.edit('payments.mesh', PAYMENTS('BS(5s)'));
        expect(ws.diagnostics('orders.mesh').map(d => d.code)).toContain('requirement-unsatisfied');
        await ws.edit('payments.mesh', PAYMENTS('Fresh'));
        expect(ws.diagnostics('orders.mesh').map(d => d.code)).not.toContain('requirement-unsatisfied');
    });

    it('point references into a re-parsed file at its new nodes (exports unchanged: no relinking)', async () => {
        const ws = await workspace({ 'orders.mesh': ORDERS, 'payments.mesh': PAYMENTS('Fresh') });
        await ws.edit('payments.mesh', PAYMENTS('BS(5s)'));
        const calls = AstUtils.streamAst(ws.doc('orders.mesh').parseResult.value).filter(ast.isCallsClause).head()!;
        expect(AstUtils.findRootNode(calls.target.ref!)).toBe(ws.doc('payments.mesh').parseResult.value);
    });

    it('relink other files when the exports of a file change', async () => {
        const ws = await workspace({ 'orders.mesh': ORDERS, 'payments.mesh': PAYMENTS('Fresh') });
        await ws.edit('payments.mesh', PAYMENTS('Fresh').replace('operation charge', 'operation debit'));
        expect(ws.diagnostics('orders.mesh').find(d => d.code === 'unresolved-reference')?.message).toMatch(/payments\.charge/);
        await ws.edit('payments.mesh', '// moved down\n\n' + PAYMENTS('BS(5s)'));
        expect(ws.diagnostics('orders.mesh').map(d => d.code)).toEqual(['requirement-unsatisfied']);
        const calls = AstUtils.streamAst(ws.doc('orders.mesh').parseResult.value).filter(ast.isCallsClause).head()!;
        expect(AstUtils.findRootNode(calls.target.ref!)).toBe(ws.doc('payments.mesh').parseResult.value);
    });

    it('report syntax errors and unresolved references with their ids', async () => {
        const ws = await workspace({ 'a.mesh': 'service a {\n  calls paymnts.charge\n  owner\n}', 'payments.mesh': PAYMENTS('Fresh') });
        const codes = ws.diagnostics('a.mesh').map(d => d.code);
        expect(codes).toContain('syntax');
        const unresolved = ws.diagnostics('a.mesh').find(d => d.code === 'unresolved-reference');
        expect(unresolved?.data).toEqual({ suggestion: 'payments.charge' });
    });

    it('honour meshspec.json at the workspace root', async () => {
        const ws = await workspace({
            'orders.mesh': ORDERS, 'payments.mesh': PAYMENTS('BS(5s)'),
            'meshspec.json': JSON.stringify({ rules: { 'requirement-unsatisfied': 'warning' } }),
        });
        const d = ws.diagnostics('orders.mesh').find(x => x.code === 'requirement-unsatisfied');
        expect(d?.severity).toBe(DiagnosticSeverity.Warning);
    });

    it('honour the meshspec.rules setting over meshspec.json', async () => {
        const ws = await workspace({
            'orders.mesh': ORDERS, 'payments.mesh': PAYMENTS('BS(5s)'),
            'meshspec.json': JSON.stringify({ rules: { 'requirement-unsatisfied': 'warning' } }),
        });
        ws.shared.workspace.ConfigurationProvider.updateConfiguration({ settings: { meshspec: { rules: { 'requirement-unsatisfied': 'info' } } } });
        await ws.shared.workspace.DocumentBuilder.update([], []);
        expect(ws.diagnostics('orders.mesh').find(x => x.code === 'requirement-unsatisfied')?.severity).toBe(DiagnosticSeverity.Information);
        ws.shared.workspace.ConfigurationProvider.updateConfiguration({ settings: { meshspec: { rules: { 'requirement-unsatisfied': 'off' } } } });
        await ws.shared.workspace.DocumentBuilder.update([], []);
        expect(ws.diagnostics('orders.mesh').map(d => d.code)).not.toContain('requirement-unsatisfied');
    });

    it('ignore an invalid meshspec.json, reporting the problem once', async () => {
        const ws = await workspace({
            'orders.mesh': ORDERS, 'payments.mesh': PAYMENTS('BS(5s)'),
            'meshspec.json': '{ "rules": { "no-such-rule": "off" } }',
        });
        const notified: string[] = [];
        ws.shared.mesh.Settings.onProblem(p => notified.push(p.message));
        await ws.shared.workspace.DocumentBuilder.update([], []);
        expect(ws.shared.mesh.Settings.problems.map(p => p.message)).toEqual(["meshspec.json: unknown rule id 'no-such-rule'"]);
        expect(notified).toEqual([]); // already reported by the first build
        expect(ws.diagnostics('orders.mesh').find(x => x.code === 'requirement-unsatisfied')?.severity).toBe(DiagnosticSeverity.Error);
    });
});
