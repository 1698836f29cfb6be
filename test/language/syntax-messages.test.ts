import { describe, expect, it } from 'vitest';
import { check } from '../helpers.js';

/** The `syntax` messages of a snippet, in order. */
async function syntaxMessages(text: string): Promise<string[]> {
    return (await check(text)).diagnostics.filter(d => d.code === 'syntax').map(d => d.message);
}

describe('syntax messages: one wording, the found text quoted once, no full stop', () => {
    it.each([
        ['text after the last element', 'xyz', ["expected end of file but found 'xyz'"]],
        ['a token where a brace belongs', 'service q { x }', ["expected '}' but found 'x'"]],
        ['the end of the file', 'service a {', ["expected '}' but found end of file"]],
        ['a missing name', 'service a { calls }', ["unexpected input: found '}'"]],
        ['a token type named plainly', 'service a { latency p99 }', ["expected a duration (e.g. 250ms, 5s) but found '}'"]],
        ['an unterminated comment (a lexer error)', 'service a { }\n/* open', ['unexpected character "/*"', "expected end of file but found 'open'"]],
        ['a token of megabytes, shortened', 'a'.repeat(300_000), [`expected end of file but found '${'a'.repeat(40)}…'`]],
        ['a character no token starts with, shortened', `service a { }\n${'@'.repeat(100)}`, [`unexpected character ${JSON.stringify('@'.repeat(20) + '…')}`]],
    ])('%s', async (_name, text, expected) => {
        expect(await syntaxMessages(text)).toEqual(expected);
    });
});
