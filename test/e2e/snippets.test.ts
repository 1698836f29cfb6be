import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseErrors } from '../helpers.js';

// Every snippet, expanded with its default placeholder values, must parse: a snippet that
// inserts a syntax error teaches the wrong language.
const snippets: Record<string, { prefix: string; body: string[]; description: string }> = JSON.parse(
    readFileSync(fileURLToPath(new URL('../../client/snippets/mesh.json', import.meta.url)), 'utf8'));

/** TextMate snippet syntax → its default text: `${1:x}` → x, `${1|a,b|}` → a, `$0` → ''. */
function expand(body: string[]): string {
    let text = body.join('\n').replace(/\t/g, '    ');
    for (let previous = ''; previous !== text;) {
        previous = text;
        text = text.replace(/\$\{\d+:([^${}]*)\}/g, '$1').replace(/\$\{\d+\|([^,|]*)[^|]*\|\}/g, '$1');
    }
    return text.replace(/\$\d+/g, '');
}

/** Snippets of clauses, not declarations, are checked inside a declaration that admits them. */
const CONTAINERS: Record<string, (body: string) => string> = {
    operation: (b) => `service s {\n${b}\n}`,
    calls: (b) => `service s {\n${b}\n}`,
    consumes: (b) => `service s {\n${b}\n}`,
    modes: (b) => `service s {\n${b}\n}`,
    'route split': (b) => `gateway g {\n${b}\n}`,
    'disable next line': (b) => `${b}\nservice s {}`,
};

describe('snippets', () => {
    it('cover every element kind, the modes block and calls with resilience clauses', () => {
        const prefixes = Object.values(snippets).map(s => s.prefix);
        expect(prefixes).toEqual(expect.arrayContaining(['service', 'client', 'store', 'topic', 'dataproduct', 'gateway', 'saga',
            'schema', 'mesh', 'policy', 'guarantee', 'domain', 'modes', 'calls']));
        expect(snippets.calls.body.join(' ')).toMatch(/timeout.*retries.*backoff.*breaker.*fallback/s);
    });

    it('have a description each', () => {
        expect(Object.entries(snippets).filter(([, s]) => !s.description).map(([n]) => n)).toEqual([]);
    });

    it.each(Object.keys(snippets))('%s parses when expanded with its defaults', async (name) => {
        const body = expand(snippets[name].body);
        const text = (CONTAINERS[name] ?? ((b: string) => b))(body);
        expect(await parseErrors(text), text).toEqual([]);
    });
});
