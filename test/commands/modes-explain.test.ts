import { describe, expect, it } from 'vitest';
import { meshspec, workspace } from '../cli/cli.js';

const SPEC = `
domain orders owner "orders-team" {
  store order-db { provides <Cluster, SS, SER, Fresh, Idem, Auth> }
  service orders-api {
    provides <Cluster, SS, SER, Fresh, Idem, Auth>
    reads order-db
    operation getOrder
    modes {
      degraded <Cluster, Causal, RA, BS(10s), Idem, Auth> when error_rate > 5% for 1m
      floor    <Local, None, None, Stale, None, Auth>    when error_rate > 50%
      recovery <Range, Causal, RA, BS(10s), Idem, Auth>  when success_rate > 99% for 5m
    }
  }
  service checkout {
    calls orders-api.getOrder requires <_, _, _, BS(30s), _, _>
  }
}
`;

describe('meshspec modes', () => {
    it('prints the mode matrix with triggers and the blast radius per mode (text)', async () => {
        const dir = workspace({ 'shop.mesh': SPEC });
        const { code, stdout, stderr } = await meshspec(['modes', '.'], { cwd: dir });
        expect(stderr).toBe('');
        expect(code).toBe(0);
        expect(stdout).toContain('orders-api');
        expect(stdout).toMatch(/degraded\s+<Cluster, Causal, RA, BS\(10s\), Idem, Auth>\s+when error_rate > 5% for 1m/);
        // BS(30s) holds in target and degraded (10s), breaks in floor (Stale).
        expect(stdout).toContain('Blast radius in degraded mode: none');
        expect(stdout).toMatch(/Blast radius in floor mode: 1 requirement break/);
        expect(stdout).toMatch(/checkout calls orders-api\.getOrder\s+requires <_, _, _, BS\(30s\), _, _>\s+\(shop\.mesh:\d+\)/);
        expect(stdout).toContain('Recency: needs BS(30s), gets Stale');
    });

    it('prints JSON with elements and blast radius', async () => {
        const dir = workspace({ 'shop.mesh': SPEC });
        const { code, stdout } = await meshspec(['modes', '--format', 'json'], { cwd: dir });
        expect(code).toBe(0);
        const json = JSON.parse(stdout);
        expect(json.version).toBe(1);
        const row = json.elements.find((e: { id: string }) => e.id === 'orders-api');
        expect(row.modes.floor).toEqual({ vector: '<Local, None, None, Stale, None, Auth>', trigger: 'error_rate > 50%', declared: true });
        expect(json.blastRadius.floor).toHaveLength(1);
        expect(json.blastRadius.floor[0].location.file).toBe('shop.mesh');
        expect(json.blastRadius.degraded).toEqual([]);
    });

    it('shows the vector a system mode inherits where an element with modes does not declare it', async () => {
        const dir = workspace({ 'm.mesh': 'service a {\n  provides <Cluster, SS, SER, Fresh, Idem, Auth>\n'
            + '  modes { degraded <Cluster, Causal, RA, BS(10s), Idem, Auth> when error_rate > 5% }\n}\n'
            + 'store plain { provides <Cluster, SS, SER, Fresh, Idem, Auth> }\n' });
        const json = JSON.parse((await meshspec(['modes', '--format', 'json'], { cwd: dir })).stdout);
        const a = json.elements.find((e: { id: string }) => e.id === 'a');
        expect(a.modes.floor).toEqual({ vector: '<Cluster, Causal, RA, BS(10s), Idem, Auth>', declared: false });
        expect(a.modes.recovery).toEqual({ declared: false });
        // Without a modes block the target vector holds in every mode; the row shows it once.
        const plain = json.elements.find((e: { id: string }) => e.id === 'plain');
        expect(plain.modes.floor).toEqual({ declared: false });
        const text = (await meshspec(['modes'], { cwd: dir })).stdout;
        expect(text).toContain('  floor     <Cluster, Causal, RA, BS(10s), Idem, Auth> (inherited)\n');
        const markdown = (await meshspec(['modes', '--format', 'markdown'], { cwd: dir })).stdout;
        expect(markdown).toContain('| **a** | `<Cluster, SS, SER, Fresh, Idem, Auth>` | `<Cluster, Causal, RA, BS(10s), Idem, Auth>`<br>when `error_rate > 5%` | `<Cluster, Causal, RA, BS(10s), Idem, Auth>` (inherited) | — |');
    });

    it('says on stderr that files with syntax errors are shown as far as they parse (modes and explain)', async () => {
        const dir = workspace({ 'shop.mesh': SPEC, 'broken.mesh': 'service half { provides <' });
        const modes = await meshspec(['modes', '--format', 'json'], { cwd: dir });
        expect(modes.code).toBe(0);
        expect(modes.stderr).toBe('meshspec: 1 file has syntax errors; showing what parses\n');
        expect(JSON.parse(modes.stdout).version).toBe(1);
        const explain = await meshspec(['explain', 'orders-api'], { cwd: dir });
        expect(explain).toMatchObject({ code: 0, stderr: 'meshspec: 1 file has syntax errors; showing what parses\n' });
        expect((await meshspec(['modes'], { cwd: workspace({ 'shop.mesh': SPEC }) })).stderr).toBe('');
    });

    it('prints Markdown tables', async () => {
        const dir = workspace({ 'shop.mesh': SPEC });
        const { stdout } = await meshspec(['modes', '--format', 'markdown'], { cwd: dir });
        expect(stdout).toContain('| element | target | degraded | floor | recovery |');
        expect(stdout).toContain('## Blast radius: floor');
    });

    it('keeps a file name with a pipe or a control character inside its table cell', async () => {
        const dir = workspace({ 'we|ird\u001b.mesh': SPEC });
        const { stdout } = await meshspec(['modes', '--format', 'markdown'], { cwd: dir });
        const row = stdout.split('\n').find(line => line.startsWith('| checkout calls'))!;
        expect(row).toMatch(/ \| we\\\|ird\uFFFD\.mesh:\d+ \|$/);
        // Six cells: the pipe in the name is escaped.
        expect(row.split(/(?<!\\)\|/)).toHaveLength(7);
        const text = (await meshspec(['modes'], { cwd: dir })).stdout;
        expect(text).toMatch(/\(we\|ird\uFFFD\.mesh:\d+\)/);
        expect(text).not.toContain('\u001b');
    });

    it('rejects an unknown format with exit 2', async () => {
        const dir = workspace({ 'shop.mesh': SPEC });
        const { code, stderr } = await meshspec(['modes', '--format', 'yaml'], { cwd: dir });
        expect(code).toBe(2);
        expect(stderr.trim().split('\n')).toHaveLength(1);
    });
});

describe('meshspec explain', () => {
    it('explains each component with its derivation chain', async () => {
        const dir = workspace({ 'shop.mesh': SPEC.replace('provides <Cluster, SS, SER, Fresh, Idem, Auth> }', 'provides <Cluster, SS, SER, BS(2s), Idem, Auth> }') });
        const { code, stdout } = await meshspec(['explain', 'orders-api.getOrder'], { cwd: dir });
        expect(code).toBe(0);
        expect(stdout).toContain('operation orders-api.getOrder');
        expect(stdout).toMatch(/target: declared <Cluster, SS, SER, Fresh, Idem, Auth>\s+→\s+effective <Cluster, SS, SER, BS\(2s\), Idem, Auth>/);
        expect(stdout).toContain('derives it from store order-db');
        expect(stdout).toContain('declared by store order-db');
    });

    it('names the mode vector that sets a component in a mode, and the mode it falls back to', async () => {
        const dir = workspace({ 'm.mesh': 'service a {\n  provides <Cluster, SS, SER, Fresh, Idem, Auth>\n  operation op provides <Range, Causal, RC, Fresh, Idem, Auth>\n'
            + '  modes { degraded <Cluster, TotalOrder, RA, BS(10s), Idem, Auth> when error_rate > 5% }\n}\n' });
        const { code, stdout } = await meshspec(['explain', 'a.op'], { cwd: dir });
        expect(code).toBe(0);
        const degraded = stdout.slice(stdout.indexOf('  degraded:'), stdout.indexOf('  floor:'));
        expect(degraded).toMatch(/Recency +BS\(10s\)\n {6}← BS\(10s\) +declared by the degraded vector of service a\n/);
        // The operation's own Visibility is weaker than the degraded vector's: its own declaration stands.
        expect(degraded).toMatch(/Visibility +RC\n {6}← RC +declared by operation a\.op\n/);
        const floor = stdout.slice(stdout.indexOf('  floor:'));
        expect(floor).toContain('declared by the degraded vector of service a, in floor mode (service a declares no floor vector)');
    });

    it('shows the declared recovery vector and its trigger, which is not a system mode', async () => {
        const dir = workspace({ 'shop.mesh': SPEC });
        const { stdout } = await meshspec(['explain', 'orders-api'], { cwd: dir });
        expect(stdout).toContain('  recovery: declared <Range, Causal, RA, BS(10s), Idem, Auth>  when success_rate > 99% for 5m\n');
        const json = JSON.parse((await meshspec(['explain', 'orders-api', '--format', 'json'], { cwd: dir })).stdout);
        expect(json.recovery).toEqual({ vector: '<Range, Causal, RA, BS(10s), Idem, Auth>', trigger: 'success_rate > 99% for 5m' });
        const plain = JSON.parse((await meshspec(['explain', 'order-db', '--format', 'json'], { cwd: dir })).stdout);
        expect(plain.recovery).toBeUndefined();
        expect((await meshspec(['explain', 'order-db'], { cwd: dir })).stdout).not.toContain('recovery');
    });

    it('lists the requirements on an element and their status', async () => {
        const dir = workspace({ 'shop.mesh': SPEC });
        const { stdout } = await meshspec(['explain', 'orders-api'], { cwd: dir });
        expect(stdout).toContain('checkout calls orders-api.getOrder  requires <_, _, _, BS(30s), _, _>: satisfied');
    });

    it('emits JSON', async () => {
        const dir = workspace({ 'shop.mesh': SPEC });
        const { stdout } = await meshspec(['explain', 'order-db', '--format', 'json'], { cwd: dir });
        const json = JSON.parse(stdout);
        expect(json.name).toBe('order-db');
        expect(json.nodes[0].modes.map((m: { mode: string }) => m.mode)).toEqual(['target', 'degraded', 'floor']);
    });

    it('exits 2 with a did-you-mean for an unknown name', async () => {
        const dir = workspace({ 'shop.mesh': SPEC });
        const { code, stderr } = await meshspec(['explain', 'orders-apl'], { cwd: dir });
        expect(code).toBe(2);
        expect(stderr).toBe("meshspec: no element named 'orders-apl'; did you mean 'orders-api'?\n");
    });

    it.each([
        ['orders', "'orders' is a domain, which has no guarantees of its own; explain one of its elements: order-db, orders-api, checkout"],
        ['m', "'m' is a mesh, which has no guarantees of its own; explain takes an element or service.operation"],
        ['p', "'p' is a policy, which has no guarantees of its own; explain takes an element or service.operation"],
        ['G', "'G' is a named guarantee, which has no guarantees of its own; explain takes an element or service.operation"],
        ['S', "'S' is a schema, which has no guarantees of its own; explain takes an element or service.operation"],
        ['orders-api.getOrdr', "service orders-api has no operation 'getOrdr'; did you mean 'orders-api.getOrder'?"],
        ['orders-api.cancel', "service orders-api has no operation 'cancel'; its operations: orders-api.getOrder"],
        ['checkout.x', "service checkout has no operation 'x'; it declares no operations"],
    ])('exits 2 saying what %s is when it cannot be explained', async (name, message) => {
        const others = 'mesh m { mtls strict members all }\npolicy p { allow checkout -> orders-api }\nguarantee G = <Local, None, None, Stale, None, None>\nschema S v1 { a: int }\n';
        const dir = workspace({ 'shop.mesh': SPEC, 'other.mesh': others });
        expect(await meshspec(['explain', name], { cwd: dir })).toEqual({ code: 2, stdout: '', stderr: `meshspec: ${message}\n` });
    });
});
