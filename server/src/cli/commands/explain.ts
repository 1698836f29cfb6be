import type { Command } from 'commander';
import { Option } from 'commander';
import type { Explanation } from '../../checker/mode-matrix.js';
import { explainElement } from '../../checker/mode-matrix.js';
import { closest } from '../../checker/names.js';
import { CliError } from '../errors.js';
import { CONFIG_OPTION_HELP, loadChecked, warnSyntaxErrors } from '../load.js';

const FORMATS = ['text', 'json'] as const;

/** `meshspec explain NAME [paths…]`: declared and effective vectors per mode, and who set each component. */
export function register(program: Command): void {
    program
        .command('explain')
        .summary('explain an element\'s guarantees: declared, effective, and why')
        .description('Print an element\'s declared and effective vectors per mode and, for each component, the '
            + 'derivation chain that set it, down to the weakest link.')
        .argument('<name>', 'element name (e.g. orders-api, or orders-api.placeOrder)')
        .argument('[paths...]', 'files or directories (default: .)')
        .addOption(new Option('-f, --format <format>', 'output format').choices(FORMATS).default('text'))
        .option('-c, --config <file>', CONFIG_OPTION_HELP)
        .action(async (name: string, paths: string[], options: { format: 'text' | 'json'; config?: string }) => {
            const checked = await loadChecked(paths, { config: options.config });
            const { model, analysis } = checked.result;
            warnSyntaxErrors(checked);
            const explanation = explainElement(model, analysis, name);
            if (!explanation) {
                const suggestion = closest(name, model.nodeById.keys());
                throw new CliError(`no element named '${name}'` + (suggestion ? `; did you mean '${suggestion}'?` : ''));
            }
            process.stdout.write(options.format === 'json' ? JSON.stringify({ version: 1, ...explanation }, null, 2) + '\n' : renderExplanation(explanation));
            process.exitCode = 0;
        });
}

export function renderExplanation(e: Explanation): string {
    const out: string[] = [`${e.kind} ${e.name}${e.domain ? `  (domain ${e.domain})` : ''}`];
    if (e.description) out.push(`  ${e.description}`);
    for (const node of e.nodes) {
        out.push('');
        if (node.id !== e.name) out.push(`${node.kind} ${node.id}`);
        for (const mode of node.modes) {
            out.push(`  ${mode.mode}: declared ${mode.declared ?? '(none)'}  →  effective ${mode.effective ?? '(unknown)'}`);
            if (mode.mode !== 'target' && mode.declared === node.modes[0].declared && mode.effective === node.modes[0].effective) continue;
            for (const c of mode.components) {
                out.push(`    ${c.component.padEnd(11)} ${c.effective ?? '?'}`);
                for (const step of c.chain) out.push(`      ← ${step.value.padEnd(14)} ${step.reason}`);
            }
        }
    }
    if (e.recovery) {
        out.push('', `  recovery: declared ${e.recovery.vector ?? '(none)'}${e.recovery.trigger ? `  when ${e.recovery.trigger}` : ''}`,
            '    (not a system mode: checks run in target, degraded and floor)');
    }
    if (e.incoming.length > 0) {
        out.push('', 'Requirements on it:');
        for (const r of e.incoming) out.push(`  ${r.edge}  requires ${r.requirement}: ${r.status}`);
    }
    return out.join('\n') + '\n';
}
