import { OperationCancelled } from 'langium';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ResponseError } from 'vscode-languageserver';
import { guarded } from '../../server/src/lsp/guard.js';

class Provider {
    calls = 0;
    getHoverContent(): unknown { this.calls++; throw new Error('boom'); }
    async getCompletion(): Promise<unknown> { throw new Error('async boom'); }
    async findReferences(): Promise<unknown> { throw OperationCancelled; }
    rename(): unknown { throw new ResponseError(-32602, 'bad name'); }
    semanticHighlight(): unknown { throw new TypeError('x'); }
    helper(): string { throw new Error('not an entry point'); }
}

describe('guarded providers', () => {
    afterEach(() => vi.restoreAllMocks());

    it('log a failing entry point and answer empty instead', async () => {
        const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
        const provider = guarded(new Provider(), 'Provider');
        expect(provider.getHoverContent()).toBeUndefined();
        expect(await provider.getCompletion()).toBeUndefined();
        expect(provider.semanticHighlight()).toEqual({ data: [] });
        expect(error).toHaveBeenCalledTimes(3);
        expect(String(error.mock.calls[0][0])).toMatch(/^meshspec: Provider\.getHoverContent failed: Error: boom/);
    });

    it('let cancellation and deliberate protocol errors through', async () => {
        const provider = guarded(new Provider());
        await expect(provider.findReferences()).rejects.toBe(OperationCancelled);
        expect(() => provider.rename()).toThrow(ResponseError);
    });

    it('leave other methods and the instance state alone', () => {
        const inner = new Provider();
        const provider = guarded(inner);
        expect(() => provider.helper()).toThrow('not an entry point');
        vi.spyOn(console, 'error').mockImplementation(() => undefined);
        provider.getHoverContent();
        expect(inner.calls).toBe(1);
    });
});
