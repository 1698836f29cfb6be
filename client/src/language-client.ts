import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { poolSizeArgs } from '../../bin/v8-pool.cjs';

/**
 * The client id. vscode-languageclient reads the trace level from `<id>.trace.server`, so it
 * must match the `meshspec.trace.server` setting declared in package.json.
 */
export const CLIENT_ID = 'meshspec';
/** The configuration section pushed to the server on change (`meshspec.rules`, …). */
export const SETTINGS_SECTION = 'meshspec';

/**
 * Creates (does not start) the client for the bundled server `out/server.cjs`, spoken to over
 * Node IPC, with as many V8 background threads as the machine has room for (`bin/v8-pool.cjs`:
 * on two cores, a quarter faster to load a workspace). Every `.mesh` file and `meshspec.json` is watched, because the checker is
 * workspace-global: a file that is not open can still change another file's diagnostics.
 */
export function createLanguageClient(context: vscode.ExtensionContext, outputChannel: vscode.LogOutputChannel): LanguageClient {
    const module = context.asAbsolutePath('out/server.cjs');
    const serverOptions: ServerOptions = {
        run: { module, transport: TransportKind.ipc, options: { execArgv: poolSizeArgs() } },
        debug: { module, transport: TransportKind.ipc, options: { execArgv: [...poolSizeArgs(), '--nolazy', '--inspect=6009'] } },
    };
    const meshWatcher = vscode.workspace.createFileSystemWatcher('**/*.mesh');
    const configWatcher = vscode.workspace.createFileSystemWatcher('**/meshspec.json');
    context.subscriptions.push(meshWatcher, configWatcher);
    const clientOptions: LanguageClientOptions = {
        documentSelector: [{ language: 'mesh' }],
        synchronize: {
            configurationSection: SETTINGS_SECTION,
            fileEvents: [meshWatcher, configWatcher],
        },
        outputChannel,
        traceOutputChannel: outputChannel,
    };
    return new LanguageClient(CLIENT_ID, 'Meshspec Language Server', serverOptions, clientOptions);
}
