import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { meshspec, workspace } from '../cli/cli.js';
import type { LaidOutGraph } from '../../server/src/graph/types.js';
import { SHOP } from './helpers.js';

/** A usage error: exit 2, nothing on stdout, exactly one line on stderr, no stack trace. */
function expectUsageError(result: { code: number | null; stdout: string; stderr: string }, pattern: RegExp): void {
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^meshspec: [^\n]+\n$/);
    expect(result.stderr).toMatch(pattern);
}

describe('meshspec graph', () => {
    it('writes SVG, HTML and JSON, choosing the format from the -o extension', async () => {
        const dir = workspace({ 'specs/shop.mesh': SHOP });
        const svg = await meshspec(['graph', 'specs', '-o', 'arch.svg'], { cwd: dir });
        expect(svg).toEqual({ code: 0, stdout: 'wrote arch.svg (svg, 5 nodes, 5 edges, target mode)\n', stderr: '' });
        expect(readFileSync(join(dir, 'arch.svg'), 'utf8')).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" class="meshspec-graph" data-mode="target"/);

        const html = await meshspec(['graph', 'specs', '-o', 'arch.html', '--mode', 'floor'], { cwd: dir });
        expect(html.code).toBe(0);
        const page = readFileSync(join(dir, 'arch.html'), 'utf8');
        expect(page).toMatch(/^<!DOCTYPE html>/);
        expect(page).toContain('aria-pressed="true">floor</button>');

        const json = await meshspec(['graph', 'specs', '-o', 'arch.json'], { cwd: dir });
        expect(json.code).toBe(0);
        const laid = JSON.parse(readFileSync(join(dir, 'arch.json'), 'utf8')) as LaidOutGraph & { version: number };
        expect(laid.version).toBe(1);
        expect(laid.graph.nodes.map(n => n.id)).toEqual(['order-events', 'orders-api', 'orders-db', 'payments', 'reporting']);
        expect(laid.nodes).toHaveLength(5);
        expect(laid.edges.every(e => e.points.length >= 2)).toBe(true);
    });

    it('colours edges by the chosen mode and writes to stdout with -o -', async () => {
        const dir = workspace({ 'shop.mesh': SHOP });
        const target = await meshspec(['graph', '-o', '-', '--format', 'svg'], { cwd: dir });
        const degraded = await meshspec(['graph', '.', '-o', '-', '-f', 'svg', '-m', 'degraded'], { cwd: dir });
        expect(target.code).toBe(0);
        expect(target.stderr).toBe('');
        expect(target.stdout).toContain('<g class="mesh-edge kind-call status-ok" data-id="call:orders-api-&gt;payments"');
        expect(degraded.stdout).toContain('<g class="mesh-edge kind-call status-violated" data-id="call:orders-api-&gt;payments"');
    });

    it('keeps the neighbourhood of --focus within --depth hops', async () => {
        const dir = workspace({ 'shop.mesh': SHOP });
        const result = await meshspec(['graph', '-o', 'focus.json', '--focus', 'orders-api.placeOrder', '--depth', '1'], { cwd: dir });
        expect(result.stdout).toBe('wrote focus.json (json, 5 nodes, 5 edges, target mode)\n');
        const zero = await meshspec(['graph', '-o', 'zero.json', '--focus', 'payments', '--depth', '0'], { cwd: dir });
        expect(zero.code).toBe(0);
        const laid = JSON.parse(readFileSync(join(dir, 'zero.json'), 'utf8')) as LaidOutGraph;
        expect(laid.graph.nodes.map(n => n.id)).toEqual(['payments']);
        expect(laid.graph.focus).toEqual({ name: 'payments', node: 'payments', depth: 0 });
    });

    it('still draws what parses, and says so', async () => {
        const dir = workspace({ 'shop.mesh': SHOP, 'broken.mesh': 'service half { provides <' });
        const result = await meshspec(['graph', '-o', 'g.svg'], { cwd: dir });
        expect(result.code).toBe(0);
        expect(result.stdout).toContain('1 file has syntax errors; showing what parses');
        expect(readFileSync(join(dir, 'g.svg'), 'utf8')).toContain('1 file has syntax errors; showing what parses');

        // With -o - the graph is stdout; the notice goes to stderr.
        const piped = await meshspec(['graph', '-o', '-', '--format', 'svg'], { cwd: dir });
        expect(piped.code).toBe(0);
        expect(piped.stdout).toMatch(/^<svg[^]*1 file has syntax errors; showing what parses[^]*<\/svg>\n?$/);
        expect(piped.stderr).toBe('meshspec: 1 file has syntax errors; showing what parses\n');
    });

    it.each([
        ['a spec being read', ['graph', '-o', 'shop.mesh', '--format', 'svg'], 'shop.mesh: it is one of the specs being read'],
        ['a spec given by another name (no .mesh)', ['graph', 'spec.txt', '-o', './spec.txt', '--format', 'svg'], './spec.txt: it is one of the specs being read'],
        ['a new .mesh file', ['graph', '-o', 'graph.mesh', '--format', 'svg'], 'graph.mesh: a .mesh file is read as a spec'],
    ])('never writes the graph over a spec: %s', async (_, args, why) => {
        const dir = workspace({ 'shop.mesh': SHOP, 'spec.txt': SHOP });
        const result = await meshspec(args, { cwd: dir });
        expect(result).toEqual({ code: 2, stdout: '', stderr: `meshspec: will not write the graph to ${why} (choose a .svg, .html or .json file)\n` });
        expect(readFileSync(join(dir, 'shop.mesh'), 'utf8')).toBe(SHOP);
        expect(readFileSync(join(dir, 'spec.txt'), 'utf8')).toBe(SHOP);
        expect(existsSync(join(dir, 'graph.mesh'))).toBe(false);
    });

    const USAGE_ERRORS: [string, string[], RegExp][] = [
        ['no -o', ['graph'], /required option '-o, --output <file>' not specified/],
        ['an -o extension that names no format', ['graph', '-o', 'x.png'], /^meshspec: cannot tell the format from 'x\.png'; use --format svg\|html\|json/],
        ['-o - without --format', ['graph', '-o', '-'], /^meshspec: -o - \(stdout\) needs --format svg\|html\|json\n$/],
        ['an unknown --format', ['graph', '-o', 'x.svg', '--format', 'pdf'], /argument 'pdf' is invalid\. Allowed choices are svg, html, json\./],
        ['an unknown --mode', ['graph', '-o', 'x.svg', '--mode', 'recovery'], /argument 'recovery' is invalid\. Allowed choices are target, degraded, floor\./],
        ['a --depth that is not a count', ['graph', '-o', 'x.svg', '--focus', 'payments', '--depth', 'two'], /Expected a non-negative integer\./],
        ['--depth without --focus', ['graph', '-o', 'x.svg', '--depth', '2'], /^meshspec: --depth needs --focus\n$/],
        ['an unknown --focus name', ['graph', '-o', 'x.svg', '--focus', 'paymnts'], /^meshspec: no element named 'paymnts' in the graph; did you mean 'payments'\?\n$/],
        ['a missing input path', ['graph', 'missing-dir', '-o', 'x.svg'], /^meshspec: cannot read missing-dir: no such file or directory\n$/],
        ['an unwritable output', ['graph', '-o', 'no-such-dir/x.svg'], /^meshspec: cannot write no-such-dir\/x\.svg: no such file or directory\n$/],
    ];

    it.each(USAGE_ERRORS)('exits 2 with one line on %s', async (_, args, pattern) => {
        const dir = workspace({ 'shop.mesh': SHOP });
        expectUsageError(await meshspec(args, { cwd: dir }), pattern);
        expect(existsSync(join(dir, 'x.svg'))).toBe(false);
    });
});
