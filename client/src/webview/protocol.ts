import type { GraphMode, GraphModel, SourceLocation } from '../../../server/src/graph/types.js';

/**
 * Messages between the extension (graph-panel.ts) and the graph webview (main.ts),
 * declared once and imported by both sides. Everything is plain JSON.
 */

/** Extension → webview. */
export type ToWebview =
    /** A new graph (after an edit, a refocus, or on open). The webview keeps zoom, pan, mode and filters. */
    | { type: 'graph'; graph: GraphModel }
    /** `meshspec.showInGraph`: centre and select this element (node id, `service.operation` or gateway name). */
    | { type: 'reveal'; name: string }
    /** The graph could not be fetched; the last graph stays on screen with this message. */
    | { type: 'error'; message: string }
    /** Something the user should know while waiting (the server is starting). */
    | { type: 'status'; message: string };

export type ExportFormat = 'svg' | 'png';

/** Webview → extension. */
export type FromWebview =
    /** The page has loaded and listens: send the current graph. */
    | { type: 'ready' }
    /** Open the source of a node or edge in the editor. */
    | { type: 'reveal'; location: SourceLocation }
    /** Save an export: SVG markup, or a PNG as a base64 `data:image/png` URL. */
    | { type: 'export'; format: ExportFormat; data: string; name: string }
    /** Ask for the graph around an element (or the whole graph when `focus` is undefined). */
    | { type: 'focus'; focus?: string; depth?: number }
    /** The mode the user picked (remembered for the next panel). */
    | { type: 'mode'; mode: GraphMode }
    /** A failure inside the webview (layout, rendering), for the log. */
    | { type: 'log'; level: 'info' | 'error'; message: string };

/** Webview state kept by VS Code across reloads (`getState`/`setState`). */
export interface WebviewState {
    mode: GraphMode;
    transform?: { x: number; y: number; k: number };
    filter?: { text: string; kind: string; domain: string };
}
