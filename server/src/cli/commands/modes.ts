import type { Command } from 'commander';
import { Option } from 'commander';
import type { ModeMatrix } from '../../checker/mode-matrix.js';
import { buildModeMatrix } from '../../checker/mode-matrix.js';
import { MODE_NAMES } from '../../checker/model.js';
import { CONFIG_OPTION_HELP, loadChecked, warnSyntaxErrors } from '../load.js';
import { printable } from '../printable.js';

const FORMATS = ['text', 'markdown', 'json'] as const;
type Format = typeof FORMATS[number];

/** `meshspec modes [paths…]`: the mode matrix and each non-target mode's blast radius (LANGUAGE.md §5, §7). */
export function register(program: Command): void {
    program
        .command('modes')
        .summary('print the mode matrix and each mode\'s blast radius')
        .description('Print the mode matrix (elements × target/degraded/floor/recovery: vector and trigger) and, for '
            + 'degraded and floor, the blast radius: plain requirements that hold in target but fail in that mode.')
        .argument('[paths...]', 'files or directories (default: .)')
        .addOption(new Option('-f, --format <format>', 'output format').choices(FORMATS).default('text'))
        .option('-c, --config <file>', CONFIG_OPTION_HELP)
        .action(async (paths: string[], options: { format: Format; config?: string }) => {
            const checked = await loadChecked(paths, { config: options.config });
            const matrix = buildModeMatrix(checked.result.model, checked.result.analysis);
            warnSyntaxErrors(checked);
            const rel = (entry: { location: { uri: string; line: number } }): string => `${checked.relativePath(entry.location.uri)}:${entry.location.line}`;
            switch (options.format) {
                case 'json': {
                    const json = {
                        version: 1,
                        elements: matrix.rows,
                        blastRadius: Object.fromEntries(Object.entries(matrix.blastRadius).map(([mode, entries]) =>
                            [mode, entries.map(e => ({ ...e, location: { file: checked.relativePath(e.location.uri), line: e.location.line } }))])),
                    };
                    process.stdout.write(JSON.stringify(json, null, 2) + '\n');
                    break;
                }
                case 'markdown': process.stdout.write(renderMarkdown(matrix, rel)); break;
                case 'text': process.stdout.write(renderText(matrix, rel)); break;
            }
            process.exitCode = 0;
        });
}

type Where = (entry: { location: { uri: string; line: number } }) => string;

export function renderMarkdown(matrix: ModeMatrix, where: Where): string {
    const lines = ['# Mode matrix', '', `| element | ${MODE_NAMES.join(' | ')} |`, `|---|${MODE_NAMES.map(() => '---').join('|')}|`];
    for (const row of matrix.rows) {
        const cells = MODE_NAMES.map(m => {
            const cell = row.modes[m];
            if (!cell.vector) return '—';
            const vector = '`' + cell.vector + '`' + (cell.declared ? '' : ' (inherited)');
            return cell.trigger ? `${vector}<br>when \`${cell.trigger}\`` : vector;
        });
        lines.push(`| **${escapeMd(row.id)}**${row.critical ? ' (critical)' : ''} | ${cells.join(' | ')} |`);
    }
    for (const mode of ['degraded', 'floor'] as const) {
        const entries = matrix.blastRadius[mode];
        lines.push('', `## Blast radius: ${mode}`, '');
        if (entries.length === 0) {
            lines.push(`No plain requirement breaks in ${mode} mode.`);
            continue;
        }
        lines.push('| consumer edge | requirement | breaks | weakest link | where |', '|---|---|---|---|---|');
        for (const e of entries) {
            lines.push(`| ${escapeMd(e.edge)} | \`${e.requirement}\` | ${e.failures.map(f => `${f.component}: needs ${f.needed}, gets ${f.got}`).join('<br>')} | ${e.failures.map(f => escapeMd(f.weakestLink)).join('<br>')} | ${escapeMd(where(e))} |`);
        }
    }
    return lines.map(printable).join('\n') + '\n';
}

export function renderText(matrix: ModeMatrix, where: Where): string {
    const out: string[] = ['Mode matrix', ''];
    for (const row of matrix.rows) {
        out.push(`${row.id}${row.critical ? ' (critical)' : ''}${row.domain ? `  [domain ${row.domain}]` : ''}`);
        for (const m of MODE_NAMES) {
            const cell = row.modes[m];
            if (!cell.vector) continue;
            out.push(`  ${m.padEnd(9)} ${cell.vector}${cell.declared ? '' : ' (inherited)'}${cell.trigger ? `  when ${cell.trigger}` : ''}`);
        }
    }
    for (const mode of ['degraded', 'floor'] as const) {
        const entries = matrix.blastRadius[mode];
        out.push('', `Blast radius in ${mode} mode: ${entries.length === 0 ? 'none' : `${entries.length} requirement${entries.length === 1 ? '' : 's'} break`}`);
        for (const e of entries) {
            out.push(`  ${e.edge}  requires ${e.requirement}  (${where(e)})`);
            for (const f of e.failures) out.push(`    ${f.component}: needs ${f.needed}, gets ${f.got} — weakest link: ${f.weakestLink}`);
        }
    }
    return out.map(printable).join('\n') + '\n';
}

function escapeMd(text: string): string {
    return text.replace(/[|\\`*_[\]<>]/g, ch => `\\${ch}`);
}
