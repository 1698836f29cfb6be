/**
 * Lines as editors, the LSP and the parser count them: `\r\n`, `\n` and a lone `\r` each
 * end a line. Every place that splits text into lines, looks for a line's ends or writes
 * line ends uses these.
 */

/** One line end. */
export const LINE_BREAK = /\r\n|\r|\n/;

/** The line end a text uses, for writing more of it: `\r\n`, a lone `\r`, or `\n` (also for a text without any). */
export function lineEndOf(text: string): string {
    return text.includes('\r\n') ? '\r\n' : text.includes('\r') ? '\r' : '\n';
}

/** The offset where the line holding `offset` starts. */
export function lineStartOf(text: string, offset: number): number {
    return Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
}

/** The offset of the line end (or the text's end) at or after `offset`. */
export function lineEndAt(text: string, offset: number): number {
    let end = offset;
    while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
    return end;
}

/** The offset where each line after the first starts (every document's CST asks for it). */
export function lineStarts(text: string): number[] {
    const starts: number[] = [];
    if (text.indexOf('\r') < 0) {
        // Only `\n`: `indexOf` finds each one many times faster than a loop over characters.
        for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
        return starts;
    }
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10 /* \n */) {
            starts.push(i + 1);
        } else if (c === 13 /* \r */) {
            if (text.charCodeAt(i + 1) === 10) i++;
            starts.push(i + 1);
        }
    }
    return starts;
}

/**
 * The 0-based line holding `offset`, given the text's `lineStarts`: the number of line
 * starts at or before it (a binary search).
 */
export function lineIndexAt(starts: readonly number[], offset: number): number {
    let low = 0;
    let high = starts.length;
    while (low < high) {
        const middle = (low + high) >>> 1;
        if (starts[middle] <= offset) low = middle + 1;
        else high = middle;
    }
    return low;
}

/** The 0-based line and character of `offset`, given the text's `lineStarts`. */
export function positionIn(starts: readonly number[], offset: number): { line: number; character: number } {
    const line = lineIndexAt(starts, offset);
    return { line, character: offset - (line === 0 ? 0 : starts[line - 1]) };
}

/** How many line ends end in `[from, to)` of `text` (a `\r\n` ends at its `\n`). */
export function lineEndsIn(text: string, from: number, to: number): number {
    let count = 0;
    for (let i = from; i < to; i++) {
        const c = text.charCodeAt(i);
        if (c === 10 /* \n */ || (c === 13 /* \r */ && text.charCodeAt(i + 1) !== 10)) count++;
    }
    return count;
}
