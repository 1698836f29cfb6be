// Durations as the language writes them (`250ms`, `5s`, `10m`, `1h`, `7d`, `1.5s`) and
// as milliseconds inside the algebra. Recency bounds add up along a path, so the numeric
// form must be exact for everything a spec can write; the text form must read back to the
// same number.

/** Units from largest to smallest, with their size in milliseconds. */
export const DURATION_UNITS: readonly { unit: string; ms: number }[] = [
    { unit: 'd', ms: 86_400_000 },
    { unit: 'h', ms: 3_600_000 },
    { unit: 'm', ms: 60_000 },
    { unit: 's', ms: 1_000 },
    { unit: 'ms', ms: 1 },
];

const UNIT_MS = new Map(DURATION_UNITS.map(u => [u.unit, u.ms]));

// `ms` must be tried before `m`; the alternation order does that.
const DURATION = /^(\d+)(?:\.(\d+))?(ms|s|m|h|d)$/;

/**
 * Milliseconds of a duration literal, or `undefined` when the text is not one.
 * Decimals are exact: `1.1s` is computed as 11 × 1000 / 10, not 1.1 × 1000, so it is
 * 1100 and not 1100.0000000000002. Sub-millisecond results (`1.5ms`) are kept as they are.
 */
export function parseDuration(text: string): number | undefined {
    const match = DURATION.exec(text.trim());
    if (!match) return undefined;
    const [, whole, fraction = '', unit] = match;
    const unitMs = UNIT_MS.get(unit)!;
    const digits = Number(whole + fraction);
    const ms = Number.isSafeInteger(digits)
        ? digits * unitMs / 10 ** fraction.length
        : Number(`${whole}.${fraction || '0'}`) * unitMs;
    return Number.isFinite(ms) ? ms : undefined;
}

/**
 * The duration in the largest unit that states it as a whole number: 1000 → `1s`,
 * 90000 → `90s` (not `1.5m`), 3600000 → `1h`, 0 → `0ms`. Whole numbers keep the text
 * unambiguous and make `parseDuration(formatDuration(ms)) === ms` hold.
 */
export function formatDuration(ms: number): string {
    if (!Number.isFinite(ms)) return `${ms}`;
    if (ms < 0) return `-${formatDuration(-ms)}`;
    if (ms === 0) return '0ms';
    for (const { unit, ms: size } of DURATION_UNITS) {
        if (ms % size === 0) return `${plain(ms / size)}${unit}`;
    }
    return `${plain(ms)}ms`;
}

// `String(1e21)` is `1e+21`, which is not a duration literal.
function plain(n: number): string {
    const text = String(n);
    if (!/e/i.test(text)) return text;
    return Number.isInteger(n) ? BigInt(n).toString() : n.toFixed(20).replace(/\.?0+$/, '');
}
