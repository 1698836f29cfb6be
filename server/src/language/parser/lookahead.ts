import type { IOrAlt, IToken, Rule, TokenType } from 'chevrotain';
import { LLkLookaheadStrategy, getLookaheadPaths } from 'chevrotain';
import { NAME_RULE, elementStartTypesOf, startsElement, type ElementStartTypes } from './element-start.js';

/*
 * The parser's LL(k) lookahead: Chevrotain's (`LLkLookaheadStrategy`, the same paths from
 * `getLookaheadPaths`, the same choice), with each decision's paths kept, so that the fast
 * path (`fast-path.ts`) decides exactly as Chevrotain does without working them out a second
 * time (a quarter of the parser's set-up).
 */

/** The kinds of decision Chevrotain asks a lookahead strategy about, as `getLookaheadPaths` names them. */
export type ProdType = 'Alternation' | 'Option' | 'Repetition' | 'RepetitionMandatory' | 'RepetitionMandatoryWithSeparator' | 'RepetitionWithSeparator';

/**
 * For each alternative of a decision (an optional production has one: entering it), the
 * token sequences that choose it. Chevrotain takes the first alternative with a sequence that
 * the next tokens match.
 */
export type Alternatives = readonly (readonly (readonly TokenType[])[])[];

/** What Chevrotain's generated lookahead functions see of the parser: the token `i` ahead. */
interface Lookahead {
    LA_FAST(i: number): IToken;
}

/** A decision: when one token decides, the table of what it chooses; otherwise its paths, as tables. */
export interface Decision {
    /**
     * When one token decides (Chevrotain's `choiceToAlt`): for each token type index, the number
     * (from 1) of the first alternative it starts, or 0. For an optional production, 1 means entering it.
     */
    readonly oneToken: Uint8Array | undefined;
    /** Otherwise, per alternative and path, the `matchTable` of each token in it. */
    readonly paths: readonly (readonly (readonly Uint8Array[])[])[];
}

type AlternationOptions = { prodOccurrence: number; rule: Rule; maxLookahead: number; hasPredicates: boolean; dynamicTokensEnabled: boolean };
type AlternationLookahead = (orAlts?: IOrAlt<unknown>[]) => number | undefined;

/** The token types of the vocabulary, once Chevrotain has numbered them (when it asks for lookahead functions). */
export type Vocabulary = () => Record<string, TokenType>;

/**
 * The lookahead of the `Name` rule's alternation takes no alternative where the next token
 * starts an element (`element-start.ts`); every other decision is left as it is.
 */
function gatedForNames(rule: Rule, lookahead: AlternationLookahead, types: () => ElementStartTypes): AlternationLookahead {
    if (rule.name.replace(/\u200B$/, '') !== NAME_RULE) return lookahead;
    return function (this: Lookahead, orAlts?: IOrAlt<unknown>[]): number | undefined {
        return startsElement(types(), this.LA_FAST(0), this.LA_FAST(1), this.LA_FAST(2), this.LA_FAST(3)) ? undefined : lookahead.call(this, orAlts);
    };
}

/** Chevrotain's own LL(k) lookahead with the `Name` gate: the reference the parser tests compare `MeshLookahead` with. */
export class GatedLLkLookahead extends LLkLookaheadStrategy {
    private readonly elementStarts: () => ElementStartTypes;

    constructor(options: { maxLookahead: number }, vocabulary: Vocabulary) {
        super(options);
        this.elementStarts = elementStartTypesOf(vocabulary);
    }

    override buildLookaheadForAlternation(options: AlternationOptions): AlternationLookahead {
        return gatedForNames(options.rule, super.buildLookaheadForAlternation(options), this.elementStarts);
    }
}

export class MeshLookahead extends LLkLookaheadStrategy {
    private readonly decisions = new Map<string, Decision>();
    private readonly tables = new Map<number, Uint8Array>();
    /** The tables of the `Name` gate (`element-start.ts`), which the fast path applies too. */
    readonly elementStarts: () => ElementStartTypes;

    constructor(options: { maxLookahead: number }, vocabulary: Vocabulary) {
        super(options);
        this.elementStarts = elementStartTypesOf(vocabulary);
    }

    override buildLookaheadForAlternation(options: AlternationOptions): AlternationLookahead {
        return gatedForNames(options.rule, this.alternation(options), this.elementStarts);
    }

    private alternation(options: AlternationOptions): AlternationLookahead {
        if (options.hasPredicates || options.dynamicTokensEnabled) return super.buildLookaheadForAlternation(options);
        const { oneToken, paths } = this.record(options.rule, 'Alternation', options.prodOccurrence, options.maxLookahead);
        if (oneToken) {
            return function (this: Lookahead): number | undefined {
                const alternative = oneToken[this.LA_FAST(1).tokenTypeIdx];
                return alternative ? alternative - 1 : undefined;
            };
        }
        return function (this: Lookahead): number | undefined {
            const alternative = firstMatching(paths, i => this.LA_FAST(i + 1).tokenTypeIdx);
            return alternative ? alternative - 1 : undefined;
        };
    }

    override buildLookaheadForOptional(options: { prodOccurrence: number; prodType: string; rule: Rule; maxLookahead: number; dynamicTokensEnabled: boolean }): () => boolean {
        if (options.dynamicTokensEnabled) return super.buildLookaheadForOptional(options as never);
        const { oneToken, paths } = this.record(options.rule, options.prodType as ProdType, options.prodOccurrence, options.maxLookahead);
        if (oneToken) {
            return function (this: Lookahead): boolean {
                return oneToken[this.LA_FAST(1).tokenTypeIdx] === 1;
            };
        }
        return function (this: Lookahead): boolean {
            return firstMatching(paths, i => this.LA_FAST(i + 1).tokenTypeIdx) === 1;
        };
    }

    /** A decision, as worked out when Chevrotain asked for its lookahead function (during `performSelfAnalysis`). */
    decision(rule: string, prodType: ProdType, occurrence: number): Decision {
        const decision = this.decisions.get(key(rule, prodType, occurrence));
        if (!decision) throw new Error(`No lookahead for ${prodType} ${occurrence} of rule ${rule}`);
        return decision;
    }

    /** 1 at the index of every token type that `type` matches (Chevrotain's `tokenMatcher`, categories included). */
    matchTable(type: TokenType): Uint8Array {
        let table = this.tables.get(type.tokenTypeIdx!);
        if (!table) {
            table = new Uint8Array(tableSize([type]));
            forEachMatch(type, i => table![i] = 1);
            this.tables.set(type.tokenTypeIdx!, table);
        }
        return table;
    }

    private record(rule: Rule, prodType: ProdType, occurrence: number, maxLookahead: number): Decision {
        const found = getLookaheadPaths({ occurrence, rule, prodType, maxLookahead }) as TokenType[][][];
        // An optional production decides whether to enter it, by the paths inside it.
        const alternatives = prodType === 'Alternation' ? found : [found[0]];
        const oneToken = oneTokenChoice(alternatives);
        const decision: Decision = {
            oneToken,
            paths: oneToken ? [] : alternatives.map(paths => paths.map(path => path.map(type => this.matchTable(type)))),
        };
        this.decisions.set(key(rule.name, prodType, occurrence), decision);
        return decision;
    }
}

/**
 * The number (from 1) of the first alternative of `paths` (`Decision.paths`) with a path that
 * the next tokens match, or 0; `tokenTypeAt(i)` is the type index of the token `i` ahead
 * (0: the next one). The choice of Chevrotain's LL(k) lookahead functions, and of the fast path.
 */
export function firstMatching(paths: Decision['paths'], tokenTypeAt: (i: number) => number): number {
    for (let a = 0; a < paths.length; a++) {
        next: for (const path of paths[a]) {
            for (let i = 0; i < path.length; i++) if (path[i][tokenTypeAt(i)] !== 1) continue next;
            return a + 1;
        }
    }
    return 0;
}

/** The table of `Decision.oneToken`, if one token decides between `alternatives`. */
function oneTokenChoice(alternatives: Alternatives): Uint8Array | undefined {
    const types: TokenType[] = [];
    for (const paths of alternatives) {
        for (const path of paths) {
            if (path.length !== 1) return undefined;
            types.push(path[0]);
        }
    }
    const table = new Uint8Array(tableSize(types));
    alternatives.forEach((paths, a) => {
        for (const [type] of paths) forEachMatch(type, i => {
            if (table[i] === 0) table[i] = a + 1;
        });
    });
    return table;
}

function key(rule: string, prodType: ProdType, occurrence: number): string {
    return `${rule}\u0000${prodType}\u0000${occurrence}`;
}

/** Visits the token type indices `type` matches: its own and those of the types in its category. */
function forEachMatch(type: TokenType, visit: (index: number) => void): void {
    visit(type.tokenTypeIdx!);
    for (const i of type.categoryMatches ?? []) visit(i);
}

/** A table size that covers every index `types` match; a token beyond it matches none of them. */
function tableSize(types: readonly TokenType[]): number {
    let size = 1;
    for (const type of types) forEachMatch(type, i => size = Math.max(size, i + 1));
    return size;
}
