import type { GraphMode, LaidOutGraph } from './types.js';
import type { installViewer } from './viewer.js';

/**
 * The script of the exported HTML page: reads the embedded graph, installs the viewer on
 * the pre-rendered SVG and wires the toolbar (mode switch, search, fit) and the blast-radius
 * list. Like `installViewer`, it is inlined by its source text, so it must not refer to
 * anything outside itself; spec text only ever goes through `textContent`.
 */
export function htmlPageMain(install: typeof installViewer): void {
    const byId = (id: string): HTMLElement => {
        const el = document.getElementById(id);
        if (!el) throw new Error(`missing #${id}`);
        return el;
    };
    const graph = JSON.parse(byId('meshspec-graph').textContent ?? '{}') as LaidOutGraph;
    const host = byId('host');
    const svg = host.querySelector('svg');
    if (!svg) return;
    const viewer = install({ host, svg, tooltip: byId('tooltip'), graph, mode: graph.graph.mode });

    const buttons = Array.from(document.querySelectorAll<HTMLButtonElement>('button[data-mode]'));
    const blastTitle = byId('blast-title');
    const blastList = byId('blast-list');
    const showMode = (mode: GraphMode): void => {
        viewer.setMode(mode);
        for (const b of buttons) b.setAttribute('aria-pressed', String(b.getAttribute('data-mode') === mode));
        blastList.replaceChildren();
        if (mode === 'target') {
            blastTitle.textContent = 'Blast radius: switch to degraded or floor mode';
            return;
        }
        const items = graph.graph.blastRadius[mode];
        blastTitle.textContent = items.length === 0
            ? `Blast radius in ${mode} mode: no plain requirement breaks`
            : `Blast radius in ${mode} mode: ${items.length} requirement${items.length === 1 ? '' : 's'} break`;
        for (const item of items) {
            const li = document.createElement('li');
            li.textContent = item.text;
            li.setAttribute('data-edge', item.edge);
            blastList.appendChild(li);
        }
    };
    for (const b of buttons) b.addEventListener('click', () => showMode((b.getAttribute('data-mode') ?? 'target') as GraphMode));

    const search = byId('search') as HTMLInputElement;
    const count = byId('count');
    const total = graph.graph.nodes.length;
    const applyFilter = (): void => {
        const shown = viewer.filter({ text: search.value });
        count.textContent = search.value.trim() ? `${shown} of ${total} nodes` : `${total} nodes`;
    };
    search.addEventListener('input', applyFilter);
    byId('fit').addEventListener('click', () => viewer.fit());
    applyFilter();
    showMode(graph.graph.mode);
    document.body.setAttribute('data-ready', 'true');
}
