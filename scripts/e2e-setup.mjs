// Installs what the real-editor tests need (see /shared/TESTING.md and docs/vscode.md):
// Debian's chromium + ripgrep + native-build headers, and code-server 4.100.3 (VS Code 1.100.3,
// the newest release that runs on Node 20) into the ignored folder .cache/code-server/.
// Idempotent: every step is skipped when its result is already there, so a warm run takes
// well under a second. Usage: node scripts/e2e-setup.mjs
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const codeServerDir = join(root, '.cache', 'code-server');
export const codeServerEntry = join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

const APT_PACKAGES = ['chromium', 'ripgrep', 'libkrb5-dev', 'libx11-dev', 'libxkbfile-dev', 'libsecret-1-dev'];
// @vscode/ripgrep (a code-server dependency) downloads this exact asset from GitHub unless it
// finds it in its cache folder under $TMPDIR; we hand it Debian's rg instead.
const RIPGREP_CACHE = 'vscode-ripgrep-cache-1.15.11';
const RIPGREP_ASSET = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

function log(message) {
    process.stdout.write(`e2e-setup: ${message}\n`);
}

function installed(pkg) {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
    return r.status === 0 && r.stdout.includes('install ok installed');
}

function ensureAptPackages() {
    const missing = APT_PACKAGES.filter(p => !installed(p));
    if (missing.length === 0) return;
    if (process.getuid?.() !== 0) {
        throw new Error(`missing Debian packages: ${missing.join(' ')} — run: sudo apt-get install -y --no-install-recommends ${missing.join(' ')}`);
    }
    log(`apt-get install ${missing.join(' ')}`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env });
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing],
        { stdio: ['ignore', 'ignore', 'inherit'], env });
}

function installedVersion() {
    const manifest = join(codeServerDir, 'node_modules', 'code-server', 'package.json');
    if (!existsSync(manifest) || !existsSync(codeServerEntry)) return undefined;
    return JSON.parse(readFileSync(manifest, 'utf8')).version;
}

function ensureCodeServer() {
    if (installedVersion() === CODE_SERVER_VERSION) return;
    log(`installing code-server@${CODE_SERVER_VERSION} into ${codeServerDir} (≈40 s)`);
    mkdirSync(codeServerDir, { recursive: true });
    // A package.json of its own keeps npm from walking up to (and editing) the repo's.
    writeFileSync(join(codeServerDir, 'package.json'),
        JSON.stringify({ name: 'meshspec-e2e-code-server', private: true }, null, 2) + '\n');
    const tmp = mkdtempSync(join(tmpdir(), 'meshspec-e2e-setup-'));
    try {
        const cache = join(tmp, RIPGREP_CACHE);
        mkdirSync(cache);
        copyFileSync('/usr/bin/rg', join(tmp, 'rg'));
        execFileSync('tar', ['-czf', join(cache, RIPGREP_ASSET), '-C', tmp, 'rg']);
        execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--unsafe-perm', '--loglevel=error',
            `code-server@${CODE_SERVER_VERSION}`], {
            cwd: codeServerDir,
            stdio: ['ignore', 'inherit', 'inherit'],
            // node-pty's postinstall runs `npx node-gyp`; the user npmrc may say yes=false.
            env: { ...process.env, TMPDIR: tmp, npm_config_yes: 'true' },
        });
    } finally {
        rmSync(tmp, { recursive: true, force: true });
    }
    const version = installedVersion();
    if (version !== CODE_SERVER_VERSION) {
        throw new Error(`code-server install did not produce ${codeServerEntry} (found version ${version ?? 'none'})`);
    }
}

export function ensureE2eDependencies() {
    ensureAptPackages();
    ensureCodeServer();
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
    const started = Date.now();
    try {
        ensureE2eDependencies();
        log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s (${codeServerEntry})`);
    } catch (error) {
        process.stderr.write(`e2e-setup: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
    }
}
