import type { DefaultSharedCoreModuleContext, LangiumCoreServices, LangiumSharedCoreServices, Module, PartialLangiumCoreServices, PartialLangiumSharedCoreServices } from 'langium';
import { MeshIndexManager } from './mesh-index.js';
import { createDefaultCoreModule, createDefaultSharedCoreModule, inject } from 'langium';
import { MeshGeneratedModule, MeshGeneratedSharedModule, MeshLanguageMetaData } from './generated/module.js';
import { MeshAstNodeDescriptionProvider } from './mesh-descriptions.js';
import { MeshLinker, MeshReferenceDescriptionProvider } from './mesh-linker.js';
import { MeshScopeComputation, MeshScopeProvider } from './mesh-scope.js';
import { MeshLexer } from './parser/mesh-lexer.js';
import { MeshTokenBuilder } from './parser/token-builder.js';
import { createMeshParser } from './parser/mesh-parser.js';

export type MeshCoreServices = LangiumCoreServices;

/** Language services shared by the CLI, the tests and the language server. */
export const MeshCoreModule: Module<MeshCoreServices, PartialLangiumCoreServices> = {
    // Production mode skips Chevrotain's grammar validations when the lexer and parser are
    // built (a third of that time, for every CLI run and server start); test/parser checks
    // the grammar with them.
    LanguageMetaData: () => ({ ...MeshLanguageMetaData, mode: 'production' }),
    parser: {
        Lexer: (services) => new MeshLexer(services),
        TokenBuilder: () => new MeshTokenBuilder(),
        LangiumParser: (services) => createMeshParser(services),
    },
    workspace: {
        AstNodeDescriptionProvider: (services) => new MeshAstNodeDescriptionProvider(services),
        ReferenceDescriptionProvider: (services) => new MeshReferenceDescriptionProvider(services),
    },
    references: {
        Linker: (services) => new MeshLinker(services),
        ScopeComputation: (services) => new MeshScopeComputation(services),
        ScopeProvider: (services) => new MeshScopeProvider(services),
    },
};

/**
 * For one-shot runs (the CLI): no reference index. Nothing asks "who references this?"
 * in a batch run, and building that index is a tenth of a large workspace's check time.
 */
export const MeshBatchModule: Module<MeshCoreServices, PartialLangiumCoreServices> = {
    workspace: {
        ReferenceDescriptionProvider: () => ({ createDescriptions: async () => [] }),
    },
};

/** Shared services of the core, the CLI's and the language server's alike. */
export const MeshSharedCoreModule: Module<LangiumSharedCoreServices, PartialLangiumSharedCoreServices> = {
    workspace: {
        // Each document's exports per type as one array: global scopes are built from them
        // and, in the language server, survive edits (mesh-scope.ts).
        IndexManager: (s) => new MeshIndexManager(s),
    },
};

/** Core services (no LSP): what the CLI and the tests use. */
export function createMeshCoreServices(context: DefaultSharedCoreModuleContext, override?: Module<MeshCoreServices, PartialLangiumCoreServices>): { shared: LangiumSharedCoreServices; Mesh: MeshCoreServices } {
    const shared = inject(createDefaultSharedCoreModule(context), MeshGeneratedSharedModule, MeshSharedCoreModule);
    const Mesh = inject(createDefaultCoreModule({ shared }), MeshGeneratedModule, MeshCoreModule, override ?? {});
    shared.ServiceRegistry.register(Mesh);
    return { shared, Mesh };
}
