import { describe, expect, it } from 'vitest';
import { codeFrame } from '../../server/src/cli/reporters/pretty.js';
import { printable } from '../../server/src/cli/printable.js';

const range = (sl: number, sc: number, el: number, ec: number) => ({ start: { line: sl, character: sc }, end: { line: el, character: ec } });

/** Renders rows as the pretty reporter does, without colours. */
function frame(text: string, r: ReturnType<typeof range>): string[] {
    return codeFrame(text, r).map(row => `${row.gutter} | ${row.underline ?? row.text}`.trimEnd());
}

describe('code frames', () => {
    it('underlines a single-line range', () => {
        expect(frame('service a { calls nope.op }', range(0, 18, 0, 25))).toEqual([
            '1 | service a { calls nope.op }',
            '  |                   ^^^^^^^',
        ]);
    });

    it('shows a caret for an empty range, e.g. at the end of the file', () => {
        expect(frame('service a {\n', range(1, 0, 1, 0))).toEqual(['2 |', '  | ^']);
        expect(frame('service a {', range(0, 11, 0, 11))).toEqual(['1 | service a {', '  |            ^']);
    });

    it('underlines each line of a multi-line range and pads the gutter', () => {
        const text = Array.from({ length: 12 }, (_, i) => `line${i + 1}`).join('\n');
        expect(frame(text, range(8, 2, 9, 3))).toEqual([
            ' 9 | line9',
            '   |   ^^^',
            '10 | line10',
            '   | ^^^',
        ]);
    });

    it('elides the middle of a long range', () => {
        const text = 'a {\n  b\n  c\n  d\n  e\n  f\n}';
        expect(frame(text, range(0, 0, 6, 1))).toEqual([
            '1 | a {',
            '  | ^^^',
            '2 |   b',
            '  |   ^',
            '. |',
            '7 | }',
            '  | ^',
        ]);
    });

    it('does not show the next line for a range that ends at its start', () => {
        expect(frame('abc\ndef\n', range(0, 1, 1, 0))).toEqual(['1 | abc', '  |  ^^']);
    });

    it('expands tabs and replaces control characters, keeping the caret aligned', () => {
        expect(frame('\tx\x1b[31m y', range(0, 8, 0, 9))).toEqual([
            '1 |     x\uFFFD[31m y',
            '  |            ^',
        ]);
    });

    it('counts a surrogate pair as one column', () => {
        expect(frame('"🙂" x', range(0, 5, 0, 6))).toEqual(['1 | "🙂" x', '  |     ^']);
    });

    it('windows a very long line around the range', () => {
        const text = 'x'.repeat(500) + 'TARGET' + 'y'.repeat(500);
        const [line, underline] = frame(text, range(0, 500, 0, 506));
        expect(line.startsWith('1 | …')).toBe(true);
        expect(line.endsWith('…')).toBe(true);
        expect(line.length).toBeLessThan(130);
        const col = underline.indexOf('^');
        expect(line.slice(col, col + 6)).toBe('TARGET');
        expect(underline.slice(col)).toBe('^^^^^^');
    });

    it('clamps ranges that lie outside the text', () => {
        expect(frame('ab', range(5, 3, 5, 9))).toEqual(['1 | ab', '  |   ^']);
    });

    it('printable() neutralises terminal escapes and bidi overrides in messages', () => {
        expect(printable('a\x1b[2Jb\u202Ec\td')).toBe('a\uFFFD[2Jb\uFFFDc d');
    });
});
