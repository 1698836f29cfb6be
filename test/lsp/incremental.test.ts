import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { URI } from 'langium';
import { setTextDocument } from 'langium/test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { describe, expect, it } from 'vitest';
import { generateWorkspace } from '../../scripts/bench-lib.mjs';
import type { WorkspaceResult } from '../../server/src/checker/analyze.js';
import type { MeshDiagnostic } from '../../server/src/checker/diagnostic.js';
import { SYSTEM_MODES } from '../../server/src/checker/model.js';
import { check } from '../helpers.js';
import { ROOT_URI, workspace, type Workspace } from './helpers.js';

/**
 * The language server keeps work between edits (documents that were not edited are not
 * re-parsed; their references into an edited file are re-pointed rather than relinked,
 * see server/src/lsp/workspace.ts). Steps are edits of open files, and files created or
 * deleted as a file watcher reports them. Whatever it keeps, after any sequence of edits its
 * diagnostics must be exactly those of a from-scratch check of the same texts. This is
 * the gate for every shortcut the server takes (docs/performance.md).
 */

const SAMPLES = join(import.meta.dirname, '..', '..', 'samples');

/** A workspace whose files reference each other: 160 generated elements in four files. */
const GENERATED = generateWorkspace({ elements: 160, seed: 5, elementsPerFile: 40 }).files.map(f => f.text);

/** What an editor's change can do to a file, each kept small so the rest still parses. */
type Edit =
    | { kind: 'duration'; nth: number; value: number }
    | { kind: 'component'; nth: number; pick: number }
    | { kind: 'rename'; nth: number }
    | { kind: 'delete-line'; nth: number }
    | { kind: 'shift' }
    | { kind: 'paste'; from: number; at: number; length: number }
    | { kind: 'duplicate'; from: number; nth: number };

/** Values of one component each: a value is replaced by another of its own component. */
const VALUE_GROUPS = [
    ['Local', 'Partition', 'Client', 'Region', 'Global'],
    ['PartialOrder', 'Causal', 'TotalOrder', 'SS'],
    ['RC', 'RA', 'SI', 'SER'],
    ['Stale', 'EO', 'Fresh'],
];
const VALUE_WORD = new RegExp(`\\b(${VALUE_GROUPS.flat().join('|')})\\b`, 'g');

const editArb: fc.Arbitrary<Edit> = fc.oneof(
    fc.record({ kind: fc.constant('duration' as const), nth: fc.nat(), value: fc.integer({ min: 1, max: 900 }) }),
    fc.record({ kind: fc.constant('component' as const), nth: fc.nat(), pick: fc.nat() }),
    fc.record({ kind: fc.constant('rename' as const), nth: fc.nat() }),
    fc.record({ kind: fc.constant('delete-line' as const), nth: fc.nat() }),
    fc.record({ kind: fc.constant('shift' as const) }),
    fc.record({ kind: fc.constant('paste' as const), from: fc.nat(), at: fc.nat(), length: fc.integer({ min: 1, max: 200 }) }),
    fc.record({ kind: fc.constant('duplicate' as const), from: fc.nat(), nth: fc.nat() }),
);

const DECLARATION = /^([ \t]*)(service|store|topic|dataproduct|client|gateway|saga)\s+[\w-]+/gm;
/** A declaration's keyword and name, for renaming a copy. */
const DECLARATION_NAME = /^(\s*(?:service|store|topic|dataproduct|client|gateway|saga)\s+[\w-]+)/;

/** The `nth` element declaration of a text, from its keyword to its closing brace. */
function declaration(text: string, nth: number): string | undefined {
    const matches = [...text.matchAll(DECLARATION)];
    if (matches.length === 0) return undefined;
    const m = matches[nth % matches.length];
    const close = text.indexOf(`\n${m[1]}}`, m.index);
    return close < 0 ? undefined : text.slice(m.index, close + m[1].length + 2);
}

/** Replaces the `nth` (modulo the count) match of `pattern` in `text`. */
function replaceNth(text: string, pattern: RegExp, nth: number, replace: (match: string) => string): string {
    const matches = [...text.matchAll(pattern)];
    if (matches.length === 0) return text;
    const m = matches[nth % matches.length];
    return text.slice(0, m.index) + replace(m[0]) + text.slice(m.index + m[0].length);
}

function apply(text: string, edit: Edit, others: readonly string[]): string {
    switch (edit.kind) {
        case 'duration':
            return replaceNth(text, /\b\d+(ms|s|m)\b/g, edit.nth, m => m.replace(/^\d+/, String(edit.value)));
        case 'component':
            return replaceNth(text, VALUE_WORD, edit.nth, word => {
                const group = VALUE_GROUPS.find(g => g.includes(word))!;
                return group[edit.pick % group.length];
            });
        case 'rename':
            // An element's name: the file's exports change, so other files must be relinked.
            return replaceNth(text, /^(\s*(service|store|topic|dataproduct|client|gateway|saga)\s+)([\w-]+)/gm, edit.nth, m => `${m}-renamed`);
        case 'delete-line': {
            const lines = text.split('\n');
            lines.splice(edit.nth % lines.length, 1);
            return lines.join('\n');
        }
        case 'shift':
            // Everything moves down: offsets change, exports and paths do not.
            return `// edited\n\n${text}`;
        case 'paste': {
            const source = others[edit.from % others.length];
            const from = edit.at % Math.max(1, source.length);
            const at = edit.at % (text.length + 1);
            return text.slice(0, at) + source.slice(from, from + edit.length) + text.slice(at);
        }
        case 'duplicate': {
            // An element declared again (in this file or another): duplicate names, and
            // references that must resolve the same way as in a fresh check.
            const copy = declaration(others[edit.from % others.length], edit.nth);
            return copy === undefined ? text : `${text}\n${copy.trimStart()}\n`;
        }
    }
}

/** A diagnostic as the comparison sees it: everything a user is shown. */
function shown(d: MeshDiagnostic): unknown {
    return { uri: d.uri, code: d.code, severity: d.severity, message: d.message, range: d.range, related: d.related, data: d.data };
}

/**
 * Everything the editor features read from an analysis, as plain data: every fact of every
 * node and edge (AST nodes as their type and position, records as their id), and per
 * system mode each node's vector and provenance, each edge's vector and each check.
 */
function analysisOf(result: WorkspaceResult): unknown {
    const { model, analysis } = result;
    const modes = SYSTEM_MODES.map(mode => {
        const m = analysis.modes[mode];
        return {
            nodes: model.nodes.map(n => plain(m.nodes.get(n))),
            edges: model.edges.map(e => plain(m.edges.get(e))),
            checks: m.checks.map(c => plain(c)),
        };
    });
    return {
        elements: model.elements.map(e => plain(e)),
        domains: model.domains.map(d => plain(d)),
        nodes: model.nodes.map(n => plain(n)),
        edges: model.edges.map(e => plain(e)),
        modes,
        blastRadius: plain(analysis.blastRadius),
    };
}

function plain(value: unknown, depth = 4): unknown {
    if (value === null || typeof value !== 'object') return value;
    if (value instanceof Set) return [...value].map(v => plain(v, depth)).sort();
    if (Array.isArray(value)) return value.map(v => plain(v, depth));
    const record = value as Record<string, unknown>;
    if (typeof record.$type === 'string') {
        const start = (record as { $cstNode?: { range: { start: { line: number; character: number } } } }).$cstNode?.range.start;
        return `${record.$type}@${start?.line}:${start?.character}`;
    }
    if ('source' in record && 'target' in record && 'index' in record) return `edge ${record.index}`;
    if ('inputs' in record && 'id' in record) {
        if (depth < 4) return `node ${record.id}`;
    }
    if (depth === 0) return '…';
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(record)) {
        if (key === 'in' || key === 'out' || key === 'inputs' || key === 'hop') continue;
        out[key] = plain(v, depth - 1);
    }
    return out;
}

interface Served {
    diagnostics: unknown[];
    analysis: unknown;
}

async function fromScratch(texts: ReadonlyMap<string, string>): Promise<Served> {
    const result = await check([...texts].map(([name, text]) => ({ uri: `${ROOT_URI}/${name}`, text })));
    return { diagnostics: result.diagnostics.map(shown), analysis: analysisOf(result) };
}

/** How many analyses were incremental, over a whole property run (it must take both paths). */
const paths = { incremental: 0, full: 0 };

function served(ws: Workspace): Served {
    const snapshot = ws.shared.mesh.WorkspaceAnalysis.snapshot();
    if (!snapshot) throw new Error('the server has no analysis');
    return { diagnostics: snapshot.result.diagnostics.map(shown), analysis: analysisOf(snapshot.result) };
}

/** One step: an edit of an open file, a new file (as a file watcher reports it) or a deleted one. */
type Step =
    | { kind: 'edit'; file: number; edit: Edit }
    | { kind: 'create'; from: number; nth: number; renamed: boolean }
    | { kind: 'delete'; file: number };

async function replay(sources: readonly string[], steps: readonly Step[]): Promise<void> {
    const texts = new Map(sources.map((text, i) => [`${i}.mesh`, text]));
    const ws = await workspace(Object.fromEntries(texts));
    const builder = ws.shared.workspace.DocumentBuilder;
    const uriOf = (name: string) => URI.parse(`${ROOT_URI}/${name}`);
    let created = 0;
    for (const step of steps) {
        const names = [...texts.keys()];
        if (step.kind === 'edit') {
            const name = names[step.file % names.length];
            const next = apply(texts.get(name)!, step.edit, [...texts.values()]);
            texts.set(name, next);
            if (ws.documents.has(name)) {
                await ws.edit(name, next);
            } else {
                setTextDocument(ws.shared, TextDocument.create(uriOf(name).toString(), 'mesh', 2, next));
                await builder.update([uriOf(name)], []);
            }
        } else if (step.kind === 'create') {
            // A new file declaring an element that exists elsewhere (a duplicate name) or a
            // copy of it under a new name; named to sort first or last among the files.
            const copy = declaration([...texts.values()][step.from % names.length], step.nth) ?? 'service fresh { }';
            const text = `${(step.renamed ? copy.replace(DECLARATION_NAME, '$1-copy') : copy).trimStart()}\n`;
            created++;
            const name = `${created % 2 === 1 ? '' : 'zz'}-new-${created}.mesh`;
            texts.set(name, text);
            setTextDocument(ws.shared, TextDocument.create(uriOf(name).toString(), 'mesh', 1, text));
            await builder.update([uriOf(name)], []);
        } else {
            if (names.length < 2) continue;
            const name = names[step.file % names.length];
            texts.delete(name);
            ws.documents.delete(name);
            await builder.update([], [uriOf(name)]);
        }
        const expected = await fromScratch(texts);
        const actual = served(ws);
        expect(actual.diagnostics).toEqual(expected.diagnostics);
        expect(actual.analysis).toEqual(expected.analysis);
        paths[ws.shared.mesh.WorkspaceAnalysis.snapshot()!.result.incremental ? 'incremental' : 'full']++;
        // What each open file was given to publish is its share of that analysis.
        for (const [n, doc] of ws.documents) expect(doc.diagnostics?.length).toBe(expected.diagnostics.filter(d => (d as { uri: string }).uri === `${ROOT_URI}/${n}`).length);
    }
}

/** Runs per property; `MESHSPEC_PROPERTY_RUNS=500` searches longer (e.g. after changing the server's shortcuts). */
function runs(usual: number): number {
    const asked = Number(process.env.MESHSPEC_PROPERTY_RUNS);
    return Number.isInteger(asked) && asked > 0 ? asked : usual;
}

/** Two minutes for the usual number of runs, and as much again per as many runs more. */
function timeout(usual: number): number {
    return 120000 * Math.max(1, runs(usual) / usual);
}

const stepArb: fc.Arbitrary<Step> = fc.oneof(
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('edit' as const), file: fc.nat(), edit: editArb }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('create' as const), from: fc.nat(), nth: fc.nat(), renamed: fc.boolean() }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), file: fc.nat() }) },
);
const stepsArb = fc.array(stepArb, { minLength: 1, maxLength: 5 });

/**
 * Edits of values only, which the server analyses incrementally: run first, so that both ways
 * of analysing are compared whatever the random steps happen to be (15 random runs once took
 * none of them). File 3 of the samples (data-mesh.mesh) declares no named guarantee and no
 * mesh, either of which makes any edit of a file a rebuild.
 */
const VALUE_EDITS: [Step[]][] = [[[
    { kind: 'edit', file: 3, edit: { kind: 'duration', nth: 0, value: 7 } },
    { kind: 'edit', file: 3, edit: { kind: 'component', nth: 0, pick: 1 } },
]]];

describe('incremental builds of the language server', () => {
    it('give the diagnostics and the analysis of a from-scratch check after any edits of a cross-referencing workspace', async () => {
        paths.incremental = paths.full = 0;
        await fc.assert(fc.asyncProperty(stepsArb, steps => replay(GENERATED, steps)), { numRuns: runs(25), examples: VALUE_EDITS });
        // Both ways of analysing were compared: updated after an edit of values, rebuilt after any other.
        expect(paths.incremental).toBeGreaterThan(0);
        expect(paths.full).toBeGreaterThan(0);
    }, timeout(25));

    it('give the diagnostics and the analysis of a from-scratch check after any edits of the samples', async () => {
        paths.incremental = paths.full = 0;
        const samples = readdirSync(SAMPLES).filter(f => f.endsWith('.mesh')).sort().map(f => readFileSync(join(SAMPLES, f), 'utf8'));
        await fc.assert(fc.asyncProperty(stepsArb, steps => replay(samples, steps)), { numRuns: runs(15), examples: VALUE_EDITS });
        expect(paths.incremental).toBeGreaterThan(0);
        expect(paths.full).toBeGreaterThan(0);
    }, timeout(15));

    // Which edits update the previous analysis (checker/incremental.ts) and which rebuild it;
    // either way the result must be a from-scratch check's.
    const BASE = {
        'a.mesh': 'guarantee Strong = <Global, TotalOrder, SER, BS(1s), Idem, Auth>\nstore orders {\n    provides Strong\n    lag 5s\n}\n',
        'b.mesh': 'service api {\n    provides <Global, TotalOrder, SER, BS(10s), Idem, Auth>\n    reads orders requires <_, _, _, BS(2s), _, _>\n    calls billing timeout 2s\n}\nservice billing {\n    provides <Global, TotalOrder, SER, BS(1s), Idem, Auth>\n}\n',
    };
    const EDITS = [
        ['a duration', 'b.mesh', (t: string) => t.replace('timeout 2s', 'timeout 3s'), true],
        ['a requirement', 'b.mesh', (t: string) => t.replace('BS(2s), _, _>', 'BS(9s), _, _>'), true],
        ['a vector component', 'b.mesh', (t: string) => t.replace('BS(10s)', 'BS(20s)'), true],
        ['a comment and blank lines (positions move)', 'b.mesh', (t: string) => `// moved\n\n${t}`, true],
        ['an added edge', 'b.mesh', (t: string) => t.replace('calls billing timeout 2s', 'calls billing timeout 2s\n    reads orders'), false],
        ['a renamed element', 'b.mesh', (t: string) => t.replace(/billing/g, 'invoicing'), false],
        ['a named guarantee', 'a.mesh', (t: string) => t.replace('BS(1s)', 'BS(2s)'), false],
    ] as const;
    for (const [what, file, change, incremental] of EDITS) {
        it(`${incremental ? 'updates' : 'rebuilds'} the analysis after an edit of ${what}`, async () => {
            const texts = new Map(Object.entries(BASE));
            const ws = await workspace(BASE);
            texts.set(file, change(texts.get(file)!));
            expect(texts.get(file)).not.toBe(BASE[file]);
            await ws.edit(file, texts.get(file)!);
            expect(served(ws)).toEqual(await fromScratch(texts));
            expect(ws.shared.mesh.WorkspaceAnalysis.snapshot()!.result.incremental).toBe(incremental);
        });
    }

    // Findings that depend on another document (a named vector's declaration, a gateway's
    // routes, a schema's versions), after an edit of either side.
    const ACROSS = {
        'a.mesh': 'schema P v1 { a: int }\nschema P v2 { a: int }\nservice s {\n    operation x latency p99 10ms\n}\ngateway edge {\n    route "/orders" -> s.x timeout 1s\n}\n',
        'b.mesh': 'service api {\n    provides Bad\n    operation y provides Bad\n    calls edge "/order" timeout 2s\n    calls s "/x"\n}\ntopic t {\n    schema P v9\n    retention 7d\n}\n',
        'c.mesh': 'guarantee Bad = <Global, SS, SER>\n',
    };
    const ACROSS_EDITS = [
        ['the document using them', 'b.mesh', (t: string) => t.replace('timeout 2s', 'timeout 3s').replace('retention 7d', 'retention 8d'), true],
        ['the document declaring the routes and schemas', 'a.mesh', (t: string) => t.replace('timeout 1s', 'timeout 2s'), true],
        ['the document declaring the named vector', 'c.mesh', (t: string) => `// moved\n${t}`, false],
        ['a route path', 'b.mesh', (t: string) => t.replace('"/order"', '"/orders"'), false],
        ['a schema version', 'b.mesh', (t: string) => t.replace('P v9', 'P v2'), true],
        ['a schema field declared twice (duplicate-name)', 'a.mesh', (t: string) => t.replace('schema P v2 { a: int }', 'schema P v2 { a: int  a: string }'), true],
    ] as const;
    for (const [what, file, change, incremental] of ACROSS_EDITS) {
        it(`reports what depends on another document as a from-scratch check does, after an edit of ${what}`, async () => {
            const texts = new Map(Object.entries(ACROSS));
            const ws = await workspace(ACROSS);
            const before = served(ws).diagnostics as MeshDiagnostic[];
            expect(before.map(d => d.code).sort()).toEqual(['invalid-value', 'unresolved-reference', 'unresolved-reference', 'unresolved-reference']);
            texts.set(file, change(texts.get(file)!));
            await ws.edit(file, texts.get(file)!);
            expect(served(ws)).toEqual(await fromScratch(texts));
            expect(ws.shared.mesh.WorkspaceAnalysis.snapshot()!.result.incremental).toBe(incremental);
        });
    }

    it('compares something: an edit that changes a finding changes the diagnostics', async () => {
        // A requirement that holds, then a provided Order weakened under it.
        const provider = (order: string) => `store orders {\n    provides <Global, ${order}, SER, BS(1s), Idem, Auth>\n}\n`;
        const consumer = 'service api {\n    provides <Global, TotalOrder, SER, BS(1s), Idem, Auth>\n    reads orders requires <_, TotalOrder, _, _, _, _>\n}\n';
        const texts = new Map([['0.mesh', provider('TotalOrder')], ['1.mesh', consumer]]);
        const ws = await workspace(Object.fromEntries(texts));
        const before = served(ws).diagnostics;
        texts.set('0.mesh', provider('PartialOrder'));
        await ws.edit('0.mesh', texts.get('0.mesh')!);
        const after = served(ws);
        expect(after).toEqual(await fromScratch(texts));
        expect(after.diagnostics).not.toEqual(before);
        expect(after.diagnostics.some(d => (d as { code: string }).code === 'requirement-unsatisfied')).toBe(true);
        // A value changed, so the analysis was updated, not rebuilt.
        expect(ws.shared.mesh.WorkspaceAnalysis.snapshot()!.result.incremental).toBe(true);
    });
});
