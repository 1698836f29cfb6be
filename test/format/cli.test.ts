import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { meshspec, workspace } from '../cli/cli.js';

const UNFORMATTED = 'service a{owner "x"  region eu}\n';
const FORMATTED = 'service a {\n  owner "x"\n  region eu\n}\n';
const BROKEN = 'service b {\n  calls a timeout\n';

describe('meshspec format', () => {
    it('--check lists unformatted files, writes nothing and exits 1', async () => {
        const dir = workspace({ 'a.mesh': UNFORMATTED, 'ok.mesh': FORMATTED });
        const result = await meshspec(['format', '--check'], { cwd: dir });
        expect(result.code).toBe(1);
        expect(result.stdout).toBe('a.mesh\n');
        expect(readFileSync(join(dir, 'a.mesh'), 'utf8')).toBe(UNFORMATTED);
    });

    it('--check exits 0 when everything is formatted', async () => {
        const dir = workspace({ 'ok.mesh': FORMATTED });
        const result = await meshspec(['format', '--check', '.'], { cwd: dir });
        expect(result).toMatchObject({ code: 0, stdout: '', stderr: '' });
    });

    it('rewrites only the files that change, listing them', async () => {
        const dir = workspace({ 'a.mesh': UNFORMATTED, 'sub/ok.mesh': FORMATTED });
        const before = statSync(join(dir, 'sub/ok.mesh')).mtimeMs;
        await new Promise(r => setTimeout(r, 20));
        const result = await meshspec(['format'], { cwd: dir });
        expect(result).toMatchObject({ code: 0, stdout: 'a.mesh\n' });
        expect(readFileSync(join(dir, 'a.mesh'), 'utf8')).toBe(FORMATTED);
        expect(statSync(join(dir, 'sub/ok.mesh')).mtimeMs).toBe(before);
        const again = await meshspec(['format', '--check'], { cwd: dir });
        expect(again.code).toBe(0);
    });

    it('never writes a file with syntax errors: reports it and exits 1, formatting the others', async () => {
        const dir = workspace({ 'a.mesh': UNFORMATTED, 'broken.mesh': BROKEN });
        const result = await meshspec(['format'], { cwd: dir });
        expect(result.code).toBe(1);
        expect(result.stderr).toMatch(/^meshspec: broken\.mesh:2:18: not formatted, syntax error: .+\n$/);
        expect(readFileSync(join(dir, 'broken.mesh'), 'utf8')).toBe(BROKEN);
        expect(readFileSync(join(dir, 'a.mesh'), 'utf8')).toBe(FORMATTED);
    });

    it('exits 2 with one line for a missing path', async () => {
        const dir = workspace({});
        const result = await meshspec(['format', 'nope.mesh'], { cwd: dir });
        expect(result.code).toBe(2);
        expect(result.stderr).toMatch(/^meshspec: cannot read nope\.mesh: .+\n$/);
    });
});
