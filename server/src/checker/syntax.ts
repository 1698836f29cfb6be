import type { LangiumDocument } from 'langium';
import * as ast from '../language/generated/ast.js';
import { MeshAstReflection, isDomain, isOperation, isService } from '../language/generated/ast.js';
import type { Model } from '../language/generated/ast.js';
import { elementsOf } from '../language/model-utils.js';
import type { Reporter } from './report.js';
import type { SourceRange } from './diagnostic.js';
import { closest } from './names.js';
import { describeLexerError, describeParserError } from '../language/syntax-messages.js';

const reflection = new MeshAstReflection();

/** Readable names for the types a reference may expect. */
const EXPECTED: Record<string, string> = {
    Element: 'element', Referenceable: 'element or operation', Topic: 'topic', Schema: 'schema',
    NamedGuarantee: 'named guarantee', Store: 'store', Service: 'service',
};

/** Reports `syntax` (lexer and parser errors) and `unresolved-reference` (linking errors). */
export function reportSyntaxAndLinking(documents: readonly LangiumDocument<Model>[], reporter: Reporter): void {
    // Names for "did you mean": collected on the first unresolved reference, per expected type.
    let candidates: { name: string; type: string }[] | undefined;
    const namesByType = new Map<string, string[]>();
    const namesOf = (type: string): string[] => {
        let names = namesByType.get(type);
        if (!names) {
            candidates ??= collectCandidates(documents);
            names = candidates.filter(c => reflection.isSubtype(c.type, type)).map(c => c.name);
            namesByType.set(type, names);
        }
        return names;
    };
    for (const doc of documents) {
        const uri = doc.uri.toString();
        const { lexerErrors, parserErrors } = doc.parseResult;
        for (const e of lexerErrors) {
            const line = (e.line ?? 1) - 1;
            const character = (e.column ?? 1) - 1;
            reporter.reportAt('syntax', { detail: describeLexerError(doc.textDocument.getText(), e.offset, e.length) }, uri,
                { start: { line, character }, end: { line, character: character + Math.max(1, e.length) } });
        }
        // Rules that fail one inside another each report the token they stopped at: one
        // diagnostic per token and message is enough.
        const reported = new Set<string>();
        for (const e of parserErrors) {
            const detail = describeParserError(e.message);
            const key = `${e.token.startOffset}\u0000${detail}`;
            if (reported.has(key)) continue;
            reported.add(key);
            reporter.reportAt('syntax', { detail }, uri, tokenRange(doc, e));
        }
        for (const ref of doc.references) {
            const error = ref.error;
            if (!error) continue;
            // `members all` is a keyword use of the name `all`, not a reference.
            if (ref.$refText === 'all' && ast.isMembersClause(error.info.container)) continue;
            const type = reflection.getReferenceType(error.info);
            const name = ref.$refText;
            const suggestion = name ? closest(name, namesOf(type)) : undefined;
            reporter.report('unresolved-reference', { name, expected: EXPECTED[type] ?? type, suggestion },
                { node: error.info.container, property: error.info.property as never, index: error.info.index },
                { data: suggestion ? { suggestion } : undefined });
        }
    }
}

function collectCandidates(documents: readonly LangiumDocument<Model>[]): { name: string; type: string }[] {
    const result: { name: string; type: string }[] = [];
    for (const doc of documents) {
        const model = doc.parseResult.value;
        for (const item of model.items) {
            if (isDomain(item) && item.name) result.push({ name: item.name, type: item.$type });
        }
        for (const element of elementsOf(model)) {
            if (!element.name) continue;
            result.push({ name: element.name, type: element.$type });
            if (isService(element)) {
                for (const m of element.members) {
                    if (isOperation(m) && m.name) result.push({ name: `${element.name}.${m.name}`, type: m.$type });
                }
            }
        }
    }
    return result;
}

function tokenRange(doc: LangiumDocument, e: { token: { startOffset: number; endOffset?: number; image: string }; previousToken?: { endOffset?: number } }): SourceRange {
    const text = doc.textDocument;
    let start = e.token.startOffset;
    let end = (e.token.endOffset ?? start) + 1;
    if (!Number.isFinite(start) || start < 0) {
        // An EOF or inserted token: point just after the previous token.
        const prev = e.previousToken?.endOffset;
        start = prev !== undefined && Number.isFinite(prev) ? prev + 1 : text.getText().length;
        end = start;
    }
    return { start: text.positionAt(start), end: text.positionAt(end) };
}
