/**
 * Whether a command keeps the process running after its action returns (`meshspec lsp`:
 * its server runs until the editor stops it). Every other command is done when its
 * action is, and the CLI then exits (main.ts).
 */
let serving = false;

export function keepServing(): void {
    serving = true;
}

export function isServing(): boolean {
    return serving;
}
