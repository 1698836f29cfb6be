import type { ILexerErrorMessageProvider, IToken, TokenType, TokenTypeDictionary, TokenVocabulary } from 'chevrotain';
import { Lexer as ChevrotainLexer } from 'chevrotain';
import type { LangiumCoreServices, Lexer, LexerResult, TokenBuilder, TokenizeOptions } from 'langium';
import { lineIndexAt, lineStarts, positionIn } from '../lines.js';

/**
 * A hand-written scanner for the `.mesh` token set, producing exactly the tokens Chevrotain's
 * lexer produces for the same grammar (same types, images, offsets, lines and columns; lines
 * and columns are computed when asked for, see `ScannedToken`).
 *
 * Chevrotain tries the token patterns one after another with regular expressions; on a large
 * workspace that was a tenth of `meshspec check`. This scanner decides on the first character
 * with a switch. Anything it does not model (a character outside ASCII other than the vector
 * brackets, an unterminated string or comment, a character no token starts with) makes it
 * give the whole text to Chevrotain instead, so lexer errors and their messages are
 * Chevrotain's own. test/parser/mesh-lexer.test.ts compares the two on every sample and on
 * generated and hostile inputs.
 *
 * The grammar's terminals (grammar/mesh.langium) and how Chevrotain orders them: keywords
 * first, longest first, each with ID as its longer alternative; then WS (skipped), the
 * comments (hidden), RATE, DURATION, PERCENT, NUMBER, VERSION, ID and STRING. The first
 * pattern that matches wins, so a keyword wins over ID unless ID matches more text.
 *
 * The Chevrotain lexer is built on first use only (Langium's DefaultLexer builds it up front,
 * a few tens of milliseconds of every CLI run and server start).
 */
export class MeshLexer implements Lexer {
    private readonly tokenBuilder: TokenBuilder;
    private readonly errorMessageProvider: ILexerErrorMessageProvider;
    private readonly vocabulary: TokenType[];
    private readonly tokenTypes: TokenTypeDictionary;
    private readonly production: boolean;
    private chevrotainLexer?: ChevrotainLexer;
    /** The scanner's view of the vocabulary; `null` when it does not match the grammar it was written for. */
    private types?: ScannerTypes | null;

    constructor(services: LangiumCoreServices) {
        this.tokenBuilder = services.parser.TokenBuilder;
        this.errorMessageProvider = services.parser.LexerErrorMessageProvider;
        const tokens: TokenVocabulary = this.tokenBuilder.buildTokens(services.Grammar, { caseInsensitive: services.LanguageMetaData.caseInsensitive });
        if (!Array.isArray(tokens)) throw new Error('MeshLexer expects one lexer mode (a token type array)');
        this.vocabulary = tokens;
        this.tokenTypes = Object.fromEntries(tokens.map(t => [t.name, t]));
        this.production = services.LanguageMetaData.mode === 'production';
    }

    get definition(): TokenTypeDictionary {
        return this.tokenTypes;
    }

    tokenize(text: string, _options?: TokenizeOptions): LexerResult {
        // Token type indices are assigned when Chevrotain first sees the vocabulary (the parser
        // does, before anything is parsed); until then the scanner waits.
        if (this.types === undefined && this.vocabulary.every(t => t.tokenTypeIdx !== undefined)) this.types = scannerTypes(this.tokenTypes) ?? null;
        const scanned = this.types ? scan(text, this.types) : undefined;
        if (scanned) return { tokens: this.withFieldNames(text, scanned.tokens), errors: [], hidden: scanned.hidden, report: this.tokenBuilder.flushLexingReport?.(text) };
        // As Langium's DefaultLexer does it.
        this.chevrotainLexer ??= new ChevrotainLexer(this.vocabulary, {
            positionTracking: 'full',
            skipValidations: this.production,
            errorMessageProvider: this.errorMessageProvider,
        });
        const result = this.chevrotainLexer.tokenize(text);
        return { tokens: this.withFieldNames(text, result.tokens), errors: result.errors, hidden: result.groups.hidden ?? [], report: this.tokenBuilder.flushLexingReport?.(text) };
    }

    /** `fieldNamesBeforeColons` with this grammar's token types (none when the grammar has no `pii` keyword). */
    private withFieldNames(text: string, tokens: IToken[]): IToken[] {
        const { pii, ID, ':': colon } = this.tokenTypes;
        if (pii !== undefined && ID !== undefined && colon !== undefined && text.includes('pii')) fieldNamesBeforeColons(tokens, pii, colon, ID);
        return tokens;
    }
}

/**
 * A schema field may be called `pii`, and `pii` is also the flag that ends a field
 * (`email: string pii`). Chevrotain decides whether a field takes the flag from inside the
 * field's rule, on the next token alone, so in `a: string  pii: string` the flag took the
 * second field's name and its `:` was a syntax error. A flag is never followed by `:`, and a
 * field name always is, so the keyword followed by `:` is retyped as a name here (a
 * contextual keyword, as TypeScript's scanner has them), before the parser sees it.
 * Comments between the two are hidden tokens, not in `tokens`.
 */
export function fieldNamesBeforeColons(tokens: IToken[], keyword: TokenType, colon: TokenType, id: TokenType): void {
    for (let i = 0; i + 1 < tokens.length; i++) {
        const token = tokens[i];
        if (token.tokenType === keyword && tokens[i + 1].tokenType === colon) {
            token.tokenType = id;
            token.tokenTypeIdx = id.tokenTypeIdx!;
        }
    }
}

interface ScannerTypes {
    keywords: Map<string, TokenType>;
    /** One-character punctuation by its character code. */
    single: (TokenType | undefined)[];
    /** Two-character punctuation by the code of its first character. */
    pairs: (TokenType | undefined)[];
    langle: TokenType;
    rangle: TokenType;
    mlComment: TokenType;
    slComment: TokenType;
    rate: TokenType;
    duration: TokenType;
    percent: TokenType;
    number: TokenType;
    version: TokenType;
    id: TokenType;
    string: TokenType;
}

/** The grammar's terminals, with the patterns the scanner implements. */
const TERMINAL_PATTERNS: Record<string, string> = {
    WS: '/\\s+/',
    ML_COMMENT: '/\\/\\*[\\s\\S]*?\\*\\//',
    SL_COMMENT: '/\\/\\/[^\\n\\r]*/',
    RATE: '/[0-9]+\\/(ms|s|sec|second|m|min|minute|h|hour|d|day)(?![A-Za-z0-9_])/',
    DURATION: '/[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)(?![A-Za-z0-9_])/',
    PERCENT: '/[0-9]+(\\.[0-9]+)?%/',
    NUMBER: '/[0-9]+(\\.[0-9]+)?(?![A-Za-z0-9_])/',
    VERSION: '/v[0-9]+(?![A-Za-z0-9_-])/',
    ID: '/[A-Za-z_][A-Za-z0-9_]*(-[A-Za-z0-9_]+)*/',
    STRING: '/"(\\\\.|[^"\\\\\\r\\n])*"/',
};
/** The form of every keyword of the grammar: letters, and inner hyphens (`half-open`). */
export const KEYWORD = /^[a-z]+(-[a-z]+)*$/;
const MULTI_CHAR_PUNCTUATION = ['->', '>=', '<=', '=='];
const SINGLE_CHAR_PUNCTUATION = [';', '{', '}', '=', ',', ':', '+', '(', ')', '>', '<', '.'];

/**
 * The token types by role, or undefined when the vocabulary is not the one this scanner was
 * written for (a grammar change it does not know about): then Chevrotain does all lexing.
 */
function scannerTypes(dictionary: TokenTypeDictionary): ScannerTypes | undefined {
    const keywords = new Map<string, TokenType>();
    const single: (TokenType | undefined)[] = [];
    const known = new Set([...Object.keys(TERMINAL_PATTERNS), ...MULTI_CHAR_PUNCTUATION, ...SINGLE_CHAR_PUNCTUATION, '⟨', '⟩']);
    for (const [name, type] of Object.entries(dictionary)) {
        if (known.has(name)) continue;
        // Every other token is a keyword made of letters (and `half-open`'s hyphen), with ID as its longer alternative.
        if (type.PATTERN !== name || !KEYWORD.test(name)) return undefined;
        keywords.set(name, type);
    }
    for (const name of known) if (!dictionary[name]) return undefined;
    for (const p of SINGLE_CHAR_PUNCTUATION) single[p.charCodeAt(0)] = dictionary[p];
    const pairs: (TokenType | undefined)[] = [];
    for (const p of MULTI_CHAR_PUNCTUATION) pairs[p.charCodeAt(0)] = dictionary[p];
    for (const [name, pattern] of Object.entries(TERMINAL_PATTERNS)) {
        if (String(dictionary[name].PATTERN) !== pattern) return undefined;
    }
    return {
        keywords, single, pairs,
        langle: dictionary['⟨'], rangle: dictionary['⟩'],
        mlComment: dictionary.ML_COMMENT, slComment: dictionary.SL_COMMENT,
        rate: dictionary.RATE, duration: dictionary.DURATION, percent: dictionary.PERCENT, number: dictionary.NUMBER,
        version: dictionary.VERSION, id: dictionary.ID, string: dictionary.STRING,
    };
}

const RATE_UNITS = new Set(['ms', 's', 'sec', 'second', 'm', 'min', 'minute', 'h', 'hour', 'd', 'day']);
const DURATION_UNITS = new Set(['ms', 's', 'm', 'h', 'd']);

/** `[A-Za-z0-9_]` */
function isWord(c: number): boolean {
    return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

function isDigit(c: number): boolean {
    return c >= 48 && c <= 57;
}

/** End of the run of word characters from `i`. */
function wordEnd(text: string, i: number): number {
    while (isWord(text.charCodeAt(i))) i++;
    return i;
}

/** End of `[0-9]+(\.[0-9]+)?` from `i` (a digit), and where the fraction starts (or -1). */
function numberEnd(text: string, i: number): { end: number; fraction: number } {
    while (isDigit(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) === 46 && isDigit(text.charCodeAt(i + 1))) {
        const fraction = i;
        i += 2;
        while (isDigit(text.charCodeAt(i))) i++;
        return { end: i, fraction };
    }
    return { end: i, fraction: -1 };
}

/** Where lines start in one text, for the positions of its tokens; made when first asked. */
class TokenLines {
    private starts: number[] | undefined;

    constructor(private readonly text: string) {}

    /** The 1-based line holding `offset`. */
    line(offset: number): number {
        return lineIndexAt(this.lineStarts(), offset) + 1;
    }

    /** The 1-based column of `offset` on its line. */
    column(offset: number): number {
        return positionIn(this.lineStarts(), offset).character + 1;
    }

    private lineStarts(): number[] {
        return this.starts ??= lineStarts(this.text);
    }
}

/**
 * A token as Chevrotain makes it with full position tracking, but with lines and columns
 * computed from the offsets when they are asked for: only messages about errors ask, and a
 * token is otherwise four fields smaller (a workspace has about one token per six
 * characters, each alive while its file is parsed).
 */
class ScannedToken implements IToken {
    image: string;
    startOffset: number;
    endOffset: number;
    tokenTypeIdx: number;
    tokenType: TokenType;
    private readonly lines: TokenLines;

    constructor(image: string, startOffset: number, type: TokenType, length: number, lines: TokenLines) {
        this.image = image;
        this.startOffset = startOffset;
        this.endOffset = startOffset + length - 1;
        this.tokenTypeIdx = type.tokenTypeIdx!;
        this.tokenType = type;
        this.lines = lines;
    }

    get startLine(): number {
        return this.lines.line(this.startOffset);
    }

    get endLine(): number {
        return this.lines.line(this.endOffset);
    }

    get startColumn(): number {
        return this.lines.column(this.startOffset);
    }

    get endColumn(): number {
        return this.lines.column(this.endOffset);
    }
}

/**
 * The words read so far (names, keywords, vector components; durations, rates, percentages
 * and versions too), each kept once. Most words of a workspace are repeats (`Auth`, `Idem`,
 * `PartialOrder`, element names), and a token's text becomes the value in the AST: without
 * this, every occurrence was a string of its own for as long as the AST lives (a tenth of a
 * large check's AST memory). Bounded, for a language server that reads text for days.
 */
const words = new Map<string, string>();
const MAX_WORDS = 1 << 16;

function word(image: string): string {
    const known = words.get(image);
    if (known !== undefined) return known;
    if (words.size >= MAX_WORDS) words.clear();
    words.set(image, image);
    return image;
}

/** The tokens and hidden tokens of `text`, or undefined where Chevrotain must decide. */
function scan(text: string, t: ScannerTypes): { tokens: IToken[]; hidden: IToken[] } | undefined {
    const tokens: IToken[] = [];
    const hidden: IToken[] = [];
    const length = text.length;
    const lines = new TokenLines(text);
    let i = 0;
    while (i < length) {
        const c = text.charCodeAt(i);
        // Whitespace: skipped.
        if (c === 32 || c === 9 || c === 10 || c === 11 || c === 12 || c === 13) {
            i++;
            continue;
        }
        // Identifiers and keywords.
        if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95) {
            if (c === 118 && isDigit(text.charCodeAt(i + 1))) {
                // VERSION comes before ID: `v` digits not followed by a word character or `-`.
                let end = i + 2;
                while (isDigit(text.charCodeAt(end))) end++;
                const next = text.charCodeAt(end);
                if (!isWord(next) && next !== 45) {
                    tokens.push(new ScannedToken(word(text.substring(i, end)), i, t.version, end - i, lines));
                    i = end;
                    continue;
                }
            }
            let end = wordEnd(text, i + 1);
            while (text.charCodeAt(end) === 45 && isWord(text.charCodeAt(end + 1))) end = wordEnd(text, end + 2);
            const image = word(text.substring(i, end));
            // A keyword wins unless ID matches more text; ID's match is a keyword exactly when they tie.
            const keyword = t.keywords.get(image);
            tokens.push(new ScannedToken(image, i, keyword ?? t.id, end - i, lines));
            i = end;
            continue;
        }
        if (isDigit(c)) {
            const { end, fraction } = numberEnd(text, i);
            // RATE: digits `/` unit, the unit not followed by a word character.
            if (fraction < 0 && text.charCodeAt(end) === 47) {
                const unitEnd = wordEnd(text, end + 1);
                if (RATE_UNITS.has(text.substring(end + 1, unitEnd))) {
                    tokens.push(new ScannedToken(word(text.substring(i, unitEnd)), i, t.rate, unitEnd - i, lines));
                    i = unitEnd;
                    continue;
                }
            }
            const after = text.charCodeAt(end);
            if (isWord(after)) {
                // DURATION: the word after the number is exactly a unit.
                const unitEnd = wordEnd(text, end);
                if (DURATION_UNITS.has(text.substring(end, unitEnd))) {
                    tokens.push(new ScannedToken(word(text.substring(i, unitEnd)), i, t.duration, unitEnd - i, lines));
                    i = unitEnd;
                    continue;
                }
                // NUMBER backtracks to the integer part when the fraction is followed by a word character.
                if (fraction >= 0) {
                    tokens.push(new ScannedToken(text.substring(i, fraction), i, t.number, fraction - i, lines));
                    i = fraction;
                    continue;
                }
                return undefined; // `5x`: no token matches; Chevrotain reports it
            }
            if (after === 37) {
                tokens.push(new ScannedToken(word(text.substring(i, end + 1)), i, t.percent, end + 1 - i, lines));
                i = end + 1;
                continue;
            }
            tokens.push(new ScannedToken(text.substring(i, end), i, t.number, end - i, lines));
            i = end;
            continue;
        }
        switch (c) {
            case 34: { // STRING: `"` (escape | not quote, backslash or line end)* `"`
                let end = i + 1;
                for (;;) {
                    const d = text.charCodeAt(end);
                    if (d === 34) break;
                    if (d === 92) {
                        // `\\.`: `.` is any character but a line terminator.
                        const e = text.charCodeAt(end + 1);
                        if (end + 1 >= length || e === 10 || e === 13 || e === 0x2028 || e === 0x2029) return undefined;
                        end += 2;
                        continue;
                    }
                    if (end >= length || d === 10 || d === 13) return undefined; // unterminated
                    end++;
                }
                end++;
                tokens.push(new ScannedToken(text.substring(i, end), i, t.string, end - i, lines));
                i = end;
                continue;
            }
            case 47: { // `/`: comments
                const d = text.charCodeAt(i + 1);
                if (d === 47) {
                    let end = i + 2;
                    while (end < length) {
                        const e = text.charCodeAt(end);
                        if (e === 10 || e === 13) break;
                        end++;
                    }
                    hidden.push(new ScannedToken(text.substring(i, end), i, t.slComment, end - i, lines));
                    i = end;
                    continue;
                }
                if (d === 42) {
                    const close = text.indexOf('*/', i + 2);
                    if (close < 0) return undefined; // unterminated
                    const end = close + 2;
                    hidden.push(new ScannedToken(text.substring(i, end), i, t.mlComment, end - i, lines));
                    i = end;
                    continue;
                }
                return undefined;
            }
            case 0x27e8:
                tokens.push(new ScannedToken('⟨', i, t.langle, 1, lines));
                i++;
                continue;
            case 0x27e9:
                tokens.push(new ScannedToken('⟩', i, t.rangle, 1, lines));
                i++;
                continue;
        }
        // `->`, `>=`, `<=` and `==` come before the one-character tokens.
        const pair = c < 128 ? t.pairs[c] : undefined;
        if (pair !== undefined && text.charCodeAt(i + 1) === (pair.PATTERN as string).charCodeAt(1)) {
            tokens.push(new ScannedToken(pair.PATTERN as string, i, pair, 2, lines));
            i += 2;
            continue;
        }
        const type = c < 128 ? t.single[c] : undefined;
        if (type === undefined) return undefined; // non-ASCII (Unicode spaces included) or no token starts here
        tokens.push(new ScannedToken(type.PATTERN as string, i, type, 1, lines));
        i++;
    }
    return { tokens, hidden };
}
