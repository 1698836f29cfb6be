import type { Command } from 'commander';
import { keepServing } from '../serving.js';

const TRANSPORTS = ['--stdio', '--node-ipc'];

/**
 * `meshspec lsp --stdio`: runs the language server in this process, the same code as
 * `out/server.cjs`, for any LSP editor. stdio is the default transport.
 */
export function register(program: Command): void {
    program
        .command('lsp')
        .summary('run the language server (for any LSP editor)')
        .description('Run the Meshspec language server, speaking LSP over stdio (the default) or Node IPC. '
            + 'The workspace folders the editor opens are checked as one workspace; meshspec.json at their '
            + 'root and the editor setting meshspec.rules configure the rules.')
        .option('--stdio', 'talk LSP over stdin/stdout (default)')
        .option('--node-ipc', 'talk LSP over Node IPC (when started by a Node client)')
        .action(async () => {
            // vscode-languageserver picks the transport from argv (and only then routes
            // console output away from stdout), so make the default explicit there.
            if (!process.argv.some(a => TRANSPORTS.includes(a))) process.argv.push('--stdio');
            const { startServer } = await import('../../lsp/server.js');
            keepServing();
            startServer();
        });
}
