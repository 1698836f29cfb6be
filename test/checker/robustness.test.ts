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

    it.each([
        [100, []],
        [101, ['syntax']],
        [20_000, ['syntax']],
    ])('takes %i nested parentheses in a trigger, reporting those deeper than 100', async (depth, syntax) => {
        const text = `topic t {\n  modes {\n    degraded <_, _, _, _, _, _> when ${'('.repeat(depth)}lag > 5s${')'.repeat(depth)}\n  }\n}\n`;
        const result = await check(text);
        expect(result.codes().filter(c => c === 'syntax')).toEqual(syntax);
        const tooDeep = result.diagnostics.find(d => d.code === 'syntax');
        if (tooDeep) {
            expect(tooDeep.message).toMatch(/parentheses nested more than 100 deep/);
            // At the first parenthesis too deep: the 101st.
            expect(tooDeep.range.start).toEqual({ line: 2, character: text.split('\n')[2].indexOf('(') + 100 });
        }
    });

    it('checks a trigger of 20,000 terms (an AST that deep) without a syntax error', async () => {
        const terms = Array.from({ length: 20_000 }, (_, i) => `m${i} > 1`).join(' or ');
        const result = await check(`topic t {\n  modes {\n    degraded <_, _, _, _, _, _> when ${terms}\n  }\n}\n`);
        expect(result.codes()).not.toContain('syntax');
        expect(result.diagnostics.every(d => !/internal error/.test(d.message))).toBe(true);
    });

    it('survives a calls clause without a target', async () => {
        const result = await check('service b {\n  calls\n}');
        expect(result.codes()).toEqual(['syntax']);
    });
});
