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

const words = ['file:///w/a.mesh', 'file:///w/B.mesh', 'file:///w/b.mesh', 'file:///w/é.mesh', 'file:///w/e\u0301.mesh', 'file:///w/a-b.mesh', 'file:///w/ab.mesh', 'file:///w/a_b.mesh'];
const diagnosticArb = fc.record({
    uri: fc.constantFrom(...words),
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

    it('sorts a table of diagnostics as localeCompare does', () => {
        const table = words.flatMap((uri, i) => [3, 0].map(line => fc.sample(diagnosticArb, { numRuns: 1, seed: i * 7 + line })[0]).map(d => ({ ...d, uri })));
        expect(table.slice().sort(compareDiagnostics).map(d => `${d.uri} ${d.range.start.line} ${d.code} ${d.message}`))
            .toEqual(table.slice().sort(byLocaleCompare).map(d => `${d.uri} ${d.range.start.line} ${d.code} ${d.message}`));
        // Locale order, not code-unit order: `a` comes before `B`.
        const sorted = table.slice().sort(compareDiagnostics).map(d => d.uri);
        expect(sorted.indexOf('file:///w/a.mesh')).toBeLessThan(sorted.indexOf('file:///w/B.mesh'));
    });
});
