import type { Command } from 'commander';
import { Option } from 'commander';
import type { Explanation } from '../../checker/mode-matrix.js';
import { explainElement } from '../../checker/mode-matrix.js';
import { closest } from '../../checker/names.js';
import type { SemanticModel } from '../../checker/model.js';
import type { Model } from '../../language/generated/ast.js';
import { isDomain } from '../../language/generated/ast.js';
import { CliError } from '../errors.js';
import { printable } from '../printable.js';
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
            if (!explanation) throw new CliError(notExplainable(name, model, checked.documents.map(d => d.parseResult.value)));
            process.stdout.write(options.format === 'json' ? JSON.stringify({ version: 1, ...explanation }, null, 2) + '\n' : renderExplanation(explanation));
            process.exitCode = 0;
        });
}

/** The declarations that are not elements, by `$type`: they have no vectors to explain. */
const NOT_ELEMENTS: Record<string, string> = { Domain: 'a domain', ServiceMesh: 'a mesh', Policy: 'a policy', NamedGuarantee: 'a named guarantee', Schema: 'a schema' };

/** Why `name` cannot be explained, in one line: what it is instead, or the closest name that can be. */
function notExplainable(name: string, model: SemanticModel, files: readonly Model[]): string {
    for (const file of files) {
        for (const item of file.items) {
            const members = isDomain(item) ? [item, ...item.elements] : [item];
            const found = members.find(member => member.name === name && NOT_ELEMENTS[member.$type]);
            if (!found) continue;
            const elements = isDomain(found) ? found.elements.filter(e => model.nodeById.has(e.name)).map(e => e.name) : [];
            return `'${name}' is ${NOT_ELEMENTS[found.$type]}, which has no guarantees of its own`
                + (elements.length > 0 ? `; explain one of its elements: ${listed(elements)}` : '; explain takes an element or service.operation');
        }
    }
    const dot = name.lastIndexOf('.');
    const owner = dot > 0 ? model.nodeById.get(name.slice(0, dot)) : undefined;
    if (owner) {
        const operations = model.nodes.filter(n => n.service === owner && n.kind === 'operation').map(n => n.id);
        const suggestion = closest(name, operations);
        return `${owner.kind} ${owner.id} has no operation '${name.slice(dot + 1)}'`
            + (suggestion ? `; did you mean '${suggestion}'?` : operations.length > 0 ? `; its operations: ${listed(operations)}` : '; it declares no operations');
    }
    const suggestion = closest(name, model.nodeById.keys());
    return `no element named '${name}'` + (suggestion ? `; did you mean '${suggestion}'?` : '');
}

function listed(names: readonly string[], most = 8): string {
    return names.slice(0, most).join(', ') + (names.length > most ? `, … (${names.length - most} more)` : '');
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
    return out.map(printable).join('\n') + '\n';
}
