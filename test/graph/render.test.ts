import { describe, expect, it } from 'vitest';
import { check } from '../helpers.js';
import { buildGraph } from '../../server/src/graph/graph-model.js';
import { renderHtml } from '../../server/src/graph/html.js';
import { toElkGraph } from '../../server/src/graph/layout.js';
import { escapeXml, jsonForScript } from '../../server/src/graph/escape.js';
import { renderSvg, shapePath } from '../../server/src/graph/svg.js';
import { GRAPH_NODE_KINDS } from '../../server/src/graph/types.js';
import type { GraphModel, LaidOutGraph } from '../../server/src/graph/types.js';
import { HOSTILE, INJECTION, SHOP, graphOf, layout, sampleFiles } from './helpers.js';

describe('layout', () => {
    it('is deterministic: laying out the same graph twice gives byte-identical SVG and HTML', async () => {
        const graph = await graphOf(SHOP);
        const first = await layout(graph);
        const second = await layout(await graphOf(SHOP));
        expect(second).toEqual(first);
        expect(renderSvg(second, { mode: 'target' })).toBe(renderSvg(first, { mode: 'target' }));
        expect(renderHtml(second)).toBe(renderHtml(first));
    });

    it('places every node inside its group, and routes every edge', async () => {
        const laid = await layout(await graphOf(SHOP));
        const boxes = new Map([...laid.nodes, ...laid.groups].map(b => [b.id, b]));
        for (const n of laid.graph.nodes) {
            const box = boxes.get(n.id)!;
            expect(box.width).toBeGreaterThan(0);
            if (!n.parent) continue;
            const group = boxes.get(n.parent)!;
            expect(box.x).toBeGreaterThanOrEqual(group.x);
            expect(box.y).toBeGreaterThanOrEqual(group.y);
            expect(box.x + box.width).toBeLessThanOrEqual(group.x + group.width);
            expect(box.y + box.height).toBeLessThanOrEqual(group.y + group.height);
        }
        expect(laid.edges.map(e => e.id)).toEqual(laid.graph.edges.map(e => e.id));
        for (const e of laid.edges) expect(e.points.length).toBeGreaterThanOrEqual(2);
        expect(laid.fast).toBe(false);
    });

    it('switches to the fast settings above the node-count threshold', async () => {
        const graph = await graphOf(SHOP);
        expect(toElkGraph(graph).fast).toBe(false);
        const { elk, fast } = toElkGraph(graph, { fastThreshold: 3 });
        expect(fast).toBe(true);
        expect(elk.layoutOptions).toMatchObject({
            'elk.layered.thoroughness': '1',
            'elk.layered.nodePlacement.strategy': 'SIMPLE',
            'elk.edgeRouting': 'POLYLINE',
            'elk.direction': 'RIGHT',
        });
        const laid = await layout(graph, { fastThreshold: 3 });
        expect(laid.fast).toBe(true);
        expect(laid.nodes).toHaveLength(graph.nodes.length);
    });
});

describe('SVG', () => {
    it('draws a distinct shape per kind and styles edges by kind and status', async () => {
        const shapes = new Set(GRAPH_NODE_KINDS.filter(k => k !== 'route').map(k => shapePath(k, 100, 50)));
        expect(shapes.size).toBe(GRAPH_NODE_KINDS.length - 1); // routes share the gateway's trapezoid
        const laid = await layout(await graphOf(SHOP));
        const target = renderSvg(laid, { mode: 'target' });
        expect(target).toMatch(/<g class="mesh-edge kind-call status-ok" data-id="call:orders-api-&gt;payments"/);
        expect(target).toMatch(/<g class="mesh-edge kind-call status-weakened" data-id="call:reporting-&gt;orders-api"/);
        expect(target).toMatch(/<g class="mesh-node kind-store" data-id="orders-db"/);
        expect(target).toContain('class="mesh-legend"');
        const degraded = renderSvg(laid, { mode: 'degraded' });
        expect(degraded).toMatch(/<g class="mesh-edge kind-call status-violated" data-id="call:orders-api-&gt;payments"/);
        expect(degraded).toContain('Legend — degraded mode');
        expect(renderSvg(laid, { mode: 'target', legend: false })).not.toContain('mesh-legend"');
    });

    it('follows the VS Code theme through CSS variables, and takes resolved colours for exports', async () => {
        const laid = await layout(await graphOf(SHOP));
        const svg = renderSvg(laid, { mode: 'target' });
        expect(svg).toContain('--mesh-violated: var(--vscode-charts-red, #cf222e);');
        const themed = renderSvg(laid, { mode: 'target', theme: { '--mesh-violated': '#ff0000', '--mesh-ok': 'red; } svg { display: none', '--mesh-fg': '</style><script>' } });
        expect(themed).toContain('.meshspec-graph { --mesh-violated: #ff0000; }');
        expect(themed).not.toContain('display: none');
        expect(themed).not.toContain('<script>');
    });

    it('shows a banner when files have syntax errors', async () => {
        const laid = await layout(await graphOf([SHOP, 'service broken {']));
        expect(renderSvg(laid, { mode: 'target' })).toContain('1 file has syntax errors; showing what parses');
    });
});

describe('escaping', () => {
    const render = async (): Promise<{ laid: LaidOutGraph; svg: string; html: string }> => {
        const checked = await check(HOSTILE);
        const laid = await layout(buildGraph(checked.model, checked.analysis));
        return { laid, svg: renderSvg(laid, { mode: 'target' }), html: renderHtml(laid) };
    };

    it('escapes markup characters in text and attributes', () => {
        expect(escapeXml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
        expect(escapeXml('a\u0000b\ud800c')).toBe('a\ufffdb\ufffdc');
        expect(jsonForScript({ a: '</script><!--\u2028' })).toBe('{"a":"\\u003c/script\\u003e\\u003c!--\\u2028"}');
        expect(JSON.parse(jsonForScript({ a: '</script><!--\u2028&' }))).toEqual({ a: '</script><!--\u2028&' });
    });

    it('never lets spec text become markup in the SVG', async () => {
        const { laid, svg } = await render();
        // The hostile strings reached the graph...
        expect(JSON.stringify(laid.graph)).toContain(INJECTION.script);
        expect(laid.graph.groups.find(g => g.id === 'domain:evil')?.owner).toBe(INJECTION.img);
        // ...and only their escaped form reached the markup.
        expect(svg).not.toContain('<script');
        expect(svg).not.toContain('<img');
        expect(svg).not.toMatch(/onerror=alert\(1\)"/);
        expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
        expect(svg).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
        expect(svg).toContain('data-id="gw &quot;/a/\\&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&quot;"');
    });

    it('never lets spec text become markup or end the data block in the HTML', async () => {
        const { html } = await render();
        expect(html.match(/<script/g)).toHaveLength(2);
        expect(html.match(/<\/script>/g)).toHaveLength(2);
        expect(html).not.toContain('<img');
        const data = /<script type="application\/json" id="meshspec-graph">([\s\S]*?)<\/script>/.exec(html)![1];
        expect(data).not.toMatch(/[<>]/);
        expect((JSON.parse(data) as LaidOutGraph).graph.nodes.find(n => n.id === 'svc')?.description).toBe(
            '<script>alert(1)</script> and </script><script>alert(2)</script>');
    });
});

describe('HTML export', () => {
    it('is one self-contained page: strict CSP with a nonce, no URL of any kind, every mode embedded', async () => {
        const laid = await layout(await graphOf(SHOP));
        const html = renderHtml(laid, { mode: 'degraded' });
        const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1];
        const nonce = /script-src 'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)![1];
        expect(csp).toBe(`default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${nonce}'; img-src data:`);
        expect(html).toContain(`<script nonce="${nonce}">`);
        expect(html).not.toMatch(/https?:|\/\/[a-z]|\bsrc=|\bhref=|@import|url\(/i);
        const data = JSON.parse(/<script type="application\/json" id="meshspec-graph">([\s\S]*?)<\/script>/.exec(html)![1]) as LaidOutGraph;
        expect(data.graph.mode).toBe('degraded');
        expect(data.graph.edges[0].modes).toHaveProperty('floor');
        expect(html).toContain('aria-pressed="true">degraded</button>');
        expect(html).not.toContain('innerHTML');
    });
});

describe('samples', () => {
    const modelSnapshot = (graph: GraphModel): string => JSON.stringify(graph, null, 2) + '\n';

    it('renders each sample file (alone) to a stable graph model and SVG', async () => {
        for (const sample of sampleFiles()) {
            const checked = await check(sample.text);
            const graph = buildGraph(checked.model, checked.analysis);
            expect(graph.nodes.length).toBeGreaterThan(0);
            const base = sample.name.replace(/\.mesh$/, '');
            await expect(modelSnapshot(graph)).toMatchFileSnapshot(`__snapshots__/${base}.graph.json`);
            await expect(renderSvg(await layout(graph), { mode: 'target' })).toMatchFileSnapshot(`__snapshots__/${base}.svg`);
        }
    });

    it('renders the samples as one workspace (cross-file references resolve)', async () => {
        const checked = await check(sampleFiles().map(s => s.text));
        const graph = buildGraph(checked.model, checked.analysis);
        expect(graph.syntaxErrors.files).toEqual([]);
        const laid = await layout(graph);
        await expect(renderSvg(laid, { mode: 'floor' })).toMatchFileSnapshot('__snapshots__/all-samples.floor.svg');
        // Cross-file edges exist only in the whole workspace (e.g. public-api "/orders/*" → order-history).
        expect(graph.edges.map(e => e.id)).toContain('route:public-api "/orders/*"->order-history');
    });
});
