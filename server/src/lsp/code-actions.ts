import type { IndexManager, LangiumDocument, LangiumDocuments } from 'langium';
import type { CodeActionProvider } from 'langium/lsp';
import type { CodeAction, CodeActionParams, Command } from 'vscode-languageserver';
import { isRuleId } from '../checker/catalogue.js';
import type { Model } from '../language/generated/ast.js';
import { DIAGNOSTIC_SOURCE } from './diagnostics.js';
import type { MeshLspServices } from './mesh-lsp-module.js';
import { QUICK_FIXES, disableForLine } from './quick-fixes/index.js';

/** Quick fixes for Meshspec diagnostics, chosen by the diagnostic's `code`. */
export class MeshCodeActionProvider implements CodeActionProvider {
    private readonly documents: LangiumDocuments;
    private readonly index: IndexManager;

    constructor(services: MeshLspServices) {
        this.documents = services.shared.workspace.LangiumDocuments;
        this.index = services.shared.workspace.IndexManager;
    }

    getCodeActions(document: LangiumDocument, params: CodeActionParams): Array<Command | CodeAction> {
        const actions: CodeAction[] = [];
        for (const diagnostic of params.context.diagnostics) {
            if (diagnostic.source !== undefined && diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
            const code = typeof diagnostic.code === 'string' ? diagnostic.code : undefined;
            if (!code || !isRuleId(code)) continue;
            const ctx = { diagnostic, document: document as LangiumDocument<Model>, documents: this.documents, index: this.index };
            try {
                actions.push(...(QUICK_FIXES[code]?.(ctx) ?? []));
                const disable = disableForLine(ctx, code);
                if (disable) actions.push(disable);
            } catch (error) {
                console.error(`meshspec: quick fix for ${code} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
            }
        }
        return actions;
    }
}
