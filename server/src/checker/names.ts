/**
 * Edit distance (Levenshtein), case-insensitive and bounded: `limit + 1` as soon as it is
 * exceeded. With a limit only the cells within `limit` of the diagonal can hold a distance
 * within it, so only those are computed: linear in the length, not quadratic (a name of
 * 16,000 characters took 14 s when every cell was).
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    const n = x.length;
    const m = y.length;
    const over = limit + 1;
    const band = Number.isFinite(limit) ? limit : Math.max(n, m);
    let prev: number[] = new Array<number>(m + 1);
    let row: number[] = new Array<number>(m + 1);
    for (let j = 0; j <= m; j++) prev[j] = j <= band ? j : over;
    for (let i = 1; i <= n; i++) {
        const lo = Math.max(1, i - band);
        const hi = Math.min(m, i + band);
        row[lo - 1] = lo === 1 ? i : over;
        let best = row[lo - 1];
        const c = x.charCodeAt(i - 1);
        for (let j = lo; j <= hi; j++) {
            const d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (c === y.charCodeAt(j - 1) ? 0 : 1));
            row[j] = d;
            if (d < best) best = d;
        }
        if (hi < m) row[hi + 1] = over;
        if (best > limit) return over;
        [prev, row] = [row, prev];
    }
    return Math.min(prev[m], over);
}

/** The candidate closest to `name`, if it is close enough to be a likely typo. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
    const limit = Math.max(1, Math.min(3, Math.floor(name.length / 3)));
    let best: string | undefined;
    let bestDistance = limit + 1;
    for (const candidate of candidates) {
        if (candidate === name) continue;
        const d = editDistance(name, candidate, limit);
        if (d < bestDistance || (d === bestDistance && best !== undefined && candidate < best)) {
            best = candidate;
            bestDistance = d;
        }
    }
    return bestDistance <= limit ? best : undefined;
}
