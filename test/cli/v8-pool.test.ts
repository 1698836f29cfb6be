import { describe, expect, it } from 'vitest';
import { hasPoolSize, poolSizeArgs } from '../../bin/v8-pool.cjs';

/*
 * bin/v8-pool.cjs: how many V8 background threads the language server gets (one fewer than
 * the machine's cores, at most Node's default of four), used by the VS Code client and by
 * `meshspec lsp`.
 */
describe('the V8 thread pool of the language server', () => {
    it.each([
        [1, ['--v8-pool-size=1']],
        [2, ['--v8-pool-size=1']],
        [3, ['--v8-pool-size=2']],
        [4, ['--v8-pool-size=3']],
        [5, []],
        [64, []],
    ])('on %i cores: %j', (cores, args) => {
        expect(poolSizeArgs(cores)).toEqual(args);
    });

    it.each([
        [[], '', false],
        [['--v8-pool-size=2'], '', true],
        [['--inspect'], '--max-old-space-size=4096 --v8-pool-size=1', true],
        [['--inspect'], '--max-old-space-size=4096', false],
    ])('a pool size of its own: execArgv %j, NODE_OPTIONS %j → %s', (execArgv, nodeOptions, expected) => {
        expect(hasPoolSize(execArgv, nodeOptions)).toBe(expected);
    });
});
