import { describe, expect, it } from 'vitest';
import { lineIndexAt, lineStarts, positionIn } from '../../server/src/language/lines.js';

describe('lineStarts: where each line after the first starts', () => {
    const cases: [string, string, number[]][] = [
        ['no text', '', []],
        ['one line without an end', 'abc', []],
        ['\\n line ends', 'a\nbc\n\nd', [2, 5, 6]],
        ['a \\n at the very start', '\nx', [1]],
        ['\\r\\n line ends count once', 'a\r\nb\r\n', [3, 6]],
        ['a lone \\r ends a line', 'a\rb', [2]],
        ['all three mixed', 'a\nb\r\nc\rd', [2, 5, 7]],
        ['a \\r at the very end', 'a\r', [2]],
        ['non-ASCII text', '⟨a⟩\n⟨b⟩', [4]],
    ];
    it.each(cases)('%s', (_what, text, expected) => {
        expect(lineStarts(text)).toEqual(expected);
    });
});

describe('lineIndexAt: the 0-based line holding an offset', () => {
    const text = 'ab\ncd\r\nef\rg';
    const cases: [number, number][] = [[0, 0], [2, 0], [3, 1], [5, 1], [6, 1], [7, 2], [9, 2], [10, 3], [11, 3]];
    it.each(cases)('offset %i is on line %i', (offset, line) => {
        expect(lineIndexAt(lineStarts(text), offset)).toBe(line);
    });
    it('is line 0 everywhere in a text without line ends', () => {
        expect(lineIndexAt([], 5)).toBe(0);
    });
});

describe('positionIn: the 0-based line and character of an offset', () => {
    const text = 'ab\ncd\r\nef\rg';
    const cases: [number, number, number][] = [[0, 0, 0], [2, 0, 2], [3, 1, 0], [6, 1, 3], [7, 2, 0], [10, 3, 0], [11, 3, 1]];
    it.each(cases)('offset %i is line %i, character %i', (offset, line, character) => {
        expect(positionIn(lineStarts(text), offset)).toEqual({ line, character });
    });
});
