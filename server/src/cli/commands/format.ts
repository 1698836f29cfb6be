import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { formatMesh } from '../../format/formatter.js';
import { CliError, describeFsError, oneLine } from '../errors.js';
import { printable } from '../printable.js';
import { displayPath, readMeshFiles, resolveMeshFiles } from '../load.js';

export interface FormatOptions {
    check?: boolean;
}

/**
 * `meshspec format [paths…] [--check]` (LANGUAGE.md §7). Rewrites files in place, and only
 * files whose layout changes. A file with syntax errors is never touched: it is reported on
 * stderr and makes the exit status 1 (so does `--check` finding unformatted files).
 */
export function register(program: Command): void {
    program
        .command('format')
        .summary('format .mesh files in place, or check that they are formatted')
        .description('Format every *.mesh file under the paths (default: the current directory) in the canonical '
            + 'style: one member per line, 2-space indentation, single spaces; comments are kept verbatim. '
            + 'Only files whose layout changes are rewritten, and their paths are printed. A file with syntax '
            + 'errors is never written: it is reported and skipped.')
        .argument('[paths...]', 'files or directories to format (default: .)')
        .option('--check', 'write nothing; list the files that are not formatted')
        .addHelpText('after', '\nExit status:\n'
            + '  0  every file is formatted (or was rewritten)\n'
            + '  1  --check found unformatted files, or a file has syntax errors and was skipped\n'
            + '  2  usage error or unreadable input')
        .action(async (paths: string[], options: FormatOptions) => {
            process.exitCode = await runFormat(paths, options);
        });
}

export async function runFormat(paths: readonly string[], options: FormatOptions, cwd = process.cwd()): Promise<number> {
    const files = readMeshFiles(await resolveMeshFiles(paths, cwd), cwd);
    let status = 0;
    for (const file of files) {
        // One line per file, whatever its name holds.
        const shown = printable(displayPath(file.path, cwd));
        const result = formatMesh(file.text);
        if (!result.ok) {
            const [first] = result.errors;
            const more = result.errors.length > 1 ? ` (and ${result.errors.length - 1} more)` : '';
            process.stderr.write(`meshspec: ${shown}:${first.line}:${first.column}: not formatted, syntax error: ${oneLine(first.message)}${more}\n`);
            status = 1;
            continue;
        }
        if (!result.changed) continue;
        if (options.check) {
            process.stdout.write(`${shown}\n`);
            status = 1;
            continue;
        }
        try {
            writeFileSync(file.path, result.text, 'utf8');
        } catch (error) {
            throw new CliError(`cannot write ${shown}: ${describeFsError(error)}`);
        }
        process.stdout.write(`${shown}\n`);
    }
    return status;
}
