import { describe, expect, it } from 'vitest';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, ROOT, meshspec, workspace } from './cli.js';

const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const shop = join(FIXTURES, 'shop');

/** A usage error is exactly one line on stderr, nothing on stdout, exit status 2. */
function expectUsageError(result: { code: number | null; stdout: string; stderr: string }, pattern: RegExp): void {
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^meshspec: [^\n]+\n$/);
    expect(result.stderr).toMatch(pattern);
    expect(result.stderr).not.toMatch(/\bat .+:\d+:\d+/); // no stack frames
}

describe('meshspec usage', () => {
    it('prints its version', async () => {
        const result = await meshspec(['--version'], { cwd: shop });
        expect(result).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
    });

    it('prints help listing the check command, and help for check with its options and exit status', async () => {
        const help = await meshspec(['--help'], { cwd: shop });
        expect(help.code).toBe(0);
        expect(help.stdout).toMatch(/^Usage: meshspec /);
        expect(help.stdout).toMatch(/\n {2}check \[options\] \[paths\.\.\.\] +check \.mesh files/);

        const check = await meshspec(['help', 'check'], { cwd: shop });
        expect(check.code).toBe(0);
        for (const option of ['--format <format>', '--max-warnings <n>', '--quiet', '--config <file>']) {
            expect(check.stdout).toContain(option);
        }
        expect(check.stdout.replace(/\s+/g, ' ')).toContain('(choices: "pretty", "json", "sarif", "github", default: "pretty")');
        expect(check.stdout).toContain('Exit status:');
    });

    it('an unknown command, with a suggestion', async () => {
        expectUsageError(await meshspec(['chek'], { cwd: shop }), /^meshspec: unknown command 'chek' \(Did you mean check\?\)\n$/);
    });

    it('an unknown option', async () => {
        expectUsageError(await meshspec(['check', '--bogus'], { cwd: shop }), /^meshspec: unknown option '--bogus'\n$/);
    });

    it('a --format value that is not a format', async () => {
        expectUsageError(await meshspec(['check', '--format', 'xml'], { cwd: shop }),
            /argument 'xml' is invalid\. Allowed choices are pretty, json, sarif, github\.\n$/);
    });

    it('a --max-warnings value that is not a count', async () => {
        for (const value of ['many', '-1', '1.5']) {
            expectUsageError(await meshspec(['check', '--max-warnings', value], { cwd: shop }),
                new RegExp(`option '--max-warnings <n>' argument '${value.replace('.', '\\.')}' is invalid\\. Expected a non-negative integer\\.\\n$`));
        }
    });

    it('an option without its value', async () => {
        expectUsageError(await meshspec(['check', '--config'], { cwd: shop }), /^meshspec: option '-c, --config <file>' argument missing\n$/);
    });

    it('no command: one line naming the commands, exit 2; with --help or --version, no error', async () => {
        for (const args of [[], ['--color']]) {
            expect(await meshspec(args, { cwd: shop })).toEqual({
                code: 2, stdout: '',
                stderr: 'meshspec: no command given: one of check, modes, explain, graph, format, lsp (meshspec --help explains them)\n',
            });
        }
        expect((await meshspec(['--help'], { cwd: shop })).code).toBe(0);
        expect((await meshspec(['--version'], { cwd: shop })).code).toBe(0);
    });

    it.each([
        ['-V', "unknown option '-V'"],
        ['-x', "unknown option '-x'"],
        ['--colour', "unknown option '--colour' (Did you mean --color?)"],
    ])('an unknown option and no command is that option\'s error: %s', async (option, message) => {
        expect(await meshspec([option], { cwd: shop })).toEqual({ code: 2, stdout: '', stderr: `meshspec: ${message}\n` });
    });

    it('help for a command that does not exist: one line with a suggestion, exit 2', async () => {
        expect(await meshspec(['help', 'chek'], { cwd: shop })).toEqual({ code: 2, stdout: '', stderr: "meshspec: unknown command 'chek' (Did you mean check?)\n" });
        expect(await meshspec(['help', 'zzzzzz'], { cwd: shop })).toEqual({ code: 2, stdout: '', stderr: "meshspec: unknown command 'zzzzzz'\n" });
        const known = await meshspec(['help', 'check'], { cwd: shop });
        expect(known.code).toBe(0);
        expect(known.stdout).toMatch(/^Usage: meshspec check /);
    });

    it('an internal error (a bug) is one line too, with the stack only under MESHSPEC_DEBUG', async () => {
        // Inject a fault where no input can cause one: serialising the JSON report.
        const dir = workspace({
            'a.mesh': 'service a { }\n',
            'fault.cjs': 'const s = JSON.stringify; JSON.stringify = function (v, ...r) { if (v && v.version === 1) throw new Error("injected fault"); return s.call(this, v, ...r); };\n',
        });
        const nodeArgs = ['--require', join(dir, 'fault.cjs')];
        const result = await meshspec(['check', '--format', 'json'], { cwd: dir, nodeArgs });
        expect(result).toEqual({ code: 2, stdout: '', stderr: 'meshspec: internal error: injected fault (set MESHSPEC_DEBUG=1 for details)\n' });

        const debug = await meshspec(['check', '--format', 'json'], { cwd: dir, nodeArgs, env: { MESHSPEC_DEBUG: '1' } });
        expect(debug.code).toBe(2);
        expect(debug.stderr).toMatch(/^meshspec: internal error: injected fault\nError: injected fault\n\s+at /);
    });

    it.each([
        'check --format json',
        'check',
        'modes --format json',
        'explain a',
        '--help',
    ])('output that cannot be written (a full disk) is exit 2 with one line, never a pass: meshspec %s', async (command) => {
        const args = command.split(' ');
        const dir = workspace({ 'a.mesh': 'service a { }\n' });
        const full = openSync('/dev/full', 'w');
        try {
            const result = await meshspec(args, { cwd: dir, stdoutFd: full });
            expect(result).toEqual({ code: 2, stdout: '', stderr: 'meshspec: cannot write to standard output: no space left on device\n' });
        } finally {
            closeSync(full);
        }
    });
});
