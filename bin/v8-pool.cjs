'use strict';
// How many threads V8 gets for its background work (the garbage collector's helpers, the
// optimizing compiler) in the long-running Node processes Meshspec starts: the language
// server, whether VS Code starts it (client/src/language-client.ts) or an editor runs
// `meshspec lsp` (bin/meshspec.cjs).
//
// Node gives V8 four such threads whatever the machine. On a machine with two cores, those
// four and the main thread take turns on two cores, and the server's analyses wait for them:
// with one thread instead, the language server loaded a 2k-element workspace in a quarter
// less time, with a quarter less CPU, and its edit p95 fell by about a third
// (docs/performance.md, session 12). So V8 gets one thread fewer than there are cores, and
// on a machine with five cores or more, Node's four, as before.
//
// Only a Node command line (or NODE_OPTIONS) sets this: it cannot change once Node runs.
const os = require('node:os');

/** Node's number of V8 platform threads (`--v8-pool-size`) when nothing sets it. */
const NODE_DEFAULT = 4;

/** The Node options that give V8 one thread fewer than `cores`, or none where Node's default is already that few. */
function poolSizeArgs(cores = availableCores()) {
    const size = Math.max(1, Math.min(NODE_DEFAULT, cores - 1));
    return size < NODE_DEFAULT ? [`--v8-pool-size=${size}`] : [];
}

/** Whether this process was started with a pool size of its own, on Node's command line or in NODE_OPTIONS. */
function hasPoolSize(execArgv = process.execArgv, nodeOptions = process.env.NODE_OPTIONS || '') {
    return [...execArgv, ...nodeOptions.split(/\s+/)].some(arg => arg.startsWith('--v8-pool-size'));
}

function availableCores() {
    return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

module.exports = { poolSizeArgs, hasPoolSize };
