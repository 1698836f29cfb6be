import type { IToken, TokenType } from 'chevrotain';
import { EOF, MismatchedTokenException, tokenMatcher } from 'chevrotain';

/**
 * The parts of Chevrotain's recovery trait that in-repetition recovery uses (internal
 * methods of its parser; chevrotain/lib/src/parse/parser/traits/recoverable.js).
 */
interface RecoveringParser {
    tryInRepetitionRecovery(grammarRule: (...args: unknown[]) => unknown, grammarRuleArgs: unknown[], lookAheadFunc: () => boolean, expectedTokType: TokenType): void;
    findReSyncTokenType(): TokenType;
    exportLexerState(): number;
    importLexerState(state: number): void;
    LA(k: number): IToken;
    SKIP_TOKEN(): IToken;
    SAVE_ERROR(error: Error): void;
    getCurrRuleFullName(): string;
    addToResyncTokens(token: IToken, tokens: IToken[]): IToken[];
    errorMessageProvider: { buildMismatchTokenMessage(options: { expected: TokenType; actual: IToken; previous: IToken; ruleName: string }): string };
}

/**
 * In-repetition recovery that skips a bracketed block as a whole. When a member of a block
 * is broken (`breaker { errors 5 }` where no call precedes it), Chevrotain skips tokens
 * until one can start another member or close the block, and took the `}` of the stray
 * block for the end of the enclosing one: the rest of the element was then read at top
 * level, one error after another, and never checked. Counting `open`/`close` while skipping
 * resumes after the stray block instead. The same loop as Chevrotain's, otherwise; an
 * `open` that nothing closes is skipped alone, as Chevrotain skips it.
 */
export function installBalancedRecovery(parser: unknown, open: TokenType, close: TokenType): void {
    const p = parser as RecoveringParser;
    p.tryInRepetitionRecovery = function (this: RecoveringParser, grammarRule, grammarRuleArgs, lookAheadFunc, expectedTokType) {
        const reSyncTokType = this.findReSyncTokenType();
        const savedLexerState = this.exportLexerState();
        const resyncedTokens: IToken[] = [];
        const nextTokenWithoutResync = this.LA(1);
        let currToken = this.LA(1);
        const saveError = (): void => {
            const message = this.errorMessageProvider.buildMismatchTokenMessage({
                expected: expectedTokType,
                actual: nextTokenWithoutResync,
                previous: this.LA(0),
                ruleName: this.getCurrRuleFullName(),
            });
            const error = new MismatchedTokenException(message, nextTokenWithoutResync, this.LA(0)) as MismatchedTokenException & { resyncedTokens: IToken[] };
            error.resyncedTokens = resyncedTokens.slice(0, -1);
            this.SAVE_ERROR(error);
        };
        // Skips to where the repetition can go on, over whole bracketed blocks when `balanced`:
        // 'resumed' when it goes on, 'unclosed' when a block runs to the end of the input.
        const skip = (balanced: boolean): 'resumed' | 'stopped' | 'unclosed' => {
            let depth = 0;
            for (;;) {
                const atEnd = tokenMatcher(currToken, EOF);
                if (atEnd && depth > 0) return 'unclosed';
                if (depth === 0) {
                    if (tokenMatcher(currToken, expectedTokType)) {
                        saveError();
                        return 'resumed';
                    }
                    if (lookAheadFunc.call(this)) {
                        saveError();
                        grammarRule.apply(this, grammarRuleArgs);
                        return 'resumed';
                    }
                    // The end of the input ends the search (the re-sync token may have been inside a skipped block).
                    if (tokenMatcher(currToken, reSyncTokType) || atEnd) return 'stopped';
                }
                if (balanced && tokenMatcher(currToken, open)) depth++;
                else if (balanced && tokenMatcher(currToken, close) && depth > 0) depth--;
                currToken = this.SKIP_TOKEN();
                this.addToResyncTokens(currToken, resyncedTokens);
            }
        };
        let outcome = skip(true);
        if (outcome === 'unclosed') {
            // A stray `open` that nothing closes (a `{` typed at the top of a file) is skipped
            // alone, as Chevrotain does: counting would have skipped the rest of the file.
            this.importLexerState(savedLexerState);
            resyncedTokens.length = 0;
            currToken = this.LA(1);
            outcome = skip(false);
        }
        if (outcome === 'resumed') return;
        // No closer point to resume inside the repetition: the error happens at the next
        // step, where recovery between rules may handle it.
        this.importLexerState(savedLexerState);
    };
}
