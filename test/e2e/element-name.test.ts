import { describe, expect, it } from 'vitest';
import { isInLineComment, qualifiedNameAt } from '../../client/src/element-name.js';

/** Cursor marker `|` in a line → [line without the marker, cursor column]. */
function at(marked: string): [string, number] {
    const i = marked.indexOf('|');
    return [marked.slice(0, i) + marked.slice(i + 1), i];
}

describe('qualifiedNameAt (the element "Explain Element" and "Show in graph" act on)', () => {
    it.each([
        ['  calls pay|ments.charge timeout 2s', 'payments'],
        ['  calls payments.cha|rge timeout 2s', 'payments.charge'],
        ['  calls payments.charge| timeout 2s', 'payments.charge'],
        ['service |orders-api {', 'orders-api'],
        ['service orders-a|pi {', 'orders-api'],
        ['service orders-api| {', 'orders-api'],
        ['  route "/x" -> orders-api.get|Order', 'orders-api.getOrder'],
        ['policy p { allow a|->b }', 'a'],
        ['policy p { allow a->|b }', 'b'],
        ['  members a, b|, c', 'b'],
    ])('%s → %s', (marked, expected) => {
        expect(qualifiedNameAt(...at(marked))).toBe(expected);
    });

    it.each([
        ['service x {  |  }'],
        ['  provides <_, _, _, BS(5s), _, Auth> |'],
        ['|'],
    ])('finds no name in %s', (marked) => {
        expect(qualifiedNameAt(...at(marked))).toBeUndefined();
    });
});

describe('isInLineComment', () => {
    it('is true only after //', () => {
        expect(isInLineComment(...at('calls a // see b|'))).toBe(true);
        expect(isInLineComment(...at('calls a| // see b'))).toBe(false);
        expect(isInLineComment(...at('calls |a'))).toBe(false);
    });
});
