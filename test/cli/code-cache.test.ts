import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, ROOT } from './cli.js';

/*
 * bin/meshspec.cjs runs out/cli.cjs with the V8 code cache the build writes beside it
 * (out/cli.cjs.v8cache: a hash of the bundle, a line end, then V8's data).
 */

const BUNDLE = join(ROOT, 'out', 'cli.cjs');
const SAMPLES = join(ROOT, 'samples');

function run(bin: string): { code: number | null; stdout: string; stderr: string } {
    const result = spawnSync(process.execPath, [bin, 'check', SAMPLES, '--format', 'json'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const scratch = mkdtempSync(join(tmpdir(), 'meshspec-code-cache-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A copy of the installed layout (bin/, out/) in `name`, with this bundle text and cache; returns its bin. */
function installed(name: string, bundle: string, cache: Buffer | undefined): string {
    const dir = join(scratch, name.replace(/ /g, '-'));
    mkdirSync(join(dir, 'bin'), { recursive: true });
    mkdirSync(join(dir, 'out'), { recursive: true });
    copyFileSync(BIN, join(dir, 'bin', 'meshspec.cjs'));
    writeFileSync(join(dir, 'out', 'cli.cjs'), bundle);
    if (cache) writeFileSync(join(dir, 'out', 'cli.cjs.v8cache'), cache);
    return join(dir, 'bin', 'meshspec.cjs');
}

describe('the code cache', () => {
    it('is written by the build for this very bundle, and V8 accepts it', () => {
        const source = readFileSync(BUNDLE, 'utf8');
        const cache = readFileSync(`${BUNDLE}.v8cache`);
        const header = `${createHash('sha1').update(source).digest('hex')}\n`;
        expect(cache.subarray(0, header.length).toString()).toBe(header);
        const script = new Script(Module.wrap(source), { filename: BUNDLE, cachedData: cache.subarray(header.length) });
        expect(script.cachedDataRejected).toBe(false);
    });

    it('is ignored when it belongs to another bundle or is damaged, with the same result', () => {
        const expected = run(BIN);
        expect(expected.code).toBe(1);
        expect(JSON.parse(expected.stdout).diagnostics.length).toBeGreaterThan(0);
        const good = readFileSync(`${BUNDLE}.v8cache`);
        const newline = good.indexOf(10);
        const variants: Record<string, Buffer | undefined> = {
            'none': undefined,
            'another bundle': Buffer.concat([Buffer.from(`${'0'.repeat(40)}\n`), good.subarray(newline + 1)]),
            'damaged data': Buffer.concat([good.subarray(0, newline + 1), Buffer.from('not bytecode')]),
            'no header': Buffer.from('garbage'),
        };
        const bundle = readFileSync(BUNDLE, 'utf8');
        for (const [name, cache] of Object.entries(variants)) {
            expect(run(installed(name, bundle, cache)), name).toEqual(expected);
        }
    });

    it('is not used for a rebuilt bundle of the same length (V8 checks only the length)', () => {
        // A rebuild that changed one message: same length, other text.
        const changed = readFileSync(BUNDLE, 'utf8').replace("has no 'when' trigger", "has no 'when' TRIGGER");
        expect(changed.length).toBe(readFileSync(BUNDLE, 'utf8').length);
        // The old bundle's cache, whose bytecode still says 'trigger'.
        const result = run(installed('rebuilt', changed, readFileSync(`${BUNDLE}.v8cache`)));
        expect(result.stdout).toContain("has no 'when' TRIGGER");
        expect(result.stdout).not.toContain("has no 'when' trigger");
    });
});
