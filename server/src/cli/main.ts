import '../polyfill.js';
import { Command, CommanderError } from 'commander';
import { closest } from '../checker/names.js';
import { CliError, describeFsError, oneLine } from './errors.js';
import { isServing } from './serving.js';
import { meshspecVersion } from '../version.js';

/**
 * The commands, one module each under `commands/`. A command module exports
 * `register(program: Command): void`, which adds its subcommand with `program.command(…)`
 * (so it inherits the error handling configured below). Registering a command is one line
 * here: `() => import('./commands/<name>.js'),`.
 */
const COMMANDS: readonly (() => Promise<{ register: (program: Command) => void }>)[] = [
    () => import('./commands/check.js'),
    () => import('./commands/modes.js'),
    () => import('./commands/explain.js'),
    () => import('./commands/graph.js'),
    () => import('./commands/format.js'),
    () => import('./commands/lsp.js'),
];

/** Exit status for usage errors, unreadable input and internal errors (LANGUAGE.md §7). */
const USAGE = 2;

/**
 * Runs the CLI and resolves to its exit status. Every failure ends as one line on stderr,
 * `meshspec: <problem>` — never a stack trace, whether the user erred or we did.
 */
export async function run(argv: readonly string[]): Promise<number> {
    const program = new Command('meshspec')
        .description('Guarantee-vector specs for distributed systems: check .mesh files, lay out their architecture '
            + 'graph and print their mode matrix.')
        .version(meshspecVersion(), '-v, --version', 'print the version')
        .helpOption('-h, --help', 'show help')
        .option('--color', 'force coloured output')
        .option('--no-color', 'disable coloured output (NO_COLOR is honoured too)')
        .exitOverride()
        .showSuggestionAfterError()
        // Errors are printed once, in our own one-line form, by the catch below.
        .configureOutput({ outputError: () => undefined });
    for (const load of COMMANDS) (await load()).register(program);

    // Commander answers these with its whole help text on stderr; a usage error is one line.
    const problem = missingCommand(program, argv.slice(2));
    if (problem) {
        fail(problem);
        return USAGE;
    }
    process.exitCode = undefined;
    try {
        await program.parseAsync([...argv]);
    } catch (error) {
        return report(error);
    }
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
}

/** `meshspec` without a command, or `meshspec help <unknown>`: what to say, else undefined. */
function missingCommand(program: Command, args: readonly string[]): string | undefined {
    const words = args.filter(arg => !arg.startsWith('-'));
    const names = program.commands.map(command => command.name());
    if (words.length === 0) {
        const asks = args.some(arg => ['-h', '--help', '-v', '--version'].includes(arg));
        // An option meshspec does not have is that error (Commander's message, with its did-you-mean).
        const unknown = args.some(arg => arg.startsWith('-') && !program.options.some(option => [option.short, option.long].includes(arg.replace(/=.*$/, ''))));
        return asks || unknown ? undefined : `no command given: one of ${names.join(', ')} (meshspec --help explains them)`;
    }
    if (words[0] === 'help' && words.length > 1 && !names.includes(words[1])) {
        const suggestion = closest(words[1], names);
        return `unknown command '${words[1]}'` + (suggestion ? ` (Did you mean ${suggestion}?)` : '');
    }
    return undefined;
}

function report(error: unknown): number {
    if (error instanceof CommanderError) {
        switch (error.code) {
            case 'commander.helpDisplayed':
            case 'commander.version':
                return 0;
            case 'commander.help':
                // `help <command>` exits 0; help printed because no command was given is a usage error.
                return error.exitCode === 0 ? 0 : USAGE;
            default:
                fail(error.message.replace(/^error: /, ''));
                return USAGE;
        }
    }
    if (error instanceof CliError) {
        fail(error.message);
        return error.exitCode;
    }
    internalError(error);
    return USAGE;
}

/**
 * A bug, not a user error: still one line, plus a stack trace only when asked for with
 * MESHSPEC_DEBUG=1 (for bug reports).
 */
function internalError(error: unknown): void {
    const debug = Boolean(process.env.MESHSPEC_DEBUG);
    fail(`internal error: ${error instanceof Error ? error.message : String(error)}${debug ? '' : ' (set MESHSPEC_DEBUG=1 for details)'}`);
    if (debug && error instanceof Error && error.stack) process.stderr.write(error.stack + '\n');
}

function fail(message: string): void {
    process.stderr.write(`meshspec: ${oneLine(message)}\n`);
}

process.stdout.on('error', (error: NodeJS.ErrnoException) => process.exit(stdoutFailed(error, typeof process.exitCode === 'number' ? process.exitCode : 0)));

/**
 * What to exit with when writing the report failed. `meshspec check | head` closes stdout
 * early, which is not an error worth reporting; any other failure (a full disk, a closed
 * descriptor) lost output that CI may rely on, so it is exit 2 with one line, never a pass.
 */
function stdoutFailed(error: NodeJS.ErrnoException, code: number): number {
    if (error.code === 'EPIPE') return code;
    fail(`cannot write to standard output: ${describeFsError(error)}`);
    return USAGE;
}
for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
    process.on(event, (error: unknown) => {
        internalError(error);
        process.exit(USAGE);
    });
}

run(process.argv).then(
    code => finish(code),
    (error: unknown) => finish(report(error)),
);

/**
 * The command is done: exit once what it wrote is flushed. Left to end by itself, Node
 * first takes the heap down page by page, which after a large check took longer than
 * printing its report (a tenth of a second for 10k elements). `meshspec lsp` is not done
 * when its action returns; its server keeps the process alive.
 */
function finish(code: number): void {
    process.exitCode = code;
    if (isServing()) return;
    process.stdout.write('', (error?: Error | null) => {
        // A write that failed before this one leaves the stream errored; its error says why.
        const failure = (process.stdout.errored ?? error) as NodeJS.ErrnoException | null | undefined;
        const exitCode = failure ? stdoutFailed(failure, code) : code;
        process.stderr.write('', () => process.exit(exitCode));
    });
}
