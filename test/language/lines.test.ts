import { describe, expect, it } from 'vitest';
import { lineStarts } from '../../server/src/language/lines.js';

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
