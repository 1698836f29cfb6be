import type { RuleParams } from './catalogue.js';
import { RULES, RULE_IDS, formatMessage, isRuleId } from './catalogue.js';
import { closest } from './names.js';
import type { MeshDiagnostic, SourceRange } from './diagnostic.js';
import type { CstNode } from 'langium';
import { LINE_BREAK, lineStarts } from '../language/lines.js';
import { forEachLeaf } from '../language/parser/cst.js';

interface Suppression {
    kind: 'next-line' | 'file';
    /** 0-based line of the comment. */
    line: number;
    ids: { id: string; range: SourceRange; used: boolean }[];
    range: SourceRange;
}

/**
 * `// mesh-disable-next-line <id>[, <id>]`, `// mesh-disable <id>`; the ids may be missing
 * (then it suppresses nothing). Group 1 is `-next-line`, group 2 the list of ids. The quick
 * fixes read comments with it too.
 */
export const SUPPRESSION_COMMENT = /\/\/\s*mesh-disable(-next-line)?(?![A-Za-z0-9_-])(?:[^\S\r\n]+([A-Za-z0-9_-]+(?:\s*,\s*[A-Za-z0-9_-]+)*))?/;
const PATTERN = new RegExp(SUPPRESSION_COMMENT.source, 'g');

/** The lines of `text`, or none when it has no suppression comment (most files: not split). */
function linesWithSuppressions(text: string): string[] {
    return text.includes('mesh-disable') ? text.split(LINE_BREAK) : [];
}

/**
 * The offsets where a `//` comment starts, as the lexer read the text: a `// mesh-disable`
 * inside a string (a description) or a block comment is not a comment.
 */
function lineCommentStarts(text: string, cst: CstNode | undefined): Set<number> {
    const found = new Set<number>();
    if (cst) forEachLeaf(cst, (offset, _length, hidden) => {
        if (hidden && text.startsWith('//', offset)) found.add(offset);
    });
    return found;
}

/** Finds `// mesh-disable-next-line <id>[, <id>]` and `// mesh-disable <id>` comments: a line comment that starts so. */
function suppressionsIn(text: string, cst: CstNode | undefined, lines: readonly string[]): Suppression[] {
    const result: Suppression[] = [];
    if (lines.length === 0) return result;
    const comments = lineCommentStarts(text, cst);
    const starts = [0, ...lineStarts(text)];
    lines.forEach((lineText, line) => {
        PATTERN.lastIndex = 0;
        let match: RegExpExecArray | null;
        while ((match = PATTERN.exec(lineText)) !== null) {
            if (!comments.has(starts[line] + match.index)) continue;
            const listed = match[2] ?? '';
            const idsStart = match.index + match[0].length - listed.length;
            const ids: Suppression['ids'] = [];
            const idPattern = /[A-Za-z0-9_-]+/g;
            let idMatch: RegExpExecArray | null;
            while ((idMatch = idPattern.exec(listed)) !== null) {
                const start = idsStart + idMatch.index;
                ids.push({ id: idMatch[0], used: false, range: { start: { line, character: start }, end: { line, character: start + idMatch[0].length } } });
            }
            result.push({
                kind: match[1] ? 'next-line' : 'file',
                line,
                ids,
                range: { start: { line, character: match.index }, end: { line, character: match.index + match[0].length } },
            });
        }
    });
    return result;
}

/**
 * Drops the diagnostics of one file (its text and CST) that a suppression comment covers and reports each
 * suppressed id that suppressed nothing as `unused-suppression`. An id that names no rule
 * suppresses nothing either: it is `unused-suppression` too, saying so (with the closest
 * rule id), and so is a comment that names no id at all.
 */
export function applySuppressions(uri: string, text: string, cst: CstNode | undefined, diagnostics: readonly MeshDiagnostic[]): MeshDiagnostic[] {
    const lines = linesWithSuppressions(text);
    const suppressions = suppressionsIn(text, cst, lines);
    if (suppressions.length === 0) return [...diagnostics];
    const targets = suppressions.map(s => s.kind === 'next-line' ? nextCodeLine(lines, s.line) : -1);
    const kept: MeshDiagnostic[] = [];
    for (const diagnostic of diagnostics) {
        const line = diagnostic.range.start.line;
        let suppressed = false;
        for (const [index, s] of suppressions.entries()) {
            const applies = s.kind === 'file' ? line > s.line : line === targets[index];
            if (!applies) continue;
            for (const entry of s.ids) {
                if (entry.id === diagnostic.code && diagnostic.code !== 'syntax') {
                    entry.used = true;
                    suppressed = true;
                }
            }
        }
        if (!suppressed) kept.push(diagnostic);
    }
    for (const s of suppressions) {
        if (s.ids.length === 0) kept.push(unused(uri, s.range, { ids: [], unknown: true }));
        for (const entry of s.ids) {
            if (!isRuleId(entry.id)) {
                const suggestion = closest(entry.id, RULE_IDS);
                kept.push(unused(uri, entry.range, { ids: [entry.id], unknown: true, suggestion }, suggestion === undefined ? undefined : { suggestion }));
            } else if (!entry.used) {
                kept.push(unused(uri, entry.range, { ids: [entry.id] }));
            }
        }
    }
    return kept;
}

/** The line a `mesh-disable-next-line` comment applies to: the next line that is not blank or a comment. */
function nextCodeLine(lines: readonly string[], line: number): number {
    for (let i = line + 1; i < lines.length; i++) {
        const trimmed = lines[i].trim();
        if (trimmed !== '' && !trimmed.startsWith('//')) return i;
    }
    return line + 1;
}

function unused(uri: string, range: SourceRange, params: RuleParams<'unused-suppression'>, data?: Record<string, unknown>): MeshDiagnostic {
    return { uri, range, code: 'unused-suppression', message: formatMessage('unused-suppression', params), severity: RULES['unused-suppression'].severity, related: [], data };
}
