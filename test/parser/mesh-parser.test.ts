import type { TokenType } from 'chevrotain';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstNode, AstNodeDescription, CstNode, LangiumDocument, LangiumParser, Module, PartialLangiumCoreServices } from 'langium';
import { AstUtils, Cancellation, CstUtils, DefaultAstNodeDescriptionProvider, DefaultLinker, DefaultReferenceDescriptionProvider, EmptyFileSystem, URI, createLangiumParser, getDiagnosticRange, isCompositeCstNode, isLeafCstNode } from 'langium';
import { createLangiumGrammarServices } from 'langium/grammar';
import { createMeshCoreServices, type MeshCoreServices } from '../../server/src/language/mesh-module.js';
import { MeshLanguageMetaData } from '../../server/src/language/generated/module.js';
import { installBalancedRecovery } from '../../server/src/language/parser/balanced-recovery.js';
import { MeshParser, unsupportedFeature, withMeshLookahead } from '../../server/src/language/parser/mesh-parser.js';
import type { CstNodeHandle } from '../../server/src/language/parser/cst.js';
import { loadWorkspace } from '../../server/src/checker/workspace.js';
import { generateWorkspace } from '../../scripts/bench-lib.mjs';

/*
 * MeshParser (server/src/language/parser) must build exactly what Langium's own parser
 * builds from the same grammar and lookahead (LL(3)): the same AST (properties in the same
 * order, the same containers), the same CST node by node, and the same errors. Each test
 * parses with both; valid text is also compared with Langium's default lookahead, ALL(*).
 */

const root = fileURLToPath(new URL('../..', import.meta.url));
const { Mesh } = createMeshCoreServices(EmptyFileSystem);
const meshParser = Mesh.parser.LangiumParser;
// Langium's parser with the same lookahead (LL(3), Chevrotain's own `LLkLookaheadStrategy`),
// for broken input, and with its default (ALL(*)), for valid input, which both must parse the same.
const langiumParser = createLangiumParser(withMeshLookahead(Mesh, 'chevrotain'));
// It recovers inside a repetition as MeshParser does, skipping a bracketed block whole
// (balanced-recovery.ts; Chevrotain's own loop otherwise).
const braces = Mesh.parser.Lexer.definition as Record<string, TokenType>;
installBalancedRecovery((langiumParser as unknown as { wrapper: unknown }).wrapper, braces['{'], braces['}']);
const langiumParserAllStar = createLangiumParser(Mesh);

function meshFiles(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap(e => e.isDirectory() ? meshFiles(join(dir, e.name)) : e.name.endsWith('.mesh') ? [join(dir, e.name)] : []);
}

const SAMPLES = [...meshFiles(join(root, 'samples')), ...meshFiles(join(root, 'test/cli/fixtures'))].map(f => readFileSync(f, 'utf8'));
const GENERATED = generateWorkspace({ elements: 300, seed: 3 }).files.map(f => f.text);

/** Where two CST subtrees differ, or undefined. */
function cstDifference(a: CstNode, b: CstNode, path: string): string | undefined {
    if (isLeafCstNode(a) !== isLeafCstNode(b)) return `${path}: leaf vs composite`;
    for (const key of ['offset', 'length', 'end', 'hidden', 'text'] as const) {
        if (a[key] !== b[key]) return `${path}.${key}: ${a[key]} vs ${b[key]}`;
    }
    if (JSON.stringify(a.range) !== JSON.stringify(b.range)) return `${path}.range: ${JSON.stringify(a.range)} vs ${JSON.stringify(b.range)}`;
    if (a.grammarSource !== b.grammarSource) return `${path}: grammarSource`;
    if (isLeafCstNode(a) && isLeafCstNode(b) && a.tokenType !== b.tokenType) return `${path}: tokenType`;
    if (isCompositeCstNode(a) && isCompositeCstNode(b)) {
        if (a.content.length !== b.content.length) return `${path}: ${a.content.length} vs ${b.content.length} children`;
        for (let i = 0; i < a.content.length; i++) {
            if (a.content[i].container !== a) return `${path}/${i}: container`;
            const difference = cstDifference(a.content[i], b.content[i], `${path}/${i}`);
            if (difference) return difference;
        }
    }
    return undefined;
}

/**
 * An AST node's keys in order; ours keep the CST node's number in `$cst` and make `$cstNode`
 * when it is read, and work out `$containerProperty` and `$containerIndex` when read (compared
 * by reading them, in `astDifference`).
 */
function keysOf(node: AstNode): string[] {
    return Object.keys(node).filter(key => !CONTAINER_PLACE.includes(key)).map(key => key === '$cst' ? '$cstNode' : key);
}

const CONTAINER_PLACE = ['$containerProperty', '$containerIndex'];

/** Where two ASTs differ (keys in order, values, containers, CST nodes, references), or undefined. */
function astDifference(a: AstNode, b: AstNode, path: string, seen: Map<unknown, unknown>): string | undefined {
    const keysA = keysOf(a);
    const keysB = keysOf(b);
    if (keysA.join() !== keysB.join()) return `${path}: keys ${keysA} vs ${keysB}`;
    for (const key of CONTAINER_PLACE) {
        const va = (a as unknown as Record<string, unknown>)[key];
        const vb = (b as unknown as Record<string, unknown>)[key];
        if (va !== vb) return `${path}.${key}: ${String(va)} vs ${String(vb)}`;
    }
    seen.set(a, b);
    for (const key of keysA) {
        const va = (a as unknown as Record<string, unknown>)[key];
        const vb = (b as unknown as Record<string, unknown>)[key];
        if (key === '$container') {
            if ((va === undefined) !== (vb === undefined) || (va !== undefined && seen.get(va) !== vb)) return `${path}: $container`;
        } else if (key === '$cstNode') {
            const difference = cstDifference(va as CstNode, vb as CstNode, `${path}.$cstNode`);
            if (difference) return difference;
            if ((va as CstNode).astNode !== a) return `${path}: $cstNode.astNode`;
            // Its container too (the CST's parents are worked out again after parsing).
            const ca = (va as CstNode).container;
            const cb = (vb as CstNode).container;
            if ((ca === undefined) !== (cb === undefined) || (ca && cb && (ca.offset !== cb.offset || ca.length !== cb.length || ca.grammarSource !== cb.grammarSource))) {
                return `${path}: $cstNode.container`;
            }
        } else if (Array.isArray(va)) {
            if (!Array.isArray(vb) || va.length !== vb.length) return `${path}.${key}: array`;
            for (let i = 0; i < va.length; i++) {
                const difference = valueDifference(va[i], vb[i], `${path}.${key}[${i}]`, seen);
                if (difference) return difference;
            }
        } else {
            const difference = valueDifference(va, vb, `${path}.${key}`, seen);
            if (difference) return difference;
        }
    }
    return undefined;
}

function valueDifference(va: unknown, vb: unknown, path: string, seen: Map<unknown, unknown>): string | undefined {
    if (typeof va === 'object' && va !== null && '$type' in va) return astDifference(va as AstNode, vb as AstNode, path, seen);
    if (typeof va === 'object' && va !== null && '$refText' in va) {
        const ra = va as { $refText: string; $refNode: CstNode; property: string; node: unknown };
        const rb = vb as typeof ra;
        if (ra.$refText !== rb.$refText || ra.property !== rb.property) return `${path}: reference`;
        if (seen.get(ra.node) !== rb.node && ra.node !== undefined) return `${path}: reference container`;
        return cstDifference(ra.$refNode, rb.$refNode, `${path}.$refNode`);
    }
    return va === vb ? undefined : `${path}: ${String(va)} vs ${String(vb)}`;
}

function parseDifference(text: string, reference = langiumParser): string | undefined {
    const a = meshParser.parse(text);
    // Text without syntax errors takes the fast path; text with them, Chevrotain's.
    const expectedPath = a.parserErrors.length === 0 ? 'fast' : 'chevrotain';
    if ((meshParser as MeshParser).lastParse !== expectedPath) return `took the ${(meshParser as MeshParser).lastParse} path, not the ${expectedPath} one`;
    const b = reference.parse(text);
    const errors = (r: typeof a) => JSON.stringify([
        r.lexerErrors.map(e => [e.offset, e.length, e.line, e.column, e.message]),
        r.parserErrors.map(e => [e.name, e.message, e.token.startOffset, e.token.image, e.token.startLine, e.token.startColumn]),
    ]);
    if (errors(a) !== errors(b)) return `errors: ${errors(a)} vs ${errors(b)}`;
    return astDifference(a.value, b.value, 'root', new Map()) ?? cstDifference(a.value.$cstNode!, b.value.$cstNode!, 'cst');
}

/** Edits that make text invalid in many ways: tokens out of place, broken strings and comments, line breaks. */
const PIECES = ['service', 'operation', '{', '}', ';', ',', '.', ':', '=', '->', '<', '>', '(', ')', '⟨', 'calls', 'x.y', 'requires',
    '<Cluster, SS>', '12ms', '50%', '3', 'v2', 'when', 'or', 'and', 'breaker', 'pii', '"str', '"s"', '/*', '*/', '//', '\r\n', '\r', '\n', '@', '#', ' '];

describe('MeshParser', () => {
    it('compiles the Mesh grammar (no Langium fallback)', () => {
        expect(unsupportedFeature(Mesh.Grammar)).toBeUndefined();
        expect(meshParser).toBeInstanceOf(MeshParser);
    });

    it('builds the same AST and CST as Langium for the samples and a generated workspace', () => {
        expect(SAMPLES.length).toBeGreaterThan(3);
        for (const text of [...SAMPLES, ...GENERATED]) {
            expect(parseDifference(text)).toBeUndefined();
            expect(parseDifference(text, langiumParserAllStar)).toBeUndefined();
        }
    });

    it.each([
        ['service a { }', 'fast'],
        ['service a { calls b timeout 5ms retries 2 requires <Cluster, SS, RYW, Fresh(5s), Idem(key+x), Auth(mtls)> }\nservice b { }', 'fast'],
        ['topic t { modes { degraded <Global, SS> when (breaker(a) open or lag > 5s) and x >= 2 } }', 'fast'],
        ['service v1 { operation v2 }\nschema v1 v2 { v3: v4 = v5 }\ntopic t { schema v1 v2 dlq v1 }\ngateway g { route "/r" split v1 50%, v2 50% }', 'fast'],
        ['schema v1 { }', 'chevrotain'],
        ['service a { calls }', 'chevrotain'],
        ['service a { } }', 'chevrotain'],
        ['service a {', 'chevrotain'],
        ['', 'fast'],
    ])('parses %j on the %s path, as Langium does', (text, path) => {
        expect(parseDifference(text)).toBeUndefined();
        expect((meshParser as MeshParser).lastParse).toBe(path);
    });

    it('takes the fast path for a rule other than the entry rule', () => {
        const a = meshParser.parse('<Cluster, SS, Idem(a+b)>', { rule: 'VectorLiteral' });
        expect((meshParser as MeshParser).lastParse).toBe('fast');
        const b = langiumParser.parse('<Cluster, SS, Idem(a+b)>', { rule: 'VectorLiteral' });
        expect(a.parserErrors).toEqual([]);
        expect(astDifference(a.value, b.value, 'root', new Map())).toBeUndefined();
        expect(() => meshParser.parse('x', { rule: 'NoSuchRule' })).toThrow(/No rule found with name 'NoSuchRule'/);
    });

    it('builds the same trees and errors as Langium for broken input', () => {
        const edit = fc.tuple(fc.nat(), fc.nat({ max: 20 }), fc.constantFrom(...PIECES));
        fc.assert(fc.property(fc.nat({ max: SAMPLES.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 4 }), (sample, edits) => {
            let text = SAMPLES[sample];
            for (const [at, remove, insert] of edits) {
                const offset = at % (text.length + 1);
                text = text.slice(0, offset) + insert + text.slice(offset + remove);
            }
            expect(parseDifference(text)).toBeUndefined();
        }), { numRuns: 150 });
    });

    it('positions tokens after \\n, \\r\\n and a lone \\r as Chevrotain does, comments included', () => {
        for (const text of [
            '', '// only a comment', 'service a {}\r\nservice b {}\rservice c {\n}\r\n',
            '/* a\r\n b\r c\n */ service a { owner "x" } // end',
            'service a {\r\n  // note\r\n  operation x /* inline */ idempotent\r\n}\r\n/* trailing */',
            '\r\n\r\n  service ⟨ }', 'domain d { service s { provides <Cluster, SS, SER, Fresh, Idem, Auth> } }\r',
        ]) {
            expect(parseDifference(text), JSON.stringify(text)).toBeUndefined();
        }
    });

    it('gives string values as Langium does, with and without escapes', () => {
        const cases: [string, string][] = [
            ['""', ''],
            ['"short"', 'short'],
            ['"a description well past twelve characters"', 'a description well past twelve characters'],
            ['"say \\"hi\\" then \\\\ and \\n, \\t, \\q"', 'say "hi" then \\ and \n, \t, q'],
            ['"ü ⟨x⟩ — ok"', 'ü ⟨x⟩ — ok'],
        ];
        for (const [literal, value] of cases) {
            const text = `domain d owner ${literal} { service s { description ${literal} } }`;
            expect(parseDifference(text), literal).toBeUndefined();
            const service = meshParser.parse(`service s { description ${literal} }`).value as unknown as { items: { members: { text: string }[] }[] };
            expect(service.items[0].members[0].text, literal).toBe(value);
        }
    });

    it('walks the leaves below any node as Langium\'s flattenCst does, and stops when asked', () => {
        const texts = [...SAMPLES.slice(0, 3), '/* a */ service a { // b\n operation x /* c */ }', 'service ⟨ } broken {'];
        for (const text of texts) {
            const root = meshParser.parse(text).value;
            const nodes = [root, ...AstUtils.streamAllContents(root)];
            // AST nodes compared by identity: their index in the tree.
            const id = (node: AstNode | undefined): number => (node ? nodes.indexOf(node) : -2);
            for (const node of nodes) {
                const cst = node.$cstNode as unknown as CstNodeHandle | undefined;
                if (!cst) continue;
                const expected = [...CstUtils.flattenCst(cst as unknown as CstNode)]
                    .map(leaf => [leaf.offset, leaf.length, leaf.hidden, id(leaf.astNode)]);
                const walked: unknown[][] = [];
                cst.tree.forEachLeaf((offset, length, hidden, astNode) => { walked.push([offset, length, hidden, id(astNode)]); }, cst.id);
                expect(walked).toEqual(expected);
                let visits = 0;
                cst.tree.forEachLeaf(() => ++visits === 2, cst.id);
                expect(visits).toBe(Math.min(2, expected.length));
            }
        }
    });

    it('answers CST queries without building every node object', () => {
        const result = meshParser.parse('service a {\n  operation x idempotent\n  calls b.y timeout 2s\n}\nservice b { operation y }');
        const service = (result.value as unknown as { items: AstNode[] }).items[0];
        // The leaf a range ends on is reached through the service's node without asking for `content`.
        expect(service.$cstNode!.range).toEqual({ start: { line: 0, character: 0 }, end: { line: 3, character: 1 } });
        expect(service.$cstNode!.text.startsWith('service a {')).toBe(true);
        const call = (service as unknown as { members: AstNode[] }).members[1] as unknown as { target: { $refNode: CstNode; $refText: string } };
        expect(call.target.$refText).toBe('b.y');
        expect(call.target.$refNode.range).toEqual({ start: { line: 2, character: 8 }, end: { line: 2, character: 11 } });
        // One object per node: reaching a node twice gives the same object.
        const first = service.$cstNode as unknown as { content: CstNode[] };
        expect(first.content[0].container).toBe(service.$cstNode);
        expect(first.content).toBe(first.content);
    });

    it('finds the range of every property of every node as Langium\'s getDiagnosticRange does', () => {
        let compared = 0;
        for (const text of [...SAMPLES, ...GENERATED.slice(0, 2), 'service a { calls b.y timeout 2s retries 3 ⟨ }\nservice {']) {
            for (const node of AstUtils.streamAst(meshParser.parse(text).value)) {
                const cst = node.$cstNode as CstNodeHandle;
                const record = node as unknown as Record<string, unknown>;
                const properties = [...Object.keys(record).filter(k => !k.startsWith('$')), 'noSuchProperty', undefined];
                for (const property of properties) {
                    const value = property === undefined ? undefined : record[property];
                    const indexes = Array.isArray(value) ? [undefined, -1, ...value.keys(), value.length] : [undefined, 0, 1];
                    for (const index of indexes) {
                        expect(cst.tree.diagnosticRange(cst.id, property, index), `${node.$type}.${property}[${index}]`)
                            .toEqual(getDiagnosticRange({ node, property: property as never, index }));
                        compared++;
                    }
                }
            }
        }
        expect(compared).toBeGreaterThan(10_000);
    });

    it('has no grammar definition errors (Chevrotain validates in development mode)', () => {
        const development: Module<MeshCoreServices, PartialLangiumCoreServices> = { LanguageMetaData: () => ({ ...MeshLanguageMetaData, mode: 'development' }) };
        const { Mesh: checked } = createMeshCoreServices(EmptyFileSystem, development);
        expect(checked.LanguageMetaData.mode).toBe('development');
        const parser: LangiumParser = checked.parser.LangiumParser;
        expect(parser.definitionErrors).toEqual([]);
        expect(parser.parse('service a { }').parserErrors).toEqual([]);
    });

    it('names the grammar features it leaves to Langium', async () => {
        const grammar = createLangiumGrammarServices(EmptyFileSystem).grammar;
        const parse = async (text: string) => {
            const document = grammar.shared.workspace.LangiumDocumentFactory.fromString(text, URI.parse(`memory:///g${text.length}.langium`));
            await grammar.shared.workspace.DocumentBuilder.build([document]);
            return document.parseResult.value as never;
        };
        expect(unsupportedFeature(await parse('grammar G entry M: a=ID; terminal ID: /[a-z]+/;'))).toBeUndefined();
        expect(unsupportedFeature(await parse('grammar G entry M<p>: a=ID; terminal ID: /[a-z]+/;'))).toMatch(/parameters/);
        expect(unsupportedFeature(await parse('grammar G entry M: a=ID & b=INT; terminal ID: /[a-z]+/; terminal INT: /[0-9]+/;'))).toMatch(/unordered group/);
    });
});

describe('linking and symbols', () => {
    /** Links `texts` as one workspace with Mesh's services plus `override`. */
    async function linked(texts: string[], override?: Module<MeshCoreServices, PartialLangiumCoreServices>): Promise<{ documents: LangiumDocument[]; symbols: AstNodeDescription[] }> {
        const { shared } = createMeshCoreServices(EmptyFileSystem, override);
        const documents = await loadWorkspace(shared, texts.map((text, i) => ({ uri: `file:///w/${i}.mesh`, text })));
        return { documents, symbols: shared.workspace.IndexManager.allElements().toArray() };
    }

    const WORKSPACE = [...SAMPLES.slice(0, 4), ...GENERATED, 'service broken { calls nowhere.x reads missing }'];

    it('resolves the same references, in the same order, as Langium\'s linker', async () => {
        const ours = (await linked(WORKSPACE)).documents;
        const langiums = (await linked(WORKSPACE, { references: { Linker: services => new DefaultLinker(services) } })).documents;
        const summary = (documents: LangiumDocument[]) => documents.map(d => d.references.map(r => {
            const ref = r as { $refText: string; ref?: AstNode; error?: { message: string } };
            return [ref.$refText, ref.ref?.$type, ref.ref?.$cstNode?.offset, ref.error?.message];
        }));
        const expected = summary(langiums);
        expect(expected.flat().length).toBeGreaterThan(100);
        expect(expected.flat().some(r => r[3] !== undefined)).toBe(true);
        expect(summary(ours)).toEqual(expected);
    });

    it('describes exported symbols as Langium does', async () => {
        const ours = (await linked(WORKSPACE)).symbols;
        const langiums = (await linked(WORKSPACE, { workspace: { AstNodeDescriptionProvider: services => new DefaultAstNodeDescriptionProvider(services) } })).symbols;
        // Every property of the interface, read through whatever shape the description has
        // (ours computes the segments and the path when first read).
        const described = (symbols: AstNodeDescription[]) => symbols.map(s => ({
            node: s.node && `${s.node.$type}@${s.node.$cstNode?.offset}`, name: s.name, type: s.type, path: s.path, uri: s.documentUri.toString(), nameSegment: s.nameSegment, selectionSegment: s.selectionSegment,
        }));
        const expected = described(langiums);
        expect(expected.length).toBeGreaterThan(10);
        expect(described(ours)).toEqual(expected);
    });

    it('describes references for the reference index as Langium does', async () => {
        const { Mesh } = createMeshCoreServices(EmptyFileSystem);
        const documents = (await linked(WORKSPACE)).documents;
        const ours = Mesh.workspace.ReferenceDescriptionProvider;
        const langiums = new DefaultReferenceDescriptionProvider(Mesh);
        for (const document of documents) {
            const expected = await langiums.createDescriptions(document);
            expect(await ours.createDescriptions(document), document.uri.toString()).toEqual(expected);
            // …and with a cancellation token, which makes ours check it as it goes.
            expect(await ours.createDescriptions(document, new Cancellation.CancellationTokenSource().token)).toEqual(expected);
        }
        const all = (await Promise.all(documents.map(d => langiums.createDescriptions(d)))).flat();
        // Cross-file and local references both, so the comparison is not vacuous.
        expect(all.length).toBeGreaterThan(100);
        expect(all.some(d => d.sourceUri.toString() !== d.targetUri.toString())).toBe(true);
    });
});
