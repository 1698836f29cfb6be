// Starts and stops code-server (VS Code 1.100.3 in the browser) for the e2e tests, fully
// isolated: temporary HOME/XDG folders, user data and extensions dirs, loopback only.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** Process groups of running code-servers, ended however this process ends (Ctrl+C, a crash). */
const running = new Set();
process.on('exit', () => { for (const pid of running) killGroup(pid, 'SIGKILL'); });
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(130));

/** A free TCP port on the loopback interface. */
export function freePort() {
    return new Promise((resolve, reject) => {
        const server = createServer();
        server.unref();
        server.on('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const { port } = server.address();
            server.close(() => resolve(port));
        });
    });
}

/** The folders and environment one isolated code-server instance uses under `dir`. */
export function isolatedProfile(dir) {
    const profile = {
        dir,
        home: join(dir, 'home'),
        userDataDir: join(dir, 'user-data'),
        extensionsDir: join(dir, 'extensions'),
        config: join(dir, 'config.yaml'),
    };
    for (const d of [profile.home, join(profile.home, '.config'), join(profile.home, '.local', 'share'),
        join(profile.userDataDir, 'User'), profile.extensionsDir]) mkdirSync(d, { recursive: true });
    writeFileSync(profile.config, 'auth: none\ncert: false\n');
    // Quiet, deterministic workbench: no welcome page, trust prompts, tips or update checks.
    writeFileSync(join(profile.userDataDir, 'User', 'settings.json'), JSON.stringify({
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'security.workspace.trust.enabled': false,
        'telemetry.telemetryLevel': 'off',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'extensions.ignoreRecommendations': true,
        'update.mode': 'none',
        'chat.commandCenter.enabled': false,
        'editor.hover.delay': 150,
        'window.restoreWindows': 'none',
    }, null, 2));
    profile.env = {
        ...process.env,
        HOME: profile.home,
        XDG_CONFIG_HOME: join(profile.home, '.config'),
        XDG_DATA_HOME: join(profile.home, '.local', 'share'),
        XDG_CACHE_HOME: join(profile.home, '.cache'),
        // No extension gallery: nothing to download here, and no DNS lookups to wait for.
        EXTENSIONS_GALLERY: '{}',
    };
    return profile;
}

function commonArgs(profile) {
    return ['--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir, '--config', profile.config];
}

/** `code-server --install-extension <vsix>` into the profile's extensions dir. */
export function installExtension(entry, profile, vsix) {
    const r = spawnSync(process.execPath, [entry, ...commonArgs(profile), '--install-extension', vsix],
        { env: profile.env, encoding: 'utf8', timeout: 60_000 });
    if (r.status !== 0) throw new Error(`installing ${vsix} failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
    return r.stdout;
}

/**
 * Starts code-server in its own process group (it leaves a file-watcher child behind, so
 * stopping kills the whole group) and resolves once /healthz answers.
 */
export async function startCodeServer(entry, profile, logFile) {
    const port = await freePort();
    const log = createWriteStream(logFile);
    const child = spawn(process.execPath, [entry,
        '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
        '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
        '--disable-getting-started-override', '--ignore-last-opened', ...commonArgs(profile)],
    { env: profile.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child.pid);
    child.stdout.pipe(log);
    child.stderr.pipe(log);
    let exited = false;
    child.on('exit', () => { exited = true; });
    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 30_000;
    for (;;) {
        if (exited) throw new Error(`code-server exited during start-up; see ${logFile}`);
        try {
            const response = await fetch(`${base}/healthz`);
            if (response.ok) break;
        } catch {
            // not listening yet
        }
        if (Date.now() > deadline) {
            stopGroup(child);
            throw new Error(`code-server did not answer /healthz within 30 s; see ${logFile}`);
        }
        await new Promise(resolve => setTimeout(resolve, 100));
    }
    return {
        port,
        base,
        /** `vscode-remote://` authority for payload URIs. */
        remote: (absPath) => `vscode-remote://127.0.0.1:${port}${absPath}`,
        stop: () => stopGroup(child),
    };
}

async function stopGroup(child) {
    running.delete(child.pid);
    if (child.exitCode !== null || child.signalCode !== null) return killGroup(child.pid, 'SIGKILL');
    const exited = new Promise(resolve => child.once('exit', resolve));
    killGroup(child.pid, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
    // Children (the file watcher, extension hosts) may outlive the leader: end the group.
    killGroup(child.pid, 'SIGKILL');
}

function killGroup(pid, signal) {
    try {
        process.kill(-pid, signal);
    } catch {
        // already gone
    }
}
