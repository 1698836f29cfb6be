#!/usr/bin/env node
'use strict';
// Runs the CLI bundle, out/cli.cjs. `npm run build` also writes out/cli.cjs.v8cache: V8's
// compiled bytecode for the bundle, taken after a check of the samples. With it, start-up
// skips parsing and compiling most of the bundle, which is 30 ms of a one-file check and
// 100–200 ms of a 10k-element one. (Node 22 has module.enableCompileCache; Node 20 does not.)
//
// The file starts with a hash of the bundle it was made from. V8 itself only checks the
// source's length, so a rebuilt bundle of the same length must not pick up old bytecode.
// V8 rejects a cache that another V8 version produced; then the bundle is compiled as usual.
//
// Every command but `lsp` builds up what it works on and exits, so V8 is told to let the
// heap grow further between full collections (factor 5 instead of about 1.1–2): a
// 10k-element check then gets through with one full collection instead of two, and the
// second, with its marking work and write barriers, was a tenth of the run. `lsp` keeps
// V8's default. The flag is set after the bundle is compiled, and unset again before the
// cache is written: V8 rejects a code cache made under other flags.
const fs = require('node:fs');
const path = require('node:path');
const v8 = require('node:v8');
const { createHash } = require('node:crypto');

const batch = process.argv.slice(2).find(arg => !arg.startsWith('-')) !== 'lsp';

// `meshspec lsp` runs for as long as the editor does: on a machine with few cores it starts
// Node again with fewer V8 background threads (v8-pool.cjs), which costs ~70 ms once and makes
// every analysis after it faster. Not when Node was given a pool size already, and not over
// Node IPC, whose channel belongs to this process.
if (!batch && !process.argv.includes('--node-ipc')) {
    const { poolSizeArgs, hasPoolSize } = require('./v8-pool.cjs');
    const poolSize = hasPoolSize() ? [] : poolSizeArgs();
    if (poolSize.length > 0) {
        relaunch([...poolSize, ...process.execArgv]);
        return;
    }
}

/** Runs this command in a new Node with `nodeArgs`, on the same stdin, stdout and stderr, and ends as it ends. */
function relaunch(nodeArgs) {
    const { spawn } = require('node:child_process');
    const child = spawn(process.execPath, [...nodeArgs, __filename, ...process.argv.slice(2)], { stdio: 'inherit' });
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
    child.on('error', error => {
        process.stderr.write(`meshspec: could not start the language server: ${error.message}\n`);
        process.exit(2);
    });
    child.on('exit', (code, signal) => process.exit(code ?? 128 + (require('node:os').constants.signals[signal] ?? 0)));
}

const heapGrowing = percent => {
    if (batch) v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
};

const bundle = path.join(__dirname, '..', 'out', 'cli.cjs');
const cacheFile = `${bundle}.v8cache`;
// Set by scripts/build.mjs for the run that writes the cache.
const writeCache = process.env.MESHSPEC_WRITE_CODE_CACHE === '1';

let cache;
if (!writeCache) {
    try {
        cache = fs.readFileSync(cacheFile);
    } catch {
        // No cache (a watch build, or one that could not write it): an ordinary require.
    }
}

if (cache === undefined && !writeCache) {
    heapGrowing(400);
    require(bundle);
} else {
    const vm = require('node:vm');
    const Module = require('node:module');
    // Hashing the file's bytes rather than the text skips encoding the text back (≈10 ms a
    // command). Decoded as UTF-8, not Latin-1, though the bundle is ASCII: Node makes a Latin-1
    // text that long an external string, and a large check got 80 ms slower.
    const bytes = fs.readFileSync(bundle);
    const source = bytes.toString('utf8');
    const hash = createHash('sha1').update(bytes).digest('hex');
    const header = Buffer.from(`${hash}\n`);
    const cachedData = cache && cache.subarray(0, header.length).equals(header) ? cache.subarray(header.length) : undefined;
    // What `require` does for a CommonJS file, with the code cache handed to the compiler.
    const script = new vm.Script(Module.wrap(source), { filename: bundle, cachedData });
    heapGrowing(400);
    if (writeCache) {
        process.on('exit', () => {
            heapGrowing(0);
            fs.writeFileSync(cacheFile, Buffer.concat([header, script.createCachedData()]));
        });
    }
    const cli = new Module(bundle, module);
    cli.filename = bundle;
    script.runInThisContext().call(cli.exports, cli.exports, Module.createRequire(bundle), cli, bundle, path.dirname(bundle));
}
