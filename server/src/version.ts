import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Where rule docs and the project live; also SARIF's `tool.driver.informationUri`. */
export const INFORMATION_URI = 'https://github.com/meshspec/meshspec';

let cached: string | undefined;

/**
 * The package version, read from the nearest `package.json` named `meshspec` above this
 * module. Read at run time rather than inlined so that the bundle (out/cli.cjs) and the
 * sources report the same version without a build-time define.
 */
export function meshspecVersion(): string {
    if (cached !== undefined) return cached;
    cached = '0.0.0';
    let dir = typeof __dirname === 'string' ? __dirname : process.cwd();
    for (;;) {
        const candidate = join(dir, 'package.json');
        if (existsSync(candidate)) {
            try {
                const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: unknown; version?: unknown };
                if (pkg.name === 'meshspec' && typeof pkg.version === 'string') {
                    cached = pkg.version;
                    break;
                }
            } catch {
                // Not ours or not JSON: keep walking up.
            }
        }
        const parent = dirname(dir);
        if (parent === dir) break;
        dir = parent;
    }
    return cached;
}
