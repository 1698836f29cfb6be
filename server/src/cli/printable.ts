/**
 * Control characters (C0, C1: they include the terminal's escape sequences), line and
 * paragraph separators, and bidi overrides (which can make printed code lie about itself).
 */
export function isUnprintable(cp: number): boolean {
    return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp === 0x2028 || cp === 0x2029
        || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/**
 * Text for the terminal: a tab becomes a space and every other unprintable character U+FFFD,
 * so a file name or a message cannot move the cursor or colour what follows.
 */
export function printable(text: string): string {
    let out = '';
    for (const ch of text) out += isUnprintable(ch.codePointAt(0)!) ? (ch === '\t' ? ' ' : '\uFFFD') : ch;
    return out;
}
