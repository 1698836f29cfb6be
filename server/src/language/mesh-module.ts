import type { DefaultSharedCoreModuleContext, LangiumCoreServices, LangiumSharedCoreServices, Module, PartialLangiumCoreServices } from 'langium';
import { createDefaultCoreModule, createDefaultSharedCoreModule, inject } from 'langium';
import { MeshGeneratedModule, MeshGeneratedSharedModule } from './generated/module.js';
import { MeshScopeComputation } from './mesh-scope.js';

export type MeshCoreServices = LangiumCoreServices;

/** Language services shared by the CLI, the tests and the language server. */
export const MeshCoreModule: Module<MeshCoreServices, PartialLangiumCoreServices> = {
    references: {
        ScopeComputation: (services) => new MeshScopeComputation(services),
    },
};

/** Core services (no LSP): what the CLI and the tests use. */
export function createMeshCoreServices(context: DefaultSharedCoreModuleContext, override?: Module<MeshCoreServices, PartialLangiumCoreServices>): { shared: LangiumSharedCoreServices; Mesh: MeshCoreServices } {
    const shared = inject(createDefaultSharedCoreModule(context), MeshGeneratedSharedModule);
    const Mesh = inject(createDefaultCoreModule({ shared }), MeshGeneratedModule, MeshCoreModule, override ?? {});
    shared.ServiceRegistry.register(Mesh);
    return { shared, Mesh };
}
