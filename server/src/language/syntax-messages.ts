/**
 * Chevrotain's parser errors in words for people: `meshspec check` (the `syntax` rule) and
 * `meshspec format` (which refuses a file with syntax errors) say the same thing.
 */
export function describeParserError(message: string): string {
    // Chevrotain says "Expecting token of type 'X' but found `y`"; keep it, but name tokens plainly.
    return message
        .replace(/Expecting token of type '([^']+)'/, (_m, t: string) => `expected ${tokenName(t)}`)
        .replace(/Expecting: one of these possible Token sequences:[\s\S]*?but found:/, 'unexpected input: found')
        .replace(/Expecting --> ([^<]+) <-- but found --> '([^']*)' <--/, 'expected $1 but found \'$2\'')
        .replace(/^Expecting end of file/, 'expected end of file')
        .replace(/\s+/g, ' ')
        .trim()
        // One way to quote what was found, no full stop; the end of the input is a token without text.
        .replace(/found (?:'([^]*)'|`([^]*)`)\.?$/, (_m, quoted?: string, backquoted?: string) => {
            const image = quoted ?? backquoted ?? '';
            return image === '' ? 'found end of file' : `found '${shortened(image)}'`;
        });
}

/** A lexer error: the characters no token starts with (Chevrotain's own message names offsets, not text). */
export function describeLexerError(text: string, offset: number, length: number): string {
    return `unexpected character ${JSON.stringify(shortened(text.substr(offset, length), 20))}`;
}

/** At most `most` characters of a token's text: a generated file may have a token of megabytes. */
function shortened(image: string, most = 40): string {
    return image.length <= most ? image : `${image.slice(0, most)}…`;
}

function tokenName(t: string): string {
    switch (t) {
        case 'ID': return 'a name';
        case 'DURATION': return 'a duration (e.g. 250ms, 5s)';
        case 'NUMBER': return 'a number';
        case 'PERCENT': return 'a percentage (e.g. 99.9%)';
        case 'STRING': return 'a string';
        case 'VERSION': return 'a version (e.g. v2)';
        case 'EOF': return 'end of file';
        default: return `'${t}'`;
    }
}
