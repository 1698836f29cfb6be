import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { check } from '../helpers.js';

const SAMPLES = new URL('../../samples/', import.meta.url);
const texts = readdirSync(SAMPLES).filter(f => f.endsWith('.mesh')).sort().map(f => readFileSync(new URL(f, SAMPLES), 'utf8'));

/** An edit: delete a span, or insert a fragment (often half a construct) at some offset. */
const edit = fc.record({
    file: fc.nat(),
    at: fc.nat(),
    deleteLength: fc.nat({ max: 40 }),
    insert: fc.oneof(
        fc.constant(''),
        fc.constantFrom('{', '}', '<', '>', '⟨', ',', 'calls', 'requires <_, ', 'modes {', 'operation', '"', '/*', 'from', '.', 'per', 'breaker(', '99.9%', '5s', 'service x {'),
        fc.string({ maxLength: 8 }),
    ),
});

function apply(files: string[], e: { file: number; at: number; deleteLength: number; insert: string }): string[] {
    const copy = [...files];
    const i = e.file % copy.length;
    const text = copy[i];
    const at = text.length === 0 ? 0 : e.at % text.length;
    copy[i] = text.slice(0, at) + e.insert + text.slice(at + e.deleteLength);
    return copy;
}

describe('checker robustness', () => {
    it('never throws and never reports an internal error on mangled samples', async () => {
        expect(texts.length).toBeGreaterThan(0);
        await fc.assert(fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 6 }), async (edits) => {
            const files = edits.reduce(apply, texts);
            const result = await check(files);
            for (const d of result.diagnostics) {
                expect(d.message).not.toMatch(/internal error/);
                expect(d.range.start.line).toBeGreaterThanOrEqual(0);
            }
        }), { numRuns: 60, seed: 20261124 });
    });

    it('survives a calls clause without a target', async () => {
        const result = await check('service b {\n  calls\n}');
        expect(result.codes()).toEqual(['syntax']);
    });
});
