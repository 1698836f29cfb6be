import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Hover, TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import { DidChangeTextDocumentNotification } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ROOT, StdioClient } from './stdio-client.js';

/**
 * The server must never crash or hang, whatever the text: random batches of edits
 * (inserting spans of sample text and tricky characters, deleting spans) are replayed over
 * stdio, and after every batch the server must publish diagnostics for the file and answer
 * a hover. At the end the original text must give the original diagnostics again.
 */
const SAMPLES = join(ROOT, 'samples');
const texts = readdirSync(SAMPLES).filter(f => f.endsWith('.mesh')).sort().map(f => readFileSync(join(SAMPLES, f), 'utf8'));
const TRICKY = ['<', '>', '⟨', '⟩', '{', '}', '(', ')', '"', ',', '.', '->', '//', '/*', '*/', '\n', ';', '%', '_', 'requires <', 'calls ', 'service x {', '\u0000', '😀'];

type Edit = { kind: 'insert'; at: number; text: string } | { kind: 'delete'; at: number; length: number };

const editArb: fc.Arbitrary<Edit> = fc.oneof(
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom(...TRICKY) }),
    fc.record({
        kind: fc.constant('insert' as const), at: fc.nat(),
        text: fc.tuple(fc.nat({ max: texts.length - 1 }), fc.nat(), fc.integer({ min: 1, max: 120 })).map(([i, start, length]) => {
            const source = texts[i];
            const from = start % source.length;
            return source.slice(from, from + length);
        }),
    }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 80 }) }),
);

describe('language server robustness', () => {
    const file = join(SAMPLES, 'checkout.mesh');
    const uri = pathToFileURL(file).toString();
    const original = readFileSync(file, 'utf8');
    let client: StdioClient;
    let document: TextDocument;

    beforeAll(async () => {
        expect(inject('meshspecBuildError')).toBe('');
        client = StdioClient.start();
        await client.initialize(pathToFileURL(SAMPLES).toString());
        await client.open(uri, original);
        document = TextDocument.create(uri, 'mesh', 1, original);
        await client.waitForDiagnostics(uri);
    }, 60000);

    afterAll(async () => {
        await client?.stop();
    });

    it('answers on text nested as deep as it gets: 20,000 parentheses, a trigger of 20,000 terms', async () => {
        const deepUri = pathToFileURL(join(SAMPLES, 'deep-nesting.mesh')).toString();
        const terms = Array.from({ length: 20_000 }, (_, i) => `m${i} > 1`).join(' or ');
        const text = [
            'topic parens {', '  modes {', `    degraded <_, _, _, _, _, _> when ${'('.repeat(20_000)}lag > 5s${')'.repeat(20_000)}`, '  }', '}',
            'topic chain {', '  modes {', `    degraded <_, _, _, _, _, _> when ${terms}`, '  }', '}', '',
        ].join('\n');
        const lines = TextDocument.create(deepUri, 'mesh', 1, text);
        const since = performance.now();
        await client.open(deepUri, text);
        const published = await client.waitForDiagnostics(deepUri, () => true, 20000, since);
        expect(published.diagnostics.filter(d => d.code === 'syntax').map(d => d.message)).toEqual([expect.stringMatching(/parentheses nested more than 100 deep/)]);
        const textDocument = { uri: deepUri };
        const whole = { start: { line: 0, character: 0 }, end: lines.positionAt(text.length) };
        const requests: [string, unknown][] = [
            ['textDocument/hover', { textDocument, position: { line: 7, character: 60_000 } }],
            ['textDocument/hover', { textDocument, position: { line: 2, character: 30_000 } }],
            ['textDocument/definition', { textDocument, position: { line: 7, character: 60_000 } }],
            ['textDocument/references', { textDocument, position: { line: 7, character: 60_000 }, context: { includeDeclaration: true } }],
            ['textDocument/documentSymbol', { textDocument }],
            ['textDocument/semanticTokens/full', { textDocument }],
            ['textDocument/foldingRange', { textDocument }],
            ['textDocument/inlayHint', { textDocument, range: whole }],
            ['textDocument/formatting', { textDocument, options: { tabSize: 2, insertSpaces: true } }],
        ];
        for (const [method, params] of requests) {
            const answer = await Promise.race([
                client.request<unknown>(method, params),
                new Promise<'timeout'>(r => setTimeout(() => r('timeout'), 15000)),
            ]);
            expect(answer, method).not.toBe('timeout');
        }
        expect(client.alive).toBe(true);
        expect(client.log.filter(l => /failed|uncaught exception|unhandled rejection/.test(l))).toEqual([]);
    }, 180000);

    it('survives random edits, answering hover and publishing diagnostics after every batch', async () => {
        const baseline = (await client.waitForDiagnostics(uri)).diagnostics.map(d => `${d.code}@${d.range.start.line}`).sort();
        await fc.assert(fc.asyncProperty(fc.array(editArb, { minLength: 1, maxLength: 6 }), fc.nat(), async (edits, hoverAt) => {
            const changes: TextDocumentContentChangeEvent[] = [];
            for (const edit of edits) {
                const length = document.getText().length;
                const at = length === 0 ? 0 : edit.at % (length + 1);
                const change: TextDocumentContentChangeEvent = edit.kind === 'insert'
                    ? { range: { start: document.positionAt(at), end: document.positionAt(at) }, text: edit.text }
                    : { range: { start: document.positionAt(at), end: document.positionAt(Math.min(length, at + edit.length)) }, text: '' };
                document = TextDocument.update(document, [change], document.version + 1);
                changes.push(change);
            }
            const since = performance.now();
            await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: document.version }, contentChanges: changes });
            await client.waitForDiagnostics(uri, () => true, 15000, since);
            const position = document.positionAt(hoverAt % (document.getText().length + 1));
            const hover = await Promise.race([
                client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position }),
                new Promise<'timeout'>(r => setTimeout(() => r('timeout'), 10000)),
            ]);
            expect(hover).not.toBe('timeout');
            expect(client.alive).toBe(true);
        }), { numRuns: 30 });

        // Back to the original text: the same diagnostics as at the start.
        const since = performance.now();
        await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: document.version + 1 }, contentChanges: [{ text: original }] });
        const restored = await client.waitForDiagnostics(uri, () => true, 15000, since);
        expect(restored.diagnostics.map(d => `${d.code}@${d.range.start.line}`).sort()).toEqual(baseline);
        // A provider that threw is logged as "… failed"; none should have.
        expect(client.log.filter(l => /failed|uncaught exception|unhandled rejection/.test(l))).toEqual([]);
    }, 240000);
});
