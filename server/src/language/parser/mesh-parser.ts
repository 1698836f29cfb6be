import type { IOrAlt, IRecognitionException, IToken, TokenType, TokenTypeDictionary } from 'chevrotain';
import type { AstNode, AstReflection, CstNode, LangiumCoreServices, Linker, ParseResult, ParserOptions, ValueConverter as ValueConverterService } from 'langium';
import { MismatchedTokenException } from 'chevrotain';
import { AstUtils, CstUtils, DefaultValueConverter, GrammarAST, GrammarUtils, LangiumParser, ValueConverter, createLangiumParser } from 'langium';
import { reachableRules } from './token-builder.js';
import { CstKinds, CstTreeBuilder, type CompositeCstNodeHandle, type CstTree } from './cst.js';
import { compileFastPath, type Convert, type FastPath, type RulePlan, type Step } from './fast-path.js';
import { GatedLLkLookahead, MeshLookahead } from './lookahead.js';
import { installBalancedRecovery } from './balanced-recovery.js';

/*
 * The parser of `.mesh` files: Langium's `LangiumParser` with the same Chevrotain parser
 * underneath (same decisions, same error recovery, same error messages) and the same AST
 * and CST it builds, made cheaper where a large workspace spends its time:
 *
 * - Chevrotain's LL(3) lookahead instead of Langium's default ALL(*) (`MAX_LOOKAHEAD`).
 * - The grammar is compiled once into a plan (`RulePlan`) whose steps carry everything a
 *   token or a rule call needs (its assignment, whether it is a keyword or a
 *   cross-reference, its value converter): Langium looks these up per token through the
 *   reflection and a map, and allocates a fresh array of alternative objects (and closures)
 *   on every decision. The plan becomes closures over Chevrotain's DSL, once.
 * - Text without syntax errors does not go through Chevrotain at all: the same plan, run by
 *   the fast path (`fast-path.ts`) with the same lookahead, builds the same trees in about
 *   four fifths of the time. Chevrotain parses what the fast path gives up on.
 * - Each AST node is completed when its rule ends: mandatory defaults from a per-type list
 *   (Langium walks the type's metadata with `Object.values`); a node gets `$container`
 *   when it is assigned (Langium walks the finished tree again with `Object.entries`).
 * - The CST is the compact one in `cst.ts`.
 *
 * Grammars using features this compiler does not handle (parameters, guards, unordered
 * groups, infix rules, EOF) get Langium's own parser instead: see `createMeshParser`.
 */

/** Marks the stack entry of a data type rule (`Name returns string`), whose value is text. */
const DATATYPE = Symbol('MeshDatatype');

interface DatatypeEntry {
    $type: typeof DATATYPE;
    value: string;
    convert: Convert;
}

/** An AST node under construction. */
type NodeEntry = Record<string, unknown> & { $type: string; $cstNode?: CstNode; $cst?: number | CstNode };
type StackEntry = NodeEntry | DatatypeEntry;

/** What the parser needs to know about a grammar element that consumes a token or calls a rule. */
interface Feature {
    /** The CST node's `grammarSource`. */
    readonly element: GrammarAST.AbstractElement;
    /** The assignment's property, operator and cross-reference kind, if the element is assigned. */
    readonly property: string | undefined;
    readonly operator: '=' | '+=' | '?=' | undefined;
    readonly crossRef: 'single' | 'multi' | undefined;
    /** A keyword's value is its text; anything else goes through `convert`. */
    readonly keyword: boolean;
    readonly convert: Convert;
    /** The token type consumed, and the CST node kind of its leaves. */
    readonly tokenType: TokenType | undefined;
    readonly leafKind: number;
    /** The CST node kind of the composite node made for a rule call or an action. */
    readonly compositeKind: number;
}

type RuleMethod = ((args: Record<string, boolean>) => unknown) & { ruleName?: string };

/** What a rule makes: nothing (a fragment), a data type rule's value (`convert`), or a node of `type`. */
type RuleShape = { fragment: boolean; type: string | undefined; convert: Convert | undefined };

/** The Chevrotain parsing DSL, which `EmbeddedActionsParser` declares protected. */
interface ChevrotainDsl {
    consume(idx: number, tokenType: TokenType): IToken;
    subrule(idx: number, rule: RuleMethod, options: { ARGS: unknown[] }): unknown;
    or(idx: number, alternatives: IOrAlt<unknown>[]): unknown;
    option(idx: number, options: { DEF: () => void }): unknown;
    many(idx: number, options: { DEF: () => void }): void;
    atLeastOne(idx: number, options: { DEF: () => void }): void;
    rule(rule: RuleMethod): unknown;
    input: IToken[];
    readonly errors: IRecognitionException[];
    DEFINE_RULE(name: string, impl: (args: Record<string, boolean>) => unknown): RuleMethod;
}

/**
 * The value of every list property a rule left empty, shared: most are (a vector component's
 * `args` nearly always), and a workspace of 10k elements has 150k of them. It is frozen, so
 * code that tries to add to an AST node's list fails loudly instead of changing other nodes.
 */
const EMPTY_LIST: readonly unknown[] = Object.freeze([]);

/** Rules take no arguments in grammars this parser accepts; one options object serves every call. */
const SUBRULE_OPTIONS = Object.freeze({ ARGS: [Object.freeze({})] });

export class MeshParser extends LangiumParser {
    /**
     * The Chevrotain parser. Its DSL methods are looked up on every call, never kept:
     * Chevrotain replaces them on the instance while it records the grammar.
     */
    readonly dsl: ChevrotainDsl;
    readonly kinds = new CstKinds();
    private readonly cst = new CstTreeBuilder(this.kinds);
    private readonly meshLinker: Linker;
    private readonly reflection: AstReflection;
    private readonly valueConverter: ValueConverterService;
    private nodes: StackEntry[] = [];
    private hidden: IToken[] = [];
    private hiddenIndex = 0;
    /** True while Chevrotain records the grammar (`finalize`): rule bodies then must not build anything. */
    private recording = true;
    private readonly defaults = new Map<string, [string, unknown][]>();
    private readonly constructors = new Map<string, NodeConstructor>();
    private readonly spareEntries: DatatypeEntry[] = [];
    private mainRuleName: string | undefined;
    private readonly lookahead: unknown;
    private readonly parentheses: [open: TokenType, close: TokenType] | undefined;
    private fastPath: FastPath | undefined;
    /** Which way the last `parse` went: the fast path (valid text) or Chevrotain's, with error recovery. */
    lastParse: 'fast' | 'chevrotain' | undefined;

    constructor(services: LangiumCoreServices) {
        super(services);
        this.dsl = this.wrapper as unknown as ChevrotainDsl;
        this.meshLinker = services.references.Linker;
        this.reflection = services.shared.AstReflection;
        this.valueConverter = services.parser.ValueConverter;
        this.lookahead = services.parser.ParserConfig?.lookaheadStrategy;
        const tokens = services.parser.Lexer.definition as TokenTypeDictionary;
        if (tokens['('] && tokens[')']) this.parentheses = [tokens['('], tokens[')']];
        if (tokens['{'] && tokens['}']) installBalancedRecovery(this.wrapper, tokens['{'], tokens['}']);
    }

    override finalize(): void {
        this.recording = true;
        super.finalize();
        this.recording = false;
    }

    /** Defines `rule` with the body `impl`; `shape` is `ruleShape(rule)`, for a caller that has it already. */
    override rule(rule: GrammarAST.ParserRule | GrammarAST.InfixRule, impl: (args: Record<string, boolean>) => unknown, shape?: RuleShape): RuleMethod {
        if (!GrammarAST.isParserRule(rule)) throw new UnsupportedGrammar(`infix rule ${rule.name}`);
        const { fragment, type, convert } = shape ?? this.ruleShape(rule);
        const ruleImpl = (args: Record<string, boolean>): unknown => {
            if (this.recording || fragment) {
                impl(args);
                return undefined;
            }
            this.beginRule(type, convert);
            impl(args);
            return this.endRule();
        };
        const method = this.dsl.DEFINE_RULE(chevrotainName(rule), ruleImpl);
        this.allRules.set(rule.name, method);
        if (rule.entry) {
            this.mainRule = method;
            this.mainRuleName = rule.name;
        }
        return method;
    }

    /** What `rule` makes (`RuleShape`). */
    ruleShape(rule: GrammarAST.ParserRule): RuleShape {
        const fragment = rule.fragment;
        const datatype = !fragment && GrammarUtils.isDataTypeRule(rule);
        return {
            fragment,
            // `GrammarUtils.getTypeName` for a parser rule that is not a data type rule (which it would work out again).
            type: fragment || datatype ? undefined : GrammarUtils.getExplicitRuleType(rule) ?? rule.name,
            convert: datatype ? this.converterFor(rule) : undefined,
        };
    }

    /**
     * Makes the fast path from the grammar's plan, once Chevrotain has analysed the grammar
     * (`finalize`) with `MeshLookahead`. Without it (another lookahead strategy) there is no fast path.
     */
    compileFastPath(plans: readonly RulePlan<Feature>[]): void {
        if (this.lookahead instanceof MeshLookahead) this.fastPath = compileFastPath(plans, this.lookahead, this);
    }

    override parse<T extends AstNode = AstNode>(input: string, options: ParserOptions = {}): ParseResult<T> {
        const lexerResult = this.lexer.tokenize(input);
        const tooDeep = this.limitNesting(lexerResult);
        const ruleName = options.rule ?? this.mainRuleName;
        const ruleMethod = options.rule ? this.allRules.get(options.rule) : this.mainRule;
        if (!ruleMethod || ruleName === undefined) {
            throw new Error(options.rule ? `No rule found with name '${options.rule}'` : 'No main rule available.');
        }
        let tree = this.startTree(input, lexerResult);
        // Valid text takes the fast path; at its first token that does not fit, Chevrotain
        // parses the file from the start, with error recovery.
        let result = this.fastPath?.(ruleName, lexerResult.tokens) as NodeEntry | undefined;
        this.dsl.input = lexerResult.tokens;
        this.lastParse = result === undefined ? 'chevrotain' : 'fast';
        if (result === undefined) {
            if (this.fastPath) tree = this.startTree(input, lexerResult);
            result = this.dsl.rule(ruleMethod) as NodeEntry | undefined;
            if (this.nodes.length > 0) {
                // The entry rule threw before it could construct its node.
                result = this.endRule() as NodeEntry | undefined;
            }
        }
        if (result === undefined) throw new Error('No result from parser');
        if (this.nodes.length > 0) throw new Error('Parser stack is not empty after parsing');
        this.linkCst(result, true);
        if (this.hiddenIndex < this.hidden.length) {
            this.cst.addHiddenNodes(this.hidden, this.hiddenIndex, this.hidden.length);
        }
        this.hidden = [];
        tree.finish();
        const parserErrors = tooDeep ? [tooDeep, ...this.dsl.errors] : this.dsl.errors;
        if (parserErrors.length > 0 || lexerResult.errors.length > 0) {
            // Recovery can leave nodes that were never constructed in the tree; link the way Langium does.
            linkContentToContainer(result);
        }
        return {
            value: result as unknown as T,
            lexerErrors: lexerResult.errors,
            lexerReport: lexerResult.report,
            parserErrors,
        };
    }

    /**
     * Parentheses (a trigger's `( … )`) nested deeper than `MAX_NESTING` would take the parser's
     * recursion past the stack: those deeper ones are taken out of `lexerResult.tokens` (what they
     * enclose stays), and the first is reported.
     */
    private limitNesting(lexerResult: { tokens: IToken[] }): IRecognitionException | undefined {
        const tokens = lexerResult.tokens;
        if (!this.parentheses) return undefined;
        const [open, close] = this.parentheses;
        // Per open parenthesis: whether it is taken out.
        const opened: boolean[] = [];
        let kept: IToken[] | undefined;
        let error: IRecognitionException | undefined;
        for (let i = 0; i < tokens.length; i++) {
            const token = tokens[i];
            let drop = false;
            if (token.tokenType === open) {
                drop = opened.length >= MAX_NESTING;
                opened.push(drop);
                if (drop && !error) {
                    error = new MismatchedTokenException(`parentheses nested more than ${MAX_NESTING} deep`, token, tokens[i - 1]);
                }
            } else if (token.tokenType === close && opened.length > 0) {
                drop = opened.pop()!;
            }
            if (drop) kept ??= tokens.slice(0, i);
            else kept?.push(token);
        }
        if (kept) lexerResult.tokens = kept;
        return error;
    }

    /** A new CST for `input`, and the parser's state for a parse from its start. */
    private startTree(input: string, lexerResult: { tokens: IToken[]; hidden: IToken[] }): CstTree {
        this.nodes = [];
        this.hidden = lexerResult.hidden;
        this.hiddenIndex = 0;
        // About two CST nodes per token: the leaf and (for a name) its rule call.
        return this.cst.buildRootNode(input, lexerResult.tokens.length * 2.25 + lexerResult.hidden.length + 16);
    }

    /** `CONSUME` of a keyword or terminal: a leaf, then its value goes where the grammar says. */
    consumeToken(idx: number, tokenType: TokenType, feature: Feature): void {
        const token = this.dsl.consume(idx, tokenType);
        if (!this.recording) this.consumed(token, feature);
    }

    /** `token` was consumed for `feature` (by Chevrotain, or on the fast path). */
    consumed(token: IToken, feature: Feature): void {
        if (token.isInsertedInRecovery || !CstUtils.isValidTokenRange(token)) return;
        const hidden = this.hidden;
        let end = this.hiddenIndex;
        while (end < hidden.length && hidden[end].startOffset <= token.startOffset) end++;
        if (end > this.hiddenIndex) {
            this.cst.addHiddenNodes(hidden, this.hiddenIndex, end);
            this.hiddenIndex = end;
        }
        const kind = token.tokenType === feature.tokenType ? feature.leafKind : this.kinds.leaf(feature.element, token.tokenType);
        const leaf = this.cst.buildLeafNode(token, kind);
        if (feature.property !== undefined) {
            this.assignValue(feature, feature.keyword ? token.image : feature.convert(token.image, this.cst.tree, leaf), leaf);
        } else {
            const current = this.nodes[this.nodes.length - 1];
            if (current.$type === DATATYPE) {
                current.value += feature.keyword ? token.image : String(feature.convert(token.image, this.cst.tree, leaf));
            }
        }
    }

    /** `SUBRULE`: a composite node for the call, then the rule's result goes where the grammar says. */
    callRule(idx: number, rule: RuleMethod, feature: Feature, fragment: boolean): void {
        if (this.recording) {
            this.dsl.subrule(idx, rule, SUBRULE_OPTIONS);
            return;
        }
        const cstNode = fragment ? -1 : this.openCall(feature);
        let result: unknown;
        try {
            result = this.dsl.subrule(idx, rule, SUBRULE_OPTIONS);
        } finally {
            // A recognition error leaves the rule's node on the stack: construct it here, and
            // assign whatever it consumed, so recovery keeps as much of the input as it can.
            if (result === undefined && !fragment) result = this.endRule();
            if (cstNode >= 0) this.closeCall(result, feature, cstNode);
        }
    }

    /** A call of a rule that is not a fragment starts: its CST node. */
    openCall(feature: Feature): number {
        return this.cst.buildCompositeNode(feature.compositeKind);
    }

    /** A call of a rule that is not a fragment ended with `result`, which goes where the grammar says if the call consumed anything. */
    closeCall(result: unknown, feature: Feature, cstNode: number): void {
        if (result !== undefined && this.cst.tree.first(cstNode) >= 0) this.assignRuleResult(result, feature, cstNode);
    }

    /** A rule that is not a fragment starts: its AST node of `type`, or its data type value. */
    beginRule(type: string | undefined, convert: Convert | undefined): void {
        this.nodes.push(convert ? this.datatypeEntry(convert) : this.newNode(type!));
    }

    /** `{infer X}` retypes the current node; `{infer X.f=current}` makes it the `f` of a new node. */
    runAction(type: string, feature: Feature | undefined): void {
        if (this.recording) return;
        if (!feature) {
            (this.nodes[this.nodes.length - 1] as NodeEntry).$type = type;
            return;
        }
        const last = this.endRule() as NodeEntry;
        const id = last.$cst as number;
        this.cst.removeNode(id);
        this.cst.wrapNode(feature.compositeKind, id);
        this.nodes.push(this.newNode(type));
        this.assignValue(feature, last, id);
    }

    private assignRuleResult(result: unknown, feature: Feature, cstNode: number): void {
        if (feature.property !== undefined) {
            this.assignValue(feature, result, cstNode);
            return;
        }
        // An unassigned rule call: a data type rule appends its text; a parser rule's node
        // takes the place of the current one (keeping what the current one had so far).
        const current = this.nodes[this.nodes.length - 1];
        if (current.$type === DATATYPE) {
            current.value += String(result);
        } else if (typeof result === 'object' && result) {
            const target = result as NodeEntry;
            for (const name in current) {
                let existing = current[name as keyof typeof current];
                const value = target[name];
                if (value === undefined) {
                    target[name] = existing;
                } else if (Array.isArray(value) && Array.isArray(existing)) {
                    if (existing === EMPTY_LIST) existing = value.slice();
                    else existing.push(...value);
                    target[name] = existing;
                } else {
                    continue;
                }
                // What the current node held now belongs to the target.
                if (name.charCodeAt(0) !== 36 /* $ */) adopt(target, existing);
            }
            // Its CST node is replaced when the current rule constructs it.
            target.$cst = undefined;
            this.nodes[this.nodes.length - 1] = target;
        }
    }

    private assignValue(feature: Feature, value: unknown, cstNode: number): void {
        const node = this.nodes[this.nodes.length - 1] as NodeEntry;
        const property = feature.property!;
        let item = value;
        if (typeof value === 'string') {
            if (feature.crossRef === 'single') {
                item = this.meshLinker.buildReference(node as unknown as AstNode, property, this.cst.tree.node(cstNode), value);
            } else if (feature.crossRef === 'multi') {
                item = this.meshLinker.buildMultiReference(node as unknown as AstNode, property, this.cst.tree.node(cstNode), value);
            }
        } else if (isNodeEntry(item)) {
            this.linkCst(item);
        }
        switch (feature.operator) {
            case '=':
                node[property] = item;
                if (isNodeEntry(item)) item.$container = node;
                break;
            case '?=':
                node[property] = true;
                break;
            case '+=': {
                const list = node[property];
                if (Array.isArray(list) && list !== EMPTY_LIST) list.push(item);
                else node[property] = [item];
                if (isNodeEntry(item)) item.$container = node;
                break;
            }
        }
    }

    /**
     * An AST node is final: the tree records it as its CST node's AST node. Its `$cstNode`
     * object is made when someone reads it (`AST_NODE`); the root's is made now, and is
     * how the others find their tree.
     */
    private linkCst(node: NodeEntry, root = false): void {
        const id = node.$cst;
        if (typeof id !== 'number') return;
        const tree = this.cst.tree;
        tree.setAstNode(id, node as unknown as AstNode);
        if (root) node.$cst = tree.node(id);
    }

    /**
     * The stack entry of a data type rule (a name, a value: about half of all rule calls),
     * reused: nothing keeps one after its rule ends.
     */
    private datatypeEntry(convert: Convert): DatatypeEntry {
        const entry = this.spareEntries.pop();
        if (!entry) return { $type: DATATYPE, value: '', convert };
        entry.convert = convert;
        return entry;
    }

    /** A new AST node of `type`, made by the type's own constructor (see `nodeConstructor`). */
    private newNode(type: string): NodeEntry {
        let Node = this.constructors.get(type);
        if (!Node) this.constructors.set(type, Node = nodeConstructor());
        return new Node(type);
    }

    /** Ends the current rule: its CST node closes and its AST node (or data type value) is done. */
    endRule(): unknown {
        const entry = this.nodes.pop()!;
        const id = this.cst.construct();
        if (entry.$type === DATATYPE) {
            const value = entry.convert(entry.value, this.cst.tree, id);
            entry.value = '';
            this.spareEntries.push(entry);
            return value;
        }
        // Its node id: only a node that is assigned (or is the root) becomes the tree's AST node
        // for it, in `linkCst`, not one that is merged into the node of an enclosing rule.
        (entry as Record<string, unknown>).$cst = id;
        this.complete(entry);
        return entry;
    }

    /**
     * Mandatory defaults (`[]` for lists, `false` for flags), as Langium's
     * `assignMandatoryProperties` sets them. (Children got `$container` when they were
     * assigned, which Langium's `linkContentToContainer` gives them after the parse; their
     * `$containerProperty` and `$containerIndex` are worked out when read: see `AST_NODE`.)
     */
    private complete(node: NodeEntry): void {
        for (const [name, value] of this.defaultsOf(node.$type)) {
            const current = node[name];
            if (current === undefined) {
                node[name] = Array.isArray(value) ? EMPTY_LIST : value;
            } else if (Array.isArray(current) && current.length > 1) {
                // Pushing grows an array to 19 slots; most lists here have two or three items.
                node[name] = current.slice();
            }
        }
    }

    private defaultsOf(type: string): [string, unknown][] {
        let defaults = this.defaults.get(type);
        if (!defaults) {
            defaults = [];
            for (const property of Object.values(this.reflection.getTypeMetaData(type).properties)) {
                if (property.defaultValue !== undefined) defaults.push([property.name, property.defaultValue]);
            }
            this.defaults.set(type, defaults);
        }
        return defaults;
    }

    /** The value converter for tokens of `rule` (a terminal) or results of `rule` (a data type rule). */
    converterFor(rule: GrammarAST.AbstractRule): Convert {
        const converter = this.valueConverter;
        const standard = DefaultValueConverter.prototype;
        if (converter.convert !== standard.convert
            || (converter as unknown as { runConverter: unknown }).runConverter !== (standard as unknown as { runConverter: unknown }).runConverter) {
            // A custom converter: ask it, with the CST node it expects.
            return (text, tree, id) => converter.convert(text, tree.node(id));
        }
        // `DefaultValueConverter.runConverter`, decided once per rule instead of per token.
        switch (rule.name.toUpperCase()) {
            case 'INT': return ValueConverter.convertInt;
            case 'STRING': return convertString;
            case 'ID': return ValueConverter.convertID;
        }
        switch (GrammarUtils.getRuleType(rule)?.toLowerCase()) {
            case 'number': return ValueConverter.convertNumber;
            case 'boolean': return ValueConverter.convertBoolean;
            case 'bigint': return ValueConverter.convertBigint;
            case 'date': return ValueConverter.convertDate;
            default: return text => text;
        }
    }
}

type NodeConstructor = new (type: string) => NodeEntry;

/**
 * A constructor for the AST nodes of one type. The nodes it makes are plain objects but
 * for `$cstNode` (see `AST_NODE`), and V8 lays them out better than `{ $type }`: an
 * object literal has room for the properties it is written with, so every property the
 * parser assigns later (a node has 5 to 12) went to a separately allocated, repeatedly
 * grown property array — a quarter of the heap after parsing, all of it copied by the
 * young-generation collector. A constructor's objects start with room for the properties
 * assigned in its body (counted as written, whether or not they run) and, after a few
 * objects, shrink to what its objects actually use. Each type gets its own function, so
 * its own layout.
 */
function nodeConstructor(): NodeConstructor {
    const Node = function (this: Record<string, unknown>, type: string | null): void {
        this.$type = type;
        if (type === null) {
            // Never runs; only gives V8 the room to start with (the `$` properties and the type's own).
            this.p0 = this.p1 = this.p2 = this.p3 = this.p4 = this.p5 = this.p6 = this.p7 = undefined;
            this.p8 = this.p9 = this.p10 = this.p11 = this.p12 = this.p13 = this.p14 = this.p15 = undefined;
            this.p16 = this.p17 = this.p18 = this.p19 = this.p20 = this.p21 = this.p22 = this.p23 = undefined;
        }
    };
    Node.prototype = AST_NODE;
    return Node as unknown as NodeConstructor;
}

/**
 * What every AST node of this parser inherits: a `$cstNode` made from the node's own `$cst`
 * when it is read. `$cst` is the CST node's number in its file's tree (the root holds the
 * root's object, through which every other node finds the tree). A 10k-element workspace
 * has 365k AST nodes; an object each for their CST nodes, made while parsing, was a tenth of
 * the heap, and a check reads few of them (the ranges of what it reports). For everything
 * else the nodes are plain objects: `$cstNode` is not an own key, as no `$` key matters to
 * Langium's traversals, and assigning it stores into `$cst`.
 *
 * `$containerProperty` and `$containerIndex` are worked out from the container when read
 * (Langium's locator reads them for a symbol's path, the formatter for clause starts);
 * storing them in every node cost 5 MB on a 10k-element check, and about 2 % of its time. Assigning one
 * (Langium's `linkContentToContainer` does, after a parse with errors) makes it the node's
 * own property.
 */
const AST_NODE: object = Object.create(Object.prototype, {
    $cstNode: {
        get(this: NodeEntry): CstNode | undefined {
            const cst = this.$cst;
            if (typeof cst !== 'number') return cst;
            let root = this;
            while (root.$container) root = root.$container as NodeEntry;
            const rootCst = root.$cst;
            return typeof rootCst === 'object' ? (rootCst as CompositeCstNodeHandle).tree.node(cst) : undefined;
        },
        set(this: NodeEntry, value: CstNode | number | undefined): void {
            this.$cst = value;
        },
        enumerable: false,
        configurable: true,
    },
    $containerProperty: containerAccessor(place => place.property, '$containerProperty'),
    $containerIndex: containerAccessor(place => place.index, '$containerIndex'),
});

/**
 * Langium's `AstUtils.linkContentToContainer(root, { deep: true })` with a stack of its own
 * instead of recursion: a trigger of 20,000 `or`s is a tree that deep.
 */
function linkContentToContainer(root: NodeEntry): void {
    const stack: NodeEntry[] = [root];
    while (stack.length > 0) {
        const node = stack.pop()!;
        for (const [name, value] of Object.entries(node)) {
            if (name.startsWith('$')) continue;
            if (Array.isArray(value)) {
                value.forEach((item: unknown, index) => {
                    if (!isNodeEntry(item)) return;
                    item.$container = node;
                    item.$containerProperty = name;
                    item.$containerIndex = index;
                    stack.push(item);
                });
            } else if (isNodeEntry(value)) {
                value.$container = node;
                value.$containerProperty = name;
                stack.push(value);
            }
        }
    }
}

/** Makes `node` the container of the AST nodes in `value`, one of its property values (a node or a list). */
function adopt(node: NodeEntry, value: unknown): void {
    if (Array.isArray(value)) {
        for (const item of value as unknown[]) {
            if (isNodeEntry(item)) item.$container = node;
        }
    } else if (isNodeEntry(value)) {
        value.$container = node;
    }
}

/**
 * Where `node` sits in its container: the property holding it, and its index when that
 * property is a list. Found by looking, in the container's key order, as Langium's
 * `linkContentToContainer` assigns them.
 */
function placeInContainer(node: NodeEntry): { property: string; index: number | undefined } | undefined {
    const container = node.$container as NodeEntry | undefined;
    if (!container) return undefined;
    for (const property of Object.keys(container)) {
        if (property.charCodeAt(0) === 36 /* $ */) continue;
        const value = container[property];
        if (value === node) return { property, index: undefined };
        if (Array.isArray(value)) {
            const index = value.indexOf(node);
            if (index >= 0) return { property, index };
        }
    }
    return undefined;
}

/** An accessor worked out from `placeInContainer` until assigned; an assigned value becomes the node's own. */
function containerAccessor(read: (place: NonNullable<ReturnType<typeof placeInContainer>>) => string | number | undefined, name: string): PropertyDescriptor {
    return {
        get(this: NodeEntry): string | number | undefined {
            const place = placeInContainer(this);
            return place && read(place);
        },
        set(this: NodeEntry, value: unknown): void {
            Object.defineProperty(this, name, { value, writable: true, enumerable: true, configurable: true });
        },
        enumerable: false,
        configurable: true,
    };
}

/**
 * Langium's `ValueConverter.convertString`, which builds the value a character at a time: in
 * V8 a string built that way past 12 characters is a chain of one 32-byte object per
 * character (a description of 60 characters, about 2 KB), and the AST keeps it. Without
 * escapes the value is the text between the quotes, taken as it is.
 */
function convertString(text: string): string {
    return text.includes('\\') ? ValueConverter.convertString(text) : text.slice(1, -1);
}

function isNodeEntry(value: unknown): value is NodeEntry {
    return typeof value === 'object' && value !== null && typeof (value as { $type?: unknown }).$type === 'string';
}

class UnsupportedGrammar extends Error {}

/**
 * The `LangiumParser` service for Mesh: `MeshParser` when it supports the grammar (a test
 * asserts it does for ours), else Langium's own.
 */
export function createMeshParser(services: LangiumCoreServices): LangiumParser {
    const grammar = services.Grammar;
    if (unsupportedFeature(grammar) !== undefined) return createLangiumParser(services);
    const parser = new MeshParser(withMeshLookahead(services));
    const plans = new GrammarCompiler(parser, services.parser.Lexer.definition as TokenTypeDictionary).compile(grammar);
    parser.finalize();
    parser.compileFastPath(plans);
    return parser;
}

/**
 * How far the parser looks ahead to choose between alternatives. Langium's default is
 * ALL(*) (chevrotain-allstar), which predicts adaptively and allocates while it does; the
 * Mesh grammar needs at most three tokens (Chevrotain validates it with this bound in
 * development mode: test/parser), and LL(3) lookahead is a table lookup. A tenth less time
 * for a large check. Valid text parses the same either way (test/parser compares with
 * Langium's parser under ALL(*)); in broken text the two can recover differently, so what
 * follows a syntax error may be reported differently. Langium's completion parser keeps
 * ALL(*), which copes with the incomplete text it is given.
 */
const MAX_LOOKAHEAD = 3;

/**
 * How deep parentheses may nest. Each level is a few rule calls deep in the parser (and more
 * in Chevrotain's recovery): at 400 levels or so, the stack ran out.
 */
const MAX_NESTING = 100;

/**
 * `services` as they are, but for a parser configuration with `MAX_LOOKAHEAD`: Chevrotain's
 * LL(k) lookahead, made by `MeshLookahead` (which keeps each decision's paths for the fast path)
 * or, for comparison, by Chevrotain's own `LLkLookaheadStrategy`.
 */
export function withMeshLookahead(services: LangiumCoreServices, strategy: 'mesh' | 'chevrotain' = 'mesh'): LangiumCoreServices {
    const config = { ...services.parser.ParserConfig, maxLookahead: MAX_LOOKAHEAD };
    const vocabulary = (): Record<string, TokenType> => services.parser.Lexer.definition as Record<string, TokenType>;
    config.lookaheadStrategy = strategy === 'mesh'
        ? new MeshLookahead({ maxLookahead: MAX_LOOKAHEAD }, vocabulary)
        : new GatedLLkLookahead({ maxLookahead: MAX_LOOKAHEAD }, vocabulary);
    const parser = Object.create(services.parser, { ParserConfig: { value: config } });
    return Object.create(services, { parser: { value: parser } });
}

/** The first grammar feature `MeshParser` cannot handle, or `undefined`. */
export function unsupportedFeature(grammar: GrammarAST.Grammar): string | undefined {
    for (const rule of reachableRules(grammar)) {
        if (GrammarAST.isInfixRule(rule)) return `infix rule ${rule.name}`;
        if (!GrammarAST.isParserRule(rule)) continue;
        if (rule.parameters.length > 0) return `parameters of rule ${rule.name}`;
        for (const element of AstUtils.streamAllContents(rule)) {
            if (GrammarAST.isUnorderedGroup(element)) return `unordered group in rule ${rule.name}`;
            if (GrammarAST.isEndOfFile(element)) return `EOF in rule ${rule.name}`;
            if (GrammarAST.isGroup(element) && element.guardCondition) return `guard condition in rule ${rule.name}`;
            if (GrammarAST.isRuleCall(element) && element.arguments.length > 0) return `rule call with arguments in rule ${rule.name}`;
        }
    }
    return undefined;
}

/** The name of `rule` in Chevrotain: Langium appends a zero-width space, so that no rule is named as a method of the parser. */
function chevrotainName(rule: GrammarAST.AbstractRule): string {
    return rule.name.endsWith('\u200B') ? rule.name : rule.name + '\u200B';
}

/**
 * Turns each parser rule's definition into a plan (`RulePlan`: which token each step
 * consumes, which rule it calls, what each decision chooses between, each with its `Feature`
 * and its occurrence index, numbered exactly as Langium numbers them), then the plan into a
 * closure over Chevrotain's DSL, as Langium's `createParser` does, with each decision's
 * alternatives and each repetition's options object built once. After Chevrotain has
 * analysed the grammar, the same plans become the fast path (`fast-path.ts`).
 */
class GrammarCompiler {
    private counters = { consume: 1, subrule: 1, or: 1, many: 1, optional: 1 };

    constructor(private readonly parser: MeshParser, private readonly tokens: TokenTypeDictionary) {}

    compile(grammar: GrammarAST.Grammar): RulePlan<Feature>[] {
        const reachable = reachableRules(grammar);
        const plans: RulePlan<Feature>[] = [];
        for (const rule of grammar.rules) {
            if (!GrammarAST.isParserRule(rule) || !reachable.has(rule)) continue;
            this.counters = { consume: 1, subrule: 1, or: 1, many: 1, optional: 1 };
            const body = this.step(rule.definition);
            const shape = this.parser.ruleShape(rule);
            plans.push({ name: rule.name, chevrotainName: chevrotainName(rule), ...shape, body });
            this.parser.rule(rule, this.closure(body), shape);
        }
        return plans;
    }

    private step(element: GrammarAST.AbstractElement): Step<Feature> {
        let step: Step<Feature>;
        if (GrammarAST.isKeyword(element)) {
            step = this.consume(element, this.token(element.value));
        } else if (GrammarAST.isAction(element)) {
            const type = GrammarUtils.getTypeName(element);
            const feature = element.feature && element.operator ? this.actionFeature(element) : undefined;
            step = { kind: 'action', type, feature };
        } else if (GrammarAST.isAssignment(element)) {
            step = this.step(element.terminal);
        } else if (GrammarAST.isCrossReference(element)) {
            step = this.crossReference(element, element.terminal);
        } else if (GrammarAST.isRuleCall(element)) {
            step = this.ruleCall(element);
        } else if (GrammarAST.isAlternatives(element)) {
            step = this.alternatives(element);
        } else if (GrammarAST.isGroup(element)) {
            const steps = element.elements.map(e => this.step(e));
            step = steps.length === 1 ? steps[0] : { kind: 'group', steps };
        } else {
            throw new UnsupportedGrammar(`grammar element ${element.$type}`);
        }
        switch (element.cardinality) {
            case undefined: return step;
            case '?': return { kind: 'option', idx: this.counters.optional++, body: step };
            case '*': return { kind: 'many', idx: this.counters.many++, body: step };
            case '+': return { kind: 'atLeastOne', idx: this.counters.many++, body: step };
        }
    }

    /** The plan as a closure over Chevrotain's DSL. */
    private closure(step: Step<Feature>): () => void {
        const parser = this.parser;
        const dsl = parser.dsl;
        switch (step.kind) {
            case 'consume': {
                const { idx, tokenType, feature } = step;
                return () => parser.consumeToken(idx, tokenType, feature);
            }
            case 'call': {
                const { idx, rule, feature, fragment } = step;
                let method: RuleMethod | undefined;
                return () => {
                    method ??= parser.getRule(rule) as RuleMethod | undefined;
                    if (!method) throw new Error(`Rule "${rule}" not found`);
                    parser.callRule(idx, method, feature, fragment);
                };
            }
            case 'action': {
                const { type, feature } = step;
                return () => parser.runAction(type, feature);
            }
            case 'group': {
                const methods = step.steps.map(s => this.closure(s));
                return () => {
                    for (const m of methods) m();
                };
            }
            case 'or': {
                const { idx } = step;
                const alternatives: IOrAlt<unknown>[] = step.alternatives.map(s => ({ ALT: this.closure(s) }));
                return () => void dsl.or(idx, alternatives);
            }
            case 'option': {
                const { idx } = step;
                const options = { DEF: this.closure(step.body) };
                return () => void dsl.option(idx, options);
            }
            case 'many': {
                const { idx } = step;
                const options = { DEF: this.closure(step.body) };
                return () => dsl.many(idx, options);
            }
            case 'atLeastOne': {
                const { idx } = step;
                const options = { DEF: this.closure(step.body) };
                return () => dsl.atLeastOne(idx, options);
            }
        }
    }

    private alternatives(element: GrammarAST.Alternatives): Step<Feature> {
        if (element.elements.length === 1) return this.step(element.elements[0]);
        const alternatives = element.elements.map(e => this.step(e));
        return { kind: 'or', idx: this.counters.or++, alternatives };
    }

    private ruleCall(call: GrammarAST.RuleCall): Step<Feature> {
        const rule = call.rule.ref;
        if (GrammarAST.isParserRule(rule)) {
            const idx = this.counters.subrule++;
            return { kind: 'call', idx, rule: rule.name, feature: this.feature(call, undefined, undefined), fragment: rule.fragment };
        }
        if (GrammarAST.isTerminalRule(rule)) {
            return this.consume(call, this.token(rule.name), rule);
        }
        throw new UnsupportedGrammar(`rule call to ${call.rule.$refText}`);
    }

    private crossReference(crossRef: GrammarAST.CrossReference, terminal: GrammarAST.AbstractElement | undefined): Step<Feature> {
        if (!terminal) {
            const type = crossRef.type.ref;
            if (!type) throw new Error('Could not resolve reference to type: ' + crossRef.type.$refText);
            const assignment = GrammarUtils.findNameAssignment(type);
            if (!assignment?.terminal) throw new Error('Could not find name assignment for type: ' + GrammarUtils.getTypeName(type));
            return this.crossReference(crossRef, assignment.terminal);
        }
        if (GrammarAST.isRuleCall(terminal) && GrammarAST.isParserRule(terminal.rule.ref)) {
            const idx = this.counters.subrule++;
            return { kind: 'call', idx, rule: terminal.rule.ref.name, feature: this.feature(crossRef, undefined, undefined), fragment: false };
        }
        if (GrammarAST.isRuleCall(terminal) && GrammarAST.isTerminalRule(terminal.rule.ref)) {
            return this.consume(crossRef, this.token(terminal.rule.ref.name), terminal.rule.ref);
        }
        if (GrammarAST.isKeyword(terminal)) {
            return this.consume(crossRef, this.token(terminal.value));
        }
        throw new Error('Could not build cross reference parser');
    }

    private consume(element: GrammarAST.AbstractElement, tokenType: TokenType, terminal?: GrammarAST.TerminalRule): Step<Feature> {
        const idx = this.counters.consume++;
        return { kind: 'consume', idx, tokenType, feature: this.feature(element, tokenType, terminal) };
    }

    private feature(element: GrammarAST.AbstractElement, tokenType: TokenType | undefined, terminal: GrammarAST.TerminalRule | undefined): Feature {
        const assignment = AstUtils.getContainerOfType(element, GrammarAST.isAssignment);
        const crossRef = assignment && GrammarAST.isCrossReference(assignment.terminal)
            ? (assignment.terminal.isMulti ? 'multi' : 'single')
            : undefined;
        return {
            element,
            property: assignment?.feature,
            operator: assignment?.operator,
            crossRef,
            keyword: GrammarAST.isKeyword(element),
            convert: terminal ? this.parser.converterFor(terminal) : text => text,
            tokenType,
            leafKind: tokenType ? this.parser.kinds.leaf(element, tokenType) : 0,
            compositeKind: tokenType ? 0 : this.parser.kinds.composite(element),
        };
    }

    private actionFeature(action: GrammarAST.Action): Feature {
        return {
            element: action,
            property: action.feature,
            operator: action.operator,
            crossRef: undefined,
            keyword: false,
            convert: text => text,
            tokenType: undefined,
            leafKind: 0,
            compositeKind: this.parser.kinds.composite(action),
        };
    }

    private token(name: string): TokenType {
        const token = this.tokens[name];
        if (!token) throw new Error(`Could not find token for ${name}`);
        return token;
    }
}
