import type { LangiumDocument } from 'langium';
import type { Formatter } from 'langium/lsp';
import type { DocumentFormattingParams, DocumentRangeFormattingParams, TextEdit } from 'vscode-languageserver';
import { formatParsed, type FormatEdit } from '../format/formatter.js';
import type { Model } from '../language/generated/ast.js';

/**
 * `textDocument/formatting` and `rangeFormatting` with the CLI's formatter
 * (server/src/format). A document with syntax errors is left alone: no edits.
 */
export class MeshFormatter implements Formatter {
    formatDocument(document: LangiumDocument, _params: DocumentFormattingParams): TextEdit[] {
        return this.edits(document);
    }

    formatDocumentRange(document: LangiumDocument, params: DocumentRangeFormattingParams): TextEdit[] {
        const text = document.textDocument;
        return this.edits(document, { start: text.offsetAt(params.range.start), end: text.offsetAt(params.range.end) });
    }

    formatDocumentOnType(): TextEdit[] {
        return [];
    }

    get formatOnTypeOptions(): undefined {
        return undefined;
    }

    private edits(document: LangiumDocument, range?: { start: number; end: number }): TextEdit[] {
        const text = document.textDocument.getText();
        const result = formatParsed(text, document.parseResult as LangiumDocument<Model>['parseResult'], { range });
        if (!result.ok) return [];
        return result.edits.map((e: FormatEdit) => ({
            range: { start: document.textDocument.positionAt(e.start), end: document.textDocument.positionAt(e.end) },
            newText: e.newText,
        }));
    }
}
