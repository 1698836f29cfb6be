import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { closest, editDistance } from '../../server/src/checker/names.js';

/** The textbook definition, every cell computed. */
function reference(a: string, b: string): number {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
    for (let i = 1; i <= x.length; i++) {
        const row = [i];
        for (let j = 1; j <= y.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
        prev = row;
    }
    return prev[y.length];
}

describe('editDistance', () => {
    it.each([
        ['kitten', 'sitting', 3],
        ['orders-api', 'orders-apl', 1],
        ['Payments', 'payments', 0],
        ['', 'abc', 3],
        ['abc', '', 3],
        ['flaw', 'lawn', 2],
    ])('%s → %s is %i', (a, b, d) => {
        expect(editDistance(a, b)).toBe(d);
        expect(editDistance(b, a)).toBe(d);
    });

    it('equals the full computation within the limit, and is limit + 1 beyond it', () => {
        const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'A', '-'), maxLength: 12 });
        fc.assert(fc.property(word, word, fc.option(fc.nat({ max: 5 }), { nil: undefined }), (a, b, limit) => {
            const exact = reference(a, b);
            const bounded = editDistance(a, b, limit);
            if (limit === undefined || exact <= limit) expect(bounded).toBe(exact);
            else expect(bounded).toBe(limit + 1);
        }), { numRuns: 3000 });
    });
});

describe('closest', () => {
    it('suggests the nearest candidate within a third of the name, at most 3 edits, ties by name', () => {
        expect(closest('orders-apl', ['orders-api', 'order-apps', 'payments'])).toBe('orders-api');
        expect(closest('paymnts', ['payments', 'paymentz'])).toBe('payments');
        expect(closest('xyz', ['payments'])).toBeUndefined();
        expect(closest('orders-api', ['orders-api'])).toBeUndefined();
    });

    it('compares long names along the diagonal only: a name of 200,000 characters against a near miss', () => {
        const name = 'a'.repeat(200_000);
        expect(closest(name, [`${name.slice(1)}b`, 'a'])).toBe(`${name.slice(1)}b`);
    });
});
