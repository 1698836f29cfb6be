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
        .replace(/\s+/g, ' ')
        .trim()
        // The end of the input is a token without text.
        .replace(/found (?:''|``)\.?$/, 'found end of file');
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
