import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
    export interface ProvidedContext {
        /** Absolute path of the repository root (where bin/meshspec.cjs lives). */
        meshspecRoot: string;
        /** Why `node scripts/build.mjs` failed, or '' when it succeeded. */
        meshspecBuildError: string;
    }
}

/**
 * The CLI tests spawn the real bundle (`node bin/meshspec.cjs`), so build it once per test
 * run. Always rebuilding (≈3 s) is simpler and safer than comparing timestamps.
 * A failed build does not abort the whole run (other areas do not need the bundle): it is
 * handed to the CLI tests, which fail with it (see cli.ts).
 */
export default function setup(project: TestProject): void {
    const root = project.config.root;
    const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, encoding: 'utf8' });
    project.provide('meshspecRoot', root);
    project.provide('meshspecBuildError', build.status === 0 ? ''
        : `node scripts/build.mjs failed (exit ${build.status}):\n${build.stderr}${build.stdout}`);
}
