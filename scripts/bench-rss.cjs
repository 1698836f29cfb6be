// Preloaded into the benchmarked CLI with `node -r scripts/bench-rss.cjs …`: when the
// process exits it writes its own resource usage — peak resident set size (maxRSS, KB)
// and user/system CPU time — as JSON to the file named by MESHSPEC_BENCH_USAGE_FILE.
// Reading /proc/<pid>/status from the parent races with the child's exit; the child's
// own getrusage at 'exit' is exact and also runs after process.exit(). CPU time is
// recorded because wall time on a shared machine includes waiting for a core.
'use strict';
const file = process.env.MESHSPEC_BENCH_USAGE_FILE;
if (file) {
    process.on('exit', () => {
        try {
            const usage = process.resourceUsage();
            const record = { maxRssKb: usage.maxRSS, userMs: usage.userCPUTime / 1000, systemMs: usage.systemCPUTime / 1000 };
            require('node:fs').writeFileSync(file, JSON.stringify(record));
        } catch {
            // The benchmark reports a missing measurement; never change the CLI's exit.
        }
    });
}
