import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import { colorsFor } from '../colors.js';
import { CONFIG_OPTION_HELP, loadChecked } from '../load.js';
import type { CheckReport } from '../reporters/index.js';
import { plural, renderGithub, renderJson, renderPretty, renderSarif, summarize } from '../reporters/index.js';

export const CHECK_FORMATS = ['pretty', 'json', 'sarif', 'github'] as const;
export type CheckFormat = typeof CHECK_FORMATS[number];

export interface CheckOptions {
    format: CheckFormat;
    maxWarnings?: number;
    quiet?: boolean;
    config?: string;
}

/** `meshspec check [paths…]` (LANGUAGE.md §7). */
export function register(program: Command): void {
    program
        .command('check')
        .summary('check .mesh files and report diagnostics')
        .description('Load every *.mesh file under the paths (default: the current directory; node_modules and .git '
            + 'are skipped) as one workspace, check it, and report diagnostics.')
        .argument('[paths...]', 'files or directories to check (default: .)')
        .addOption(new Option('-f, --format <format>', 'output format').choices(CHECK_FORMATS).default('pretty'))
        .option('--max-warnings <n>', 'exit 1 when there are more than n warnings', parseCount)
        .option('-q, --quiet', 'report errors only (--max-warnings still counts the warnings not shown)')
        .option('-c, --config <file>', CONFIG_OPTION_HELP)
        .addHelpText('after', '\nExit status:\n'
            + '  0  no errors, and warnings within --max-warnings\n'
            + '  1  errors, or more warnings than --max-warnings\n'
            + '  2  usage error, unreadable input or invalid configuration')
        .action(async (paths: string[], options: CheckOptions, command: Command) => {
            const color = command.optsWithGlobals<{ color?: boolean }>().color;
            process.exitCode = await runCheck(paths, options, color);
        });
}

/** Runs the check, writes the report to stdout and returns the exit status. */
export async function runCheck(paths: readonly string[], options: CheckOptions, color?: boolean): Promise<number> {
    const checked = await loadChecked(paths, { config: options.config });
    const shown = options.quiet
        ? checked.result.diagnostics.filter(d => d.severity === 'error')
        : checked.result.diagnostics;
    const summary = summarize(shown);
    const all = options.quiet ? summarize(checked.result.diagnostics) : summary;
    const report: CheckReport = {
        diagnostics: shown,
        fileCount: checked.files.length,
        summary,
        hidden: options.quiet ? { errors: 0, warnings: all.warnings, infos: all.infos } : undefined,
        relativePath: checked.relativePath,
        textOf: checked.textOf,
    };
    // --quiet hides warnings, it does not make them go away (as in ESLint): the exit status
    // still holds them against --max-warnings. The summary counts what is shown.
    const warnings = all.warnings;
    const tooManyWarnings = options.maxWarnings !== undefined && warnings > options.maxWarnings;

    switch (options.format) {
        case 'json': process.stdout.write(renderJson(report)); break;
        case 'sarif': process.stdout.write(renderSarif(report)); break;
        case 'github': process.stdout.write(renderGithub(report)); break;
        case 'pretty': {
            const c = colorsFor(process.stdout, color);
            let out = renderPretty(report, c);
            if (tooManyWarnings) {
                out += c.yellow(c.bold(`✖ too many warnings: ${warnings} (--max-warnings ${options.maxWarnings})`)) + '\n';
            }
            process.stdout.write(out);
            break;
        }
    }
    // Machine-readable formats keep stdout to the document; say why the exit status is 1 on stderr.
    if (tooManyWarnings && options.format !== 'pretty') {
        process.stderr.write(`meshspec: too many warnings: ${plural(warnings, 'warning')}, maximum ${options.maxWarnings}\n`);
    }
    return summary.errors > 0 || tooManyWarnings ? 1 : 0;
}

function parseCount(value: string): number {
    if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError('Expected a non-negative integer.');
    return Number(value.trim());
}
