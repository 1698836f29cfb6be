import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { meshspec, workspace, type JsonReport } from '../cli/cli.js';

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

    it('--check lists a file whose name holds a newline or an escape on one printable line', async () => {
        const dir = workspace({ 'new\nline\u001b[31m.mesh': UNFORMATTED });
        const result = await meshspec(['format', '--check'], { cwd: dir });
        expect(result).toMatchObject({ code: 1, stdout: 'new\uFFFDline\uFFFD[31m.mesh\n' });
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

    it('says what the syntax error is as check does, in a few words', async () => {
        const dir = workspace({ 'cut.mesh': 'service a {\n  calls b\n', 'odd.mesh': 'service a { calls b timeout }\n' });
        const result = await meshspec(['format', '--check'], { cwd: dir });
        expect(result.code).toBe(1);
        expect(result.stderr).toBe(
            "meshspec: cut.mesh:2:10: not formatted, syntax error: expected '}' but found end of file\n"
            + "meshspec: odd.mesh:1:29: not formatted, syntax error: expected a duration (e.g. 250ms, 5s) but found '}'\n");
        const check = await meshspec(['check', '--format', 'json'], { cwd: dir });
        const messages = (JSON.parse(check.stdout) as JsonReport).diagnostics.filter(d => d.code === 'syntax').map(d => d.message);
        expect(messages).toEqual(["expected '}' but found end of file", "expected a duration (e.g. 250ms, 5s) but found '}'"]);
    });

    it('exits 2 with one line for a missing path', async () => {
        const dir = workspace({});
        const result = await meshspec(['format', 'nope.mesh'], { cwd: dir });
        expect(result.code).toBe(2);
        expect(result.stderr).toMatch(/^meshspec: cannot read nope\.mesh: .+\n$/);
    });
});
