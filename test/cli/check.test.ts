import { describe, expect, it } from 'vitest';
import { chmodSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, meshspec, workspace, type JsonReport } from './cli.js';

/** Snippets whose diagnostics the core checker already reports. */
const CLEAN = 'service payments { operation charge idempotent }\nservice caller { calls payments.charge }\n';
const UNRESOLVED = 'service a { calls nope.op }\n';
/** An unused suppression: a warning and nothing else. */
const WARNING = '// mesh-disable-next-line sync-cycle\nservice w { }\n';

async function json(args: string[], cwd: string): Promise<{ code: number | null; report: JsonReport; stderr: string }> {
    const result = await meshspec(['check', '--format', 'json', ...args], { cwd });
    return { code: result.code, report: JSON.parse(result.stdout) as JsonReport, stderr: result.stderr };
}

describe('meshspec check: exit status', () => {
    it('exits 0 on a clean spec, checking the current directory by default', async () => {
        const result = await meshspec(['check'], { cwd: join(FIXTURES, 'shop') });
        expect(result).toMatchObject({ code: 0, stderr: '' });
        expect(result.stdout).toBe('✔ no problems in 2 files\n');
    });

    it('exits 1 when there is an error', async () => {
        const dir = workspace({ 'a.mesh': UNRESOLVED });
        const result = await meshspec(['check'], { cwd: dir });
        expect(result.code).toBe(1);
        expect(result.stderr).toBe('');
        expect(result.stdout).toContain('[unresolved-reference]');
    });

    it('exits 0 with warnings, and 1 when they exceed --max-warnings', async () => {
        const dir = workspace({ 'w.mesh': WARNING });
        const plain = await json([], dir);
        expect(plain.code).toBe(0);
        expect(plain.report.summary).toEqual({ errors: 0, warnings: 1, infos: 0 });
        expect(plain.report.diagnostics.map(d => d.code)).toEqual(['unused-suppression']);

        expect((await meshspec(['check', '--max-warnings', '1'], { cwd: dir })).code).toBe(0);

        const strict = await meshspec(['check', '--max-warnings', '0'], { cwd: dir });
        expect(strict.code).toBe(1);
        expect(strict.stdout).toContain('too many warnings: 1 (--max-warnings 0)');

        // Machine formats keep stdout to the document and explain the status on stderr.
        const strictJson = await json(['--max-warnings', '0'], dir);
        expect(strictJson.code).toBe(1);
        expect(strictJson.report.summary.warnings).toBe(1);
        expect(strictJson.stderr).toBe('meshspec: too many warnings: 1 warning, maximum 0\n');
    });

    it('a suppression comment with an unknown rule id is a warning: exit 0', async () => {
        const dir = workspace({ 'w.mesh': '// mesh-disable-next-line no-such-rule\nservice w { }\n' });
        const { code, report } = await json([], dir);
        expect(code).toBe(0);
        expect(report.diagnostics.map(d => [d.code, d.severity])).toEqual([['unused-suppression', 'warning']]);
    });

    it('--quiet drops warnings from the output, but --max-warnings still counts them', async () => {
        const dir = workspace({ 'w.mesh': WARNING });
        const quiet = await meshspec(['check', '--quiet'], { cwd: dir });
        expect(quiet).toMatchObject({ code: 0, stderr: '' });
        expect(quiet.stdout).toBe('✔ no errors in 1 file (1 warning hidden by --quiet)\n');

        const strict = await meshspec(['check', '--quiet', '--max-warnings', '0'], { cwd: dir });
        expect(strict.code).toBe(1);
        expect(strict.stdout).toBe('✔ no errors in 1 file (1 warning hidden by --quiet)\n✖ too many warnings: 1 (--max-warnings 0)\n');
        const within = await meshspec(['check', '--quiet', '--max-warnings', '1'], { cwd: dir });
        expect(within).toMatchObject({ code: 0, stderr: '' });

        const both = workspace({ 'w.mesh': WARNING, 'e.mesh': UNRESOLVED });
        expect((await meshspec(['check', '--quiet'], { cwd: both })).stdout).toMatch(/\n✖ 1 error, 0 warnings, 0 infos in 2 files \(1 warning hidden by --quiet\)\n$/);
        const clean = await meshspec(['check', '--quiet'], { cwd: workspace({ 'c.mesh': CLEAN }) });
        expect(clean.stdout).toBe('✔ no errors in 1 file\n');
        const { code, report } = await json(['--quiet'], both);
        expect(code).toBe(1);
        expect(report.diagnostics.map(d => d.code)).toEqual(['unresolved-reference']);
        expect(report.summary).toEqual({ errors: 1, warnings: 0, infos: 0 });
        const strictJson = await json(['--quiet', '--max-warnings', '0'], dir);
        expect(strictJson.code).toBe(1);
        expect(strictJson.report.diagnostics).toEqual([]);
        expect(strictJson.stderr).toBe('meshspec: too many warnings: 1 warning, maximum 0\n');
    });

    it('loads all files as one workspace: names resolve across files, and not without the other file', async () => {
        const shop = join(FIXTURES, 'shop');
        const both = await json(['orders.mesh', 'payments.mesh'], shop);
        expect(both.code).toBe(0);
        expect(both.report.files).toBe(2);
        expect(both.report.diagnostics).toEqual([]);

        const alone = await json(['orders.mesh'], shop);
        expect(alone.code).toBe(1);
        expect(alone.report.files).toBe(1);
        expect(alone.report.diagnostics.map(d => [d.file, d.code])).toEqual([['orders.mesh', 'unresolved-reference']]);
        expect(alone.report.diagnostics[0].message).toContain('payments.charge');
    });

    it('takes a file argument as it is, whatever its extension, and dedupes repeated paths', async () => {
        const dir = workspace({ 'spec.txt': UNRESOLVED, 'sub/b.mesh': CLEAN });
        const { code, report } = await json(['spec.txt', 'sub', 'sub/b.mesh', '.'], dir);
        expect(code).toBe(1);
        expect(report.files).toBe(2);
        expect(report.diagnostics.map(d => d.file)).toEqual(['spec.txt']);
    });

    it('loads a file reached through a symlink once, by the path without the symlink', async () => {
        const dir = workspace({ 'specs/a/x.mesh': CLEAN });
        symlinkSync('..', join(dir, 'specs', 'a', 'up'));
        symlinkSync('specs', join(dir, 'specs-link'));
        for (const args of [['specs'], ['specs', 'specs-link'], ['specs-link/a/x.mesh', 'specs/a/x.mesh']]) {
            const { code, report } = await json(args, dir);
            expect(code, args.join(' ')).toBe(0);
            expect(report.files).toBe(1);
            expect(report.diagnostics).toEqual([]);
        }
        const linked = await json(['specs-link'], dir);
        expect(linked.report.files).toBe(1);
        const unlinked = await json(['specs'], workspace({ 'specs/a/x.mesh': CLEAN, 'specs/b/x.mesh': CLEAN }));
        expect(unlinked.report.files).toBe(2);
        expect(unlinked.report.diagnostics.map(d => d.code)).toEqual(['duplicate-name', 'duplicate-name']);
    });

    it('shows a path given through the shell\'s name for the working directory (a symlink) relative to it', async () => {
        const real = workspace({ 'd/w.mesh': UNRESOLVED });
        const link = join(workspace(), 'link');
        symlinkSync(real, link);
        const file = async (path: string, pwd: string): Promise<string> => {
            const result = await meshspec(['check', '--format', 'json', path], { cwd: real, env: { PWD: pwd } });
            return (JSON.parse(result.stdout) as JsonReport).diagnostics[0].file;
        };
        expect(await file(join(link, 'd', 'w.mesh'), link)).toBe('d/w.mesh');
        expect(await file(join(real, 'd', 'w.mesh'), link)).toBe('d/w.mesh');
        expect(await file('d/w.mesh', link)).toBe('d/w.mesh');
        // A PWD that is not the working directory is not its name.
        const elsewhere = workspace();
        expect(await file(join(real, 'd', 'w.mesh'), elsewhere)).toBe('d/w.mesh');
    });

    it('does not count a byte order mark as a column', async () => {
        const dir = workspace({ 'bom.mesh': '\uFEFF' + UNRESOLVED, 'plain.mesh': UNRESOLVED.replace('service a', 'service b') });
        const { report } = await json([], dir);
        const [bom, plain] = report.diagnostics;
        expect([bom.file, plain.file]).toEqual(['bom.mesh', 'plain.mesh']);
        expect(bom.range).toEqual(plain.range);
    });

    it('walks directories for *.mesh, skipping node_modules and .git', async () => {
        const dir = workspace({
            'specs/a.mesh': CLEAN,
            'specs/.hidden/b.mesh': 'service b { }\n',
            'notes.md': '# not a spec',
            'node_modules/dep/bad.mesh': UNRESOLVED,
            '.git/bad.mesh': UNRESOLVED,
            'specs/node_modules/bad.mesh': UNRESOLVED,
        });
        const { code, report } = await json([], dir);
        expect(code).toBe(0);
        expect(report.files).toBe(2);
    });

    it('treats a binary file as text that does not parse: syntax errors, exit 1, no crash', async () => {
        // A fixed pseudo-random byte sequence (reproducible), with NUL, ESC and invalid UTF-8 in it.
        const bytes = new Uint8Array(4096);
        let seed = 0x2f6b1d;
        for (let i = 0; i < bytes.length; i++) {
            seed = (seed * 1103515245 + 12345) >>> 0;
            bytes[i] = seed >>> 24;
        }
        bytes.set([0x00, 0x1b, 0x5b, 0x33, 0x31, 0x6d, 0xff, 0xfe, 0x0a, 0x09, 0x0d], 100);
        const dir = workspace({ 'x.mesh': bytes });

        const { code, report, stderr } = await json([], dir);
        expect(stderr).toBe('');
        expect(code).toBe(1);
        expect(report.diagnostics.length).toBeGreaterThan(0);
        expect(new Set(report.diagnostics.map(d => d.code))).toEqual(new Set(['syntax']));

        const pretty = await meshspec(['check'], { cwd: dir });
        expect(pretty.code).toBe(1);
        expect(pretty.stderr).toBe('');
        // The code frames must not pass the file's control bytes through to the terminal.
        expect(pretty.stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
        expect(pretty.stdout).toMatch(/✖ \d+ errors?, 0 warnings, 0 infos in 1 file\n$/);
    });
});

describe('meshspec check: unreadable input exits 2 with one line', () => {
    it('a path that does not exist', async () => {
        const result = await meshspec(['check', 'missing.mesh'], { cwd: workspace() });
        expect(result).toEqual({ code: 2, stdout: '', stderr: 'meshspec: cannot read missing.mesh: no such file or directory\n' });
    });

    it.each(['a.mesh/inner.mesh', 'a.mesh/..', 'a.mesh/'])('a path through a file, as a shell reads it: %s', async (path) => {
        const dir = workspace({ 'a.mesh': CLEAN });
        const result = await meshspec(['check', path], { cwd: dir });
        expect(result).toEqual({ code: 2, stdout: '', stderr: `meshspec: cannot read ${path}: not a directory\n` });
    });

    it.each([
        [['check', ''], 'an empty path was given (an unset variable?); use . for the current directory'],
        [['check', '--config', ''], '--config was given an empty file name'],
        [['graph', '-o', '', '--format', 'svg'], '-o was given an empty file name'],
    ])('an empty path: %j', async (args, message) => {
        const result = await meshspec(args, { cwd: workspace({ 'a.mesh': CLEAN }) });
        expect(result).toEqual({ code: 2, stdout: '', stderr: `meshspec: ${message}\n` });
    });

    it('a file found by the walk that cannot be read', async () => {
        const dir = workspace({ 'specs/a.mesh': CLEAN, 'specs/locked.mesh': CLEAN });
        chmodSync(join(dir, 'specs', 'locked.mesh'), 0o000);
        chmodSync(dir, 0o755);
        // root reads any file, so run the CLI as an unprivileged user there.
        const user = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
        const result = await meshspec(['check', 'specs'], { cwd: dir, ...user });
        expect(result).toEqual({ code: 2, stdout: '', stderr: 'meshspec: cannot read specs/locked.mesh: permission denied\n' });
    });

    it('a symlink loop given as a path', async () => {
        const dir = workspace();
        symlinkSync('loop.mesh', join(dir, 'loop.mesh'));
        const result = await meshspec(['check', 'loop.mesh'], { cwd: dir });
        expect(result).toEqual({ code: 2, stdout: '', stderr: 'meshspec: cannot read loop.mesh: too many symbolic links encountered\n' });
    });

    it('a directory found by the walk that cannot be read', async () => {
        const dir = workspace({ 'specs/a.mesh': CLEAN, 'specs/locked/b.mesh': 'service other { }\n' });
        chmodSync(join(dir, 'specs', 'locked'), 0o000);
        chmodSync(dir, 0o755);
        const user = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
        const result = await meshspec(['check', 'specs'], { cwd: dir, ...user });
        expect(result).toEqual({ code: 2, stdout: '', stderr: 'meshspec: cannot read specs/locked: permission denied\n' });
        chmodSync(join(dir, 'specs', 'locked'), 0o755);
        expect((await meshspec(['check', 'specs'], { cwd: dir, ...user })).code).toBe(0);
    });

    it('a .mesh symlink that leads nowhere; other broken symlinks are not in the way', async () => {
        const dir = workspace({ 'a.mesh': CLEAN });
        symlinkSync('gone.txt', join(dir, 'notes.txt'));
        expect((await meshspec(['check'], { cwd: dir })).code).toBe(0);
        symlinkSync('gone.mesh', join(dir, 'b.mesh'));
        const result = await meshspec(['check'], { cwd: dir });
        expect(result).toEqual({ code: 2, stdout: '', stderr: 'meshspec: cannot read b.mesh: no such file or directory\n' });
    });

    it('a directory without .mesh files', async () => {
        const dir = workspace({ 'readme.md': '# nothing', 'node_modules/x/a.mesh': CLEAN });
        const result = await meshspec(['check'], { cwd: dir });
        expect(result).toEqual({ code: 2, stdout: '', stderr: 'meshspec: no .mesh files found in .\n' });
        const named = await meshspec(['check', 'docs', 'specs'], { cwd: workspace({ 'docs/a.txt': '', 'specs/b.mesh.bak': CLEAN }) });
        expect(named).toEqual({ code: 2, stdout: '', stderr: 'meshspec: no .mesh files found in docs, specs\n' });
    });
});

describe('meshspec check: configuration', () => {
    it('reads meshspec.json from the current directory', async () => {
        const dir = workspace({ 'a.mesh': UNRESOLVED + WARNING, 'meshspec.json': JSON.stringify({ rules: { 'unresolved-reference': 'warning', 'unused-suppression': 'off' } }) });
        const { code, report } = await json([], dir);
        expect(code).toBe(0);
        expect(report.diagnostics.map(d => [d.code, d.severity])).toEqual([['unresolved-reference', 'warning']]);
    });

    it('reads meshspec.json at the workspace root: the one directory given, else the current directory', async () => {
        const rules = (severity: string) => JSON.stringify({ rules: { 'unused-suppression': severity } });
        const dir = workspace({ 'specs/w.mesh': WARNING, 'specs/meshspec.json': rules('error'), 'other/w.mesh': WARNING.replace('service w', 'service v') });
        const root = await json(['specs'], dir);
        expect(root.report.diagnostics.map(d => d.severity)).toEqual(['error']);
        expect(root.code).toBe(1);
        // Not the root's file when the workspace is not that one directory.
        expect((await json(['specs/w.mesh'], dir)).report.diagnostics.map(d => d.severity)).toEqual(['warning']);
        expect((await json(['specs', 'other'], dir)).report.diagnostics.map(d => d.severity)).toEqual(['warning', 'warning']);
        // The current directory's file when the root has none; the root's when both have one.
        const both = workspace({ 'meshspec.json': rules('off'), 'specs/w.mesh': WARNING, 'nested/w.mesh': WARNING, 'nested/meshspec.json': rules('info') });
        expect((await json(['specs'], both)).report.diagnostics).toEqual([]);
        expect((await json(['nested'], both)).report.diagnostics.map(d => d.severity)).toEqual(['info']);
        // An invalid file at the root is named by its path.
        const broken = workspace({ 'specs/w.mesh': WARNING, 'specs/meshspec.json': '{' });
        const result = await meshspec(['check', 'specs'], { cwd: broken });
        expect(result.code).toBe(2);
        expect(result.stderr).toMatch(/^meshspec: specs\/meshspec\.json: invalid JSON: [^\n]+\n$/);
    });

    it('accepts a configuration file that starts with a byte order mark', async () => {
        const dir = workspace({ 'w.mesh': WARNING, 'meshspec.json': '\uFEFF' + JSON.stringify({ rules: { 'unused-suppression': 'off' } }) });
        expect(await json([], dir)).toMatchObject({ code: 0, report: { diagnostics: [] } });
    });

    it('--config names another file, which must exist', async () => {
        const dir = workspace({ 'a.mesh': WARNING, 'conf/strict.json': '{ "rules": { "unused-suppression": "error" } }' });
        const { code, report } = await json(['--config', 'conf/strict.json'], dir);
        expect(code).toBe(1);
        expect(report.summary).toEqual({ errors: 1, warnings: 0, infos: 0 });

        const missing = await meshspec(['check', '--config', 'nope.json'], { cwd: dir });
        expect(missing).toEqual({ code: 2, stdout: '', stderr: 'meshspec: cannot read config nope.json: no such file or directory\n' });
    });

    it('invalid JSON exits 2 with one line naming the file', async () => {
        const dir = workspace({ 'a.mesh': CLEAN, 'meshspec.json': '{ "rules": { "syntax": "error", } \n}' });
        const result = await meshspec(['check'], { cwd: dir });
        expect(result.code).toBe(2);
        expect(result.stdout).toBe('');
        expect(result.stderr).toMatch(/^meshspec: meshspec\.json: invalid JSON: [^\n]+\n$/);
    });

    it('an unknown rule id exits 2 with one line naming the id', async () => {
        const dir = workspace({ 'a.mesh': CLEAN, 'cfg.json': '{ "rules": { "no-such-rule": "off" } }' });
        const result = await meshspec(['check', '--config', 'cfg.json'], { cwd: dir });
        expect(result).toEqual({ code: 2, stdout: '', stderr: "meshspec: cfg.json: unknown rule id 'no-such-rule'\n" });
        writeFileSync(join(dir, 'cfg.json'), '{ "rules": { "missing-ownr": "error" } }');
        const typo = await meshspec(['check', '--config', 'cfg.json'], { cwd: dir });
        expect(typo).toEqual({ code: 2, stdout: '', stderr: "meshspec: cfg.json: unknown rule id 'missing-ownr' (did you mean 'missing-owner'?)\n" });
    });

    it('an invalid severity exits 2', async () => {
        const dir = workspace({ 'a.mesh': CLEAN, 'meshspec.json': '{ "rules": { "sync-cycle": "fatal" } }' });
        const result = await meshspec(['check'], { cwd: dir });
        expect(result.code).toBe(2);
        expect(result.stderr).toMatch(/^meshspec: meshspec\.json: rule 'sync-cycle': severity must be one of [^\n]+\n$/);
    });
});

describe('meshspec check: text output for many diagnostics on one long line', () => {
    it('frames each of 5,000 diagnostics on a 100 KB line at its own place', async () => {
        // A generated or minified file: one line, thousands of findings on it.
        const dir = workspace({ 'long.mesh': `topic t { modes { degraded <Partition, None, RA, EO, None, Auth> when ${'breaker(x) open and '.repeat(5000)}a > 1 } }\n` });
        const result = await meshspec(['check'], { cwd: dir });
        expect(result.code).toBe(1);
        const lines = result.stdout.split('\n');
        const frames: { text: string; caret: string }[] = [];
        for (let i = 0; i + 1 < lines.length; i++) {
            if (/^ {2}1 \| /.test(lines[i]) && /^ {4}\| +\^/.test(lines[i + 1])) frames.push({ text: lines[i], caret: lines[i + 1] });
        }
        expect(frames).toHaveLength(5000);
        // The caret is under the `x` of its own `breaker(x)` (the line is windowed around it).
        for (const { text, caret } of frames) expect(text[caret.indexOf('^')]).toBe('x');
    });
});
