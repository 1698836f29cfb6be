import { createHash } from 'node:crypto';
import { escapeXml, jsonForScript } from './escape.js';
import { htmlPageMain } from './html-page.js';
import { renderSvg, syntaxBanner } from './svg.js';
import type { GraphMode, GraphModel, LaidOutGraph } from './types.js';
import { GRAPH_MODES } from './types.js';
import { installViewer } from './viewer.js';

export interface HtmlOptions {
    /** The mode the page opens in (default: the graph's). */
    mode?: GraphMode;
    title?: string;
}

const PAGE_STYLE = `
:root { color-scheme: light dark; }
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body { display: flex; flex-direction: column; font: 13px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background: #ffffff; color: #1f2328; }
header { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; padding: 6px 10px; border-bottom: 1px solid #d0d7de; }
header strong { margin-right: 8px; }
header .modes { display: inline-flex; border: 1px solid #8c959f; border-radius: 4px; overflow: hidden; }
header .modes button { border: 0; border-right: 1px solid #8c959f; background: transparent; color: inherit; padding: 3px 10px; font: inherit; cursor: pointer; }
header .modes button:last-child { border-right: 0; }
header .modes button[aria-pressed="true"] { background: #0969da; color: #ffffff; }
header input[type="search"] { min-width: 220px; padding: 3px 6px; font: inherit; }
header button#fit { padding: 3px 10px; font: inherit; }
#count { color: #59636e; }
.banner { padding: 6px 10px; background: #fff8c5; color: #4d2d00; border-bottom: 1px solid #d4a72c; }
#layout { flex: 1; display: flex; min-height: 0; }
#host { position: relative; flex: 1; overflow: hidden; cursor: grab; touch-action: none; }
#host.mesh-dragging { cursor: grabbing; }
#host > svg { position: absolute; left: 0; top: 0; }
aside { width: 320px; overflow: auto; border-left: 1px solid #d0d7de; padding: 8px 10px; }
aside h2 { font-size: 13px; margin: 0 0 6px; }
aside ul { margin: 0; padding-left: 18px; }
aside li { margin-bottom: 6px; }
#tooltip { position: absolute; z-index: 10; max-width: 520px; padding: 6px 8px; white-space: pre-wrap; pointer-events: none;
  background: #ffffff; color: #1f2328; border: 1px solid #8c959f; border-radius: 4px; box-shadow: 0 2px 8px rgba(0,0,0,.2); font-size: 12px; }
@media (prefers-color-scheme: dark) {
  body { background: #0d1117; color: #e6edf3; }
  header, aside { border-color: #30363d; }
  #count { color: #8d96a0; }
  #tooltip { background: #161b22; color: #e6edf3; border-color: #30363d; }
  .banner { background: #3b2300; color: #f2cc60; border-color: #9e6a03; }
  .meshspec-graph { --vscode-editor-background: #0d1117; --vscode-editor-foreground: #e6edf3; --vscode-descriptionForeground: #8d96a0;
    --vscode-editorWidget-background: #161b22; --vscode-editorWidget-border: #6e7681; --vscode-sideBar-background: #010409; --vscode-panel-border: #30363d;
    --vscode-charts-green: #3fb950; --vscode-charts-orange: #db6d28; --vscode-charts-red: #f85149; --vscode-charts-blue: #4493f8;
    --vscode-charts-purple: #ab7df8; --vscode-charts-yellow: #d29922; --vscode-focusBorder: #1f6feb; }
}
`;

/**
 * Source locations are file URIs with absolute local paths: a page meant to be shared has
 * no use for them (it cannot open files) and should not leak them.
 */
function withoutLocations(graph: GraphModel): GraphModel {
    return {
        ...graph,
        nodes: graph.nodes.map(({ location: _, ...n }) => n),
        groups: graph.groups.map(({ location: _, ...g }) => g),
        edges: graph.edges.map(e => ({ ...e, members: e.members.map(({ location: _, ...m }) => m) })),
        syntaxErrors: { files: graph.syntaxErrors.files.map(uri => uri.slice(uri.lastIndexOf('/') + 1)) },
    };
}

/**
 * One self-contained interactive page: the graph pre-rendered as SVG, the laid-out graph
 * with every mode's data as JSON (`<` escaped as `\u003c`, so spec text cannot end the
 * block), and one inline script allowed by a nonce. No external URL of any kind; the CSP
 * forbids everything else. The nonce is derived from the page content, so the same graph
 * gives the same file.
 */
export function renderHtml(laid: LaidOutGraph, options: HtmlOptions = {}): string {
    const mode = options.mode ?? laid.graph.mode;
    const graph: LaidOutGraph = { ...laid, graph: withoutLocations({ ...laid.graph, mode }) };
    const title = options.title ?? 'Meshspec architecture graph';
    const svg = renderSvg(graph, { mode, namespace: false });
    const json = jsonForScript(graph);
    const script = `(${htmlPageMain.toString()})(${installViewer.toString()});`;
    const nonce = createHash('sha256').update(json).update('\u0000').update(script).digest('base64').slice(0, 24);
    const banner = syntaxBanner(graph.graph.syntaxErrors.files.length);
    const focus = graph.graph.focus ? ` — focus ${graph.graph.focus.name}, depth ${graph.graph.focus.depth}` : '';
    return [
        '<!DOCTYPE html>',
        '<html lang="en">',
        '<head>',
        '<meta charset="utf-8">',
        `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${nonce}'; img-src data:">`,
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="meshspec">',
        `<title>${escapeXml(title + focus)}</title>`,
        `<style>${PAGE_STYLE}</style>`,
        '</head>',
        '<body>',
        '<header>',
        `<strong>${escapeXml(title)}</strong>`,
        '<span class="modes" role="group" aria-label="Mode">'
            + GRAPH_MODES.map(m => `<button type="button" data-mode="${m}" aria-pressed="${m === mode}">${m}</button>`).join('')
            + '</span>',
        '<input id="search" type="search" placeholder="Filter by name…" aria-label="Filter nodes by name" autocomplete="off">',
        '<span id="count"></span>',
        '<button type="button" id="fit">Fit</button>',
        focus ? `<span>${escapeXml(focus.slice(3))}</span>` : '',
        '</header>',
        banner ? `<div class="banner" role="status">${escapeXml(banner)}</div>` : '',
        '<div id="layout">',
        `<main id="host">${svg}<div id="tooltip" role="tooltip" hidden></div></main>`,
        '<aside><h2 id="blast-title">Blast radius</h2><ul id="blast-list"></ul></aside>',
        '</div>',
        `<script type="application/json" id="meshspec-graph">${json}</script>`,
        `<script nonce="${nonce}">${script}</script>`,
        '</body>',
        '</html>',
        '',
    ].filter(line => line !== '').join('\n') + '\n';
}
