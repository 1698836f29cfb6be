// Preloaded into the benchmarked CLI with `node -r scripts/bench-rss.cjs …`: writes the
// process's peak resident set size (kilobytes, from getrusage) to the file named by
// MESHSPEC_BENCH_RSS_FILE when it exits. Reading /proc/<pid>/status from the parent races
// with the child's exit; the child's own rusage at 'exit' is exact and works with
// process.exit() too.
'use strict';
const file = process.env.MESHSPEC_BENCH_RSS_FILE;
if (file) {
    process.on('exit', () => {
        try {
            require('node:fs').writeFileSync(file, String(process.resourceUsage().maxRSS));
        } catch {
            // The benchmark reports a missing measurement; never change the CLI's exit.
        }
    });
}
