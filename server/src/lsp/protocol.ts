import type { GraphModel, GraphMode } from '../graph/types.js';

/**
 * Meshspec's custom LSP messages, declared once and imported by both ends: the language
 * server registers the handlers, the VS Code extension sends and listens.
 *
 * Deliberately free of `vscode-jsonrpc` classes (`RequestType`): the server and the client
 * packages each bring their own copy of the protocol library, and the two copies' classes
 * are not assignable to each other. A method name plus typed parameters and results works
 * with both (`connection.onRequest(method, handler)`, `client.sendRequest<R>(method, params)`);
 * the helpers below keep both ends on these types.
 */

export interface GraphParams {
    /** The mode the graph opens in; every mode's data is in the answer either way. */
    mode: GraphMode;
    /** Keep only the neighbourhood of this element (`orders-api`, `orders-api.placeOrder`, a gateway name). */
    focus?: string;
    /** Hops kept around `focus` (default 1). */
    depth?: number;
}

/**
 * `meshspec/graph` (client → server): the architecture graph of the whole workspace, not
 * laid out (the webview lays it out in a Web Worker). The server answers with
 * `buildGraph(model, analysis, params)` over its current analysis; an unknown `focus`
 * (`GraphFocusError`) is answered with an error whose message names the problem.
 */
export const GraphRequest = { method: 'meshspec/graph' } as const;

export type GraphRequestHandler = (params: GraphParams) => GraphModel | Promise<GraphModel>;

export interface ModelChangedParams {
    /** Increases with every analysis of the workspace. */
    version: number;
}

/**
 * `meshspec/modelChanged` (server → client): the workspace was analysed again (an edit, a
 * file change, a settings change); views that show the model ask again.
 */
export const ModelChangedNotification = { method: 'meshspec/modelChanged' } as const;

// ------------------------------------------------------------------ typed helpers

/** What either side's connection object offers (structurally; satisfied by vscode-languageserver and vscode-languageclient). */
interface SendsRequests { sendRequest<R>(method: string, params: unknown): Promise<R> }
interface HandlesRequests { onRequest(method: string, handler: (params: GraphParams) => GraphModel | Promise<GraphModel>): unknown }
interface SendsNotifications { sendNotification(method: string, params: ModelChangedParams): unknown }
interface HandlesNotifications { onNotification(method: string, handler: (params: ModelChangedParams) => void): { dispose(): unknown } }

/** Client side: ask for the graph. */
export function requestGraph(client: SendsRequests, params: GraphParams): Promise<GraphModel> {
    return client.sendRequest<GraphModel>(GraphRequest.method, params);
}

/** Server side: answer `meshspec/graph`. */
export function handleGraphRequest(connection: HandlesRequests, handler: GraphRequestHandler): void {
    connection.onRequest(GraphRequest.method, handler);
}

/** Server side: announce a new analysis. */
export function notifyModelChanged(connection: SendsNotifications, params: ModelChangedParams): void {
    connection.sendNotification(ModelChangedNotification.method, params);
}

/** Client side: listen for new analyses. */
export function onModelChanged(client: HandlesNotifications, handler: (params: ModelChangedParams) => void): { dispose(): unknown } {
    return client.onNotification(ModelChangedNotification.method, handler);
}
