import type { AstNode, Lexer, ParseResult } from 'langium';
import { AstUtils, EmptyFileSystem } from 'langium';
import type { Model } from '../language/generated/ast.js';
import { LINE_BREAK, lineEndOf, lineStarts, positionIn } from '../language/lines.js';
import { forEachLeaf } from '../language/parser/cst.js';
import { describeLexerError, describeParserError } from '../language/syntax-messages.js';
import { createMeshCoreServices, type MeshCoreServices } from '../language/mesh-module.js';

/**
 * The canonical layout of a `.mesh` file, shared by `meshspec format` and the language
 * server's document/range formatting. It only ever changes the whitespace *between* tokens:
 * every token (comments included) is kept verbatim and in order, so a formatted file parses
 * to the same model by construction — and the result is re-lexed and compared to make sure.
 *
 * The style (docs/editor.md):
 * - one member per line; 2-space indentation per block level;
 * - tokens separated by single spaces, except `a.b`, `BS(5s)`, `Auth(mTLS+jwt)`, `<…>`,
 *   `x, y`, `x;`, `field: type`, `group:name`;
 * - a member may continue on further lines where the source broke it before a clause
 *   (`timeout`, `requires`, …), after a comma, or before `when`; continuation lines are
 *   indented 4 spaces deeper than the member;
 * - `breaker { … }` stays on one line;
 * - comments are kept verbatim: a comment on its own line stays on its own line at the
 *   indentation of what follows, a trailing `//` comment stays at the end of its line and
 *   consecutive trailing comments are aligned;
 * - at most one blank line is kept between members, none after `{` or before `}`;
 *   the file ends with exactly one newline.
 */

export interface FormatEdit {
    /** Offsets into the original text. */
    start: number;
    end: number;
    newText: string;
}

/** A syntax error that prevents formatting; 1-based line and column. */
export interface FormatError {
    line: number;
    column: number;
    message: string;
}

export type FormatResult =
    | { ok: true; text: string; edits: FormatEdit[]; changed: boolean }
    | { ok: false; errors: FormatError[] };

export interface FormatOptions {
    /** Spaces per block level (default 2). */
    indent?: number;
    /** Only edits that touch this offset range (range formatting). */
    range?: { start: number; end: number };
}

const CONTINUATION = 4;

type IToken = ReturnType<Lexer['tokenize']>['tokens'][number];

/** Properties under which a node may start a continuation line of its member. */
const CLAUSE_PROPERTIES: ReadonlySet<string> = new Set(['options', 'clauses', 'items', 'splits', 'header', 'trigger']);

let parserServices: MeshCoreServices | undefined;

function services(): MeshCoreServices {
    parserServices ??= createMeshCoreServices(EmptyFileSystem).Mesh;
    return parserServices;
}

/** Formats `.mesh` text. Text with syntax errors is not formatted (`ok: false`). */
export function formatMesh(text: string, options: FormatOptions = {}): FormatResult {
    const parse = services().parser.LangiumParser.parse<Model>(text);
    return formatParsed(text, parse, options);
}

/** Formats text whose parse result the caller already has (the language server's document). */
export function formatParsed(text: string, parse: ParseResult<Model>, options: FormatOptions = {}): FormatResult {
    const errors = syntaxErrors(text, parse);
    if (errors.length > 0) return { ok: false, errors };
    const lexed = services().parser.Lexer.tokenize(text);
    const tokens = [...lexed.tokens, ...(lexed.hidden ?? [])].sort((a, b) => a.startOffset - b.startOffset);
    const layout = new Layout(text, tokens, parse.value, options.indent ?? 2);
    const gaps = layout.gaps();
    // A byte order mark stays where it is: some Windows tools rely on it.
    if (text.startsWith('\uFEFF')) gaps[0] = '\uFEFF' + gaps[0];
    const formatted = assemble(tokens, gaps);
    if (!sameTokens(tokens, formatted)) {
        // Never hand back text that lexes differently: a layout bug must not corrupt a spec.
        return { ok: false, errors: [{ line: 1, column: 1, message: 'internal error: formatting would change the tokens; the file was left as it is' }] };
    }
    const edits: FormatEdit[] = [];
    for (let i = 0; i <= tokens.length; i++) {
        const start = i === 0 ? 0 : tokens[i - 1].endOffset! + 1;
        const end = i === tokens.length ? text.length : tokens[i].startOffset;
        if (text.slice(start, end) === gaps[i]) continue;
        if (options.range && (end < options.range.start || start > options.range.end)) continue;
        edits.push({ start, end, newText: gaps[i] });
    }
    return { ok: true, text: options.range ? applyEdits(text, edits) : formatted, edits, changed: edits.length > 0 };
}

function syntaxErrors(text: string, parse: ParseResult<Model>): FormatError[] {
    // Positions from the line starts, computed once: a file of 24,000 lexer errors took 19 s
    // when each error split the text before it into lines.
    let starts: number[] | undefined;
    const at = (offset: number, message: string): FormatError => {
        const { line, character } = positionIn(starts ??= lineStarts(text), Math.max(0, Math.min(offset, text.length)));
        return { line: line + 1, column: character + 1, message };
    };
    return [
        ...parse.lexerErrors.map(e => at(e.offset, describeLexerError(text, e.offset, e.length))),
        // An error at the end of the input has no token position: point just past the last token.
        ...parse.parserErrors.map(e => at(Number.isFinite(e.token.startOffset) && e.token.startOffset >= 0 ? e.token.startOffset
                        : ((e as { previousToken?: { endOffset?: number } }).previousToken?.endOffset ?? text.length - 1) + 1, describeParserError(e.message))),
    ].sort((a, b) => a.line - b.line || a.column - b.column);
}

export function applyEdits(text: string, edits: readonly FormatEdit[]): string {
    let result = '';
    let at = 0;
    for (const e of [...edits].sort((a, b) => a.start - b.start)) {
        result += text.slice(at, e.start) + e.newText;
        at = e.end;
    }
    return result + text.slice(at);
}

function assemble(tokens: readonly IToken[], gaps: readonly string[]): string {
    let out = '';
    tokens.forEach((t, i) => { out += gaps[i] + t.image; });
    return out + gaps[tokens.length];
}

function sameTokens(before: readonly IToken[], formatted: string): boolean {
    const lexed = services().parser.Lexer.tokenize(formatted);
    if (lexed.errors.length > 0) return false;
    const after = [...lexed.tokens, ...(lexed.hidden ?? [])].sort((a, b) => a.startOffset - b.startOffset);
    return after.length === before.length && after.every((t, i) => t.image === before[i].image);
}

type Brace = 'block-open' | 'block-close' | 'inline-open' | 'inline-close';

class Layout {
    /** The `$type` of each visible leaf's AST node, by the leaf's offset. */
    private readonly typeAt = new Map<number, string | undefined>();
    private readonly memberStarts = new Set<number>();
    private readonly clauseStarts = new Set<number>();
    private readonly eol: string;

    constructor(private readonly text: string, private readonly tokens: readonly IToken[], root: Model, private readonly indentSize: number) {
        this.eol = lineEndOf(text);
        const cst = root.$cstNode;
        if (cst) {
            // One walk over the leaves for everything asked per node below: a node's first
            // token, or the first `{` of its own, found by walking below each node instead,
            // took time quadratic in the depth of the tree (a chain of `or`s is that deep).
            forEachLeaf(cst, (offset, length, hidden, astNode) => {
                if (hidden) return;
                this.typeAt.set(offset, astNode?.$type);
                for (let node = astNode; node && !this.starts.has(node); node = node.$container) this.starts.set(node, offset);
                if (astNode && length === 1 && this.text.charCodeAt(offset) === 123 /* { */ && !this.opens.has(astNode)) this.opens.set(astNode, offset);
            });
        }
        for (const node of AstUtils.streamAst(root)) {
            const start = this.starts.get(node);
            if (start === undefined || node === root) continue;
            if (this.isMember(node, start)) {
                this.memberStarts.add(start);
                continue;
            }
            // Worked out from the container on each read (mesh-parser.ts, `AST_NODE`): read once.
            const property = node.$containerProperty;
            if (property && CLAUSE_PROPERTIES.has(property)) this.clauseStarts.add(start);
        }
    }

    /** The offset of each node's first token that is not hidden. */
    private readonly starts = new Map<AstNode, number>();
    /** The offset of each node's own block `{` (one whose CST leaf belongs to the node itself), if it has one. */
    private readonly opens = new Map<AstNode, number>();

    /** A node listed in a block: a top-level item, or a child that comes after its container's `{`. */
    private isMember(node: AstNode, start: number): boolean {
        const container = node.$container;
        if (!container) return false;
        if (container.$type === 'Model') return true;
        if (container.$type === 'BreakerClause') return false;
        const open = this.opens.get(container);
        return open !== undefined && start > open;
    }

    private brace(i: number): Brace | undefined {
        const t = this.tokens[i];
        if (t.image !== '{' && t.image !== '}') return undefined;
        const inline = this.typeAt.get(t.startOffset) === 'BreakerClause';
        if (t.image === '{') return inline ? 'inline-open' : 'block-open';
        return inline ? 'inline-close' : 'block-close';
    }

    private isComment(i: number): boolean {
        const name = this.tokens[i].tokenType.name;
        return name === 'SL_COMMENT' || name === 'ML_COMMENT';
    }

    private sourceGap(i: number): string {
        const start = i === 0 ? 0 : this.tokens[i - 1].endOffset! + 1;
        const end = i === this.tokens.length ? this.text.length : this.tokens[i].startOffset;
        return this.text.slice(start, end);
    }

    gaps(): string[] {
        const n = this.tokens.length;
        const gaps: string[] = new Array(n + 1).fill('');
        // For each trailing `//` comment: 1 + the brace depth it sits at (0: not one).
        const trailing: number[] = new Array(n).fill(0);
        let depth = 0;
        let angle = 0; // inside a vector literal: no line breaks
        for (let i = 0; i < n; i++) {
            const t = this.tokens[i];
            const brace = this.brace(i);
            if (brace === 'block-close') depth = Math.max(0, depth - 1);
            if (i === 0) {
                gaps[i] = '';
            } else {
                gaps[i] = this.gapBefore(i, depth, angle, trailing);
            }
            if (brace === 'block-open') depth++;
            const astType = this.typeAt.get(t.startOffset);
            if ((t.image === '<' || t.image === '⟨') && astType === 'VectorLiteral') angle++;
            if ((t.image === '>' || t.image === '⟩') && astType === 'VectorLiteral') angle = Math.max(0, angle - 1);
        }
        gaps[n] = n === 0 ? '' : this.eol;
        this.alignTrailingComments(gaps, trailing);
        return gaps;
    }

    private gapBefore(i: number, depth: number, angle: number, trailing: number[]): string {
        const prev = this.tokens[i - 1];
        const t = this.tokens[i];
        const source = this.sourceGap(i);
        const sourceNewlines = source.split(LINE_BREAK).length - 1;
        const prevBrace = this.brace(i - 1);
        const brace = this.brace(i);
        const base = depth * this.indentSize;
        const newline = (indent: number, allowBlank = true): string =>
            this.eol.repeat(allowBlank && sourceNewlines > 1 ? 2 : 1) + ' '.repeat(indent);

        if (prevBrace === 'block-open' && brace === 'block-close') return '';
        if (this.isComment(i) && sourceNewlines === 0 && prev.tokenType.name !== 'SL_COMMENT') {
            // A comment that shares its line with code stays there (aligned later if `//`).
            trailing[i] = t.tokenType.name === 'SL_COMMENT' && prevBrace !== 'block-open' ? depth + 1 : 0;
            return ' ';
        }
        if (prev.tokenType.name === 'ML_COMMENT' && sourceNewlines === 0) return ' ';
        if (prev.tokenType.name === 'SL_COMMENT' || prevBrace === 'block-open') {
            return newline(this.indentFor(i, depth), prevBrace !== 'block-open');
        }
        if (brace === 'block-close') return newline(base, false);
        if (this.isComment(i)) return newline(this.indentFor(i, depth));
        if (this.memberStarts.has(t.startOffset)) return newline(base);
        if (sourceNewlines > 0 && (this.isComment(i - 1) || (angle === 0 && this.mayBreakBefore(i)))) {
            return newline(base + CONTINUATION, false);
        }
        return this.glued(i) ? '' : ' ';
    }

    /** Indentation of a line starting at token `i` (a comment takes that of what follows it). */
    private indentFor(i: number, depth: number): number {
        const base = depth * this.indentSize;
        let j = i;
        while (j < this.tokens.length && this.isComment(j)) j++;
        if (j === this.tokens.length) return base;
        const brace = this.brace(j);
        // A comment before `}` stays inside the block (at `depth`, before the brace decrements it).
        if (brace === 'block-close') return base;
        if (this.memberStarts.has(this.tokens[j].startOffset)) return base;
        return base + CONTINUATION;
    }

    private mayBreakBefore(i: number): boolean {
        const t = this.tokens[i];
        return this.clauseStarts.has(t.startOffset) || this.tokens[i - 1].image === ',' || t.image === 'when';
    }

    private glued(i: number): boolean {
        const p = this.tokens[i - 1].image;
        const t = this.tokens[i].image;
        const prevType = this.typeAt.get(this.tokens[i - 1].startOffset);
        const type = this.typeAt.get(this.tokens[i].startOffset);
        if (t === ',' || t === ';' || t === ')' || p === '(') return true;
        if (t === '.' || p === '.' || t === '+' || p === '+') return true;
        if (t === '(' && (prevType === 'VectorComponent' || prevType === 'BreakerTrigger')) return true;
        if ((p === '<' || p === '⟨') && prevType === 'VectorLiteral') return true;
        if ((t === '>' || t === '⟩') && type === 'VectorLiteral') return true;
        if (t === ':') return true;
        if (p === ':' && prevType === 'Principal') return true;
        return false;
    }

    /**
     * Consecutive lines of one block that end in a `//` comment get their comments aligned
     * (as gofmt does); a brace's own trailing comment is not aligned with the block's.
     */
    private alignTrailingComments(gaps: string[], trailing: readonly number[]): void {
        let line = 0;
        let column = 0;
        const positions: { index: number; line: number; codeEnd: number; depth: number }[] = [];
        for (let i = 0; i < this.tokens.length; i++) {
            const gap = gaps[i];
            const breaks = gap.split(LINE_BREAK);
            if (breaks.length > 1) {
                line += breaks.length - 1;
                column = breaks[breaks.length - 1].length;
            } else {
                if (trailing[i] > 0) positions.push({ index: i, line, codeEnd: column, depth: trailing[i] });
                column += gap.length;
            }
            const image = this.tokens[i].image;
            const imageLines = image.split(LINE_BREAK);
            if (imageLines.length > 1) {
                line += imageLines.length - 1;
                column = imageLines[imageLines.length - 1].length;
            } else {
                column += image.length;
            }
        }
        let runStart = 0;
        for (let k = 1; k <= positions.length; k++) {
            if (k < positions.length && positions[k].line === positions[k - 1].line + 1 && positions[k].depth === positions[k - 1].depth) continue;
            const run = positions.slice(runStart, k);
            const target = Math.max(...run.map(p => p.codeEnd)) + 1;
            for (const p of run) gaps[p.index] = ' '.repeat(target - p.codeEnd);
            runStart = k;
        }
    }
}


