import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEdits, formatMesh } from '../../server/src/format/formatter.js';
import { allTokens, astShape, comments, parse } from './ast-shape.js';

const SAMPLES = resolve(import.meta.dirname, '..', '..', 'samples');
const sampleFiles = readdirSync(SAMPLES).filter(f => f.endsWith('.mesh')).sort();

function format(text: string): string {
    const result = formatMesh(text);
    if (!result.ok) throw new Error(`not formatted: ${JSON.stringify(result.errors)}`);
    return result.text;
}

/** The properties every formatting must have: same model, idempotent, comments kept in order. */
function expectSound(input: string): string {
    const output = format(input);
    expect(parse(output).parserErrors).toEqual([]);
    expect(astShape(parse(output).value)).toEqual(astShape(parse(input).value));
    expect(format(output)).toBe(output);
    expect(comments(output)).toEqual(comments(input));
    return output;
}

describe('formatter on the samples', () => {
    it('finds the samples', () => {
        expect(sampleFiles.length).toBeGreaterThan(0);
    });

    for (const file of sampleFiles) {
        it(`keeps the model and comments of ${file} and is idempotent`, () => {
            const input = readFileSync(join(SAMPLES, file), 'utf8');
            const output = expectSound(input);
            // The canonical style: 2-space indentation, no trailing blanks, one final newline.
            for (const line of output.split('\n')) {
                expect(line).not.toMatch(/[ \t]$/);
                expect(/^ */.exec(line)![0].length % 2).toBe(0);
            }
            expect(output.endsWith('\n') && !output.endsWith('\n\n')).toBe(true);
        });
    }
});

describe('formatter style', () => {
    const cases: [string, string, string][] = [
        ['one member per line, 2-space indentation',
            'service a{owner "x" description "y"\noperation op idempotent}',
            'service a {\n  owner "x"\n  description "y"\n  operation op idempotent\n}\n'],
        ['single spaces; glued vectors, arguments and qualified names',
            'service a {  calls   b . y   requires ⟨ _ , _,_, BS( 5s ) , _, Auth( mTLS + jwt ) ⟩  }',
            'service a {\n  calls b.y requires ⟨_, _, _, BS(5s), _, Auth(mTLS+jwt)⟩\n}\n'],
        ['a clause on its own line continues its member, 4 spaces deeper',
            'service a {\ncalls b.y timeout 2s\n   retries 3\n}',
            'service a {\n  calls b.y timeout 2s\n      retries 3\n}\n'],
        ['breaker blocks stay on one line',
            'service a { calls b.y breaker {errors 5\n within 30s} }',
            'service a {\n  calls b.y breaker { errors 5 within 30s }\n}\n'],
        ['nested blocks indent per level; empty blocks close at once',
            'domain d owner "o" { service a { modes { target <Local, None, None, Stale, None, None>\nfloor <Local, None, None, Stale, None, None> when error_rate > 50% } } client c { } }',
            'domain d owner "o" {\n  service a {\n    modes {\n      target <Local, None, None, Stale, None, None>\n      floor <Local, None, None, Stale, None, None> when error_rate > 50%\n    }\n  }\n  client c {}\n}\n'],
        ['principals and schema fields',
            'dataproduct p { access { allow group : eu read masked deny user:x } }\nschema S v1 { a : uuid , b:int = 5 pii }',
            'dataproduct p {\n  access {\n    allow group:eu read masked\n    deny user:x\n  }\n}\nschema S v1 {\n  a: uuid,\n  b: int = 5 pii\n}\n'],
        ['names of the form v<digits> and schema versions',
            'service v1{operation v2 idempotent}\nschema v1 v2 compatibility full{v3:v4=v5 pii,v6:int}\ntopic t{schema v1 v2}',
            'service v1 {\n  operation v2 idempotent\n}\nschema v1 v2 compatibility full {\n  v3: v4 = v5 pii,\n  v6: int\n}\ntopic t {\n  schema v1 v2\n}\n'],
        ['at most one blank line between members, none at the edges of a block',
            '\n\nservice a {\n\n\n  owner "x"\n\n\n\n  region r\n\n}\n\n\n\nservice b {}\n\n',
            'service a {\n  owner "x"\n\n  region r\n}\n\nservice b {}\n'],
        ['comments stay where they are; consecutive trailing comments align',
            '// head\nservice a { // opens\n  /* block */ owner "x" // who\n  region eu // where\n  // own line\n}\n// tail',
            '// head\nservice a { // opens\n  /* block */ owner "x" // who\n  region eu             // where\n  // own line\n}\n// tail\n'],
        ['semicolons stay (they can change the model) but glue to their member',
            'service a { operation x ; latency p99 5ms }',
            'service a {\n  operation x;\n  latency p99 5ms\n}\n'],
        ['routes, splits and triggers',
            'gateway g { route "/a/*" -> s.op timeout 5s cache 60s auth jwt ratelimit 100/min\nroute "/b" split b-v1 90%,b-v2 10% }',
            'gateway g {\n  route "/a/*" -> s.op timeout 5s cache 60s auth jwt ratelimit 100/min\n  route "/b" split b-v1 90%, b-v2 10%\n}\n'],
    ];
    for (const [name, input, expected] of cases) {
        it(name, () => {
            expect(format(input)).toBe(expected);
            expectSound(input);
        });
    }

    it('keeps CRLF line endings', () => {
        const output = format('service a {\r\n owner "x"\r\n}\r\n');
        expect(output).toBe('service a {\r\n  owner "x"\r\n}\r\n');
    });

    it('formats a file with \\r\\n or lone \\r line ends as with \\n, keeping its line ends', () => {
        for (const file of sampleFiles) {
            const lf = format(readFileSync(join(SAMPLES, file), 'utf8').replace(/\r\n?/g, '\n'));
            for (const eol of ['\r\n', '\r']) {
                expect(format(lf.replace(/\n/g, eol)), `${file} ${JSON.stringify(eol)}`).toBe(lf.replace(/\n/g, eol));
                // Layout is line-end blind: the unformatted text comes out the same too.
                expect(format(readFileSync(join(SAMPLES, file), 'utf8').replace(/\r?\n/g, eol)), `${file} ${JSON.stringify(eol)}`).toBe(lf.replace(/\n/g, eol));
            }
        }
    });

    it('keeps a byte order mark', () => {
        expect(format('\uFEFFservice a {\n      owner "x"\n}\n')).toBe('\uFEFFservice a {\n  owner "x"\n}\n');
        expect(format('\uFEFF// only a comment\n')).toBe('\uFEFF// only a comment\n');
        expect(format('\uFEFF')).toBe('\uFEFF');
    });

    it('formats an empty file to an empty file', () => {
        expect(format('')).toBe('');
        expect(format('  \n\n')).toBe('');
    });

    it('keeps a file that is only comments', () => {
        expect(format('// a\n\n\n/* b */\n')).toBe('// a\n\n/* b */\n');
    });
});

describe('formatter edits', () => {
    it('reports no edits for formatted text', () => {
        const result = formatMesh('service a {\n  owner "x"\n}\n');
        expect(result.ok && result.changed).toBe(false);
        expect(result.ok && result.edits).toEqual([]);
    });

    it('edits only whitespace between tokens, and the edits reproduce the text', () => {
        const input = 'service a{owner "x"  region  r}';
        const result = formatMesh(input);
        if (!result.ok) throw new Error('not ok');
        for (const e of result.edits) expect(input.slice(e.start, e.end).trim()).toBe('');
        expect(applyEdits(input, result.edits)).toBe(result.text);
    });

    it('formats a trigger of 20,000 terms, an AST that deep, as it formats a short one', () => {
        const trigger = (n: number) => Array.from({ length: n }, (_, i) => `m${i} > 1`).join('  or ');
        const input = (n: number) => `topic t {\nmodes {\ndegraded <_, _, _, _, _, _>  when ${trigger(n)}\n}\n}\n`;
        const expected = (n: number) => `topic t {\n  modes {\n    degraded <_, _, _, _, _, _> when ${trigger(n).replaceAll('  or', ' or')}\n  }\n}\n`;
        expect(format(input(3))).toBe(expected(3));
        expect(format(input(20_000))).toBe(expected(20_000));
    });

    it('range formatting touches only the range', () => {
        const input = 'service a {owner  "x"}\nservice b {owner  "y"}\n';
        const start = input.indexOf('service b');
        const result = formatMesh(input, { range: { start, end: input.length } });
        if (!result.ok) throw new Error('not ok');
        expect(result.text).toBe('service a {owner  "x"}\nservice b {\n  owner "y"\n}\n');
    });
});

describe('formatter on broken input', () => {
    it('refuses text with syntax errors, with located errors', () => {
        const result = formatMesh('service a {\n  calls b.y timeout\n');
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.errors[0]).toMatchObject({ line: 2, column: 20 });
        expect(result.errors[0].message).toBe('expected a duration (e.g. 250ms, 5s) but found end of file');
    });

    it('locates errors by the editor\'s lines, with \\r\\n and lone \\r line ends too', () => {
        for (const eol of ['\r\n', '\r']) {
            const result = formatMesh(['service a {', '  owner "x"', '  calls b.y timeout', ''].join(eol));
            expect(result.ok).toBe(false);
            if (result.ok) return;
            expect(result.errors[0], JSON.stringify(eol)).toMatchObject({ line: 3, column: 20 });
        }
    });

    it('refuses text with lexer errors, naming them as check does', () => {
        const result = formatMesh('service a { owner "x" } 😀');
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.errors).toEqual([{ line: 1, column: 25, message: 'unexpected character "😀"' }]);
    });

    it('locates 100,000 lexer errors in one pass over the text (each used to split all the text before it)', () => {
        const result = formatMesh('§\n'.repeat(100_000));
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.errors).toHaveLength(100_000);
        expect(result.errors[99_999]).toEqual({ line: 100_000, column: 1, message: 'unexpected character "§"' });
    });
});

describe('formatter properties', () => {
    // Any whitespace between the tokens of a sample lexes to the same tokens, so it must
    // format to a text with the same model and comments, and formatting must be idempotent.
    const sources = sampleFiles.map(f => readFileSync(join(SAMPLES, f), 'utf8'));
    it('re-spaced samples keep their model and comments', () => {
        fc.assert(fc.property(
            fc.integer({ min: 0, max: sources.length - 1 }),
            fc.array(fc.constantFrom(' ', '  ', '\n', '\n\n\n', '\t', ' \n    '), { minLength: 1, maxLength: 64 }),
            (which, gapChoices) => {
                const source = sources[which];
                const respaced = respace(source, gapChoices);
                expectSound(respaced);
            },
        ), { numRuns: 25 });
    });
});

/** The text's tokens (comments included) re-joined with the chosen gaps; a line comment always ends its line. */
function respace(text: string, gaps: readonly string[]): string {
    const tokens = allTokens(text);
    return tokens.map((t, i) => {
        const gap = i === tokens.length - 1 ? '\n' : gaps[i % gaps.length];
        return t.image + (t.comment === 'line' && !gap.includes('\n') ? '\n' : gap);
    }).join('');
}
