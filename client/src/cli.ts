import { execFile } from 'node:child_process';

export interface CliResult {
    exitCode: number;
    stdout: string;
    stderr: string;
}

/**
 * Runs the bundled CLI (`out/cli.cjs`) with the extension host's own runtime. In desktop VS Code
 * that runtime is Electron, which behaves as plain Node only with ELECTRON_RUN_AS_NODE; in
 * code-server it is Node already and the variable is ignored.
 */
export function runCli(cliPath: string, args: readonly string[], cwd: string, timeoutMs = 60_000): Promise<CliResult> {
    return new Promise((resolve, reject) => {
        execFile(process.execPath, [cliPath, '--no-color', ...args], {
            cwd,
            env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', NO_COLOR: '1' },
            timeout: timeoutMs,
            maxBuffer: 64 * 1024 * 1024,
            windowsHide: true,
        }, (error, stdout, stderr) => {
            if (error && typeof error.code !== 'number') {
                // Not an exit status: the process could not run or was killed (timeout).
                reject(new Error(`meshspec ${args[0]} could not run: ${error.message}`));
                return;
            }
            resolve({ exitCode: error ? Number(error.code) : 0, stdout, stderr });
        });
    });
}

/** The CLI's own one-line error (`meshspec: …`), or a fallback naming the exit status. */
export function cliFailure(command: string, result: CliResult): string {
    const line = result.stderr.trim().split('\n').filter(Boolean).pop();
    return line ?? `meshspec ${command} exited with status ${result.exitCode}`;
}
