import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import { describe, expect, it } from 'vitest';
import { applyTextEdits, workspace, type Workspace } from './helpers.js';

/** The quick fixes offered for the first diagnostic with `code` in `file`. */
async function fixesFor(ws: Workspace, file: string, code: string): Promise<{ diagnostic: Diagnostic; actions: CodeAction[] }> {
    const diagnostic = ws.diagnostics(file).find(d => d.code === code);
    if (!diagnostic) throw new Error(`no ${code} in ${file}: ${ws.diagnostics(file).map(d => d.code).join(', ')}`);
    const doc = ws.doc(file);
    const actions = await ws.Mesh.lsp.CodeActionProvider!.getCodeActions(doc, {
        textDocument: { uri: doc.uri.toString() }, range: diagnostic.range, context: { diagnostics: [diagnostic] },
    }) as CodeAction[];
    return { diagnostic, actions };
}

/** Applies a code action's edit to the workspace texts; returns the new texts by file name. */
function apply(ws: Workspace, action: CodeAction): Record<string, string> {
    const result: Record<string, string> = {};
    for (const [name, doc] of ws.documents) {
        result[name] = applyTextEdits(doc.textDocument.getText(), action.edit?.changes?.[doc.uri.toString()] ?? []);
    }
    return result;
}

/** Applies the action titled like `title` and re-checks: the diagnostic must be gone. */
async function fix(files: Record<string, string>, file: string, code: string, title: RegExp): Promise<{ texts: Record<string, string>; after: Workspace }> {
    const ws = await workspace(files);
    const { actions } = await fixesFor(ws, file, code);
    const action = actions.find(a => title.test(a.title));
    if (!action) throw new Error(`no action ${title} among: ${actions.map(a => a.title).join(' | ')}`);
    expect(action.kind).toBe('quickfix');
    const texts = apply(ws, action);
    const after = await workspace(texts);
    const remaining = [...after.documents.keys()].flatMap(name => after.diagnostics(name).map(d => String(d.code)));
    expect(remaining).not.toContain(code);
    expect(remaining).not.toContain('syntax');
    return { texts, after };
}

describe('quick fixes', () => {
    const retry = {
        'a.mesh': 'service orders {\n  calls payments.refund timeout 1s retries 3\n}',
        'b.mesh': 'service payments {\n  operation refund\n}',
    };

    it('retry-non-idempotent: marks the target operation idempotent (in its own file)', async () => {
        const { texts } = await fix(retry, 'a.mesh', 'retry-non-idempotent', /^Mark payments\.refund idempotent$/);
        expect(texts['b.mesh']).toBe('service payments {\n  operation refund idempotent\n}');
    });

    it('retry-non-idempotent: or drops the retries clause', async () => {
        const { texts } = await fix(retry, 'a.mesh', 'retry-non-idempotent', /^Remove the retries clause$/);
        expect(texts['a.mesh']).toBe('service orders {\n  calls payments.refund timeout 1s\n}');
    });

    it('timeout-below-latency: sets the timeout to the callee\'s end-to-end p99', async () => {
        const { texts } = await fix({ 'a.mesh': 'service a {\n  calls b.x timeout 50ms\n}\nservice b { operation x latency p99 80ms calls c }\nservice c { latency p99 1.5s }' },
            'a.mesh', 'timeout-below-latency', /^Set timeout to p99 \(1580ms\)$/);
        expect(texts['a.mesh']).toBe('service a {\n  calls b.x timeout 1580ms\n}\nservice b { operation x latency p99 80ms calls c }\nservice c { latency p99 1.5s }');
    });

    const delivery = {
        'a.mesh': 'topic order-events {\n  delivery at-least-once\n  schema OrderEvent v1\n}\nschema OrderEvent v1 { event_id: uuid  order_id: uuid }\nservice mailer {\n  consumes order-events group mail\n}',
    };

    it('duplicate-delivery: dedupes by the event id of the topic\'s schema', async () => {
        const { texts } = await fix(delivery, 'a.mesh', 'duplicate-delivery', /^Add 'dedupe event_id'$/);
        expect(texts['a.mesh']).toContain('consumes order-events group mail dedupe event_id\n');
    });

    it('duplicate-delivery: or declares the consumer idempotent', async () => {
        const { texts } = await fix(delivery, 'a.mesh', 'duplicate-delivery', /^Declare the consumer idempotent$/);
        expect(texts['a.mesh']).toContain('consumes order-events group mail idempotent\n');
    });

    it('saga-missing-compensation: compensates with an existing undo operation of the service', async () => {
        const files = {
            'a.mesh': 'saga checkout {\n  step inventory.reserve\n  step shipping.schedule\n}\nservice inventory {\n  operation reserve idempotent\n  operation release idempotent\n}\nservice shipping { operation schedule idempotent }',
        };
        const { texts } = await fix(files, 'a.mesh', 'saga-missing-compensation', /^Compensate with inventory\.release$/);
        expect(texts['a.mesh']).toContain('step inventory.reserve compensate inventory.release\n');
    });

    it('saga-missing-compensation: adds a stub when the service has no undo operation', async () => {
        const ws = await workspace({ 'a.mesh': 'saga checkout {\n  step inventory.reserve\n  step shipping.schedule\n}\nservice inventory { operation reserve idempotent }\nservice shipping { operation schedule idempotent }' });
        const { actions } = await fixesFor(ws, 'a.mesh', 'saga-missing-compensation');
        const stub = actions.find(a => a.title === "Add a 'compensate inventory.TODO' stub")!;
        expect(apply(ws, stub)['a.mesh']).toContain('step inventory.reserve compensate inventory.TODO\n');
    });

    it('requirement-unsatisfied: relaxes the failing components to what is delivered', async () => {
        const files = {
            'a.mesh': 'service a {\n  calls b.op auth token requires <_, Causal, _, Fresh, _, Auth(token)>\n}\nservice b {\n  provides <Cluster, Causal, RA, BS(5s), Idem, Auth>\n  operation op idempotent\n}',
        };
        const { texts } = await fix(files, 'a.mesh', 'requirement-unsatisfied', /^Relax the requirement to what is delivered \(Recency BS\(5s\)\)$/);
        expect(texts['a.mesh']).toContain('requires <_, Causal, _, BS(5s), _, Auth(token)>');
    });

    it('requirement-unsatisfied: writes a named requirement out in place', async () => {
        const files = {
            'a.mesh': 'guarantee Need = <_, _, _, Fresh, _, _>\nservice a {\n  calls b.op requires Need\n}\nservice b {\n  provides <Cluster, Causal, RA, BS(5s), Idem, Auth>\n  operation op idempotent\n}',
        };
        const { texts } = await fix(files, 'a.mesh', 'requirement-unsatisfied', /^Relax/);
        expect(texts['a.mesh']).toContain('calls b.op requires <_, _, _, BS(5s), _, _>');
        expect(texts['a.mesh']).toContain('guarantee Need = <_, _, _, Fresh, _, _>');
    });

    it('missing-owner: adds an owner to a data product', async () => {
        const files = { 'a.mesh': 'dataproduct p {\n  lag 1m\n}' };
        const { texts } = await fix(files, 'a.mesh', 'missing-owner', /^Add owner "TODO-team"$/);
        expect(texts['a.mesh']).toBe('dataproduct p {\n  owner "TODO-team"\n  lag 1m\n}');
    });

    it('missing-owner: adds an owner to a domain', async () => {
        const files = { 'a.mesh': 'domain d {\n  service s { }\n}' };
        const { texts } = await fix(files, 'a.mesh', 'missing-owner', /^Add owner "TODO-team"$/);
        expect(texts['a.mesh']).toBe('domain d owner "TODO-team" {\n  service s { }\n}');
    });

    it('keeps the file\'s line ends, \\r\\n or a lone \\r', async () => {
        for (const eol of ['\r\n', '\r']) {
            const lines = (text: string) => text.split('\n').join(eol);
            const owner = await fix({ 'a.mesh': lines('dataproduct p {\n  lag 1m\n}') }, 'a.mesh', 'missing-owner', /^Add owner "TODO-team"$/);
            expect(owner.texts['a.mesh'], JSON.stringify(eol)).toBe(lines('dataproduct p {\n  owner "TODO-team"\n  lag 1m\n}'));
            const nested = { 'a.mesh': lines('service s {\n  calls b.op retries 2\n}\nservice b { operation op }') };
            const disable = await fix(nested, 'a.mesh', 'retry-non-idempotent', /^Disable retry-non-idempotent for this line$/);
            expect(disable.texts['a.mesh'], JSON.stringify(eol)).toBe(lines('service s {\n  // mesh-disable-next-line retry-non-idempotent\n  calls b.op retries 2\n}\nservice b { operation op }'));
            // A clause alone on its line goes with its line end.
            const alone = { 'a.mesh': lines('service orders {\n  calls payments.refund timeout 1s\n    retries 3\n  owner "x"\n}'), 'b.mesh': retry['b.mesh'] };
            const dropped = await fix(alone, 'a.mesh', 'retry-non-idempotent', /^Remove the retries clause$/);
            expect(dropped.texts['a.mesh'], JSON.stringify(eol)).toBe(lines('service orders {\n  calls payments.refund timeout 1s\n  owner "x"\n}'));
        }
    });

    it('unresolved-reference: applies the suggestion', async () => {
        const files = { 'a.mesh': 'service a {\n  calls paymnts.charge\n}\nservice payments { operation charge idempotent }' };
        const { texts } = await fix(files, 'a.mesh', 'unresolved-reference', /^Change to 'payments\.charge'$/);
        expect(texts['a.mesh']).toContain('calls payments.charge\n');
    });

    it('any rule: disables it for the line, indented like the line', async () => {
        const nested = { 'a.mesh': 'service s {\n  calls b.op retries 2\n}\nservice b { operation op }' };
        const { texts } = await fix(nested, 'a.mesh', 'retry-non-idempotent', /^Disable retry-non-idempotent for this line$/);
        expect(texts['a.mesh']).toBe('service s {\n  // mesh-disable-next-line retry-non-idempotent\n  calls b.op retries 2\n}\nservice b { operation op }');
    });

    it('any rule: extends an existing suppression comment above the line', async () => {
        const files = { 'a.mesh': 'service a {\n  // mesh-disable-next-line untraced-hop\n  calls b.op retries 2\n}\nservice b { operation op }' };
        const ws = await workspace(files);
        const { actions } = await fixesFor(ws, 'a.mesh', 'retry-non-idempotent');
        const disable = actions.find(a => a.title === 'Disable retry-non-idempotent for this line')!;
        expect(apply(ws, disable)['a.mesh']).toContain('  // mesh-disable-next-line untraced-hop, retry-non-idempotent\n  calls b.op retries 2');
    });

    it('unused-suppression: removes the comment', async () => {
        const files = { 'a.mesh': 'service a {\n  // mesh-disable-next-line shared-store\n  owner "x"\n}' };
        const { texts } = await fix(files, 'a.mesh', 'unused-suppression', /^Remove the unused suppression comment$/);
        expect(texts['a.mesh']).toBe('service a {\n  owner "x"\n}');
    });

    it('unused-suppression: an unknown id close to a rule id is changed to it', async () => {
        const files = { 'a.mesh': '// mesh-disable-next-line shared-stor\nstore db { engine postgres }\nservice a { writes db }\nservice b { writes db }' };
        const { texts, after } = await fix(files, 'a.mesh', 'unused-suppression', /^Change to 'shared-store'$/);
        expect(texts['a.mesh']).toContain('// mesh-disable-next-line shared-store\n');
        expect(after.diagnostics('a.mesh').map(d => d.code)).toEqual([]);
    });

    it('unused-suppression: removes that comment, not a string before it that looks like one', async () => {
        const files = { 'a.mesh': 'service a { description "// mesh-disable-next-line shared-store" }  // mesh-disable-next-line sync-cycle\nservice b { }' };
        const { texts, after } = await fix(files, 'a.mesh', 'unused-suppression', /^Remove the unused suppression comment$/);
        expect(texts['a.mesh']).toBe('service a { description "// mesh-disable-next-line shared-store" }\nservice b { }');
        expect(after.diagnostics('a.mesh')).toEqual([]);
    });

    it('unused-suppression: removes a comment that names no id', async () => {
        const files = { 'a.mesh': 'service a {\n  // mesh-disable-next-line\n  owner "x"\n}' };
        const { texts } = await fix(files, 'a.mesh', 'unused-suppression', /^Remove the unused suppression comment$/);
        expect(texts['a.mesh']).toBe('service a {\n  owner "x"\n}');
    });

    it('unresolved-reference: applies the suggested route path', async () => {
        const files = { 'a.mesh': 'service s { operation x idempotent }\ngateway edge { route "/orders/*" -> s.x }\nclient web { calls edge "/order/*" }' };
        const { texts } = await fix(files, 'a.mesh', 'unresolved-reference', /^Change to '"\/orders\/\*"'$/);
        expect(texts['a.mesh']).toContain('calls edge "/orders/*" }');
    });

    it('offers nothing for syntax errors but is never in the way', async () => {
        const ws = await workspace({ 'a.mesh': 'service a { owner }' });
        const { actions } = await fixesFor(ws, 'a.mesh', 'syntax');
        expect(actions).toEqual([]);
    });
});
