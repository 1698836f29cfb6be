import type { IToken, TokenType } from 'chevrotain';
import { EOF } from 'chevrotain';
import { KEYWORD } from './mesh-lexer.js';

/**
 * Keywords are names (LANGUAGE.md §2: `service target`, `topic group`), so a clause left
 * half-typed at the end of an element (`calls ` on the line before `service a { … }`) read the
 * next element's keyword as its name: `calls service`, and element `a` was gone, with
 * everything that referred to it, until the line was finished.
 *
 * An element keyword that starts a line (no other token before it on its line) and is
 * followed by a name and by `{`, a version, `=` or `owner` starts an element: it is never a
 * name there, since nothing that follows a name can go on with `<name> {`. The parser's
 * `Name` rule does not take it (the lookahead of its alternation, `MeshLookahead` and
 * `GatedLLkLookahead`, and the fast path), so the half-typed clause is the syntax error and
 * the element after it is read.
 */
const ELEMENT_KEYWORDS = ['domain', 'service', 'client', 'store', 'topic', 'dataproduct', 'gateway', 'saga', 'schema', 'mesh', 'policy', 'guarantee'];
const AFTER_THE_NAME = ['{', 'VERSION', '=', 'owner'];

/** The grammar rule whose alternation the gate guards. */
export const NAME_RULE = 'Name';

/** Token type tables for `startsElement`, by token type index. */
export interface ElementStartTypes {
    readonly keywords: Uint8Array;
    readonly names: Uint8Array;
    readonly after: Uint8Array;
}

/** The tables for `vocabulary`, made when first asked for: its token type indices are assigned once Chevrotain has seen it. */
export function elementStartTypesOf(vocabulary: () => Record<string, TokenType>): () => ElementStartTypes {
    let types: ElementStartTypes | undefined;
    return () => types ??= elementStartTypes(vocabulary());
}

function elementStartTypes(vocabulary: Record<string, TokenType>): ElementStartTypes {
    const size = Math.max(...Object.values(vocabulary).map(t => t.tokenTypeIdx ?? 0)) + 1;
    const table = (names: readonly string[]): Uint8Array => {
        const result = new Uint8Array(size);
        for (const name of names) {
            const index = vocabulary[name]?.tokenTypeIdx;
            if (index !== undefined) result[index] = 1;
        }
        return result;
    };
    // A name: ID, VERSION or any keyword (a word), as the grammar's `Name` reads them.
    const words = Object.keys(vocabulary).filter(name => KEYWORD.test(name));
    return { keywords: table(ELEMENT_KEYWORDS), names: table(['ID', 'VERSION', ...words]), after: table(AFTER_THE_NAME) };
}

/**
 * Whether `next` starts an element (see above), given the token `before` it (undefined or
 * the end-of-file token at the start) and the two `after` it.
 */
export function startsElement(types: ElementStartTypes, before: IToken | undefined, next: IToken, second: IToken, third: IToken): boolean {
    if (types.keywords[next.tokenTypeIdx] !== 1) return false;
    if (types.names[second.tokenTypeIdx] !== 1 || types.after[third.tokenTypeIdx] !== 1) return false;
    // `>=` is false for the end-of-file token's NaN lines too.
    return before === undefined || before.tokenType === EOF || !(before.endLine! >= next.startLine!);
}
