/**
 * The one escaping helper for markup: every piece of spec text (names, descriptions,
 * owners, paths, vectors, tooltips) passes through it before it reaches SVG or HTML, in
 * text content and in attribute values alike (both quote characters are escaped, so it is
 * safe inside `"…"` and `'…'`). Characters XML 1.0 forbids (C0 controls other than tab,
 * newline and carriage return; lone surrogates) are replaced, so the SVG always parses.
 */
export function escapeXml(text: string): string {
    return text.replace(/[&<>"']|[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, ch => {
        switch (ch) {
            case '&': return '&amp;';
            case '<': return '&lt;';
            case '>': return '&gt;';
            case '"': return '&quot;';
            case '\'': return '&#39;';
            default: return '\ufffd';
        }
    });
}

/**
 * JSON for a `<script type="application/json">` block: `<` becomes `\u003c`, so no
 * `</script>` or `<!--` in spec text can end the block; U+2028/U+2029 are escaped too
 * (valid JSON, but not valid in older JavaScript string literals).
 */
export function jsonForScript(value: unknown): string {
    return JSON.stringify(value)
        .replace(/</g, '\\u003c')
        .replace(/>/g, '\\u003e')
        .replace(/&/g, '\\u0026')
        .replace(/\u2028/g, '\\u2028')
        .replace(/\u2029/g, '\\u2029');
}
