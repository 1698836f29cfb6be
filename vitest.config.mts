import { defineConfig } from 'vitest/config';

export default defineConfig({
    test: {
        include: ['test/**/*.test.ts'],
        setupFiles: ['./server/src/polyfill.ts'],
        // Builds out/*.cjs once per run: the CLI tests spawn the real bundle.
        globalSetup: ['./test/cli/global-setup.ts'],
        testTimeout: 30000,
        pool: 'forks',
    },
});
