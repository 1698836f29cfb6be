import { it } from 'vitest';
import { DocumentState } from 'langium';
import { generateWorkspace } from '../../scripts/bench-lib.mjs';
import { workspace } from './helpers.js';

it('scratch', async () => {
    const gen = generateWorkspace({ elements: 2000, seed: 1, elementsPerFile: 100 });
    const files: Record<string, string> = {};
    for (const f of gen.files) files[f.path] = f.text;
    let t = performance.now();
    const ws = await workspace(files);
    console.log('initial build', performance.now() - t);
    const builder = ws.shared.workspace.DocumentBuilder;
    let last = performance.now();
    for (const state of [DocumentState.Parsed, DocumentState.IndexedContent, DocumentState.ComputedScopes, DocumentState.Linked, DocumentState.IndexedReferences, DocumentState.Validated]) {
        builder.onBuildPhase(state, (docs) => { const now = performance.now(); console.log(DocumentState[state], docs.length, (now - last).toFixed(1)); last = now; });
    }
    for (let k = 0; k < 3; k++) {
        const name = gen.files[0].path;
        const text = ws.doc(name).textDocument.getText().replace(/lag (\d+)s/, (_m, n) => `lag ${Number(n) % 9 + 1}s`);
        t = performance.now(); last = t;
        await ws.edit(name, text);
        console.log('edit total', (performance.now() - t).toFixed(1), 'analysis', ws.shared.mesh.WorkspaceAnalysis.lastDurationMs.toFixed(1));
    }
}, 120000);
