import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { MeshDiagnostic } from '../../server/src/checker/diagnostic.js';
import { compareDiagnostics } from '../../server/src/checker/diagnostic.js';

/** The order the checker's output promised before it kept one collator: `localeCompare` field by field. */
function byLocaleCompare(a: MeshDiagnostic, b: MeshDiagnostic): number {
    return a.uri.localeCompare(b.uri)
        || a.range.start.line - b.range.start.line
        || a.range.start.character - b.range.start.character
        || a.code.localeCompare(b.code)
        || a.message.localeCompare(b.message);
}

const URIS = ['file:///w/a.mesh', 'file:///w/B.mesh', 'file:///w/b.mesh', 'file:///w/é.mesh', 'file:///w/e\u0301.mesh', 'file:///w/a-b.mesh', 'file:///w/ab.mesh', 'file:///w/a_b.mesh'];
const diagnosticArb = fc.record({
    uri: fc.constantFrom(...URIS),
    line: fc.nat({ max: 3 }),
    character: fc.nat({ max: 3 }),
    code: fc.constantFrom('sync-cycle', 'syntax', 'Syntax', 'duplicate-name'),
    message: fc.constantFrom('a', 'B', 'b', 'ä', 'a b', ''),
}).map(d => ({
    uri: d.uri,
    range: { start: { line: d.line, character: d.character }, end: { line: d.line, character: d.character + 1 } },
    severity: 'error',
    code: d.code,
    message: d.message,
    related: [],
}) as MeshDiagnostic);

describe('compareDiagnostics', () => {
    it('orders by file, line, column, rule and message, each text in the default locale\'s order', () => {
        fc.assert(fc.property(diagnosticArb, diagnosticArb, (a, b) => {
            expect(Math.sign(compareDiagnostics(a, b))).toBe(Math.sign(byLocaleCompare(a, b)));
        }), { numRuns: 2000 });
    });

    it('sorts files in locale order, not code-unit order', () => {
        const at = (uri: string, line: number): MeshDiagnostic => ({
            uri, range: { start: { line, character: 0 }, end: { line, character: 1 } }, severity: 'error', code: 'syntax', message: 'm', related: [],
        });
        const table = [at('file:///w/b.mesh', 0), at('file:///w/B.mesh', 0), at('file:///w/a.mesh', 2), at('file:///w/a.mesh', 1), at('file:///w/é.mesh', 0)];
        const sorted = table.slice().sort(compareDiagnostics);
        expect(sorted).toEqual(table.slice().sort(byLocaleCompare));
        // `a` before `B` in every locale; code units would put `B` first.
        expect(sorted.map(d => `${d.uri.slice('file:///w/'.length)}:${d.range.start.line}`).slice(0, 2)).toEqual(['a.mesh:1', 'a.mesh:2']);
    });
});
