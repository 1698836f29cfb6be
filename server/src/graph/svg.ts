import { escapeXml } from './escape.js';
import { compareCodeUnits } from '../language/compare.js';
import { METRICS, kindCaption, nodeVector } from './layout.js';
import type { Box, EdgeGeometry, GraphEdge, GraphEdgeKind, GraphGroup, GraphMode, GraphNode, GraphNodeKind, LaidOutGraph, Point } from './types.js';
import { EDGE_STATUSES } from './types.js';

/**
 * The one SVG renderer (CLI `--format svg`, the HTML export, the webview and its export).
 * Pure string output: the same laid-out graph and options give byte-identical SVG. Every
 * piece of spec text goes through `escapeXml`. Colours come from CSS classes and custom
 * properties that fall back to fixed values but follow the VS Code theme (`--vscode-*`)
 * when the SVG sits inside a webview, in light, dark and high-contrast themes alike.
 */

export interface SvgOptions {
    mode: GraphMode;
    /** Draw the legend below the graph (default true). */
    legend?: boolean;
    /**
     * Concrete values for the `--mesh-*` custom properties (e.g. resolved from the VS Code
     * theme when the webview exports a standalone file). Unsafe values are ignored.
     */
    theme?: Readonly<Record<string, string>>;
    /**
     * Write `xmlns` (default true). A standalone .svg file needs it; SVG inline in HTML gets
     * its namespace from the parser, and the HTML export contains no URL at all.
     */
    namespace?: boolean;
}

/** The custom properties the stylesheet reads; the webview resolves these for its exports. */
export const THEME_VARIABLES = [
    '--mesh-bg', '--mesh-fg', '--mesh-muted', '--mesh-node-fill', '--mesh-node-stroke', '--mesh-group-fill',
    '--mesh-group-stroke', '--mesh-ok', '--mesh-weakened', '--mesh-violated', '--mesh-focus',
    '--mesh-kind-service', '--mesh-kind-client', '--mesh-kind-store', '--mesh-kind-topic', '--mesh-kind-dataproduct',
    '--mesh-kind-gateway', '--mesh-kind-saga',
] as const;

const STYLE = `
.meshspec-graph {
  --mesh-bg: var(--vscode-editor-background, #ffffff);
  --mesh-fg: var(--vscode-editor-foreground, #1f2328);
  --mesh-muted: var(--vscode-descriptionForeground, #59636e);
  --mesh-node-fill: var(--vscode-editorWidget-background, #f6f8fa);
  --mesh-node-stroke: var(--vscode-contrastBorder, var(--vscode-editorWidget-border, #8c959f));
  --mesh-group-fill: var(--vscode-sideBar-background, #f3f4f6);
  --mesh-group-stroke: var(--vscode-contrastBorder, var(--vscode-panel-border, #d0d7de));
  --mesh-ok: var(--vscode-charts-green, #2da44e);
  --mesh-weakened: var(--vscode-charts-orange, #bc4c00);
  --mesh-violated: var(--vscode-charts-red, #cf222e);
  --mesh-focus: var(--vscode-focusBorder, #0969da);
  --mesh-kind-service: var(--vscode-charts-blue, #0969da);
  --mesh-kind-client: var(--vscode-charts-purple, #8250df);
  --mesh-kind-store: var(--vscode-charts-yellow, #9a6700);
  --mesh-kind-topic: var(--vscode-charts-green, #1a7f37);
  --mesh-kind-dataproduct: var(--vscode-charts-orange, #bc4c00);
  --mesh-kind-gateway: var(--vscode-charts-purple, #6639ba);
  --mesh-kind-saga: var(--vscode-charts-red, #a40e26);
  font-family: var(--vscode-font-family, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
}
.meshspec-graph .mesh-bg { fill: var(--mesh-bg); }
.meshspec-graph text { fill: var(--mesh-fg); }
.meshspec-graph .mesh-group rect { fill: var(--mesh-group-fill); stroke: var(--mesh-group-stroke); stroke-width: 1; }
.meshspec-graph .mesh-group.kind-gateway rect { stroke: var(--mesh-kind-gateway); stroke-dasharray: 6 3; }
.meshspec-graph .mesh-group-label { font-size: 12px; font-weight: 600; }
.meshspec-graph .mesh-group-owner { font-size: 10px; fill: var(--mesh-muted); }
.meshspec-graph .mesh-shape { fill: var(--mesh-node-fill); stroke: var(--mesh-node-stroke); stroke-width: 1.6; }
.meshspec-graph .kind-service .mesh-shape { stroke: var(--mesh-kind-service); }
.meshspec-graph .kind-client .mesh-shape { stroke: var(--mesh-kind-client); }
.meshspec-graph .kind-store .mesh-shape { stroke: var(--mesh-kind-store); }
.meshspec-graph .kind-topic .mesh-shape { stroke: var(--mesh-kind-topic); }
.meshspec-graph .kind-dataproduct .mesh-shape { stroke: var(--mesh-kind-dataproduct); }
.meshspec-graph .kind-gateway .mesh-shape, .meshspec-graph .kind-route .mesh-shape { stroke: var(--mesh-kind-gateway); }
.meshspec-graph .kind-saga .mesh-shape { stroke: var(--mesh-kind-saga); }
.meshspec-graph .mesh-node.mesh-focus .mesh-shape { stroke: var(--mesh-focus); stroke-width: 3; }
.meshspec-graph .mesh-caption { font-size: ${METRICS.captionSize}px; fill: var(--mesh-muted); }
.meshspec-graph .mesh-label { font-size: ${METRICS.labelSize}px; font-weight: 600; }
.meshspec-graph .mesh-vector { font-size: ${METRICS.vectorSize}px; font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; fill: var(--mesh-muted); }
.meshspec-graph .mesh-edge { color: var(--mesh-ok); }
.meshspec-graph .mesh-edge.status-weakened { color: var(--mesh-weakened); }
.meshspec-graph .mesh-edge.status-violated { color: var(--mesh-violated); }
.meshspec-graph .mesh-edge .mesh-line { fill: none; stroke: currentColor; stroke-width: 1.6; }
.meshspec-graph .mesh-edge.status-violated .mesh-line { stroke-width: 2.4; }
.meshspec-graph .mesh-edge .mesh-arrow { fill: currentColor; stroke: none; }
.meshspec-graph .mesh-edge.kind-route .mesh-line { stroke-width: 2.2; }
.meshspec-graph .mesh-edge.kind-step .mesh-line { stroke-dasharray: 10 3 2 3; }
.meshspec-graph .mesh-edge.kind-publish .mesh-line, .meshspec-graph .mesh-edge.kind-consume .mesh-line { stroke-dasharray: 7 4; }
.meshspec-graph .mesh-edge.kind-write .mesh-line { stroke-dasharray: 12 3 3 3; }
.meshspec-graph .mesh-edge.kind-from .mesh-line, .meshspec-graph .mesh-edge.kind-read .mesh-line { stroke-dasharray: 1.5 3.5; stroke-linecap: round; }
.meshspec-graph .mesh-edge-label { font-size: ${METRICS.edgeLabelSize}px; fill: var(--mesh-fg); }
.meshspec-graph .mesh-edge-label-bg { fill: var(--mesh-bg); opacity: 0.85; }
.meshspec-graph .mesh-legend-title { font-size: 12px; font-weight: 600; }
.meshspec-graph .mesh-legend text { font-size: 11px; }
.meshspec-graph .mesh-banner { fill: var(--mesh-violated); font-size: 12px; font-weight: 600; }
.meshspec-graph .mesh-nodes .mesh-node, .meshspec-graph .mesh-edges .mesh-edge { cursor: pointer; }
.meshspec-graph .mesh-edges .mesh-edge .mesh-line { pointer-events: visibleStroke; }
.meshspec-graph .mesh-dim, .meshspec-graph .mesh-mark-dim { opacity: 0.15; }
.meshspec-graph .mesh-selected .mesh-shape, .meshspec-graph .mesh-group.mesh-selected rect { stroke: var(--mesh-focus); stroke-width: 3; }
.meshspec-graph .mesh-edge.mesh-selected .mesh-line { stroke-width: 3.5; }
.meshspec-graph .mesh-mark-failed .mesh-shape { stroke: var(--mesh-violated); stroke-width: 3.5; stroke-dasharray: 5 3; }
.meshspec-graph .mesh-mark-down .mesh-shape { stroke: var(--mesh-violated); stroke-width: 3; }
.meshspec-graph .mesh-mark-degraded .mesh-shape { stroke: var(--mesh-weakened); stroke-width: 3; }
.meshspec-graph .mesh-edge.mesh-mark-broken { color: var(--mesh-violated); }
.meshspec-graph .mesh-edge.mesh-mark-broken .mesh-line { stroke-width: 3.5; }
.meshspec-graph .mesh-edge.mesh-mark-affected .mesh-line { stroke-width: 2.6; }
`;

export function renderSvg(laid: LaidOutGraph, options: SvgOptions): string {
    const { graph } = laid;
    const mode = options.mode;
    const legend = options.legend !== false;
    const banner = syntaxBanner(laid.graph.syntaxErrors.files.length);
    const top = banner ? 24 : 0;
    const legendBox = legend ? legendSize() : { width: 0, height: 0 };
    const width = Math.max(laid.width, legend ? legendBox.width + 40 : 0, 200);
    const height = top + laid.height + (legend ? legendBox.height + 20 : 0);

    const nodeBox = new Map(laid.nodes.map(n => [n.id, n]));
    const groupBox = new Map(laid.groups.map(g => [g.id, g]));
    const edgeGeometry = new Map(laid.edges.map(e => [e.id, e]));

    const out: string[] = [];
    const xmlns = options.namespace === false ? '' : ' xmlns="http://www.w3.org/2000/svg"';
    out.push(`<svg${xmlns} class="meshspec-graph" data-mode="${mode}" width="${num(width)}" height="${num(height)}" viewBox="0 0 ${num(width)} ${num(height)}" role="img" aria-label="${escapeXml(`Meshspec architecture graph, ${mode} mode`)}">`);
    out.push(`<style>${STYLE}${themeOverride(options.theme)}</style>`);
    out.push(`<rect class="mesh-bg" x="0" y="0" width="${num(width)}" height="${num(height)}"/>`);
    if (banner) out.push(`<text class="mesh-banner" x="20" y="18">${escapeXml(banner)}</text>`);
    out.push(`<g class="mesh-viewport" transform="translate(0 ${num(top)})">`);

    // Groups outermost first, so nested groups are drawn on top of their parents.
    out.push('<g class="mesh-groups">');
    const depthOf = groupDepths(graph.groups);
    const groups = [...graph.groups].sort((a, b) => (depthOf.get(a.id)! - depthOf.get(b.id)!) || compareCodeUnits(a.id, b.id));
    for (const g of groups) {
        const box = groupBox.get(g.id);
        if (box) out.push(renderGroup(g, box));
    }
    out.push('</g>');

    out.push('<g class="mesh-edges">');
    for (const e of graph.edges) {
        const geometry = edgeGeometry.get(e.id);
        if (geometry && geometry.points.length >= 2) out.push(renderEdge(e, geometry, mode));
    }
    out.push('</g>');

    out.push('<g class="mesh-nodes">');
    for (const n of graph.nodes) {
        const box = nodeBox.get(n.id);
        if (box) out.push(renderNode(n, box, mode, graph.focus?.node === n.id));
    }
    out.push('</g>');
    out.push('</g>');

    if (legend) out.push(renderLegend(20, top + laid.height + 10, mode));
    out.push('</svg>');
    return out.join('\n') + '\n';
}

export function syntaxBanner(files: number): string | undefined {
    if (files === 0) return undefined;
    return `${files} file${files === 1 ? ' has' : 's have'} syntax errors; showing what parses`;
}

// ------------------------------------------------------------------ shapes

/** The outline of a node of `kind` in a `w`×`h` box at the origin. */
export function shapePath(kind: GraphNodeKind, w: number, h: number): string {
    const s = 14;
    switch (kind) {
        case 'service':
            return roundedRect(0, 0, w, h, 8);
        case 'client':
            // A card with a notched corner (a screen/app), distinct from a service's rounded box.
            return `M0 0H${num(w - 12)}L${num(w)} 12V${num(h)}H0Z M${num(w - 12)} 0V12H${num(w)}`;
        case 'store': {
            const ry = 6;
            const rx = w / 2;
            return `M0 ${ry}A${num(rx)} ${ry} 0 0 1 ${num(w)} ${ry}V${num(h - ry)}A${num(rx)} ${ry} 0 0 1 0 ${num(h - ry)}Z M0 ${ry}A${num(rx)} ${ry} 0 0 0 ${num(w)} ${ry}`;
        }
        case 'topic':
            return `M${s} 0H${num(w)}L${num(w - s)} ${num(h)}H0Z`;
        case 'dataproduct':
            return `M${s} 0H${num(w - s)}L${num(w)} ${num(h / 2)}L${num(w - s)} ${num(h)}H${s}L0 ${num(h / 2)}Z`;
        case 'gateway':
        case 'route':
            return `M0 0H${num(w)}L${num(w - s)} ${num(h)}H${s}Z`;
        case 'saga':
            return `${roundedRect(0, 0, w, h, 3)} ${roundedRect(4, 4, w - 8, h - 8, 2)}`;
    }
}

function roundedRect(x: number, y: number, w: number, h: number, r: number): string {
    return `M${num(x + r)} ${num(y)}H${num(x + w - r)}A${r} ${r} 0 0 1 ${num(x + w)} ${num(y + r)}V${num(y + h - r)}A${r} ${r} 0 0 1 ${num(x + w - r)} ${num(y + h)}H${num(x + r)}A${r} ${r} 0 0 1 ${num(x)} ${num(y + h - r)}V${num(y + r)}A${r} ${r} 0 0 1 ${num(x + r)} ${num(y)}Z`;
}

function renderNode(n: GraphNode, box: Box, mode: GraphMode, focus: boolean): string {
    const cx = box.width / 2;
    const dy = n.kind === 'store' ? 8 : n.kind === 'saga' ? 3 : 0;
    const classes = `mesh-node kind-${n.kind}${focus ? ' mesh-focus' : ''}`;
    return [
        `<g class="${classes}" data-id="${escapeXml(n.id)}" data-kind="${n.kind}"${n.domain ? ` data-domain="${escapeXml(n.domain)}"` : ''} transform="translate(${num(box.x)} ${num(box.y)})">`,
        `<title>${escapeXml(n.tooltip[mode])}</title>`,
        `<path class="mesh-shape" d="${shapePath(n.kind, box.width, box.height)}"/>`,
        `<text class="mesh-caption" x="${num(cx)}" y="${num(dy + 16)}" text-anchor="middle">${escapeXml(kindCaption(n))}</text>`,
        `<text class="mesh-label" x="${num(cx)}" y="${num(dy + 33)}" text-anchor="middle">${escapeXml(n.label)}</text>`,
        `<text class="mesh-vector" x="${num(cx)}" y="${num(dy + 48)}" text-anchor="middle">${escapeXml(nodeVector(n, mode))}</text>`,
        '</g>',
    ].join('');
}

function renderGroup(g: GraphGroup, box: Box): string {
    const label = g.kind === 'domain' ? `domain ${g.label}` : `gateway ${g.label}`;
    // The owner goes on the right of the title bar when both fit (estimated widths); the tooltip always has it.
    const fits = (label.length * 12 * 0.62) + ((g.owner?.length ?? 0) + 6) * 10 * 0.6 + 30 <= box.width;
    const owner = g.owner && fits ? `owner ${g.owner}` : '';
    return [
        `<g class="mesh-group kind-${g.kind}" data-id="${escapeXml(g.id)}">`,
        `<title>${escapeXml(g.tooltip)}</title>`,
        `<rect x="${num(box.x)}" y="${num(box.y)}" width="${num(box.width)}" height="${num(box.height)}" rx="6"/>`,
        `<text class="mesh-group-label" x="${num(box.x + 10)}" y="${num(box.y + 17)}">${escapeXml(label)}</text>`,
        owner ? `<text class="mesh-group-owner" x="${num(box.x + box.width - 10)}" y="${num(box.y + 17)}" text-anchor="end">${escapeXml(owner)}</text>` : '',
        '</g>',
    ].join('');
}

function renderEdge(e: GraphEdge, geometry: EdgeGeometry, mode: GraphMode): string {
    const status = e.modes[mode].status;
    const points = geometry.points;
    const d = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${num(p.x)} ${num(p.y)}`).join('');
    const parts = [
        `<g class="mesh-edge kind-${e.kind} status-${status}" data-id="${escapeXml(e.id)}" data-kind="${e.kind}">`,
        `<title>${escapeXml(e.tooltip[mode])}</title>`,
        `<path class="mesh-line" d="${d}"/>`,
        `<path class="mesh-arrow" d="${arrowHead(points[points.length - 2], points[points.length - 1])}"/>`,
    ];
    if (e.label && geometry.label) {
        const l = geometry.label;
        parts.push(`<rect class="mesh-edge-label-bg" x="${num(l.x)}" y="${num(l.y)}" width="${num(l.width)}" height="${num(l.height)}" rx="2"/>`);
        parts.push(`<text class="mesh-edge-label" x="${num(l.x + l.width / 2)}" y="${num(l.y + l.height - 4)}" text-anchor="middle">${escapeXml(e.label)}</text>`);
    }
    parts.push('</g>');
    return parts.join('');
}

function arrowHead(from: Point, to: Point): string {
    const dx = to.x - from.x;
    const dy = to.y - from.y;
    const length = Math.hypot(dx, dy) || 1;
    const ux = dx / length;
    const uy = dy / length;
    const back = 9;
    const half = 4;
    const bx = to.x - ux * back;
    const by = to.y - uy * back;
    return `M${num(to.x)} ${num(to.y)}L${num(bx - uy * half)} ${num(by + ux * half)}L${num(bx + uy * half)} ${num(by - ux * half)}Z`;
}

// ------------------------------------------------------------------ legend

const LEGEND_NODES: readonly { kind: GraphNodeKind; label: string }[] = [
    { kind: 'service', label: 'service' }, { kind: 'client', label: 'client' }, { kind: 'store', label: 'store' },
    { kind: 'topic', label: 'topic' }, { kind: 'dataproduct', label: 'data product' }, { kind: 'route', label: 'gateway / route' },
    { kind: 'saga', label: 'saga' },
];
const LEGEND_EDGES: readonly { kinds: GraphEdgeKind; label: string }[] = [
    { kinds: 'call', label: 'calls' }, { kinds: 'route', label: 'route' }, { kinds: 'publish', label: 'publishes / consumes' },
    { kinds: 'from', label: 'from / reads' }, { kinds: 'write', label: 'writes' }, { kinds: 'step', label: 'saga step' },
];
const STATUS_TEXT = { ok: 'ok', weakened: 'weakened (effective < declared)', violated: 'requirement violated' } as const;
/** Legend rows: each item is a swatch and a label, laid out left to right with estimated text widths. */
const LEGEND_TEXT_ADVANCE = 6.6;
const LEGEND_GAP = 26;

function legendRow<T>(items: readonly T[], swatch: number, label: (item: T) => string): { x: number; item: T }[] {
    let x = 0;
    return items.map(item => {
        const at = { x, item };
        x += swatch + 8 + Math.ceil(label(item).length * LEGEND_TEXT_ADVANCE) + LEGEND_GAP;
        return at;
    });
}

function rowWidth<T>(items: readonly T[], swatch: number, label: (item: T) => string): number {
    const row = legendRow(items, swatch, label);
    const last = row[row.length - 1];
    return last.x + swatch + 8 + Math.ceil(label(last.item).length * LEGEND_TEXT_ADVANCE);
}

function legendSize(): { width: number; height: number } {
    return {
        width: Math.max(
            rowWidth(LEGEND_NODES, 48, i => i.label),
            rowWidth(LEGEND_EDGES, 44, i => i.label),
            rowWidth(EDGE_STATUSES, 44, s => STATUS_TEXT[s]),
        ),
        height: 112,
    };
}

function renderLegend(x: number, y: number, mode: GraphMode): string {
    const out = [`<g class="mesh-legend" transform="translate(${num(x)} ${num(y)})">`];
    out.push(`<text class="mesh-legend-title" x="0" y="14">${escapeXml(`Legend — ${mode} mode`)}</text>`);
    for (const { x: ix, item } of legendRow(LEGEND_NODES, 48, i => i.label)) {
        out.push(`<g class="mesh-node kind-${item.kind}" transform="translate(${num(ix)} 24)"><path class="mesh-shape" d="${shapePath(item.kind, 48, 24)}"/><text x="56" y="16">${escapeXml(item.label)}</text></g>`);
    }
    for (const { x: ix, item } of legendRow(LEGEND_EDGES, 44, i => i.label)) {
        out.push(`<g class="mesh-edge kind-${item.kinds} status-ok" transform="translate(${num(ix)} 68)"><path class="mesh-line" d="M0 0L40 0"/><path class="mesh-arrow" d="${arrowHead({ x: 0, y: 0 }, { x: 44, y: 0 })}"/><text x="52" y="4">${escapeXml(item.label)}</text></g>`);
    }
    for (const { x: ix, item: status } of legendRow(EDGE_STATUSES, 44, s => STATUS_TEXT[s])) {
        out.push(`<g class="mesh-edge kind-call status-${status}" transform="translate(${num(ix)} 96)"><path class="mesh-line" d="M0 0L40 0"/><path class="mesh-arrow" d="${arrowHead({ x: 0, y: 0 }, { x: 44, y: 0 })}"/><text x="52" y="4">${escapeXml(STATUS_TEXT[status])}</text></g>`);
    }
    out.push('</g>');
    return out.join('');
}

// ------------------------------------------------------------------ helpers

/** Only plain colour values reach the stylesheet: no `;`, braces, quotes or angle brackets. */
const SAFE_CSS_VALUE = /^[#(),.%\w\s-]{1,100}$/;

function themeOverride(theme: SvgOptions['theme']): string {
    if (!theme) return '';
    const declarations: string[] = [];
    for (const name of THEME_VARIABLES) {
        const value = theme[name]?.trim();
        if (value && SAFE_CSS_VALUE.test(value)) declarations.push(`${name}: ${value};`);
    }
    return declarations.length > 0 ? `\n.meshspec-graph { ${declarations.join(' ')} }\n` : '';
}

function groupDepths(groups: readonly GraphGroup[]): Map<string, number> {
    const byId = new Map(groups.map(g => [g.id, g]));
    const depths = new Map<string, number>();
    for (const g of groups) {
        let depth = 0;
        const seen = new Set<string>();
        for (let p = g.parent; p !== undefined && byId.has(p) && !seen.has(p); p = byId.get(p)!.parent) {
            seen.add(p);
            depth++;
        }
        depths.set(g.id, depth);
    }
    return depths;
}

/** Coordinates with at most one decimal, `-0` as `0`: stable text for equal numbers. */
function num(n: number): string {
    const r = Math.round(n * 10) / 10;
    return String(Object.is(r, -0) ? 0 : r);
}
