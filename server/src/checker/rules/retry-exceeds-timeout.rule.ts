import { formatDuration } from '../../guarantees/index.js';
import * as ast from '../../language/generated/ast.js';
import { sloClause } from './helpers.js';
import type { Rule } from './rule.js';

/**
 * The worst case of a call — every attempt times out, every backoff waited — must fit the
 * caller's `slo`: `(retries + 1) × timeout + total backoff` (LANGUAGE.md §6). A call without
 * `retries` makes one attempt (retries 0), so its timeout alone must fit. Backoff is
 * exponential, as in the seed's schedule: `b, 2b, 4b, …`, totalling `b × (2^retries − 1)`.
 */
export const retryExceedsTimeout: Rule = {
    ids: ['retry-exceeds-timeout'],
    per: 'element',
    run({ reporter, scope }) {
        for (const edge of scope.edges) {
            const call = edge.call;
            if (edge.kind !== 'call' || !call || !ast.isCallsClause(edge.ast)) continue;
            const retries = call.retries ?? 0;
            const timeoutMs = call.timeoutMs;
            const sloMs = edge.source.sloMs;
            // A fractional count is an `invalid-value`; a negative one cannot be written.
            if (!(retries >= 0) || timeoutMs === undefined || sloMs === undefined) continue;
            const { totalMs, formula } = worstCase(retries, timeoutMs, call.backoffMs ?? 0);
            if (!(totalMs > sloMs)) continue;
            const slo = sloClause(edge.source);
            // On the retry policy when there is one, else on the timeout.
            const at = edge.ast.options.find(ast.isRetriesClause) ?? edge.ast.options.find(ast.isTimeoutClause)!;
            reporter.report('retry-exceeds-timeout', { formula, total: totalMs < BEYOND_MS ? formatDuration(totalMs) : 'more than 30,000 years', slo: formatDuration(sloMs) },
                { node: at }, {
                    related: slo ? [{ node: slo, property: 'value' as never, message: `the caller's slo is ${formatDuration(sloMs)}` }] : [],
                    data: { worstCaseMs: totalMs, sloMs },
                });
        }
    },
};

/** A worst case this long (about 31,700 years) is shown as a bound, not as digits of a double. */
const BEYOND_MS = 1e15;

/** `3 × 500ms + (100ms + 200ms)`; one wait: `2 × 150ms + 20ms`; past four: `6 × 500ms + 100ms × (2^5 − 1)`; no retry: `1 × 500ms`. */
export function worstCase(retries: number, timeoutMs: number, backoffMs: number): { totalMs: number; formula: string } {
    const attempts = retries + 1;
    // Exact as far as a double goes (2^1024 and up is Infinity, still over any slo).
    const backoffTotal = backoffMs > 0 ? backoffMs * (2 ** retries - 1) : 0;
    const totalMs = attempts * timeoutMs + backoffTotal;
    let formula = `${attempts} × ${formatDuration(timeoutMs)}`;
    if (backoffMs > 0 && retries > 0) {
        formula += retries === 1 ? ` + ${formatDuration(backoffMs)}`
            : retries <= 4 ? ` + (${Array.from({ length: retries }, (_, i) => formatDuration(backoffMs * 2 ** i)).join(' + ')})`
                : ` + ${formatDuration(backoffMs)} × (2^${retries} − 1)`;
    }
    return { totalMs, formula };
}
