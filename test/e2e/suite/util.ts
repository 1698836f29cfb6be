import * as vscode from 'vscode';

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    for (;;) {
        try {
            const value = await probe();
            if (value !== undefined) return value;
        } catch (error) {
            last = error;
        }
        if (Date.now() > deadline) {
            throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
        }
        await new Promise(resolve => setTimeout(resolve, 100));
    }
}

/** A diagnostic's rule id: the server sends `code` plus a docs link, which VS Code exposes as `{ value, target }`. */
export function codeOf(d: vscode.Diagnostic): string | undefined {
    if (d.code === undefined) return undefined;
    return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

/** `// expect: <rule-id>` comments mark the samples' intentional findings on the next line (samples/README.md). */
export function expectations(text: string): { code: string; line: number }[] {
    const result: { code: string; line: number }[] = [];
    text.split(/\r?\n/).forEach((line, i) => {
        const match = /\/\/\s*expect:\s*([a-z-]+)/.exec(line);
        if (match) result.push({ code: match[1], line: i + 1 });
    });
    return result;
}

/** Plain text of hover contents, whatever form each part has. */
export function hoverText(hovers: readonly vscode.Hover[]): string {
    return hovers.flatMap(h => h.contents).map(c => typeof c === 'string' ? c : c.value).join('\n');
}

export function labelText(hint: vscode.InlayHint): string {
    return typeof hint.label === 'string' ? hint.label : hint.label.map(p => p.value).join('');
}

/** Top-level declarations `kind name` of a .mesh text (regex is enough for the samples' layout). */
export function declaredNames(text: string): { kind: string; name: string; offset: number }[] {
    const re = /^[ \t]*(service|store|topic|dataproduct|gateway|client|saga|mesh|policy)[ \t]+([A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*)/gm;
    return [...text.matchAll(re)].map(m => ({ kind: m[1], name: m[2], offset: m.index + m[0].length - m[2].length }));
}

/** Text with comments blanked out, so a name in a comment does not count as a reference. */
export function withoutComments(text: string): string {
    return text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, m => m.replace(/[^\n]/g, ' '));
}
