import * as assert from 'node:assert/strict';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { codeOf, declaredNames, expectations, hoverText, labelText, waitFor, withoutComments } from './util.js';

const EXTENSION_ID = 'meshspec.meshspec';
const VECTOR = /<[^<>]*,[^<>]*,[^<>]*,[^<>]*,[^<>]*,[^<>]*>/;

interface Sample {
    uri: vscode.Uri;
    text: string;
    expected: { code: string; line: number }[];
}

/** A name as a whole reference: not part of a longer (hyphenated) name; `a->b` still splits. */
function nameRegex(name: string): RegExp {
    return new RegExp(`(?<![A-Za-z0-9_-])${name.replace(/[-]/g, '\\-')}(?!-?[A-Za-z0-9_])`, 'g');
}

function diagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
    return vscode.languages.getDiagnostics(uri);
}

/**
 * The language features, through the real VS Code API against the real server, on a copy
 * of samples/ opened as the workspace folder. Expected findings come from the samples'
 * own `// expect:` comments, names to hover and rename from their declarations.
 */
export function addLanguageFeatureTests(parent: Mocha.Suite): void {
    const suite = Mocha.Suite.create(parent, 'Meshspec extension in VS Code');
    suite.timeout(60_000);
    let samples: Sample[] = [];
    let main: Sample;
    let editor: vscode.TextEditor;

    suite.beforeAll(async () => {
        const extension = vscode.extensions.getExtension(EXTENSION_ID);
        assert.ok(extension, `extension ${EXTENSION_ID} is not loaded`);
        await extension.activate();
        const uris = await vscode.workspace.findFiles('**/*.mesh');
        assert.ok(uris.length >= 2, `the workspace needs at least two .mesh files, found ${uris.length}`);
        samples = await Promise.all(uris.map(async uri => {
            const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
            return { uri, text, expected: expectations(text) };
        }));
        // The sample with the most intentional findings exercises the most rules.
        main = [...samples].sort((a, b) => b.expected.length - a.expected.length)[0];
        assert.ok(main.expected.length > 0, 'no sample has `// expect:` comments');
        editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(main.uri));
        // One gate for the server: without a first analysis every test below would time out.
        await waitFor('the first diagnostics from the language server', () => diagnostics(main.uri).length > 0 ? true : undefined, 45_000);
    });

    const test = (title: string, fn: () => Promise<void>): void => {
        suite.addTest(new Mocha.Test(title, fn));
    };

    test('publishes diagnostics with rule ids on the lines the sample marks', async () => {
        const missing = (): string[] => main.expected
            .filter(e => !diagnostics(main.uri).some(d => codeOf(d) === e.code && d.range.start.line === e.line))
            .map(e => `${e.code} at line ${e.line + 1}`);
        await waitFor(`diagnostics on ${main.uri.path}`, () => missing().length === 0 ? true : undefined, 45_000)
            .catch(() => assert.fail(`missing diagnostics: ${missing().join(', ')}; got: ${diagnostics(main.uri).map(d => `${codeOf(d)}@${d.range.start.line + 1}`).join(', ')}`));
        for (const d of diagnostics(main.uri)) {
            assert.ok(codeOf(d), `diagnostic without a rule id: ${d.message}`);
            assert.equal(d.source, 'meshspec', `diagnostic source of ${codeOf(d)}`);
        }
    });

    test('checks the whole workspace, not just open files', async () => {
        const others = samples.filter(s => s !== main && s.expected.length > 0);
        assert.ok(others.length > 0, 'need a second sample with findings');
        for (const other of others) {
            assert.ok(!vscode.window.visibleTextEditors.some(e => e.document.uri.toString() === other.uri.toString()));
            // Rule ids only: exact lines are checked on the open file above and by test/samples.
            const missing = (): string[] => other.expected
                .filter(e => !diagnostics(other.uri).some(d => codeOf(d) === e.code))
                .map(e => `${e.code}@${e.line + 1}`);
            await waitFor(`diagnostics on the unopened ${other.uri.path}`, () => missing().length === 0 ? true : undefined)
                .catch(() => assert.fail(`${other.uri.path}: missing ${missing().join(', ')}; got ${diagnostics(other.uri)
                    .map(d => `${codeOf(d)}@${d.range.start.line + 1}`).join(', ') || 'nothing'}`));
        }
    });

    test('hovers a service name with its declared and effective vectors', async () => {
        const service = declaredNames(main.text).find(d => d.kind === 'service');
        assert.ok(service, 'the sample declares no service');
        const position = editor.document.positionAt(service.offset + 1);
        const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', main.uri, position);
        const text = hoverText(hovers ?? []);
        assert.ok(text.includes(service.name), `hover does not name ${service.name}: ${text}`);
        assert.match(text, VECTOR, 'hover shows no guarantee vector');
    });

    test('shows effective vectors as inlay hints', async () => {
        const whole = new vscode.Range(0, 0, editor.document.lineCount, 0);
        const hints = await waitFor('inlay hints', async () => {
            const found = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', main.uri, whole);
            return found && found.length > 0 ? found : undefined;
        });
        const labels = hints.map(labelText);
        assert.ok(labels.some(l => VECTOR.test(l)), `no inlay hint shows a vector: ${labels.join(' | ')}`);
    });

    test('shows the mode matrix and explains an element', async () => {
        const t0 = Date.now();
        const failed = await vscode.commands.executeCommand<{ error: string } | undefined>('meshspec.showModeMatrix');
        console.log(`      meshspec.showModeMatrix took ${Date.now() - t0} ms`);
        assert.equal(failed?.error, undefined, 'meshspec.showModeMatrix failed');
        const matrix = await waitFor('the mode matrix report', () => vscode.workspace.textDocuments
            .find(d => d.uri.scheme === 'meshspec-report' && d.uri.path.endsWith('Mode matrix.md')));
        assert.match(matrix.getText(), /Mode matrix/);
        const service = declaredNames(main.text).find(d => d.kind === 'service')!;
        assert.ok(matrix.getText().includes(service.name) || main.text.includes('modes'), 'the matrix lists no element of the sample');

        const t1 = Date.now();
        const explainFailed = await vscode.commands.executeCommand<{ error: string } | undefined>('meshspec.explainElement', service.name);
        assert.equal(explainFailed?.error, undefined, 'meshspec.explainElement failed');
        console.log(`      meshspec.explainElement took ${Date.now() - t1} ms`);
        const explanation = await waitFor('the explanation', () => vscode.workspace.textDocuments
            .find(d => d.uri.scheme === 'meshspec-report' && d.uri.path.includes(`explain ${service.name}`)));
        assert.ok(explanation.getText().includes(service.name), explanation.getText());
        assert.match(explanation.getText(), VECTOR);
    });

    test('applies a quick fix and the diagnostic goes away', async () => {
        const candidates = diagnostics(main.uri).filter(d => codeOf(d) !== 'syntax');
        // Prefer a fix that changes the spec over "Disable … for this line".
        let chosen: { diagnostic: vscode.Diagnostic; action: vscode.CodeAction } | undefined;
        const offered: string[] = [];
        for (const diagnostic of candidates) {
            const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
                'vscode.executeCodeActionProvider', main.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
            offered.push(`${codeOf(diagnostic)}: ${(actions ?? []).map(a => `"${a.title}"${'edit' in a && a.edit ? '' : ' (no edit)'}`).join(', ') || 'none'}`);
            // The actions come back without their `diagnostics`; asking for exactly this
            // diagnostic's range is what ties an action to it.
            const action = (actions ?? []).find((a): a is vscode.CodeAction => 'edit' in a && a.edit !== undefined && !/^Disable /.test(a.title));
            if (action) {
                chosen = { diagnostic, action };
                break;
            }
        }
        assert.ok(chosen, `no quick fix that edits the spec is offered; offered:\n${offered.join('\n')}`);
        const code = codeOf(chosen.diagnostic);
        const before = diagnostics(main.uri).filter(d => codeOf(d) === code).length;
        assert.ok(await vscode.workspace.applyEdit(chosen.action.edit!), `"${chosen.action.title}" could not be applied`);
        await waitFor(`${code} to go away after "${chosen.action.title}"`,
            () => diagnostics(main.uri).filter(d => codeOf(d) === code).length < before ? true : undefined);
    });

    test('renames an element across two files', async () => {
        const renamable = samples.flatMap(declaring => declaredNames(declaring.text).map(decl => ({ declaring, decl })))
            .map(({ declaring, decl }) => ({
                declaring, decl,
                referencing: samples.find(s => s !== declaring && nameRegex(decl.name).test(withoutComments(s.text))),
            }))
            .find(c => c.referencing !== undefined);
        assert.ok(renamable?.referencing, 'no element of one sample is referenced from another');
        const { declaring, decl, referencing } = renamable;
        const declDoc = await vscode.workspace.openTextDocument(declaring.uri);
        const newName = `${decl.name}-renamed`;
        const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider',
            declaring.uri, declDoc.positionAt(decl.offset + 1), newName);
        assert.ok(edit, 'rename returned no edit');
        const touched = edit.entries().map(([uri]) => uri.toString());
        assert.ok(touched.includes(declaring.uri.toString()) && touched.includes(referencing.uri.toString()),
            `rename edits ${touched.join(', ')}`);
        assert.ok(await vscode.workspace.applyEdit(edit));
        for (const uri of [declaring.uri, referencing.uri]) {
            const text = withoutComments((await vscode.workspace.openTextDocument(uri)).getText());
            assert.ok(nameRegex(newName).test(text), `${uri.path} does not contain ${newName}`);
            assert.equal(text.match(nameRegex(decl.name))?.length ?? 0, 0, `${uri.path} still refers to ${decl.name}`);
        }
        // The renamed references still resolve (the workspace is re-checked with the edits).
        await waitFor('a re-check without unresolved references', async () => {
            await new Promise(resolve => setTimeout(resolve, 300));
            return [declaring.uri, referencing.uri].every(uri => !diagnostics(uri).some(d => codeOf(d) === 'unresolved-reference')) ? true : undefined;
        });
    });

    test('restarts the language server and serves diagnostics again', async () => {
        await vscode.commands.executeCommand('meshspec.restartServer');
        await waitFor('diagnostics after the restart', () => diagnostics(main.uri).some(d => codeOf(d)) ? true : undefined);
        const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', main.uri,
            editor.document.positionAt(declaredNames(editor.document.getText()).find(d => d.kind === 'service')!.offset + 1));
        assert.match(hoverText(hovers ?? []), VECTOR);
    });
}
