import type { GraphMode, LaidOutGraph } from './types.js';

/**
 * The interactive layer over a rendered graph SVG, shared by the HTML export and the VS Code
 * webview: pan (drag) and zoom (wheel), hover tooltips, mode switch (re-colours edges by
 * status, swaps node vectors), filtering by name/kind/domain and marking (what-if).
 *
 * `installViewer` must stay self-contained — no imports, no module-level values — because
 * the HTML export inlines its source text (`installViewer.toString()`) into the page.
 * It only ever writes spec text with `textContent`, never as markup.
 */

export interface ViewTransform { x: number; y: number; k: number }

export interface ViewerFilter {
    text?: string;
    kind?: string;
    domain?: string;
}

export interface ViewerOptions {
    /** The element that clips and receives pan/zoom input; the SVG is its child. */
    host: HTMLElement;
    svg: SVGSVGElement;
    tooltip: HTMLElement;
    graph: LaidOutGraph;
    mode: GraphMode;
    transform?: ViewTransform;
    /** A click (not a drag) on a node, edge or group. */
    onSelect?: (what: { type: 'node' | 'edge' | 'group'; id: string }) => void;
    onTransform?: (transform: ViewTransform) => void;
}

export interface ViewerController {
    setMode(mode: GraphMode): void;
    /** Dims what does not match; returns the number of nodes that match. */
    filter(filter: ViewerFilter): number;
    /** Adds classes to nodes and edges (e.g. what-if results); others are dimmed when `dimOthers`. */
    mark(marks: { nodes: Record<string, string>; edges: Record<string, string> } | undefined, dimOthers?: boolean): void;
    fit(): void;
    /** Centres the view on a node or group. */
    reveal(id: string): boolean;
    select(id: string | undefined): void;
    getTransform(): ViewTransform;
    setTransform(transform: ViewTransform): void;
    destroy(): void;
}

export function installViewer(options: ViewerOptions): ViewerController {
    const { host, svg, tooltip, graph } = options;
    const model = graph.graph;
    let mode = options.mode;
    const STATUSES = ['status-ok', 'status-weakened', 'status-violated'];

    const nodeData = new Map(model.nodes.map(n => [n.id, n]));
    const edgeData = new Map(model.edges.map(e => [e.id, e]));
    const groupData = new Map(model.groups.map(g => [g.id, g]));
    const nodeEls = new Map<string, SVGGElement>();
    const edgeEls = new Map<string, SVGGElement>();
    const groupEls = new Map<string, SVGGElement>();
    for (const el of Array.from(svg.querySelectorAll<SVGGElement>('g[data-id]'))) {
        const id = el.getAttribute('data-id') ?? '';
        if (el.classList.contains('mesh-node') && nodeData.has(id)) nodeEls.set(id, el);
        else if (el.classList.contains('mesh-edge') && edgeData.has(id)) edgeEls.set(id, el);
        else if (el.classList.contains('mesh-group') && groupData.has(id)) groupEls.set(id, el);
    }
    // Native <title> tooltips would double the custom one.
    for (const title of Array.from(svg.querySelectorAll('title'))) title.remove();

    // ------------------------------------------------------------ pan and zoom

    let t: ViewTransform = options.transform ? { ...options.transform } : { x: 0, y: 0, k: 1 };
    svg.style.transformOrigin = '0 0';
    const apply = (): void => {
        svg.style.transform = `translate(${t.x}px, ${t.y}px) scale(${t.k})`;
        options.onTransform?.({ ...t });
    };
    const clamp = (k: number): number => Math.min(8, Math.max(0.05, k));
    const onWheel = (event: WheelEvent): void => {
        event.preventDefault();
        const rect = host.getBoundingClientRect();
        const cx = event.clientX - rect.left;
        const cy = event.clientY - rect.top;
        const k = clamp(t.k * Math.exp(-event.deltaY * (event.ctrlKey ? 0.01 : 0.0015)));
        t = { x: cx - (cx - t.x) * (k / t.k), y: cy - (cy - t.y) * (k / t.k), k };
        apply();
    };
    let drag: { x: number; y: number; tx: number; ty: number; moved: boolean; pointer: number } | undefined;
    let suppressClick = false;
    const onPointerDown = (event: PointerEvent): void => {
        if (event.button !== 0) return;
        drag = { x: event.clientX, y: event.clientY, tx: t.x, ty: t.y, moved: false, pointer: event.pointerId };
    };
    const onPointerMove = (event: PointerEvent): void => {
        if (drag && drag.pointer === event.pointerId) {
            const dx = event.clientX - drag.x;
            const dy = event.clientY - drag.y;
            if (!drag.moved && Math.hypot(dx, dy) > 4) {
                drag.moved = true;
                host.setPointerCapture?.(event.pointerId);
                host.classList.add('mesh-dragging');
            }
            if (drag.moved) {
                t = { x: drag.tx + dx, y: drag.ty + dy, k: t.k };
                apply();
                hideTooltip();
                return;
            }
        }
        showTooltip(event);
    };
    const onPointerUp = (event: PointerEvent): void => {
        if (drag?.moved) suppressClick = true;
        if (drag && host.hasPointerCapture?.(event.pointerId)) host.releasePointerCapture(event.pointerId);
        host.classList.remove('mesh-dragging');
        drag = undefined;
    };

    // ------------------------------------------------------------ tooltips

    const targetOf = (event: Event): { type: 'node' | 'edge' | 'group'; id: string } | undefined => {
        let el = event.target as Element | null;
        while (el && el !== svg) {
            const id = el.getAttribute('data-id');
            if (id !== null) {
                if (el.classList.contains('mesh-node') && nodeEls.get(id) === el) return { type: 'node', id };
                if (el.classList.contains('mesh-edge') && edgeEls.get(id) === el) return { type: 'edge', id };
                if (el.classList.contains('mesh-group') && groupEls.get(id) === el) return { type: 'group', id };
            }
            el = el.parentElement;
        }
        return undefined;
    };
    const tooltipText = (target: { type: string; id: string }): string => {
        if (target.type === 'node') return nodeData.get(target.id)?.tooltip[mode] ?? '';
        if (target.type === 'edge') return edgeData.get(target.id)?.tooltip[mode] ?? '';
        return groupData.get(target.id)?.tooltip ?? '';
    };
    function showTooltip(event: PointerEvent): void {
        const target = targetOf(event);
        if (!target) {
            hideTooltip();
            return;
        }
        tooltip.textContent = tooltipText(target);
        tooltip.hidden = false;
        const rect = host.getBoundingClientRect();
        const x = event.clientX - rect.left + 14;
        const y = event.clientY - rect.top + 14;
        const maxX = Math.max(0, host.clientWidth - tooltip.offsetWidth - 4);
        const maxY = Math.max(0, host.clientHeight - tooltip.offsetHeight - 4);
        tooltip.style.left = `${Math.min(x, maxX)}px`;
        tooltip.style.top = `${y > maxY ? Math.max(0, event.clientY - rect.top - tooltip.offsetHeight - 10) : y}px`;
    }
    function hideTooltip(): void {
        tooltip.hidden = true;
    }
    const onLeave = (): void => hideTooltip();
    const onClick = (event: MouseEvent): void => {
        if (suppressClick) {
            suppressClick = false;
            return;
        }
        const target = targetOf(event);
        if (target) options.onSelect?.(target);
    };

    // One table for attaching and detaching, so `destroy` cannot miss a listener.
    const listeners: [string, (event: never) => void][] = [
        ['wheel', onWheel], ['pointerdown', onPointerDown], ['pointermove', onPointerMove], ['pointerup', onPointerUp],
        ['pointercancel', onPointerUp], ['pointerleave', onLeave], ['click', onClick],
    ];
    for (const [type, listener] of listeners) host.addEventListener(type, listener as EventListener, type === 'wheel' ? { passive: false } : undefined);

    // ------------------------------------------------------------ modes, filters, marks

    const setMode = (next: GraphMode): void => {
        mode = next;
        svg.setAttribute('data-mode', next);
        for (const [id, el] of edgeEls) {
            const status = edgeData.get(id)!.modes[next].status;
            for (const s of STATUSES) el.classList.remove(s);
            el.classList.add(`status-${status}`);
        }
        for (const [id, el] of nodeEls) {
            const n = nodeData.get(id)!;
            const vector = el.querySelector('.mesh-vector');
            if (vector) vector.textContent = n.modes[next].effective ?? n.modes[next].declared ?? '';
        }
        const legendTitle = svg.querySelector('.mesh-legend-title');
        if (legendTitle) legendTitle.textContent = `Legend — ${next} mode`;
        hideTooltip();
    };

    const filter = (f: ViewerFilter): number => {
        const text = (f.text ?? '').trim().toLowerCase();
        const visible = new Set<string>();
        for (const [id, el] of nodeEls) {
            const n = nodeData.get(id)!;
            const matches = (!text || n.label.toLowerCase().includes(text) || n.id.toLowerCase().includes(text)
                || n.operations.some(op => op.toLowerCase().includes(text)))
                && (!f.kind || n.kind === f.kind)
                && (!f.domain || n.domain === f.domain);
            el.classList.toggle('mesh-dim', !matches);
            if (matches) visible.add(id);
        }
        const filtering = Boolean(text || f.kind || f.domain);
        for (const [id, el] of edgeEls) {
            const e = edgeData.get(id)!;
            el.classList.toggle('mesh-dim', filtering && !(visible.has(e.source) && visible.has(e.target)));
        }
        return visible.size;
    };

    let marked: Element[] = [];
    const mark = (marks: { nodes: Record<string, string>; edges: Record<string, string> } | undefined, dimOthers = true): void => {
        for (const el of marked) {
            for (const cls of Array.from(el.classList)) if (cls.startsWith('mesh-mark-')) el.classList.remove(cls);
            el.classList.remove('mesh-mark-dim');
        }
        marked = [];
        if (!marks) return;
        const apply1 = (els: Map<string, SVGGElement>, record: Record<string, string>): void => {
            for (const [id, el] of els) {
                const cls = Object.prototype.hasOwnProperty.call(record, id) ? record[id] : undefined;
                if (cls) el.classList.add(`mesh-mark-${cls}`);
                else if (dimOthers) el.classList.add('mesh-mark-dim');
                else continue;
                marked.push(el);
            }
        };
        apply1(nodeEls, marks.nodes);
        apply1(edgeEls, marks.edges);
    };

    let selected: string | undefined;
    const select = (id: string | undefined): void => {
        if (selected !== undefined) (nodeEls.get(selected) ?? groupEls.get(selected) ?? edgeEls.get(selected))?.classList.remove('mesh-selected');
        selected = id;
        if (id !== undefined) (nodeEls.get(id) ?? groupEls.get(id) ?? edgeEls.get(id))?.classList.add('mesh-selected');
    };

    const size = (): { width: number; height: number } => ({
        width: Number(svg.getAttribute('width')) || graph.width,
        height: Number(svg.getAttribute('height')) || graph.height,
    });
    const fit = (): void => {
        const { width, height } = size();
        const k = clamp(Math.min(host.clientWidth / width, host.clientHeight / height, 1) * 0.98);
        t = { x: (host.clientWidth - width * k) / 2, y: Math.max(0, (host.clientHeight - height * k) / 2), k };
        apply();
    };
    const reveal = (id: string): boolean => {
        const box = graph.nodes.find(n => n.id === id) ?? graph.groups.find(g => g.id === id);
        if (!box) return false;
        const viewport = svg.querySelector('.mesh-viewport');
        const offset = /translate\(\s*([-\d.]+)[ ,]+([-\d.]+)\s*\)/.exec(viewport?.getAttribute('transform') ?? '');
        const oy = offset ? Number(offset[2]) : 0;
        const k = Math.max(t.k, 0.8);
        t = { x: host.clientWidth / 2 - (box.x + box.width / 2) * k, y: host.clientHeight / 2 - (box.y + oy + box.height / 2) * k, k };
        apply();
        return true;
    };

    if (options.transform) apply();
    else fit();
    if (mode !== (svg.getAttribute('data-mode') ?? mode)) setMode(mode);

    return {
        setMode,
        filter,
        mark,
        fit,
        reveal,
        select,
        getTransform: () => ({ ...t }),
        setTransform: (next: ViewTransform) => {
            t = { ...next };
            apply();
        },
        destroy: () => {
            for (const [type, listener] of listeners) host.removeEventListener(type, listener as EventListener);
            hideTooltip();
        },
    };
}
