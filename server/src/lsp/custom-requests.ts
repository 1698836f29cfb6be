import { DocumentState } from 'langium';
import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import { buildGraph } from '../graph/graph-model.js';
import { GraphFocusError } from '../graph/focus.js';
import type { GraphModel } from '../graph/types.js';
import type { MeshSharedServices } from './mesh-lsp-module.js';
import { handleGraphRequest, notifyModelChanged, type GraphParams } from './protocol.js';

/** How long `meshspec/graph` waits for a running build before answering from the last analysis. */
const BUILD_WAIT_MS = 10_000;

/**
 * The server side of protocol.ts: `meshspec/graph` answers from the current workspace
 * analysis, and `meshspec/modelChanged` goes out after every build.
 */
export function registerCustomRequests(shared: MeshSharedServices): void {
    const connection = shared.lsp.Connection;
    if (!connection) return;
    handleGraphRequest(connection, params => graphOf(shared, params));
    let version = 0;
    shared.workspace.DocumentBuilder.onBuildPhase(DocumentState.Validated, () => {
        notifyModelChanged(connection, { version: ++version });
    });
}

export async function graphOf(shared: MeshSharedServices, params: GraphParams): Promise<GraphModel> {
    await shared.workspace.WorkspaceManager.ready;
    // Prefer the analysis of the text as it is now; if a build is running, wait (bounded) for it.
    await Promise.race([
        shared.workspace.DocumentBuilder.waitUntil(DocumentState.Linked).catch(() => undefined),
        new Promise(resolve => setTimeout(resolve, BUILD_WAIT_MS)),
    ]);
    const snapshot = shared.mesh.WorkspaceAnalysis.snapshot();
    if (!snapshot) throw new ResponseError(ErrorCodes.InternalError, 'the workspace has not been analysed yet');
    try {
        return buildGraph(snapshot.model, snapshot.analysis, { mode: params?.mode, focus: params?.focus, depth: params?.depth });
    } catch (error) {
        if (error instanceof GraphFocusError) throw new ResponseError(ErrorCodes.InvalidParams, error.message);
        throw error;
    }
}
