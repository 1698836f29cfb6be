import type { MeshDiagnostic, Severity, SourceRange } from '../../checker/diagnostic.js';
import { ruleDocPath } from '../../checker/catalogue.js';
import { LINE_BREAK } from '../../language/lines.js';
import type { Colors } from '../colors.js';
import { isUnprintable, printable } from '../printable.js';
import type { CheckReport } from './report.js';
import { oneBased, plural } from './report.js';

/** Longest source excerpt shown per line; longer lines (minified, binary) are windowed. */
const MAX_FRAME_WIDTH = 120;
/** A range over more lines shows its first lines, an ellipsis and its last line. */
const MAX_FRAME_LINES = 4;
const TAB = '    ';

/**
 * `--format pretty` (the default), in the manner of ESLint's stylish and rustc: a header
 * line `path:line:col  severity  message  [id]`, a code frame with the range underlined,
 * related locations, the rule's docs page, and a summary line.
 */
export function renderPretty(report: CheckReport, c: Colors): string {
    // Each file is split into lines once, not once per diagnostic (thousands on big workspaces).
    const lineCache = new Map<string, readonly string[] | undefined>();
    const linesOf = (uri: string) => {
        if (!lineCache.has(uri)) lineCache.set(uri, splitLines(report.textOf(uri)));
        return lineCache.get(uri);
    };
    // A line's display, kept for the next diagnostic: they come sorted by position, and a long
    // line with many of them (a minified or generated file: 20,000 on one line of 400 KB) was
    // otherwise converted once per diagnostic, quadratic in the line's length.
    let last: { lines: readonly string[]; line: number; display: Display } | undefined;
    const displayOf = (lines: readonly string[], line: number): Display => {
        if (last?.lines !== lines || last.line !== line) last = { lines, line, display: toDisplay(lines[line]) };
        return last.display;
    };
    const blocks = report.diagnostics.map(d => renderDiagnostic(d, report, linesOf(d.uri), displayOf, c));
    const s = report.summary;
    const files = plural(report.fileCount, 'file');
    const total = s.errors + s.warnings + s.infos;
    const hidden = report.hidden ? [plural(report.hidden.warnings, 'warning'), plural(report.hidden.infos, 'info')].filter(t => !t.startsWith('0 ')) : [];
    const quieted = hidden.length > 0 ? ` (${hidden.join(', ')} hidden by --quiet)` : '';
    const summary = total === 0
        ? c.green(`✔ ${report.hidden ? 'no errors' : 'no problems'} in ${files}${quieted}`)
        : (s.errors > 0 ? c.red : c.yellow)(c.bold(`✖ ${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${plural(s.infos, 'info')} in ${files}${quieted}`));
    return blocks.map(b => b + '\n').join('') + summary + '\n';
}

function splitLines(text: string | undefined): readonly string[] | undefined {
    return text === undefined ? undefined : text.split(LINE_BREAK);
}

function renderDiagnostic(d: MeshDiagnostic, report: CheckReport, lines: readonly string[] | undefined, displayOf: DisplayOf, c: Colors): string {
    const paint = severityColor(d.severity, c);
    const { start } = oneBased(d.range);
    const out = [
        `${c.bold(`${printable(report.relativePath(d.uri))}:${start.line}:${start.column}`)}  ${paint(d.severity)}  ${printable(d.message)}  ${c.dim(`[${d.code}]`)}`,
    ];
    if (lines !== undefined) {
        out.push(...codeFrame(lines, d.range, displayOf).map(row => row.underline === undefined
            ? `  ${c.dim(`${row.gutter} |`)} ${row.text}`
            : `  ${c.dim(`${row.gutter} |`)} ${paint(row.underline)}`));
    }
    for (const r of d.related) {
        const at = oneBased(r.range).start;
        out.push(`  ${c.cyan('↳')} ${printable(report.relativePath(r.uri))}:${at.line}:${at.column} ${printable(r.message)}`);
    }
    out.push(`  ${c.dim(`docs: ${ruleDocPath(d.code)}`)}`);
    return out.join('\n') + '\n';
}

function severityColor(severity: Severity, c: Colors): (s: string) => string {
    switch (severity) {
        case 'error': return s => c.red(c.bold(s));
        case 'warning': return s => c.yellow(c.bold(s));
        case 'info': return s => c.blue(c.bold(s));
    }
}

export interface FrameRow {
    /** Right-aligned line number, or blanks for an underline or ellipsis row. */
    gutter: string;
    text: string;
    /** Set on the row that underlines the line above it. */
    underline?: string;
}

/** Line `line` of `lines` as printed (`toDisplay`), worked out or kept from before. */
type DisplayOf = (lines: readonly string[], line: number) => Display;

/**
 * The source lines of `range` (`text` is the whole file or its lines) with the covered text
 * underlined by `^`. Tabs are expanded and control characters replaced, so that binary or
 * odd input can neither break the alignment nor send escape sequences to the terminal.
 */
export function codeFrame(text: string | readonly string[], range: SourceRange, displayOf: DisplayOf = (lines, line) => toDisplay(lines[line])): FrameRow[] {
    const lines = typeof text === 'string' ? splitLines(text)! : text;
    // Positions past the end of the text (stale or EOF ranges) point at its end.
    const clampPosition = (p: SourceRange['start']) => p.line < lines.length
        ? { line: Math.max(0, p.line), character: Math.max(0, p.character) }
        : { line: lines.length - 1, character: lines[lines.length - 1].length };
    const start = clampPosition(range.start);
    let end = clampPosition(range.end);
    if (end.line < start.line || (end.line === start.line && end.character < start.character)) end = start;
    const first = start.line;
    let last = end.line;
    // A range that ends at the very start of a line really ends with the line before.
    if (last > first && end.character === 0) last--;

    const shown: (number | 'gap')[] = [];
    if (last - first + 1 <= MAX_FRAME_LINES) {
        for (let l = first; l <= last; l++) shown.push(l);
    } else {
        shown.push(first, first + 1, 'gap', last);
    }
    const width = String(last + 1).length;
    const rows: FrameRow[] = [];
    for (const l of shown) {
        if (l === 'gap') {
            rows.push({ gutter: '.'.repeat(width), text: '' });
            continue;
        }
        const line = lines[l];
        const from = l === start.line ? Math.min(start.character, line.length) : firstNonBlank(line);
        const to = l === end.line ? Math.min(end.character, line.length) : line.length;
        const display = displayOf(lines, l);
        let cells = display.cells;
        let startCol = display.column(from);
        let endCol = Math.max(display.column(Math.max(to, from)), startCol + 1);
        // Window long lines around the start of the range.
        if (cells.length > MAX_FRAME_WIDTH) {
            const offset = Math.max(0, Math.min(startCol - 20, cells.length - MAX_FRAME_WIDTH));
            const prefix = offset > 0 ? ['…'] : [];
            const suffix = offset + MAX_FRAME_WIDTH < cells.length ? ['…'] : [];
            cells = [...prefix, ...cells.slice(offset, offset + MAX_FRAME_WIDTH), ...suffix];
            startCol = Math.min(startCol - offset + prefix.length, cells.length - 1);
            endCol = Math.max(Math.min(endCol - offset + prefix.length, cells.length), startCol + 1);
        }
        const shownText = cells.join('');
        rows.push({ gutter: String(l + 1).padStart(width), text: shownText.trimEnd() });
        rows.push({ gutter: ' '.repeat(width), text: '', underline: ' '.repeat(startCol) + '^'.repeat(endCol - startCol) });
    }
    return rows;
}

/** A line as printed: one cell per terminal column, and a map from UTF-16 offsets to columns. */
interface Display {
    cells: string[];
    column: (character: number) => number;
}

/**
 * The line as printed, one cell per terminal column (a tab is four), and a map from UTF-16
 * offsets (LSP characters) to columns.
 */
function toDisplay(line: string): Display {
    const columns: number[] = [];
    const cells: string[] = [];
    for (let i = 0; i < line.length;) {
        const cp = line.codePointAt(i)!;
        const units = cp > 0xffff ? 2 : 1;
        for (let u = 0; u < units; u++) columns.push(cells.length);
        if (cp === 0x09) cells.push(...TAB);
        else if (isUnprintable(cp)) cells.push('\uFFFD');
        else cells.push(String.fromCodePoint(cp));
        i += units;
    }
    columns.push(cells.length);
    return { cells, column: character => columns[clamp(character, 0, line.length)] };
}

function firstNonBlank(line: string): number {
    const match = /\S/.exec(line);
    return match ? match.index : 0;
}

function clamp(n: number, lo: number, hi: number): number {
    return Math.max(lo, Math.min(hi, n));
}
