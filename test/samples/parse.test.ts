import { describe, expect, it } from 'vitest';
import { EmptyFileSystem } from 'langium';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMeshCoreServices } from '../../server/src/language/mesh-module.js';
import { loadWorkspace } from '../../server/src/checker/workspace.js';
import { elementsOf } from '../../server/src/language/model-utils.js';
import { isDomain, isSchema } from '../../server/src/language/generated/ast.js';
import { isRuleId } from '../../server/src/checker/catalogue.js';
import { analyzeWorkspace } from '../../server/src/checker/analyze.js';

// The samples are documentation that must keep working: they are loaded exactly as
// `meshspec check samples` loads them — every file in one workspace.
const SAMPLES = fileURLToPath(new URL('../../samples', import.meta.url));
const files = readdirSync(SAMPLES).filter(f => f.endsWith('.mesh')).sort().map(name => {
    const path = join(SAMPLES, name);
    return { name, uri: pathToFileURL(path).toString(), text: readFileSync(path, 'utf8') };
});

/** `// expect: <rule-id> — why` comments mark intentional findings (see samples/README.md). */
function expectations(text: string): { id: string; line: number; next: string }[] {
    const lines = text.split(/\r?\n/);
    const result: { id: string; line: number; next: string }[] = [];
    lines.forEach((line, i) => {
        const m = /\/\/\s*expect:\s*([a-z-]+)/.exec(line);
        if (m) result.push({ id: m[1], line: i + 1, next: lines[i + 1] ?? '' });
    });
    return result;
}

async function loadSamples() {
    const { shared } = createMeshCoreServices(EmptyFileSystem);
    return loadWorkspace(shared, files.map(({ uri, text }) => ({ uri, text })));
}

describe('samples', () => {
    it('has the case-study files', () => {
        expect(files.map(f => f.name)).toEqual(expect.arrayContaining([
            'activity-tracking.mesh', 'api-gateway.mesh', 'checkout.mesh', 'data-mesh.mesh',
            'engagement-analytics.mesh', 'pricing.mesh', 'video-playback.mesh',
        ]));
        // Every sample is described in the README.
        const readme = readFileSync(join(SAMPLES, 'README.md'), 'utf8');
        expect(files.filter(f => !readme.includes(`### \`${f.name}\``)).map(f => f.name)).toEqual([]);
    });

    it('parses every sample without lexer or parser errors', async () => {
        const docs = await loadSamples();
        const errors = docs.flatMap((doc, i) => [
            ...doc.parseResult.lexerErrors.map(e => `${files[i].name}:${e.line}:${e.column} lexer: ${e.message}`),
            ...doc.parseResult.parserErrors.map(e => `${files[i].name}:${e.token.startLine}:${e.token.startColumn} parser: ${e.message}`),
        ]);
        expect(errors).toEqual([]);
    });

    it('resolves every reference across the workspace', async () => {
        const docs = await loadSamples();
        const unresolved = docs.flatMap((doc, i) => doc.references
            .filter(r => r.error)
            .map(r => `${files[i].name}: '${r.$refText}'`));
        expect(unresolved).toEqual([]);
    });

    it('declares every top-level name once across all files', async () => {
        const docs = await loadSamples();
        const seen = new Map<string, string[]>();
        docs.forEach((doc, i) => {
            const model = doc.parseResult.value;
            const names = [
                ...model.items.filter(isDomain).map(d => d.name),
                // Schemas are identified by name and version (LANGUAGE.md §2).
                ...[...elementsOf(model)].map(e => isSchema(e) ? `${e.name} ${e.version}` : e.name),
            ];
            for (const name of names) seen.set(name, [...seen.get(name) ?? [], files[i].name]);
        });
        const duplicates = [...seen].filter(([, where]) => where.length > 1).map(([name, where]) => `${name}: ${where.join(', ')}`);
        expect(duplicates).toEqual([]);
        expect(seen.size).toBeGreaterThan(50);
    });

    it('marks intentional findings with known rule ids, each above the line it explains', () => {
        const all = files.flatMap(f => expectations(f.text).map(e => ({ ...e, file: f.name })));
        expect(all.filter(e => !isRuleId(e.id)).map(e => `${e.file}:${e.line} ${e.id}`)).toEqual([]);
        // The marked line is code, not another comment or a blank line.
        expect(all.filter(e => !e.next.trim() || e.next.trim().startsWith('//')).map(e => `${e.file}:${e.line}`)).toEqual([]);
        expect(new Set(all.map(e => e.id)).size).toBeGreaterThanOrEqual(15);
    });

    it('keeps at least two samples free of intentional findings', () => {
        const clean = files.filter(f => expectations(f.text).length === 0).map(f => f.name);
        expect(clean).toEqual(expect.arrayContaining(['data-mesh.mesh', 'video-playback.mesh']));
    });

    it('documents every intentional finding in samples/README.md', () => {
        const readme = readFileSync(join(SAMPLES, 'README.md'), 'utf8');
        const missing = files.flatMap(f => expectations(f.text)
            .filter(e => !readme.includes(`${e.id}\` | \`${f.name}:${e.line + 1}\``))
            .map(e => `${e.id} ${f.name}:${e.line + 1}`));
        expect(missing).toEqual([]);
    });

    it('checks video-playback.mesh and data-mesh.mesh clean, without even an info', async () => {
        const { diagnostics } = analyzeWorkspace(await loadSamples());
        const clean = ['video-playback.mesh', 'data-mesh.mesh'].map(n => files.find(f => f.name === n)!.uri);
        const found = diagnostics.filter(d => clean.includes(d.uri))
            .map(d => `${d.uri.split('/').pop()}:${d.range.start.line + 1} ${d.code}: ${d.message}`);
        expect(found).toEqual([]);
    });

    it('reports nothing the samples do not mark with an expect comment', async () => {
        const { diagnostics } = analyzeWorkspace(await loadSamples());
        const marked = new Set(files.flatMap(f => expectations(f.text).map(e => `${f.uri}#${e.line + 1} ${e.id}`)));
        const unmarked = diagnostics
            .filter(d => !marked.has(`${d.uri}#${d.range.start.line + 1} ${d.code}`))
            .map(d => `${d.uri.split('/').pop()}:${d.range.start.line + 1} ${d.code}: ${d.message}`);
        expect(unmarked).toEqual([]);
    });
});
