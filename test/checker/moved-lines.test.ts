import { describe, expect, it } from 'vitest';
import { movedLines } from '../../server/src/checker/incremental.js';

/** A range over whole lines `from`..`to` (0-based). */
const lines = (from: number, to: number) => ({ start: { line: from, character: 0 }, end: { line: to, character: 3 } });

const BEFORE = 'a\nb\nc\nd\ne\n';

describe('movedLines: which lines of a text an edit moved or changed', () => {
    const cases: [string, string, [number, number], boolean][] = [
        ['a value on line 2 changed', 'a\nb\nX\nd\ne\n', [2, 2], true],
        ['… so lines before it stay', 'a\nb\nX\nd\ne\n', [0, 1], false],
        ['… and, with as many lines, lines after it too', 'a\nb\nX\nd\ne\n', [3, 4], false],
        ['… a range across it moves', 'a\nb\nX\nd\ne\n', [1, 3], true],
        ['a line inserted after line 1: the rest moves', 'a\nb\nnew\nc\nd\ne\n', [3, 4], true],
        ['… the lines before it stay', 'a\nb\nnew\nc\nd\ne\n', [0, 1], false],
        ['a line removed: the rest moves', 'a\nb\nd\ne\n', [4, 4], true],
        ['a character longer on line 1 (same lines): line 3 stays', 'a\nbb\nc\nd\ne\n', [3, 3], false],
        ['nothing changed', BEFORE, [0, 4], false],
        ['text added at the end', `${BEFORE}f\n`, [0, 4], false],
        ['text added at the start: everything moves', `//\n${BEFORE}`, [4, 4], true],
        ['a lone \\r inserted (a line end too): the rest moves', 'a\nb\nc\rX\nd\ne\n', [4, 4], true],
        ['… the lines before it stay', 'a\nb\nc\rX\nd\ne\n', [0, 1], false],
    ];
    it.each(cases)('%s', (_what, after, [from, to], moved) => {
        expect(movedLines(BEFORE, after)(lines(from, to))).toBe(moved);
    });
});
