import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, inject } from 'vitest';

export interface CliResult {
    code: number | null;
    stdout: string;
    stderr: string;
}

/** Absolute path of the repository root, from the global setup. */
export const ROOT = inject('meshspecRoot');
export const BIN = join(ROOT, 'bin', 'meshspec.cjs');
export const FIXTURES = join(ROOT, 'test', 'cli', 'fixtures');

// The bundle under test is built by global-setup.ts; without it every test here is moot.
beforeAll(() => {
    const buildError = inject('meshspecBuildError');
    if (buildError) throw new Error(buildError);
});

/**
 * Runs the built CLI as a child process, as a user or CI would. The environment is the
 * test's own minus colour switches, with CI=true: piped output must stay plain even where
 * picocolors alone would colour it.
 */
export function meshspec(args: readonly string[], options: {
    cwd: string;
    env?: Record<string, string | undefined>;
    uid?: number;
    gid?: number;
    /** Options for node itself, before the script (e.g. `--require` a fault injector). */
    nodeArgs?: string[];
    /** A file descriptor to write standard output to instead of a pipe (then `stdout` is empty). */
    stdoutFd?: number;
}): Promise<CliResult> {
    const env: Record<string, string | undefined> = { ...process.env, CI: 'true' };
    delete env.FORCE_COLOR;
    delete env.NO_COLOR;
    Object.assign(env, options.env);
    for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [...(options.nodeArgs ?? []), BIN, ...args], { cwd: options.cwd, env: env as NodeJS.ProcessEnv, uid: options.uid, gid: options.gid, stdio: ['ignore', options.stdoutFd ?? 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout?.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
        child.stderr!.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
        child.on('error', reject);
        child.on('close', code => resolve({ code, stdout, stderr }));
    });
}

const created: string[] = [];
afterAll(() => {
    for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary directory holding `files` (relative path → content); removed after the file's tests. */
export function workspace(files: Record<string, string | Uint8Array> = {}): string {
    const dir = mkdtempSync(join(tmpdir(), 'meshspec-cli-'));
    created.push(dir);
    for (const [path, content] of Object.entries(files)) {
        const full = join(dir, path);
        mkdirSync(dirname(full), { recursive: true });
        writeFileSync(full, content);
    }
    return dir;
}

/** 1-based line and column of the first occurrence of `needle` in `text` (UTF-16 columns). */
export function positionOf(text: string, needle: string, from = 0): { line: number; column: number } {
    const offset = text.indexOf(needle, from);
    if (offset < 0) throw new Error(`'${needle}' not in text`);
    const before = text.slice(0, offset).split('\n');
    return { line: before.length, column: before[before.length - 1].length + 1 };
}

/** The JSON report of `meshspec check --format json`, typed for tests. */
export interface JsonReport {
    version: number;
    files: number;
    diagnostics: {
        file: string;
        range: { start: { line: number; column: number }; end: { line: number; column: number } };
        severity: 'error' | 'warning' | 'info';
        code: string;
        message: string;
        related: { file: string; range: { start: { line: number; column: number }; end: { line: number; column: number } }; message: string }[];
    }[];
    summary: { errors: number; warnings: number; infos: number };
}
