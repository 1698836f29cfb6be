import { isOperationCancelled } from 'langium';
import { ResponseError } from 'vscode-languageserver';

/**
 * The server must survive any text and any bug in a feature: an exception in a provider is
 * logged and answered with an empty result instead of an error response (or worse, an
 * unhandled rejection). Each provider instance is wrapped once where it is created.
 */

/** Entry points of Langium's LSP providers and what to answer when one throws. */
const ENTRY_POINTS: Record<string, () => unknown> = {
    getHoverContent: () => undefined,
    getCompletion: () => undefined,
    getDefinition: () => undefined,
    findReferences: () => [],
    getDocumentHighlight: () => undefined,
    getSymbols: () => [],
    getFoldingRanges: () => [],
    getCodeActions: () => [],
    provideCodeLens: () => [],
    getInlayHints: () => [],
    rename: () => undefined,
    prepareRename: () => undefined,
    formatDocument: () => [],
    formatDocumentRange: () => [],
    formatDocumentOnType: () => [],
    semanticHighlight: () => ({ data: [] }),
    semanticHighlightRange: () => ({ data: [] }),
    semanticHighlightDelta: () => ({ data: [] }),
    getDocumentLinks: () => [],
    executeCommand: () => undefined,
};

function isExpected(error: unknown): boolean {
    // Cancellation and deliberate protocol errors (an invalid new name in a rename) are not
    // failures: Langium's handlers turn them into the protocol's answer.
    return isOperationCancelled(error) || error instanceof ResponseError;
}

function report(name: string, method: string, error: unknown): void {
    console.error(`meshspec: ${name}.${method} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
}

export function guarded<T extends object>(instance: T, name = instance.constructor.name): T {
    return new Proxy(instance, {
        get(target, property, receiver) {
            const value = Reflect.get(target, property, receiver);
            if (typeof property !== 'string' || typeof value !== 'function' || !(property in ENTRY_POINTS)) return value;
            const fallback = ENTRY_POINTS[property];
            return function (this: unknown, ...args: unknown[]) {
                try {
                    const result = (value as (...a: unknown[]) => unknown).apply(target, args);
                    if (result instanceof Promise) {
                        return result.catch((error: unknown) => {
                            if (isExpected(error)) throw error;
                            report(name, property, error);
                            return fallback();
                        });
                    }
                    return result;
                } catch (error) {
                    if (isExpected(error)) throw error;
                    report(name, property, error);
                    return fallback();
                }
            };
        },
    });
}
