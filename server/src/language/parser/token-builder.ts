import type { TokenType, TokenVocabulary } from 'chevrotain';
import type { GrammarAST, TokenBuilderOptions } from 'langium';
import { DefaultTokenBuilder, GrammarUtils, RegExpUtils, stream } from 'langium';

/**
 * The rules reachable from a grammar's entry rule (terminals only where a parser rule uses
 * them), worked out once per grammar. Langium's `getAllReachableRules` walks the whole
 * grammar each time (about 8 ms for Mesh's), and the token builder, `unsupportedFeature`
 * and the grammar compiler each asked for it on every start of the CLI and the server.
 * Callers must not change the set.
 */
export function reachableRules(grammar: GrammarAST.Grammar): ReadonlySet<GrammarAST.AbstractRule> {
    let rules = REACHABLE.get(grammar);
    if (!rules) REACHABLE.set(grammar, rules = GrammarUtils.getAllReachableRules(grammar, false));
    return rules;
}

const REACHABLE = new WeakMap<GrammarAST.Grammar, Set<GrammarAST.AbstractRule>>();

/**
 * Langium's token builder, with the same tokens, made faster at start-up: the reachable
 * rules come from `reachableRules`, and a keyword's longer alternatives (the terminals that
 * can match more text starting with the keyword) are found with one partial regular
 * expression per terminal, where Langium derives it again for every keyword and terminal
 * (107 keywords × 10 terminals, 15–20 ms). test/parser compares the two builders' tokens.
 */
export class MeshTokenBuilder extends DefaultTokenBuilder {
    private readonly partials = new Map<TokenType, RegExp | null>();

    override buildTokens(grammar: GrammarAST.Grammar, options?: TokenBuilderOptions): TokenVocabulary {
        const rules = stream(reachableRules(grammar));
        const terminalTokens = this.buildTerminalTokens(rules);
        const tokens = this.buildKeywordTokens(rules, terminalTokens, options);
        tokens.push(...terminalTokens);
        return tokens;
    }

    protected override findLongerAlt(keyword: GrammarAST.Keyword, terminalTokens: TokenType[]): TokenType[] {
        const alternatives: TokenType[] = [];
        for (const token of terminalTokens) {
            const partial = this.partialOf(token);
            if (!partial) continue;
            const match = partial.exec(keyword.value);
            if (match && match[0].length > 0) alternatives.push(token);
        }
        return alternatives;
    }

    /** `RegExpUtils.partialMatches`' expression for a terminal whose whole text must match. */
    private partialOf(token: TokenType): RegExp | null {
        let partial = this.partials.get(token);
        if (partial === undefined) {
            const source = (token.PATTERN as RegExp | undefined)?.source;
            partial = source ? RegExpUtils.partialRegExp('^' + source + '$') : null;
            this.partials.set(token, partial);
        }
        return partial;
    }
}
