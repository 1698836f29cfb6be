// The same extension-host suite as test/e2e/run.mjs, run by @vscode/test-electron in desktop
// VS Code — for machines that can download VS Code (this one cannot: no route to its update
// host; CI uses code-server instead, see docs/vscode.md). Usage: npm run test:e2e:electron
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';
import { buildSuite } from './build-suite.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
// The newest VS Code the extension targets (engines.vscode ^1.100.0, @types/vscode 1.100).
const VSCODE_VERSION = process.env.MESHSPEC_VSCODE_VERSION ?? '1.100.3';

const suite = await buildSuite();
const work = mkdtempSync(join(tmpdir(), 'meshspec-e2e-electron-'));
const workspace = join(work, 'workspace');
// The suite edits files (quick fix, rename): it gets a copy of samples/.
cpSync(join(root, 'samples'), workspace, { recursive: true });
let status = 0;
try {
    await runTests({
        version: VSCODE_VERSION,
        extensionDevelopmentPath: root,
        extensionTestsPath: suite,
        launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes',
            '--user-data-dir', join(work, 'user-data')],
    });
} catch (error) {
    process.stderr.write(`e2e (electron): ${error instanceof Error ? error.message : String(error)}\n`);
    status = 1;
} finally {
    rmSync(work, { recursive: true, force: true });
}
process.exit(status);
