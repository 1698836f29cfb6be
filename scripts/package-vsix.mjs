// Packages the VS Code extension as meshspec.vsix, offline, with @vscode/vsce.
// Usage: npm run package   (= npm run build && node scripts/package-vsix.mjs [--out FILE])
//
// package.json has a "files" list (for the npm package of the CLI), and vsce refuses to
// combine "files" with .vscodeignore. So vsce runs in a staging copy whose package.json
// lacks "files"; .vscodeignore then decides the contents there. Everything the extension
// runs is bundled in out/, hence --no-dependencies.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, openSync, readFileSync, readSync, closeSync, fstatSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Where relative README links point in the marketplace page (same base as the rule docs). */
const CONTENT_BASE = 'https://github.com/meshspec/meshspec/blob/main/';

/** Files every .vsix must hold (paths inside the archive). */
export const REQUIRED_ENTRIES = [
    'extension/package.json',
    'extension/readme.md',
    'extension/out/extension.cjs',
    'extension/out/server.cjs',
    'extension/out/cli.cjs',
    'extension/client/syntaxes/mesh.tmLanguage.json',
    'extension/client/language-configuration.json',
    'extension/client/snippets/mesh.json',
    'extension/client/icons/meshspec.png',
];
/** Nothing under these may be packaged. */
const FORBIDDEN = [/^extension\/node_modules\//, /\.map$/, /^extension\/(server|test|scripts|grammar|samples)\//, /^extension\/out\/e2e\//, /\.ts$/];
const MAX_BYTES = 8 * 1024 * 1024;

/** Lists a zip archive's entries by reading its central directory (no unzip needed). */
export function listZip(file) {
    const fd = openSync(file, 'r');
    try {
        const size = fstatSync(fd).size;
        const tailSize = Math.min(size, 65_557);
        const tail = Buffer.alloc(tailSize);
        readSync(fd, tail, 0, tailSize, size - tailSize);
        const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
        if (eocd < 0) throw new Error(`${file} is not a zip archive`);
        const count = tail.readUInt16LE(eocd + 10);
        const dirSize = tail.readUInt32LE(eocd + 12);
        const dirOffset = tail.readUInt32LE(eocd + 16);
        const dir = Buffer.alloc(dirSize);
        readSync(fd, dir, 0, dirSize, dirOffset);
        const entries = [];
        for (let i = 0, p = 0; i < count; i++) {
            if (dir.readUInt32LE(p) !== 0x02014b50) throw new Error(`${file}: corrupt central directory`);
            const uncompressed = dir.readUInt32LE(p + 24);
            const nameLength = dir.readUInt16LE(p + 28);
            const extraLength = dir.readUInt16LE(p + 30);
            const commentLength = dir.readUInt16LE(p + 32);
            entries.push({ name: dir.toString('utf8', p + 46, p + 46 + nameLength), size: uncompressed });
            p += 46 + nameLength + extraLength + commentLength;
        }
        return entries;
    } finally {
        closeSync(fd);
    }
}

/** Checks a packaged .vsix; returns its entries or throws naming every problem. */
export function verifyVsix(file) {
    const entries = listZip(file);
    const names = new Set(entries.map(e => e.name));
    const problems = [
        ...REQUIRED_ENTRIES.filter(n => !names.has(n)).map(n => `missing ${n}`),
        ...entries.filter(e => FORBIDDEN.some(re => re.test(e.name))).map(e => `should not contain ${e.name}`),
    ];
    const bytes = statSync(file).size;
    if (bytes > MAX_BYTES) problems.push(`too large: ${bytes} bytes (limit ${MAX_BYTES})`);
    if (problems.length > 0) throw new Error(`${file}:\n  ${problems.join('\n  ')}`);
    return entries;
}

/** Packages the extension into `out` (async, so a caller can do other work meanwhile); resolves to the archive's entries. */
export async function packageVsix(out = join(root, 'meshspec.vsix'), { quiet = false } = {}) {
    for (const bundle of ['out/extension.cjs', 'out/server.cjs', 'out/cli.cjs']) {
        if (!existsSync(join(root, bundle))) throw new Error(`${bundle} is missing — run npm run build first`);
    }
    const stage = mkdtempSync(join(tmpdir(), 'meshspec-vsix-'));
    try {
        const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
        delete manifest.files;
        writeFileSync(join(stage, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
        for (const entry of ['.vscodeignore', 'README.md', 'LICENSE', 'LICENSE.md', 'LICENSE.txt', 'CHANGELOG.md', 'out', 'client', 'docs']) {
            const from = join(root, entry);
            if (!existsSync(from)) continue;
            // Only what .vscodeignore could keep: skip e2e bundles and source maps early.
            cpSync(from, join(stage, entry), {
                recursive: true,
                filter: src => !src.endsWith('.map') && !src.includes(`${join(root, 'out', 'e2e')}`),
            });
        }
        const hasLicense = ['LICENSE', 'LICENSE.md', 'LICENSE.txt'].some(l => existsSync(join(root, l)));
        const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
        await run(process.execPath, [vsce, 'package', '--no-dependencies', '--out', out,
            '--baseContentUrl', CONTENT_BASE, '--baseImagesUrl', CONTENT_BASE,
            ...(hasLicense ? [] : ['--skip-license'])], stage, quiet);
    } finally {
        rmSync(stage, { recursive: true, force: true });
    }
    return verifyVsix(out);
}

function run(command, args, cwd, quiet) {
    return new Promise((resolvePromise, reject) => {
        let output = '';
        const child = spawn(command, args, { cwd, stdio: ['ignore', quiet ? 'pipe' : 'inherit', quiet ? 'pipe' : 'inherit'] });
        child.stdout?.on('data', chunk => { output += chunk; });
        child.stderr?.on('data', chunk => { output += chunk; });
        child.on('error', reject);
        child.on('close', code => code === 0 ? resolvePromise()
            : reject(new Error(`vsce package failed (exit ${code})${output ? `:\n${output}` : ''}`)));
    });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
    const i = process.argv.indexOf('--out');
    const out = i > 0 ? resolve(process.argv[i + 1]) : join(root, 'meshspec.vsix');
    try {
        const entries = await packageVsix(out);
        const total = entries.reduce((n, e) => n + e.size, 0);
        process.stdout.write(`${out}: ${entries.length} files, ${(total / 1024).toFixed(0)} KiB uncompressed\n`);
        for (const e of entries) process.stdout.write(`  ${String(e.size).padStart(9)}  ${e.name}\n`);
    } catch (error) {
        process.stderr.write(`package-vsix: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
    }
}
