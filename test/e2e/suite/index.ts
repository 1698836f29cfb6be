// Entry of the extension-host test suite (bundled to out/e2e/suite.cjs). VS Code loads it
// as `extensionTestsPath` and calls run(): under code-server by test/e2e/run.mjs, under
// desktop VS Code by @vscode/test-electron (test/e2e/run-electron.mjs).
import Mocha from 'mocha';
import { addLanguageFeatureTests } from './language-features.js';

/** Lines test/e2e/run.mjs looks for in the extension host's log: start of output, and results. */
export const START_MARKER = 'MESHSPEC_E2E_START';
export const RESULT_MARKER = 'MESHSPEC_E2E_RESULT';

export function run(): Promise<void> {
    const mocha = new Mocha({ ui: 'tdd', color: false, reporter: 'spec', timeout: 60_000 });
    addLanguageFeatureTests(mocha.suite);
    console.log(START_MARKER);
    return new Promise((resolve, reject) => {
        const runner = mocha.run(failures => {
            console.log(`${RESULT_MARKER} ${JSON.stringify({ passed: runner.stats?.passes ?? 0, failed: failures })}`);
            if (failures > 0) reject(new Error(`${failures} extension test(s) failed`));
            else resolve();
        });
    });
}
