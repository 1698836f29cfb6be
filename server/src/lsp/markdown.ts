import { LINE_BREAK } from '../language/lines.js';

const LINE_BREAKS = new RegExp(LINE_BREAK.source, 'g');

/**
 * Markdown for hovers. Spec text (names, descriptions, trigger text) is escaped so that a
 * description cannot turn into links or HTML in the editor's hover widget.
 */
export function escapeMarkdown(text: string): string {
    return text.replace(/[\\`*_{}[\]()#+!|<>~]/g, ch => `\\${ch}`).replace(LINE_BREAKS, ' ');
}

/** Inline code; a backtick inside widens the fence instead of breaking out. */
export function code(text: string): string {
    const fence = text.includes('`') ? '``' : '`';
    const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
    return `${fence}${pad}${text.replace(LINE_BREAKS, ' ')}${pad}${fence}`;
}

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
    // Cells arrive escaped (escapeMarkdown escapes `|`), so they cannot split a row.
    const lines = [
        `| ${header.join(' | ')} |`,
        `|${header.map(() => '---').join('|')}|`,
        ...rows.map(r => `| ${r.join(' | ')} |`),
    ];
    return lines.join('\n');
}
