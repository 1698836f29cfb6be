import type { Module } from 'langium';
import { inject } from 'langium';
import type {
    DefaultSharedModuleContext, LangiumServices, LangiumSharedServices, PartialLangiumServices, PartialLangiumSharedServices,
} from 'langium/lsp';
import {
    DefaultDefinitionProvider, DefaultDocumentHighlightProvider, DefaultDocumentSymbolProvider, DefaultFoldingRangeProvider,
    DefaultLanguageServer, DefaultReferencesProvider, DefaultWorkspaceSymbolProvider, createDefaultModule, createDefaultSharedModule,
} from 'langium/lsp';
import type { InitializeParams, InitializeResult } from 'vscode-languageserver';
import { MeshGeneratedModule, MeshGeneratedSharedModule } from '../language/generated/module.js';
import { MeshCoreModule, MeshSharedCoreModule } from '../language/mesh-module.js';
import { MeshCodeActionProvider } from './code-actions.js';
import { MeshCodeLensProvider } from './code-lens.js';
import { MeshCompletionProvider } from './completion.js';
import { MeshDocumentValidator } from './diagnostics.js';
import { MeshFormatter } from './formatting.js';
import { guarded } from './guard.js';
import { MeshHoverProvider } from './hover.js';
import { MeshInlayHintProvider } from './inlay-hints.js';
import { MeshNodeKindProvider } from './node-kinds.js';
import { MeshRenameProvider } from './rename.js';
import { MeshSemanticTokenProvider } from './semantic-tokens.js';
import { MeshConfigurationProvider, MeshSettings } from './settings.js';
import { MeshDocumentBuilder, MeshWorkspaceManager } from './workspace.js';
import { WorkspaceAnalysis } from './workspace-analysis.js';
import { meshspecVersion } from '../version.js';

/** Langium's language server, naming itself in the `initialize` result (editors show it in their logs). */
class MeshLanguageServer extends DefaultLanguageServer {
    protected override buildInitializeResult(params: InitializeParams): InitializeResult {
        return { ...super.buildInitializeResult(params), serverInfo: { name: 'meshspec', version: meshspecVersion() } };
    }
}

/** Services the Meshspec server adds to Langium's shared (workspace-wide) services. */
export interface MeshSharedAddedServices {
    mesh: {
        WorkspaceAnalysis: WorkspaceAnalysis;
        Settings: MeshSettings;
    };
}

export type MeshSharedServices = LangiumSharedServices & MeshSharedAddedServices;
export type MeshLspServices = LangiumServices & { shared: MeshSharedServices };

export const MeshSharedLspModule: Module<MeshSharedServices, PartialLangiumSharedServices & MeshSharedAddedServices> = {
    workspace: {
        DocumentBuilder: (s) => new MeshDocumentBuilder(s),
        WorkspaceManager: (s) => new MeshWorkspaceManager(s),
        ConfigurationProvider: (s) => new MeshConfigurationProvider(s),
    },
    lsp: {
        LanguageServer: (s) => new MeshLanguageServer(s),
        NodeKindProvider: () => new MeshNodeKindProvider(),
        WorkspaceSymbolProvider: (s) => guarded(new DefaultWorkspaceSymbolProvider(s)),
    },
    mesh: {
        WorkspaceAnalysis: (s) => new WorkspaceAnalysis(s, () => s.mesh.Settings),
        Settings: (s) => new MeshSettings(s),
    },
};

/**
 * The LSP layer of the language: every provider is wrapped by `guarded` so that an
 * exception becomes a logged, empty answer rather than a failed request.
 */
export const MeshLspModule: Module<MeshLspServices, PartialLangiumServices> = {
    validation: {
        DocumentValidator: (s) => new MeshDocumentValidator(() => s.shared.mesh.WorkspaceAnalysis),
    },
    lsp: {
        HoverProvider: (s) => guarded(new MeshHoverProvider(s)),
        InlayHintProvider: (s) => guarded(new MeshInlayHintProvider(s)),
        CompletionProvider: (s) => guarded(new MeshCompletionProvider(s)),
        RenameProvider: (s) => guarded(new MeshRenameProvider(s)),
        CodeActionProvider: (s) => guarded(new MeshCodeActionProvider(s)),
        CodeLensProvider: () => guarded(new MeshCodeLensProvider()),
        Formatter: () => guarded(new MeshFormatter()),
        SemanticTokenProvider: (s) => guarded(new MeshSemanticTokenProvider(s)),
        DefinitionProvider: (s) => guarded(new DefaultDefinitionProvider(s)),
        ReferencesProvider: (s) => guarded(new DefaultReferencesProvider(s)),
        DocumentHighlightProvider: (s) => guarded(new DefaultDocumentHighlightProvider(s)),
        DocumentSymbolProvider: (s) => guarded(new DefaultDocumentSymbolProvider(s)),
        FoldingRangeProvider: (s) => guarded(new DefaultFoldingRangeProvider(s)),
    },
};

/**
 * All services of the language server: Langium's defaults (with LSP), the generated parser,
 * the core services the CLI uses too, and the LSP layer above.
 */
export function createMeshLspServices(context: DefaultSharedModuleContext): { shared: MeshSharedServices; Mesh: MeshLspServices } {
    const shared = inject(createDefaultSharedModule(context), MeshGeneratedSharedModule, MeshSharedCoreModule, MeshSharedLspModule);
    const Mesh = inject(createDefaultModule({ shared }), MeshGeneratedModule, MeshCoreModule, MeshLspModule);
    shared.ServiceRegistry.register(Mesh);
    return { shared, Mesh };
}
