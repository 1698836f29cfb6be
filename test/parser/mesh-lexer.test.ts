import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IToken, TokenType, TokenVocabulary } from 'chevrotain';
import { Lexer as ChevrotainLexer } from 'chevrotain';
import type { GrammarAST, LexerResult } from 'langium';
import { DefaultTokenBuilder, EmptyFileSystem, URI } from 'langium';
import { createLangiumGrammarServices } from 'langium/grammar';
import { createMeshCoreServices } from '../../server/src/language/mesh-module.js';
import { MeshLexer, fieldNamesBeforeColons } from '../../server/src/language/parser/mesh-lexer.js';
import { MeshTokenBuilder } from '../../server/src/language/parser/token-builder.js';

type Grammar = GrammarAST.Grammar;
import { generateWorkspace } from '../../scripts/bench-lib.mjs';

/*
 * MeshLexer (server/src/language/parser/mesh-lexer.ts) must produce exactly Chevrotain's
 * tokens for the grammar: types, images, offsets, lines and columns, hidden comments, and for
 * input it does not model, Chevrotain's own result (errors included). Each test lexes with both.
 */

const root = fileURLToPath(new URL('../..', import.meta.url));
const { Mesh } = createMeshCoreServices(EmptyFileSystem);
const meshLexer = Mesh.parser.Lexer;
// Chevrotain's lexer over the very same token types, wrapped as Langium's DefaultLexer wraps it,
// plus the one contextual keyword (a field named `pii`, tested below).
const types = meshLexer.definition;
const chevrotainLexer = new ChevrotainLexer(Object.values(types), { positionTracking: 'full' });
const chevrotain = {
    tokenize(text: string): LexerResult {
        const result = chevrotainLexer.tokenize(text);
        fieldNamesBeforeColons(result.tokens, types.pii, types[':'], types.ID);
        return { tokens: result.tokens, errors: result.errors, hidden: result.groups.hidden ?? [], report: { diagnostics: [] } };
    },
};

function meshFiles(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap(e => e.isDirectory() ? meshFiles(join(dir, e.name)) : e.name.endsWith('.mesh') ? [join(dir, e.name)] : []);
}

const SAMPLES = [...meshFiles(join(root, 'samples')), ...meshFiles(join(root, 'test/cli/fixtures'))].map(f => readFileSync(f, 'utf8'));
const GENERATED = generateWorkspace({ elements: 300, seed: 5 }).files.map(f => f.text);

/** Each token, hidden token and error as one line. */
function described(result: LexerResult): string[] {
    const token = (t: IToken) => JSON.stringify([t.tokenType.name, t.image, t.startOffset, t.endOffset, t.startLine, t.endLine, t.startColumn, t.endColumn, t.tokenTypeIdx, t.tokenType === meshLexer.definition[t.tokenType.name]]);
    return [
        ...result.tokens.map(token),
        'hidden:', ...result.hidden.map(token),
        'errors:', ...result.errors.map(e => JSON.stringify([e.offset, e.length, e.line, e.column, e.message])),
        `report: ${JSON.stringify(result.report)}`,
    ];
}

function expectSameTokens(text: string): void {
    const ours = described(meshLexer.tokenize(text));
    const theirs = described(chevrotain.tokenize(text));
    const at = ours.findIndex((line, i) => line !== theirs[i]);
    // The first differing line, not two whole token dumps.
    expect(at < 0 && ours.length === theirs.length ? undefined : `${JSON.stringify(text.slice(0, 200))}: ${ours[at]} vs ${theirs[at]}`).toBeUndefined();
}

/** Token-sized pieces, valid and not: every terminal, its near misses, odd characters and line ends. */
const PIECES = [
    'service', 'service-a', 'services', 'half-open', 'half-', 'half-open-x', 'Service', '_', '_x', 'a-b-c', 'a--b', 'x-',
    'v1', 'v12', 'v1-x', 'v1x', 'v1.2', 'vx', 'v', '5/s', '5/sec', '5/seconds', '10/minute', '5/', '5/x', '5.5/s',
    '12ms', '1.5s', '3m', '2h', '1d', '5mx', '5.ms', '5.5x', '1.5e3', '50%', '12.5%', '5.%', '3', '3.25', '55x', '0',
    '"str"', '"a\\"b"', '"\\\\"', '"unterminated', '"a\\', '"\u2028"', '"ü"', '""',
    '//', '// c', '/*', '*/', '/* a */', '/* a\r\n b\r c\n */', '/*/', '/**/', '/',
    '->', '-', '>=', '<=', '==', '>', '<', '=', ';', '{', '}', ',', ':', '+', '(', ')', '.', '⟨', '⟩',
    ' ', '\t', '\v', '\f', '\n', '\r', '\r\n', '\u00a0', '\ufeff', '\u2028', 'é', '@', '#', '$', '😀',
];

describe('MeshLexer', () => {
    it('is the Mesh language\'s lexer', () => {
        expect(meshLexer).toBeInstanceOf(MeshLexer);
    });

    it('produces Chevrotain\'s tokens for the samples and a generated workspace', () => {
        expect(SAMPLES.length).toBeGreaterThan(3);
        for (const text of [...SAMPLES, ...GENERATED]) expectSameTokens(text);
    });

    it('keeps producing Chevrotain\'s tokens while it learns more words than it keeps', () => {
        // It keeps each word once, and forgets them all at 65536 words: 150k distinct names,
        // keywords among them, fill it twice.
        const names = Array.from({ length: 200_000 }, (_, i) => `${['service', 'Auth', 'half-open', 'x'][i % 4]}${i % 4 === 0 ? '' : i.toString(36)} calls n${(i * 7919) % 1000}`);
        for (let from = 0; from < names.length; from += 50_000) expectSameTokens(names.slice(from, from + 50_000).join('\n'));
        // And again, with the table full of the words before.
        expectSameTokens(names.slice(0, 20_000).join(' '));
    });

    it('lexes valid input itself, without handing it to Chevrotain', () => {
        const fallback = vi.spyOn(ChevrotainLexer.prototype, 'tokenize');
        try {
            for (const text of [...SAMPLES, ...GENERATED, '12ms 1.5s 3m 2h 1d 5/s 10/minute 50% 12.5% 3.25 v2 half-open "a\\"b" ⟨ ⟩ /* c\r\n */ -> >= <= ==']) {
                expect(meshLexer.tokenize(text).errors).toEqual([]);
            }
            expect(fallback).not.toHaveBeenCalled();
            meshLexer.tokenize('service a @ {}');
            expect(fallback).toHaveBeenCalledTimes(1);
        } finally {
            fallback.mockRestore();
        }
    });

    it('produces Chevrotain\'s tokens, lines and columns for every terminal and its near misses', () => {
        for (const piece of PIECES) {
            for (const text of [piece, `a ${piece} b`, `${piece}\n${piece}x`, `\r\n ${piece}/* c\n */${piece}`]) expectSameTokens(text);
        }
    });

    it('produces Chevrotain\'s result for random sequences of pieces', () => {
        fc.assert(fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 12 }), fc.array(fc.constantFrom('', ' ', '\n'), { maxLength: 12 }), (pieces, gaps) => {
            expectSameTokens(pieces.map((p, i) => p + (gaps[i] ?? '')).join(''));
        }), { numRuns: 2000 });
    });

    it('produces Chevrotain\'s result for edited samples and arbitrary text', () => {
        fc.assert(fc.property(fc.nat({ max: SAMPLES.length - 1 }), fc.nat(), fc.string({ maxLength: 6 }), (sample, at, insert) => {
            const text = SAMPLES[sample];
            const offset = at % (text.length + 1);
            expectSameTokens(text.slice(0, offset) + insert + text.slice(offset));
        }), { numRuns: 300 });
        fc.assert(fc.property(fc.string({ maxLength: 40 }), text => expectSameTokens(text)), { numRuns: 500 });
    });

    it.each([
        ['a field named pii after a field', 'a: string\n  pii: string', ['ID']],
        ['with a comment before the colon', 'a: int pii /* c */ : bool', ['ID']],
        ['the flag, then a field named pii', 'a: string pii pii: int', ['pii', 'ID']],
        ['the flag before a brace', 'a: string pii }', ['pii']],
        ['the flag at the end of the text', 'a: string pii', ['pii']],
        ['a type named pii', 'a: pii b: int', ['pii']],
        ['the same with Chevrotain\'s lexer (a character the scanner leaves to it)', 'a: string\n pii: int @', ['ID']],
    ])('reads pii before a colon as a name: %s', (_name, text, expected) => {
        const { tokens } = meshLexer.tokenize(text);
        expect(tokens.filter(t => t.image === 'pii').map(t => [t.tokenType.name, t.tokenTypeIdx === t.tokenType.tokenTypeIdx])).toEqual(expected.map(name => [name, true]));
    });

    it('reports what it cannot lex with Chevrotain\'s errors, and still lexes the rest', () => {
        const result = meshLexer.tokenize('service a @ {\n  calls b\n}');
        expect(result.errors).toHaveLength(1);
        expect(result.errors[0]).toMatchObject({ offset: 10, line: 1, column: 11, length: 1 });
        expect(result.tokens.map(t => t.image)).toEqual(['service', 'a', '{', 'calls', 'b', '}']);
    });
});

describe('MeshTokenBuilder', () => {
    /** Each token type as one line: name, pattern, group, line breaks and longer alternatives. */
    function vocabulary(tokens: TokenVocabulary): string[] {
        return (tokens as TokenType[]).map(t => {
            const pattern = t.PATTERN instanceof RegExp ? `/${t.PATTERN.source}/${t.PATTERN.flags}` : typeof t.PATTERN === 'function' ? 'function' : String(t.PATTERN);
            const longer = ([] as TokenType[]).concat(t.LONGER_ALT ?? []).map(a => a.name).join(' ');
            return `${t.name} ${pattern} ${String(t.GROUP)} ${String(t.LINE_BREAKS)} [${longer}]`;
        });
    }

    async function langiumGrammar(text: string): Promise<Grammar> {
        const services = createLangiumGrammarServices(EmptyFileSystem).grammar;
        const document = services.shared.workspace.LangiumDocumentFactory.fromString(text, URI.parse(`memory:///g${text.length}.langium`));
        await services.shared.workspace.DocumentBuilder.build([document]);
        return document.parseResult.value as Grammar;
    }

    it('is the Mesh language\'s token builder', () => {
        expect(Mesh.parser.TokenBuilder).toBeInstanceOf(MeshTokenBuilder);
    });

    it('builds Langium\'s tokens for the Mesh grammar', () => {
        const ours = vocabulary(new MeshTokenBuilder().buildTokens(Mesh.Grammar));
        expect(ours.length).toBeGreaterThan(100);
        expect(ours).toEqual(vocabulary(new DefaultTokenBuilder().buildTokens(Mesh.Grammar)));
        // A keyword that is also a name has ID as its longer alternative; punctuation has none.
        expect(ours).toContain('service service undefined undefined [ID]');
        expect(ours).toContain('-> -> undefined undefined []');
    });

    it('builds Langium\'s tokens for keywords that several terminals or none can continue', async () => {
        const grammar = await langiumGrammar([
            'grammar G',
            'entry M: items+=Item*;',
            'Item: "v" v=VERSION | "ab" n=NUM | "a" x=ID | "5" n=NUM | "#" h=HASH | "if" "ifx" a=ID;',
            'hidden terminal WS: /\\s+/;',
            'terminal VERSION: /v[0-9]+/;',
            'terminal NUM: /[0-9]+(ms|s)?/;',
            'terminal HASH: /#[a-f]+/u;',
            'terminal ID: /[a-z]+/;',
        ].join('\n'));
        const ours = vocabulary(new MeshTokenBuilder().buildTokens(grammar));
        expect(ours).toEqual(vocabulary(new DefaultTokenBuilder().buildTokens(grammar)));
        expect(ours).toContain('v v undefined undefined [VERSION ID]');
        expect(ours).toContain('5 5 undefined undefined [NUM]');
    });
});
