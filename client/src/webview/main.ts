import { resolveFocus } from '../../../server/src/graph/focus.js';
import { layoutGraph, toElkGraph } from '../../../server/src/graph/layout.js';
import { THEME_VARIABLES, renderSvg, syntaxBanner } from '../../../server/src/graph/svg.js';
import type { GraphEdge, GraphGroup, GraphMode, GraphModel, GraphNode, LaidOutGraph, SourceLocation } from '../../../server/src/graph/types.js';
import { GRAPH_MODES, GRAPH_NODE_KINDS, MATRIX_MODES } from '../../../server/src/graph/types.js';
import type { ViewerController, ViewTransform } from '../../../server/src/graph/viewer.js';
import { installViewer } from '../../../server/src/graph/viewer.js';
import type { FailureKind, WhatIfResult } from '../../../server/src/graph/what-if.js';
import { whatIf } from '../../../server/src/graph/what-if.js';
import { createWorkerElk } from './layout-worker.js';
import type { FromWebview, ToWebview, WebviewState } from './protocol.js';

/**
 * The graph webview: receives the graph model from the extension, lays it out in a Web
 * Worker (elkjs), draws it with the shared SVG renderer and installs the shared viewer
 * (pan/zoom, tooltips, mode switch, filters). Adds the details panel with the failure
 * what-if, reveal-source, focus, and SVG/PNG export. Knows neither `vscode` nor LSP: it
 * talks to the extension only through the messages in protocol.ts. Spec text reaches the
 * page only through `textContent` and attribute setters (the SVG markup comes from the
 * renderer, which escapes everything, and is parsed as XML, never as HTML).
 */

interface VsCodeApi {
    postMessage(message: FromWebview): void;
    getState(): WebviewState | undefined;
    setState(state: WebviewState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** Graphs at least this big show the progress overlay at once; smaller ones only if layout is slow. */
const PROGRESS_NODES = 100;
const PROGRESS_DELAY_MS = 250;

const vscode = acquireVsCodeApi();
const saved = vscode.getState();

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
    const el = document.getElementById(id);
    if (!el) throw new Error(`the webview shell has no #${id}`);
    return el as T;
};
const host = $('host');
const tooltip = $('tooltip');
const banner = $('banner');
const empty = $('empty');
const progress = $('progress');
const progressText = $('progress-text');
const details = $('details');
const filterInput = $<HTMLInputElement>('filter');
const kindSelect = $<HTMLSelectElement>('kind');
const domainSelect = $<HTMLSelectElement>('domain');
const count = $('count');
const focusInfo = $('focus-info');
const unfocus = $<HTMLButtonElement>('unfocus');
const modeButtons = Array.from(document.querySelectorAll<HTMLButtonElement>('button[data-mode]'));

const elk = createWorkerElk(document.body.getAttribute('data-worker-uri') ?? '');

let mode: GraphMode = saved?.mode && GRAPH_MODES.includes(saved.mode) ? saved.mode : 'target';
let transform: ViewTransform | undefined = saved?.transform;
let filter = { text: saved?.filter?.text ?? '', kind: saved?.filter?.kind ?? '', domain: saved?.filter?.domain ?? '' };
let current: { laid: LaidOutGraph; key: string } | undefined;
let viewer: ViewerController | undefined;
let svgElement: SVGSVGElement | undefined;
let selection: { type: 'node' | 'edge' | 'group'; id: string } | undefined;
let failure: { node: string; kind: FailureKind } | undefined;
let latest: GraphModel | undefined;
let busy = false;
let pendingReveal: string | undefined;
let errorMessage: string | undefined;

filterInput.value = filter.text;

// ------------------------------------------------------------------ messages

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
    const message = event.data;
    if (!message || typeof message !== 'object') return;
    switch (message.type) {
        case 'graph':
            errorMessage = undefined;
            latest = message.graph;
            void processGraphs();
            break;
        case 'reveal':
            pendingReveal = message.name;
            if (current && !busy) revealPending();
            break;
        case 'error':
            errorMessage = message.message;
            updateBanner();
            if (!current) showEmpty(message.message);
            break;
        case 'status':
            if (!current) showEmpty(message.message);
            break;
    }
});

function post(message: FromWebview): void {
    vscode.postMessage(message);
}

function saveState(): void {
    vscode.setState({ mode, transform, filter });
}

// ------------------------------------------------------------------ layout and rendering

/** Lays out the newest graph; graphs that arrive meanwhile replace each other (only the last is drawn). */
async function processGraphs(): Promise<void> {
    if (busy) return;
    busy = true;
    try {
        while (latest) {
            const graph = latest;
            latest = undefined;
            const key = JSON.stringify(toElkGraph(graph).elk);
            let laid: LaidOutGraph;
            if (current && current.key === key) {
                // Same structure and sizes (an edit changed vectors or statuses only): keep the layout.
                laid = { ...current.laid, graph };
            } else {
                const timer = showProgress(graph.nodes.length);
                try {
                    laid = await layoutGraph(graph, elk);
                } finally {
                    clearTimeout(timer);
                    progress.hidden = true;
                }
            }
            render(laid, key);
        }
        revealPending();
    } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        post({ type: 'log', level: 'error', message: `graph layout failed: ${message}` });
        errorMessage = `The graph could not be laid out: ${message}`;
        updateBanner();
        if (!current) showEmpty(errorMessage);
    } finally {
        busy = false;
    }
}

function showProgress(nodes: number): ReturnType<typeof setTimeout> {
    progressText.textContent = `Laying out ${nodes} node${nodes === 1 ? '' : 's'}…`;
    if (nodes >= PROGRESS_NODES) {
        progress.hidden = false;
        return setTimeout(() => undefined, 0);
    }
    return setTimeout(() => { progress.hidden = false; }, PROGRESS_DELAY_MS);
}

function showEmpty(text: string): void {
    empty.textContent = text;
    empty.hidden = false;
}

function render(laid: LaidOutGraph, key: string): void {
    const parsed = new DOMParser().parseFromString(renderSvg(laid, { mode }), 'image/svg+xml');
    if (parsed.getElementsByTagName('parsererror').length > 0) throw new Error('the renderer produced invalid SVG');
    const svg = document.importNode(parsed.documentElement, true) as unknown as SVGSVGElement;
    const keep = viewer?.getTransform() ?? transform;
    viewer?.destroy();
    svgElement?.remove();
    host.insertBefore(svg, host.firstChild);
    svgElement = svg;
    current = { laid, key };
    const graph = laid.graph;
    empty.hidden = graph.nodes.length > 0;
    if (graph.nodes.length === 0) {
        empty.textContent = graph.syntaxErrors.files.length > 0
            ? 'Nothing to draw yet: fix the syntax errors and the graph appears.'
            : 'No elements to draw: declare a service, client, store, topic, data product, gateway or saga.';
    }
    viewer = installViewer({
        host, svg, tooltip, graph: laid, mode, transform: keep,
        onSelect: target => select(target, true),
        onTransform: t => {
            transform = t;
            scheduleSave();
        },
    });
    updateFilterOptions(graph);
    applyFilter();
    updateBanner();
    updateFocusInfo(graph);
    if (selection && !exists(graph, selection)) selection = undefined;
    if (failure && !graph.nodes.some(n => n.id === failure!.node)) failure = undefined;
    viewer.select(selection?.id);
    applyWhatIf();
    renderDetails();
}

let saveTimer: ReturnType<typeof setTimeout> | undefined;
function scheduleSave(): void {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(saveState, 300);
}

function exists(graph: GraphModel, target: { type: string; id: string }): boolean {
    const list: { id: string }[] = target.type === 'node' ? graph.nodes : target.type === 'edge' ? graph.edges : graph.groups;
    return list.some(x => x.id === target.id);
}

function updateBanner(): void {
    const graph = current?.laid.graph;
    const parts: string[] = [];
    const syntax = graph ? syntaxBanner(graph.syntaxErrors.files.length) : undefined;
    if (syntax) parts.push(syntax);
    if (errorMessage) parts.push(errorMessage);
    banner.textContent = parts.join(' — ');
    banner.hidden = parts.length === 0;
    banner.classList.toggle('error', errorMessage !== undefined);
}

function updateFocusInfo(graph: GraphModel): void {
    focusInfo.hidden = !graph.focus;
    unfocus.hidden = !graph.focus;
    focusInfo.textContent = graph.focus ? `focus ${graph.focus.name} (${graph.focus.depth} hop${graph.focus.depth === 1 ? '' : 's'})` : '';
}

// ------------------------------------------------------------------ controls

function setOptions(select: HTMLSelectElement, all: string, values: readonly string[], label: (v: string) => string): void {
    const chosen = select.value;
    select.replaceChildren(new Option(all, ''));
    for (const v of values) select.appendChild(new Option(label(v), v));
    select.value = values.includes(chosen) ? chosen : '';
}

function updateFilterOptions(graph: GraphModel): void {
    const kinds = GRAPH_NODE_KINDS.filter(k => graph.nodes.some(n => n.kind === k));
    setOptions(kindSelect, 'all kinds', kinds, k => (k === 'dataproduct' ? 'data product' : k));
    const domains = [...new Set(graph.nodes.map(n => n.domain).filter((d): d is string => d !== undefined))].sort();
    setOptions(domainSelect, 'all domains', domains, d => d);
    if (filter.kind && kinds.includes(filter.kind as GraphNode['kind'])) kindSelect.value = filter.kind;
    if (filter.domain && domains.includes(filter.domain)) domainSelect.value = filter.domain;
}

function applyFilter(): void {
    filter = { text: filterInput.value, kind: kindSelect.value, domain: domainSelect.value };
    const total = current?.laid.graph.nodes.length ?? 0;
    const shown = viewer?.filter(filter) ?? 0;
    const filtering = filter.text.trim() !== '' || filter.kind !== '' || filter.domain !== '';
    count.textContent = filtering ? `${shown} of ${total} nodes` : `${total} node${total === 1 ? '' : 's'}`;
    scheduleSave();
}

filterInput.addEventListener('input', applyFilter);
kindSelect.addEventListener('change', applyFilter);
domainSelect.addEventListener('change', applyFilter);
$('fit').addEventListener('click', () => viewer?.fit());
unfocus.addEventListener('click', () => post({ type: 'focus' }));
$('export-svg').addEventListener('click', () => void exportGraph('svg'));
$('export-png').addEventListener('click', () => void exportGraph('png'));

function setMode(next: GraphMode): void {
    mode = next;
    for (const b of modeButtons) b.setAttribute('aria-pressed', String(b.getAttribute('data-mode') === next));
    viewer?.setMode(next);
    applyWhatIf();
    renderDetails();
    post({ type: 'mode', mode: next });
    saveState();
}
for (const b of modeButtons) {
    b.setAttribute('aria-pressed', String(b.getAttribute('data-mode') === mode));
    b.addEventListener('click', () => setMode(b.getAttribute('data-mode') as GraphMode));
}

document.addEventListener('keydown', event => {
    if (event.key === 'Escape') {
        failure = undefined;
        select(undefined, false);
        applyWhatIf();
    }
});

// ------------------------------------------------------------------ selection, reveal, what-if

function select(target: { type: 'node' | 'edge' | 'group'; id: string } | undefined, revealSource: boolean): void {
    selection = target;
    viewer?.select(target?.id);
    renderDetails();
    if (revealSource && target) {
        const location = locationOf(target);
        if (location) post({ type: 'reveal', location });
    }
}

function locationOf(target: { type: string; id: string }): SourceLocation | undefined {
    const graph = current?.laid.graph;
    if (!graph) return undefined;
    if (target.type === 'node') return graph.nodes.find(n => n.id === target.id)?.location;
    if (target.type === 'group') return graph.groups.find(g => g.id === target.id)?.location;
    return graph.edges.find(e => e.id === target.id)?.members.find(m => m.location)?.location;
}

function revealPending(): void {
    const name = pendingReveal;
    const graph = current?.laid.graph;
    if (name === undefined || !graph) return;
    pendingReveal = undefined;
    const [node] = resolveFocus(graph, name);
    const group = node ? undefined : graph.groups.find(g => g.label === name);
    const id = node?.id ?? group?.id;
    if (!id || !viewer) {
        errorMessage = `'${name}' is not in the graph${graph.focus ? ` (focused on ${graph.focus.name}: click Show all)` : ''}`;
        updateBanner();
        return;
    }
    viewer.reveal(id);
    select({ type: node ? 'node' : 'group', id }, false);
}

function applyWhatIf(): WhatIfResult | undefined {
    const graph = current?.laid.graph;
    if (!viewer || !graph || !failure) {
        viewer?.mark(undefined);
        return undefined;
    }
    const result = whatIf(graph, failure.node, failure.kind, mode);
    viewer.mark({ nodes: result.nodes, edges: result.edges });
    return result;
}

// ------------------------------------------------------------------ details panel

type Child = Node | string | undefined | false;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, options: { className?: string; text?: string; title?: string } = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
    const node = document.createElement(tag);
    if (options.className) node.className = options.className;
    if (options.text !== undefined) node.textContent = options.text;
    if (options.title !== undefined) node.title = options.title;
    for (const child of children) {
        if (child === undefined || child === false) continue;
        node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    }
    return node;
}

function button(text: string, onClick: () => void, title?: string): HTMLButtonElement {
    const b = el('button', { text, title });
    b.type = 'button';
    b.addEventListener('click', onClick);
    return b;
}

function renderDetails(): void {
    const graph = current?.laid.graph;
    if (!graph) return;
    const parts: Node[] = [];
    if (selection?.type === 'node') {
        const node = graph.nodes.find(n => n.id === selection!.id);
        if (node) parts.push(...nodeDetails(node));
    } else if (selection?.type === 'edge') {
        const edge = graph.edges.find(e => e.id === selection!.id);
        if (edge) parts.push(...edgeDetails(edge));
    } else if (selection?.type === 'group') {
        const group = graph.groups.find(g => g.id === selection!.id);
        if (group) parts.push(...groupDetails(group));
    }
    if (parts.length === 0) parts.push(el('p', { className: 'muted', text: 'Click a node or an edge for its vectors, its source and the failure what-if.' }));
    parts.push(...whatIfDetails(), ...blastDetails(graph));
    details.replaceChildren(...parts);
}

function nodeDetails(node: GraphNode): Node[] {
    const out: Node[] = [el('h2', { text: node.label })];
    const facts = [node.kind === 'dataproduct' ? 'data product' : node.kind, node.domain && `domain ${node.domain}`, node.owner && `owner ${node.owner}`, node.critical && 'critical']
        .filter((x): x is string => typeof x === 'string');
    out.push(el('div', { className: 'muted', text: facts.join(' · ') }));
    if (node.description) out.push(el('p', { text: node.description }));
    if (node.operations.length > 0) out.push(el('div', { text: `operations: ${node.operations.join(', ')}` }));
    const vectors = el('table');
    for (const m of GRAPH_MODES) {
        const info = node.modes[m];
        vectors.appendChild(el('tr', {}, el('td', { text: m }), el('td', { text: `declared ${info.declared ?? '—'}` })));
        vectors.appendChild(el('tr', {}, el('td'), el('td', { text: `effective ${info.effective ?? 'unknown'}` })));
    }
    out.push(el('h3', { text: 'Vectors' }), vectors);
    if (node.matrix) {
        const matrix = el('table');
        for (const m of MATRIX_MODES) {
            const cell = node.matrix[m];
            if (!cell.vector) continue;
            matrix.appendChild(el('tr', {}, el('td', { text: m }), el('td', { text: cell.vector + (cell.declared ? '' : ' (inherited)') + (cell.trigger ? ` when ${cell.trigger}` : '') })));
        }
        out.push(el('h3', { text: 'Mode matrix' }), matrix);
    }
    out.push(el('div', { className: 'actions' },
        button('Reveal source', () => { if (node.location) post({ type: 'reveal', location: node.location }); }),
        button('Focus here', () => post({ type: 'focus', focus: node.id, depth: 1 }), 'Show only this node and its neighbours'),
        button('Fail: floor', () => fail(node.id, 'floor'), 'What breaks if this node drops to its floor mode?'),
        button('Fail: down', () => fail(node.id, 'down'), 'What breaks if this node is down?'),
    ));
    return out;
}

function edgeDetails(edge: GraphEdge): Node[] {
    const out: Node[] = [el('h2', { text: `${edge.source} → ${edge.target}` }), el('div', { className: 'muted', text: `${edge.kind} · ${edge.modes[mode].status} in ${mode} mode` })];
    out.push(el('pre', { text: edge.tooltip[mode] }));
    const location = edge.members.find(m => m.location)?.location;
    if (location) out.push(el('div', { className: 'actions' }, button('Reveal source', () => post({ type: 'reveal', location }))));
    return out;
}

function groupDetails(group: GraphGroup): Node[] {
    const out: Node[] = [el('h2', { text: group.label }), el('pre', { text: group.tooltip })];
    if (group.location) {
        const location = group.location;
        out.push(el('div', { className: 'actions' }, button('Reveal source', () => post({ type: 'reveal', location }))));
    }
    return out;
}

function fail(node: string, kind: FailureKind): void {
    failure = { node, kind };
    applyWhatIf();
    renderDetails();
}

function whatIfDetails(): Node[] {
    const graph = current?.laid.graph;
    if (!failure || !graph) return [];
    const result = whatIf(graph, failure.node, failure.kind, mode);
    const list = el('ul');
    for (const r of result.reasons) list.appendChild(el('li', { text: r.text }));
    return [
        el('h3', { text: 'Failure what-if' }),
        el('div', { text: result.summary }),
        list,
        el('div', { className: 'actions' }, button('Clear what-if', () => { failure = undefined; applyWhatIf(); renderDetails(); })),
    ];
}

function blastDetails(graph: GraphModel): Node[] {
    if (mode === 'target') return [];
    const items = graph.blastRadius[mode];
    const list = el('ul');
    for (const item of items) list.appendChild(el('li', { text: item.text }));
    return [
        el('h3', { text: `Blast radius in ${mode} mode` }),
        items.length === 0 ? el('div', { className: 'muted', text: 'No plain requirement breaks in this mode.' }) : list,
    ];
}

// ------------------------------------------------------------------ export

/** The theme's resolved colours, so an exported file looks like the panel without VS Code's variables. */
function resolvedTheme(): Record<string, string> {
    const theme: Record<string, string> = {};
    if (!svgElement) return theme;
    const style = getComputedStyle(svgElement);
    for (const name of THEME_VARIABLES) {
        const value = style.getPropertyValue(name).trim();
        if (value) theme[name] = value;
    }
    return theme;
}

async function exportGraph(format: 'svg' | 'png'): Promise<void> {
    if (!current) return;
    const svg = renderSvg(current.laid, { mode, theme: resolvedTheme() });
    const name = `architecture-${mode}.${format}`;
    if (format === 'svg') {
        post({ type: 'export', format, data: svg, name });
        return;
    }
    try {
        post({ type: 'export', format, data: await svgToPng(svg), name });
    } catch (error) {
        post({ type: 'log', level: 'error', message: `PNG export failed: ${error instanceof Error ? error.message : String(error)}` });
    }
}

/** Rasterises the SVG through an <img> (a `data:` URL, allowed by the CSP) and a canvas. */
async function svgToPng(svg: string): Promise<string> {
    const image = new Image();
    const loaded = new Promise<void>((resolve, reject) => {
        image.onload = () => resolve();
        image.onerror = () => reject(new Error('the SVG could not be loaded as an image'));
    });
    image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
    await loaded;
    const width = image.naturalWidth || 1;
    const height = image.naturalHeight || 1;
    // Twice the resolution for sharp text, within the canvas size browsers accept.
    const scale = Math.max(0.1, Math.min(2, 16000 / width, 16000 / height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(width * scale);
    canvas.height = Math.ceil(height * scale);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2D canvas');
    context.scale(scale, scale);
    context.drawImage(image, 0, 0, width, height);
    return canvas.toDataURL('image/png');
}

window.addEventListener('unload', () => elk.terminate());
post({ type: 'ready' });
