// Pure text helpers for the commands that act on "the element at the cursor" (no `vscode`
// import, so they are unit-tested directly).

/** One name segment: `[A-Za-z_][A-Za-z0-9_]*(-[A-Za-z0-9_]+)*` (LANGUAGE.md §1). */
const SEGMENT = '[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*';
/** A possibly qualified reference: `payments.charge`. */
const QUALIFIED = new RegExp(`${SEGMENT}(?:\\.${SEGMENT})*`, 'g');

/**
 * The name to explain for a cursor at `character` in `line`: the segment under the cursor
 * with its qualifiers, so the cursor on `charge` in `payments.charge` gives
 * `payments.charge` and the cursor on `payments` gives `payments`. A cursor right after a
 * name (as after a double-click or typing) still counts. Undefined when no name is there.
 */
export function qualifiedNameAt(line: string, character: number): string | undefined {
    for (const match of line.matchAll(QUALIFIED)) {
        const start = match.index;
        const end = start + match[0].length;
        if (character < start || character > end) continue;
        let offset = start;
        const parts: string[] = [];
        for (const segment of match[0].split('.')) {
            parts.push(segment);
            if (character <= offset + segment.length) break;
            offset += segment.length + 1;
        }
        return parts.join('.');
    }
    return undefined;
}

/** The reference at the cursor may sit inside a comment; comments name nothing. */
export function isInLineComment(line: string, character: number): boolean {
    const comment = line.indexOf('//');
    return comment >= 0 && character > comment;
}
