import { realpathSync, writeFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import { createNodeElk } from '../../graph/elk-node.js';
import { GraphFocusError } from '../../graph/focus.js';
import { buildGraph } from '../../graph/graph-model.js';
import { renderHtml } from '../../graph/html.js';
import { DEFAULT_FAST_THRESHOLD, layoutGraph } from '../../graph/layout.js';
import { renderSvg, syntaxBanner } from '../../graph/svg.js';
import type { GraphMode } from '../../graph/types.js';
import { GRAPH_MODES } from '../../graph/types.js';
import { CliError, describeFsError } from '../errors.js';
import { CONFIG_OPTION_HELP, loadChecked } from '../load.js';

const FORMATS = ['svg', 'html', 'json'] as const;
type GraphFormat = typeof FORMATS[number];

const EXTENSIONS: Record<string, GraphFormat> = { '.svg': 'svg', '.html': 'html', '.htm': 'html', '.json': 'json' };

interface GraphOptions {
    output: string;
    format?: GraphFormat;
    mode: GraphMode;
    focus?: string;
    depth?: number;
    fastThreshold?: number;
    config?: string;
}

/** `meshspec graph [paths…] -o FILE` (LANGUAGE.md §7): the architecture graph, laid out with elkjs. */
export function register(program: Command): void {
    program
        .command('graph')
        .summary('lay out the architecture graph and write it as SVG, HTML or JSON')
        .description('Lay out the architecture graph (elements, domains, calls, events, lineage; edges coloured by '
            + 'requirement status in the chosen mode) with elkjs and write it. html is one self-contained '
            + 'interactive page (pan/zoom, tooltips, mode switch, search); json is the laid-out graph.')
        .argument('[paths...]', 'files or directories (default: .)')
        .requiredOption('-o, --output <file>', 'file to write (- for stdout, with --format)')
        .addOption(new Option('-f, --format <format>', 'output format (default: from the -o extension)').choices(FORMATS))
        .addOption(new Option('-m, --mode <mode>', 'system mode to colour edges by').choices(GRAPH_MODES).default('target'))
        .option('--focus <name>', 'keep only the neighbourhood of this element (or service.operation, or gateway)')
        .option('--depth <n>', 'hops kept around --focus (default: 1)', parseDepth)
        .option('--fast-threshold <n>', `use fast layout settings above this many nodes (default: ${DEFAULT_FAST_THRESHOLD})`, parseDepth)
        .option('-c, --config <file>', CONFIG_OPTION_HELP)
        .action(async (paths: string[], options: GraphOptions) => {
            const format = formatOf(options);
            if (options.depth !== undefined && options.focus === undefined) throw new CliError('--depth needs --focus');
            const checked = await loadChecked(paths, { config: options.config });
            if (options.output !== '-') refuseToOverwriteSpecs(options.output, checked.files.map(f => f.path));
            const { model, analysis } = checked.result;
            let graph;
            try {
                graph = buildGraph(model, analysis, { mode: options.mode, focus: options.focus, depth: options.depth });
            } catch (error) {
                if (error instanceof GraphFocusError) throw new CliError(error.message);
                throw error;
            }
            // One layout, then the process ends: elkjs may lower V8's helper threads' priority (elk-node.ts).
            const laid = await layoutGraph(graph, createNodeElk({ oneShot: true }), { fastThreshold: options.fastThreshold });
            const text = format === 'svg' ? renderSvg(laid, { mode: options.mode })
                : format === 'html' ? renderHtml(laid, { mode: options.mode })
                    : JSON.stringify({ version: 1, ...laid }, null, 2) + '\n';
            // The graph's own banner, also said on the terminal.
            const notice = syntaxBanner(graph.syntaxErrors.files.length);
            if (options.output === '-') {
                process.stdout.write(text);
                if (notice) process.stderr.write(`meshspec: ${notice}\n`);
            } else {
                try {
                    writeFileSync(resolve(options.output), text);
                } catch (error) {
                    throw new CliError(`cannot write ${options.output}: ${describeFsError(error)}`);
                }
                process.stdout.write(`wrote ${options.output} (${format}, ${graph.nodes.length} nodes, ${graph.edges.length} edges, ${options.mode} mode`
                    + (notice ? `; ${notice}` : '') + ')\n');
            }
            process.exitCode = 0;
        });
}

/**
 * The graph is never written over a spec: not over a file being read (whatever its name), and
 * not to a new `.mesh` file, which the next check would read as a spec full of syntax errors.
 */
function refuseToOverwriteSpecs(output: string, specs: readonly string[]): void {
    const target = realOrResolved(output);
    const why = specs.some(spec => realOrResolved(spec) === target) ? 'it is one of the specs being read'
        : extname(output).toLowerCase() === '.mesh' ? 'a .mesh file is read as a spec' : undefined;
    if (why) throw new CliError(`will not write the graph to ${output}: ${why} (choose a .svg, .html or .json file)`);
}

function realOrResolved(path: string): string {
    try {
        return realpathSync(path);
    } catch {
        return resolve(path);
    }
}

function formatOf(options: GraphOptions): GraphFormat {
    if (options.output === '') throw new CliError('-o was given an empty file name');
    if (options.format) return options.format;
    if (options.output === '-') throw new CliError('-o - (stdout) needs --format svg|html|json');
    const format = EXTENSIONS[extname(options.output).toLowerCase()];
    if (!format) throw new CliError(`cannot tell the format from '${options.output}'; use --format svg|html|json or a .svg, .html or .json file`);
    return format;
}

function parseDepth(value: string): number {
    if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError('Expected a non-negative integer.');
    return Number(value.trim());
}
