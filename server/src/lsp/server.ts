import { DocumentState } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { startLanguageServer } from 'langium/lsp';
import type { Connection } from 'vscode-languageserver';
import { ProposedFeatures, createConnection } from 'vscode-languageserver/node';
import { registerCustomRequests } from './custom-requests.js';
import { createMeshLspServices, type MeshSharedServices } from './mesh-lsp-module.js';
import { reportConfigProblems, type MeshConfigurationProvider } from './settings.js';

/**
 * Starts the language server on the transport named on the command line (`--stdio`,
 * `--node-ipc`, `--socket=<port>`, `--pipe=<name>`): the bundle `out/server.cjs` and
 * `meshspec lsp --stdio` both end up here.
 */
export function startServer(connection: Connection = createConnection(ProposedFeatures.all)): MeshSharedServices {
    keepAlive();
    const { shared } = createMeshLspServices({ connection, ...NodeFileSystem });
    wireConfiguration(shared);
    registerCustomRequests(shared);
    startLanguageServer(shared, {
        // These read the workspace analysis, which exists once the document is validated.
        HoverProvider: DocumentState.Validated,
        InlayHintProvider: DocumentState.Validated,
    });
    return shared;
}

/**
 * A change of the `meshspec` settings re-runs the analysis with the new severities. (A
 * changed `meshspec.json` needs nothing here: the watched-file update rebuilds, and every
 * build re-checks all documents and re-reads the file.) Configuration problems are shown.
 */
export function wireConfiguration(shared: MeshSharedServices): void {
    const configuration = shared.workspace.ConfigurationProvider as MeshConfigurationProvider;
    reportConfigProblems(shared.mesh.Settings, shared.lsp.Connection);
    configuration.onSettingsChanged(() => revalidateAll(shared));
}

export function revalidateAll(shared: MeshSharedServices): void {
    shared.workspace.WorkspaceManager.ready
        .then(() => shared.workspace.WorkspaceLock.write(token => shared.workspace.DocumentBuilder.update([], [], token)))
        .catch(error => console.error(`meshspec: revalidation failed: ${error instanceof Error ? error.message : String(error)}`));
}

/**
 * A stray rejection or exception in a long-running server is logged, not fatal: the editor
 * would otherwise lose every feature until it restarts the server.
 */
function keepAlive(): void {
    process.removeAllListeners('uncaughtException');
    process.removeAllListeners('unhandledRejection');
    process.on('uncaughtException', error => console.error(`meshspec: uncaught exception: ${error.stack ?? error.message}`));
    process.on('unhandledRejection', reason => console.error(`meshspec: unhandled rejection: ${reason instanceof Error ? reason.stack ?? reason.message : String(reason)}`));
}
