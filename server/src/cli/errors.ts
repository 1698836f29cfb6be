import { printable } from './printable.js';

/**
 * A failure the user must fix before anything can be checked (bad usage, unreadable input,
 * invalid configuration). `main.ts` prints it as one line `meshspec: <message>` and exits
 * with `exitCode` (2 by the contract, LANGUAGE.md §7) — never with a stack trace.
 */
export class CliError extends Error {
    constructor(message: string, readonly exitCode = 2) {
        super(message);
        this.name = 'CliError';
    }
}

/**
 * Node's fs errors read `ENOENT: no such file or directory, stat 'x'`; the path is already in
 * our message, so keep the plain reason ("no such file or directory").
 */
export function describeFsError(error: unknown): string {
    if (!(error instanceof Error)) return String(error);
    const message = error.message.replace(/^[A-Z][A-Z0-9_]+: /, '').replace(/, \w+( '.*')?$/s, '');
    return oneLine(message);
}

/**
 * Messages printed by the CLI are single lines of printable text, whatever the source said
 * (a file name may hold a newline or a terminal escape).
 */
export function oneLine(text: string): string {
    return printable(text.replace(/\s*[\r\n]+\s*/g, ' ').trim());
}
