/**
 * Lines as editors, the LSP and the parser count them: `\r\n`, `\n` and a lone `\r` each
 * end a line. Every place that splits text into lines or writes line ends uses these.
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
