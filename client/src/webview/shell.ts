import { escapeXml } from '../../../server/src/graph/escape.js';

/**
 * The HTML shell of the graph webview: a strict CSP, static controls, and the one script
 * (`out/webview/graph.js`). The elkjs worker script's URI is handed over in a data
 * attribute; the script starts it as a Web Worker (see layout-worker.ts). No spec text is
 * part of the shell: the graph arrives later as a message and is drawn with DOM APIs.
 * Shared by the extension (graph-panel.ts) and the browser tests.
 */
export interface ShellOptions {
    /** `webview.cspSource`: the origin resources are served from. */
    cspSource: string;
    scriptUri: string;
    workerUri: string;
    nonce: string;
}

const STYLE = `
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; height: 100%; }
body { display: flex; flex-direction: column; overflow: hidden; color: var(--vscode-foreground, #1f2328);
  background: var(--vscode-editor-background, #ffffff); font-family: var(--vscode-font-family, system-ui, sans-serif);
  font-size: var(--vscode-font-size, 13px); }
header { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; padding: 6px 8px;
  border-bottom: 1px solid var(--vscode-panel-border, #d0d7de); }
button, select, input { font: inherit; color: var(--vscode-input-foreground, inherit); }
button { background: var(--vscode-button-secondaryBackground, #eaeef2); color: var(--vscode-button-secondaryForeground, inherit);
  border: 1px solid var(--vscode-button-border, transparent); border-radius: 2px; padding: 2px 8px; cursor: pointer; }
button:hover { background: var(--vscode-button-secondaryHoverBackground, #d0d7de); }
button:focus-visible, select:focus-visible, input:focus-visible { outline: 1px solid var(--vscode-focusBorder, #0969da); outline-offset: 1px; }
button[aria-pressed="true"] { background: var(--vscode-button-background, #0969da); color: var(--vscode-button-foreground, #ffffff); }
input, select { background: var(--vscode-input-background, #ffffff); border: 1px solid var(--vscode-input-border, #8c959f); padding: 2px 4px; }
.modes { display: inline-flex; gap: 0; }
.modes button { border-radius: 0; }
#count, #focus-info { color: var(--vscode-descriptionForeground, #59636e); }
.banner { padding: 4px 8px; border-bottom: 1px solid var(--vscode-inputValidation-warningBorder, #d4a72c);
  background: var(--vscode-inputValidation-warningBackground, #fff8c5); color: var(--vscode-foreground, inherit); }
.banner.error { border-color: var(--vscode-inputValidation-errorBorder, #cf222e); background: var(--vscode-inputValidation-errorBackground, #ffebe9); }
#layout { flex: 1; display: flex; min-height: 0; }
#host { position: relative; flex: 1; overflow: hidden; cursor: grab; touch-action: none; }
#host.mesh-dragging { cursor: grabbing; }
#host > svg { position: absolute; left: 0; top: 0; }
#tooltip { position: absolute; z-index: 10; max-width: 520px; padding: 6px 8px; white-space: pre-wrap; pointer-events: none;
  background: var(--vscode-editorHoverWidget-background, #ffffff); color: var(--vscode-editorHoverWidget-foreground, inherit);
  border: 1px solid var(--vscode-editorHoverWidget-border, #8c959f); border-radius: 3px; font-size: 12px; }
#progress { position: absolute; inset: 0; display: flex; align-items: center; justify-content: center; gap: 8px; z-index: 5;
  background: color-mix(in srgb, var(--vscode-editor-background, #ffffff) 70%, transparent); }
#progress[hidden], #empty[hidden], #tooltip[hidden], .banner[hidden] { display: none; }
.spinner { width: 16px; height: 16px; border-radius: 50%; border: 2px solid var(--vscode-progressBar-background, #0969da);
  border-right-color: transparent; animation: spin 0.8s linear infinite; }
@keyframes spin { to { transform: rotate(360deg); } }
#empty { position: absolute; inset: 0; display: flex; align-items: center; justify-content: center; padding: 20px; text-align: center;
  color: var(--vscode-descriptionForeground, #59636e); }
aside { width: 300px; overflow: auto; padding: 8px 10px; border-left: 1px solid var(--vscode-panel-border, #d0d7de); }
aside h2 { font-size: 13px; margin: 0 0 4px; word-break: break-all; }
aside h3 { font-size: 12px; margin: 10px 0 4px; }
aside .muted { color: var(--vscode-descriptionForeground, #59636e); }
aside pre { white-space: pre-wrap; word-break: break-word; font-family: var(--vscode-editor-font-family, monospace); font-size: 11px; margin: 0; }
aside ul { margin: 0; padding-left: 16px; }
aside li { margin-bottom: 4px; }
aside .actions { display: flex; flex-wrap: wrap; gap: 4px; margin-top: 6px; }
aside table { border-collapse: collapse; font-size: 11px; }
aside td { padding: 1px 4px; vertical-align: top; font-family: var(--vscode-editor-font-family, monospace); }
@media (max-width: 760px) { aside { width: 190px; } #filter { width: 110px; } }
`;

export function webviewHtml(options: ShellOptions): string {
    const { cspSource, nonce } = options;
    const csp = `default-src 'none'; script-src 'nonce-${nonce}' ${cspSource}; worker-src ${cspSource} blob:; `
        + `style-src ${cspSource} 'unsafe-inline'; img-src ${cspSource} data:`;
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeXml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Meshspec architecture graph</title>
<style>${STYLE}</style>
</head>
<body data-worker-uri="${escapeXml(options.workerUri)}">
<header>
<span class="modes" role="group" aria-label="Mode">
<button type="button" data-mode="target" aria-pressed="true" title="Every element in its target mode">target</button><button type="button" data-mode="degraded" aria-pressed="false" title="Every element in its degraded mode">degraded</button><button type="button" data-mode="floor" aria-pressed="false" title="Every element in its floor mode">floor</button>
</span>
<input id="filter" type="search" placeholder="Filter by name" aria-label="Filter nodes by name" autocomplete="off">
<select id="kind" aria-label="Filter by kind"><option value="">all kinds</option></select>
<select id="domain" aria-label="Filter by domain"><option value="">all domains</option></select>
<span id="count"></span>
<button type="button" id="fit" title="Fit the graph to the panel">Fit</button>
<button type="button" id="export-svg" title="Save the graph as SVG">Export SVG</button>
<button type="button" id="export-png" title="Save the graph as PNG">Export PNG</button>
<span id="focus-info" hidden></span><button type="button" id="unfocus" hidden>Show all</button>
</header>
<div id="banner" class="banner" role="status" hidden></div>
<div id="layout">
<main id="host" aria-label="Architecture graph">
<div id="empty">Waiting for the Meshspec language server…</div>
<div id="progress" hidden><span class="spinner"></span><span id="progress-text">Laying out…</span></div>
<div id="tooltip" role="tooltip" hidden></div>
</main>
<aside id="details" aria-label="Details"><p class="muted">Click a node or an edge for its vectors, its source and the failure what-if.</p></aside>
</div>
<script nonce="${escapeXml(nonce)}" src="${escapeXml(options.scriptUri)}"></script>
</body>
</html>
`;
}
