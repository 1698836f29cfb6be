/** Code-unit order of two strings, not locale order: the same on every machine. */
export function compareCodeUnits(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}
