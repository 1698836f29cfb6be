import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DURATION_UNITS, formatDuration, parseDuration } from '../../server/src/guarantees/index.js';

describe('parseDuration', () => {
    it.each([
        ['250ms', 250], ['5s', 5000], ['10m', 600_000], ['1h', 3_600_000], ['7d', 604_800_000],
        ['1.5s', 1500], ['1.1s', 1100], ['0.1s', 100], ['2.25h', 8_100_000], ['0ms', 0], ['0.5ms', 0.5], [' 5s ', 5000],
    ])('%s is %d ms', (text, ms) => {
        expect(parseDuration(text)).toBe(ms);
    });

    it.each(['', '5', 's', '5 s', '-5s', '5sec', '1.s', '.5s', '5S', '5ss', '1e3ms', 'SLA', '5s5'])('rejects %j', text => {
        expect(parseDuration(text)).toBeUndefined();
    });

    it('reads decimals exactly, as the rational number they write', () => {
        fc.assert(fc.property(
            fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 999 }), fc.constantFrom(...DURATION_UNITS),
            (whole, thousandths, { unit, ms }) => {
                const text = `${whole}.${String(thousandths).padStart(3, '0')}${unit}`;
                expect(parseDuration(text)).toBe((whole * 1000 + thousandths) * ms / 1000);
            },
        ));
    });
});

describe('formatDuration', () => {
    it.each([
        [0, '0ms'], [1, '1ms'], [250, '250ms'], [1000, '1s'], [1500, '1500ms'], [60_000, '1m'], [90_000, '90s'],
        [3_600_000, '1h'], [5_400_000, '90m'], [86_400_000, '1d'], [604_800_000, '7d'], [0.5, '0.5ms'],
    ])('%d ms is %s', (ms, text) => {
        expect(formatDuration(ms)).toBe(text);
    });

    it('uses the largest unit that states the value as a whole number', () => {
        fc.assert(fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), ms => {
            const text = formatDuration(ms);
            const match = /^(\d+)(ms|s|m|h|d)$/.exec(text);
            expect(match, text).not.toBeNull();
            const size = DURATION_UNITS.find(u => u.unit === match![2])!.ms;
            expect(Number(match![1]) * size).toBe(ms);
            for (const larger of DURATION_UNITS.filter(u => u.ms > size)) expect(ms % larger.ms).not.toBe(0);
        }));
    });

    it('round-trips through parseDuration', () => {
        fc.assert(fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), ms => {
            expect(parseDuration(formatDuration(ms))).toBe(ms);
        }));
    });

    it('round-trips what parseDuration reads', () => {
        fc.assert(fc.property(
            fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 99 }), fc.constantFrom(...DURATION_UNITS),
            (whole, hundredths, { unit }) => {
                const ms = parseDuration(`${whole}.${String(hundredths).padStart(2, '0')}${unit}`)!;
                expect(parseDuration(formatDuration(ms))).toBe(ms);
            },
        ));
    });
});
