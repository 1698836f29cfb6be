import type { DefaultSharedCoreModuleContext, LangiumCoreServices, LangiumSharedCoreServices, Module, PartialLangiumCoreServices } from 'langium';
import { createDefaultCoreModule, createDefaultSharedCoreModule, inject } from 'langium';
import { MeshGeneratedModule, MeshGeneratedSharedModule } from './generated/module.js';
import { MeshScopeComputation, MeshScopeProvider } from './mesh-scope.js';

export type MeshCoreServices = LangiumCoreServices;

/** Language services shared by the CLI, the tests and the language server. */
export const MeshCoreModule: Module<MeshCoreServices, PartialLangiumCoreServices> = {
    references: {
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

/** Core services (no LSP): what the CLI and the tests use. */
export function createMeshCoreServices(context: DefaultSharedCoreModuleContext, override?: Module<MeshCoreServices, PartialLangiumCoreServices>): { shared: LangiumSharedCoreServices; Mesh: MeshCoreServices } {
    const shared = inject(createDefaultSharedCoreModule(context), MeshGeneratedSharedModule);
    const Mesh = inject(createDefaultCoreModule({ shared }), MeshGeneratedModule, MeshCoreModule, override ?? {});
    shared.ServiceRegistry.register(Mesh);
    return { shared, Mesh };
}
