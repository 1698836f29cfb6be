import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../server/src/checker/config.js';
import { check, config } from './helpers.js';

/** Configuration (`meshspec.json` rules) and suppression comments, applied to the rules. */

const SHARED = 'store db { engine postgres }\nservice a { writes db }\nservice b { writes db }';
const CHAIN = (n: number): string => Array.from({ length: n + 1 }, (_, i) => `service s${i} { ${i < n ? `calls s${i + 1}` : ''} }`).join('\n');

describe('severity configuration', () => {
    it('overrides a default severity', async () => {
        const before = await check(SHARED);
        expect(before.of('shared-store').map(d => d.severity)).toEqual(['warning']);
        const after = await check(SHARED, config({ 'shared-store': 'error' }));
        expect(after.of('shared-store').map(d => d.severity)).toEqual(['error']);
        const info = await check(SHARED, config({ 'shared-store': ['info'] }));
        expect(info.of('shared-store').map(d => d.severity)).toEqual(['info']);
    });

    it('"off" removes the rule\'s diagnostics and nothing else', async () => {
        const text = SHARED + '\nservice t1 { tracing  calls x }\nservice x { calls t2 }\nservice t2 { tracing }';
        const on = await check(text);
        expect(on.of('untraced-hop')).toHaveLength(1);
        const off = await check(text, config({ 'untraced-hop': 'off' }));
        expect(off.of('untraced-hop')).toEqual([]);
        expect(off.of('shared-store')).toHaveLength(1);
    });
});

describe('sync-chain-depth option max', () => {
    it('defaults to 5', async () => {
        expect((await check(CHAIN(5))).of('sync-chain-depth')).toEqual([]);
        expect((await check(CHAIN(6))).of('sync-chain-depth').map(d => d.message)).toEqual([
            'synchronous call chain of depth 6 exceeds 5: s0 → s1 → s2 → s3 → s4 → s5 → s6',
        ]);
    });

    it('reports chains deeper than the configured max, with the severity given', async () => {
        const result = await check(CHAIN(3), config({ 'sync-chain-depth': ['error', { max: 2 }] }));
        expect(result.of('sync-chain-depth').map(d => [result.textOf(d), d.severity, d.message])).toEqual([
            ['s1', 'error', 'synchronous call chain of depth 3 exceeds 2: s0 → s1 → s2 → s3'],
        ]);
        expect((await check(CHAIN(3), config({ 'sync-chain-depth': ['warning', { max: 3 }] }))).of('sync-chain-depth')).toEqual([]);
        expect((await check(CHAIN(7), config({ 'sync-chain-depth': ['warning', { max: 10 }] }))).of('sync-chain-depth')).toEqual([]);
    });

    it('rejects an invalid max', () => {
        expect(parseConfig({ rules: { 'sync-chain-depth': ['warning', { max: 0 }] } }, 'meshspec.json')).toEqual({ ok: false, error: "meshspec.json: rule 'sync-chain-depth': invalid value for option 'max'" });
    });
});

describe('suppression comments', () => {
    it('mesh-disable-next-line suppresses the rule on the next code line', async () => {
        const result = await check('// mesh-disable-next-line shared-store\nstore db { engine postgres }\nservice a { writes db }\nservice b { writes db }');
        expect(result.of('shared-store')).toEqual([]);
        expect(result.of('unused-suppression')).toEqual([]);
    });

    it('several ids in one comment', async () => {
        const result = await check('// mesh-disable-next-line missing-owner, shared-store\ndomain d {\n  store db { engine postgres }\n}\nservice a { writes db }\nservice b { writes db }');
        expect(result.of('missing-owner')).toEqual([]);
        // shared-store is on the store's own line, not the domain's: that id suppressed nothing.
        expect(result.of('shared-store')).toHaveLength(1);
        expect(result.of('unused-suppression').map(d => [result.textOf(d), d.message])).toEqual([['shared-store', 'suppression of shared-store suppressed nothing']]);
    });

    it('mesh-disable suppresses the rule for the rest of the file only', async () => {
        const result = await check([
            'dataproduct early { lag 1m }\n// mesh-disable missing-owner\ndataproduct a { lag 1m }\ndataproduct b { lag 1m }',
            'dataproduct c { lag 1m }',
        ]);
        expect(result.of('missing-owner').map(d => result.textOf(d))).toEqual(['early', 'c']);
        expect(result.of('unused-suppression')).toEqual([]);
    });

    it.each([
        ['in a string', 'service a { description "// mesh-disable missing-owner" }\ndataproduct q { lag 1m }'],
        ['in a string, on the line before', 'service a { description "x" } // a "// mesh-disable-next-line missing-owner" in a comment is not one either\nservice b { description "// mesh-disable-next-line missing-owner" }\ndataproduct q { lag 1m }'],
        ['in a block comment', '/* // mesh-disable missing-owner */\ndataproduct q { lag 1m }'],
        ['in a block comment over lines', '/*\n  // mesh-disable missing-owner\n*/\ndataproduct q { lag 1m }'],
    ])('text that only looks like a suppression comment suppresses nothing: %s', async (_name, text) => {
        const result = await check(text);
        expect(result.of('missing-owner').map(d => result.textOf(d))).toEqual(['q']);
        expect(result.of('unused-suppression')).toEqual([]);
    });

    it('a suppression after code and after a string on its line still counts', async () => {
        const result = await check('service a { description "a \\" quote" } // mesh-disable missing-owner\ndataproduct q { lag 1m }');
        expect(result.of('missing-owner')).toEqual([]);
        expect(result.of('unused-suppression')).toEqual([]);
    });

    it('an unused suppression is reported on its id, as a warning (configurable)', async () => {
        const text = 'service a { }\n// mesh-disable-next-line sync-cycle\nservice b { }';
        const result = await check(text);
        expect(result.of('unused-suppression').map(d => [result.textOf(d), d.severity, d.range.start.line])).toEqual([['sync-cycle', 'warning', 1]]);
        expect((await check(text, config({ 'unused-suppression': 'off' }))).of('unused-suppression')).toEqual([]);
        expect((await check(text, config({ 'unused-suppression': 'error' }))).of('unused-suppression').map(d => d.severity)).toEqual(['error']);
    });

    it('counts lines as the editor does, with \\r\\n and lone \\r line ends too', async () => {
        for (const eol of ['\r\n', '\r']) {
            // The next code line is three lines down, past a blank line and a comment.
            const text = ['// mesh-disable-next-line shared-store', '', '// the one store', 'store db { engine postgres }', 'service a { writes db }', 'service b { writes db }'].join(eol);
            const result = await check(text);
            expect(result.of('shared-store'), JSON.stringify(eol)).toEqual([]);
            expect(result.of('unused-suppression'), JSON.stringify(eol)).toEqual([]);
            const unused = await check(['service a { }', '// mesh-disable-next-line sync-cycle', 'service b { }'].join(eol));
            expect(unused.of('unused-suppression').map(d => [unused.textOf(d), d.range]), JSON.stringify(eol))
                .toEqual([['sync-cycle', { start: { line: 1, character: 26 }, end: { line: 1, character: 36 } }]]);
        }
    });

    it('an unknown rule id suppresses nothing: unused-suppression (a warning) on the id, with did-you-mean', async () => {
        const result = await check('// mesh-disable-next-line no-such-rule, shared-stor\n' + SHARED);
        expect(result.of('unused-suppression').map(d => [result.textOf(d), d.severity, d.message, d.data])).toEqual([
            ['no-such-rule', 'warning', "'no-such-rule' is not a rule id, so this suppression suppresses nothing", undefined],
            ['shared-stor', 'warning', "'shared-stor' is not a rule id, so this suppression suppresses nothing; did you mean 'shared-store'?", { suggestion: 'shared-store' }],
        ]);
        expect(result.of('invalid-value')).toEqual([]);
        // It suppressed nothing: the finding it may have meant stays.
        expect(result.of('shared-store')).toHaveLength(1);
    });

    it('a suppression comment without an id suppresses nothing: unused-suppression on the comment', async () => {
        for (const comment of ['// mesh-disable-next-line', '// mesh-disable']) {
            const result = await check(`${comment}\n${SHARED}`);
            expect(result.of('unused-suppression').map(d => [result.textOf(d), d.message])).toEqual([[comment, 'suppression comment names no rule id, so it suppresses nothing']]);
            expect(result.of('shared-store')).toHaveLength(1);
        }
        // Not a suppression comment at all: another word that starts the same.
        expect((await check(`// mesh-disabled for now\n${SHARED}`)).of('unused-suppression')).toEqual([]);
    });

    it('a suppression of a rule turned off in configuration has nothing left to suppress', async () => {
        const result = await check('// mesh-disable-next-line shared-store\n' + SHARED, config({ 'shared-store': 'off' }));
        expect(result.of('unused-suppression').map(d => result.textOf(d))).toEqual(['shared-store']);
    });
});
