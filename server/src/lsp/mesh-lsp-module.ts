import type { Module } from 'langium';
import { inject } from 'langium';
import type { DefaultSharedModuleContext, LangiumServices, LangiumSharedServices, PartialLangiumServices, PartialLangiumSharedServices } from 'langium/lsp';
import { createDefaultModule, createDefaultSharedModule } from 'langium/lsp';
import { MeshGeneratedModule, MeshGeneratedSharedModule } from '../language/generated/module.js';
import { MeshCoreModule } from '../language/mesh-module.js';
import { MeshDocumentValidator } from './diagnostics.js';
import { guarded } from './guard.js';
import { MeshConfigurationProvider, MeshSettings, reportConfigProblems } from './settings.js';
import { MeshDocumentBuilder, MeshWorkspaceManager } from './workspace.js';
import { WorkspaceAnalysis } from './workspace-analysis.js';

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
    mesh: {
        WorkspaceAnalysis: (s) => new WorkspaceAnalysis(s, () => s.mesh.Settings),
        Settings: (s) => new MeshSettings(s),
    },
};

export const MeshLspModule: Module<MeshLspServices, PartialLangiumServices> = {
    validation: {
        DocumentValidator: (s) => new MeshDocumentValidator(() => s.shared.mesh.WorkspaceAnalysis),
    },
    lsp: {
        DefinitionProvider: (s) => guarded(new (createDefaultModule as never as { x: never }).x ?? s.lsp.DefinitionProvider!),
    },
};
