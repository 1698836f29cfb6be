// Synthetic `.mesh` workspaces for the checker benchmark (scripts/bench.mjs) and its tests.
//
// The generator is deterministic (a seeded PRNG, never Math.random) so that two runs of the
// benchmark check the same text. It keeps a rough copy of the propagation of LANGUAGE.md §4
// (declared vectors, `from`/`reads` derivation, topic lag, call hops) only so that most
// generated requirements are satisfiable and most declarations are supported: a benchmark
// workspace should look like a real, mostly clean spec, with a known sprinkling of findings
// (some unsatisfiable requirements, a handful of sync and lineage cycles).
import { parseArgs } from 'node:util';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

// ------------------------------------------------------------------ PRNG

/** mulberry32: tiny, fast and good enough to shape test data; same seed → same sequence. */
export function createRng(seed) {
    let a = seed >>> 0;
    const next = () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    return {
        next,
        int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
        chance: (p) => next() < p,
        pick: (list) => list[Math.floor(next() * list.length)],
        /** `count` distinct items of `list` (a partial Fisher–Yates shuffle). */
        sample: (list, count) => {
            const copy = [...list];
            for (let i = 0; i < count; i++) {
                const j = i + Math.floor(next() * (copy.length - i));
                [copy[i], copy[j]] = [copy[j], copy[i]];
            }
            return copy.slice(0, count);
        },
    };
}

// ------------------------------------------------------------------ vocabulary

const NOUNS = [
    ['orders', 'Order'], ['payments', 'Payment'], ['inventory', 'Item'], ['shipping', 'Shipment'],
    ['reviews', 'Review'], ['catalog', 'Product'], ['users', 'User'], ['pricing', 'Price'],
    ['search', 'Query'], ['billing', 'Invoice'], ['accounts', 'Account'], ['ledger', 'Entry'],
    ['notifications', 'Message'], ['fraud', 'Case'], ['loyalty', 'Reward'], ['returns', 'Refund'],
    ['carts', 'Cart'], ['sessions', 'Session'], ['media', 'Asset'], ['analytics', 'Report'],
];
const VERBS = ['get', 'list', 'create', 'update', 'cancel', 'charge', 'reserve', 'release', 'sync', 'score'];
const ENGINES = ['postgres', 'mongodb', 'cassandra', 'redis', 'dynamodb'];
const KIND_WORD = { service: 'api', topic: 'events', store: 'db', dataproduct: 'insights' };

// ------------------------------------------------------------------ a little lattice

// Only what the generator needs: chains for Order and Visibility, Scope restricted to the
// non-keyed chain plus the one keyed scope topics use, Recency as milliseconds (0 = Fresh,
// Infinity = EO).
const ORDER = ['None', 'PartialOrder', 'Causal', 'TotalOrder', 'SS'];
const VISIBILITY = ['None', 'RC', 'RA', 'SI', 'SER'];
const SCOPE_CHAIN = ['Local', 'Range', 'Domain', 'Cluster', 'Region', 'Global'];
const KEYED = new Set(['Partition', 'Aggregate', 'Saga', 'Client', 'Route']);

function scopeLeq(a, b) {
    if (a === b || a === 'Local') return true;
    if (KEYED.has(a)) return !KEYED.has(b) && b !== 'Local';
    if (KEYED.has(b)) return false;
    return SCOPE_CHAIN.indexOf(a) <= SCOPE_CHAIN.indexOf(b);
}

function scopeMeet(a, b) {
    if (scopeLeq(a, b)) return a;
    if (scopeLeq(b, a)) return b;
    return 'Local';
}

/** Scope values a requirement may ask for and still be satisfied by `scope`. */
function scopesBelow(scope) {
    if (KEYED.has(scope)) return ['Local', scope];
    return SCOPE_CHAIN.slice(0, SCOPE_CHAIN.indexOf(scope) + 1);
}

function meetVectors(vectors) {
    return vectors.reduce((acc, v) => ({
        scope: scopeMeet(acc.scope, v.scope),
        order: Math.min(acc.order, v.order),
        visibility: Math.min(acc.visibility, v.visibility),
        recency: Math.max(acc.recency, v.recency),
        idem: acc.idem && v.idem,
        auth: acc.auth === v.auth ? acc.auth : (acc.auth === 'None' || v.auth === 'None' ? 'None' : 'Auth'),
    }));
}

// ------------------------------------------------------------------ rendering helpers

/** Renders integer milliseconds with the largest unit that divides them. */
export function formatDuration(ms) {
    for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]]) {
        if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
    }
    return `${ms}ms`;
}

const NICE_MS = [1, 2, 5, 10, 15, 30].map(s => s * 1000)
    .concat([1, 2, 5, 10, 15, 30].map(m => m * 60_000))
    .concat([1, 2, 6, 12, 24].map(h => h * 3_600_000));

/** The smallest "round" duration ≥ ms, as an architect would write a bound. */
function niceAtLeast(ms) {
    return NICE_MS.find(n => n >= ms) ?? Math.ceil(ms / 86_400_000) * 86_400_000;
}

function roundUp(ms, step) {
    return Math.ceil(ms / step) * step;
}

function recencyText(ms) {
    if (ms === 0) return 'Fresh';
    if (ms === Infinity) return 'EO';
    return `BS(${formatDuration(ms)})`;
}

function vectorText(v, idemText = 'Idem') {
    return `<${v.scope}, ${ORDER[v.order]}, ${VISIBILITY[v.visibility]}, ${recencyText(v.recency)}, ${v.idem ? idemText : 'None'}, ${v.auth}>`;
}

// ------------------------------------------------------------------ generator

/**
 * @param {{ elements: number, seed?: number, elementsPerFile?: number }} options
 * @returns {{ files: { path: string, text: string }[], stats: object }}
 */
export function generateWorkspace(options) {
    const total = options.elements;
    const perFile = options.elementsPerFile ?? 100;
    const rng = createRng(options.seed ?? 1);
    if (!Number.isInteger(total) || total < 3) throw new Error(`elements must be an integer ≥ 3, got ${total}`);

    // 1. Kinds, names, domains and files ------------------------------------------------
    const elements = [];
    const byKind = { service: [], topic: [], store: [], dataproduct: [] };
    const servicesByTier = [[], [], [], [], []];
    const domains = [];
    for (let fileStart = 0, fileIndex = 0; fileStart < total; fileStart += perFile, fileIndex++) {
        const fileEnd = Math.min(total, fileStart + perFile);
        for (let start = fileStart; start < fileEnd;) {
            // Domains hold 20–30 consecutive elements and never span files.
            const size = Math.min(fileEnd - start, rng.int(20, 30));
            const [plural, singular] = rng.pick(NOUNS);
            const domain = { index: domains.length, name: `${plural}-${domains.length}`, owner: `${plural}-team-${domains.length}`, plural, singular, file: fileIndex, start, end: start + size };
            domains.push(domain);
            for (let i = start; i < start + size; i++) {
                // The first three elements make sure every kind has an early target.
                const r = rng.next();
                const kind = i === 0 ? 'topic' : i === 1 ? 'store' : i === 2 ? 'service'
                    : r < 0.47 ? 'service' : r < 0.67 ? 'topic' : r < 0.83 ? 'store' : 'dataproduct';
                const e = { index: i, kind, name: `${plural}-${KIND_WORD[kind]}-${i}`, domain, edges: 0 };
                elements.push(e);
                byKind[kind].push(i);
                if (kind === 'service') {
                    e.tier = i === 2 ? 0 : rng.int(0, 4);
                    servicesByTier[e.tier].push(i);
                }
            }
            start += size;
        }
    }

    // 2. Edges ----------------------------------------------------------------------------
    // Mostly "forward" (to a lower index), often nearby (same file), sometimes anywhere.
    const lowerBound = (list, value) => {
        let lo = 0, hi = list.length;
        while (lo < hi) {
            const mid = (lo + hi) >> 1;
            if (list[mid] < value) lo = mid + 1; else hi = mid;
        }
        return lo;
    };
    const pickForward = (list, i) => {
        const end = lowerBound(list, i);
        if (end === 0) return undefined;
        const start = rng.chance(0.6) ? lowerBound(list, i - 150) : 0;
        return list[start + Math.floor(rng.next() * (end - start))];
    };
    const pickBackward = (list, i) => {
        const begin = lowerBound(list, i + 1);
        if (begin >= list.length) return undefined;
        return list[begin + Math.floor(rng.next() * (list.length - begin))];
    };
    const pick = (list, i, backProbability) =>
        (rng.chance(backProbability) ? pickBackward(list, i) : undefined) ?? pickForward(list, i) ?? pickBackward(list, i);

    const written = new Set();
    for (const e of elements) {
        const i = e.index;
        if (e.kind === 'service') {
            const verbs = rng.sample(VERBS, rng.int(1, 3));
            e.operations = verbs.map(v => ({ name: `${v}${e.domain.singular}`, idempotent: rng.chance(0.55), key: rng.chance(0.4) }));
            e.latencyMs = rng.int(2, 12) * 5;
            e.tracing = rng.chance(0.97);
            e.base = rng.pick([
                { order: 4, visibility: 4, recency: 0 },
                { order: 2, visibility: 3, recency: 0 },
                { order: 2, visibility: 2, recency: 1000 },
            ]);
            e.scope = rng.pick(['Cluster', 'Cluster', 'Region', 'Domain']);
            e.calls = [];
            // Tiers keep synchronous calls acyclic and chains at most four calls deep: a
            // service only calls services of a lower tier.
            const callCount = e.tier === 0 ? 0 : rng.int(1, 3);
            const seen = new Set();
            for (let c = 0; c < callCount; c++) {
                const tier = rng.int(0, e.tier - 1);
                const target = pick(servicesByTier[tier], i, 0.06);
                if (target === undefined || seen.has(target)) continue;
                seen.add(target);
                const callee = elements[target];
                e.calls.push({ target, op: undefined, calleeRef: callee });
            }
            e.publishes = [];
            e.consumes = [];
            for (let n = rng.pick([1, 1, 1, 2, 2]); n > 0; n--) {
                const t = pick(byKind.topic, i, 0.08);
                if (t !== undefined && !e.publishes.includes(t)) e.publishes.push(t);
            }
            for (let n = rng.pick([1, 1, 2, 2, 3]); n > 0; n--) {
                const t = pick(byKind.topic, i, 0.08);
                if (t !== undefined && !e.consumes.includes(t) && !e.publishes.includes(t)) e.consumes.push({ topic: t });
            }
            e.reads = [];
            if (rng.chance(0.7)) {
                const s = pick(byKind.store, i, 0.05);
                if (s !== undefined) e.reads.push(s);
            }
            e.writes = [];
            if (rng.chance(0.5)) {
                // Database per service: a store gets at most one writer.
                for (let attempt = 0; attempt < 4; attempt++) {
                    const s = pick(byKind.store, i, 0.05);
                    if (s !== undefined && !written.has(s)) {
                        written.add(s);
                        e.writes.push(s);
                        break;
                    }
                }
            }
        } else if (e.kind === 'topic') {
            e.partitions = rng.pick([3, 6, 12, 24, 48]);
            e.key = rng.chance(0.5) ? 'customer_id' : `${e.domain.singular.toLowerCase()}_id`;
            e.lagMs = rng.pick([1, 2, 5, 10]) * 1000;
            e.from = [];
        } else if (e.kind === 'store') {
            e.engine = rng.pick(ENGINES);
            e.from = [];
            if (rng.chance(0.35)) {
                // A read model fed by a stream (CQRS), sometimes by a data product.
                const source = rng.chance(0.8) ? pick(byKind.topic, i, 0.05) : pickForward(byKind.dataproduct, i) ?? pickForward(byKind.topic, i);
                if (source !== undefined) e.from.push(source);
                e.lagMs = rng.int(1, 5) * 1000;
            }
        } else {
            e.from = [];
            const inputs = rng.int(1, 2);
            for (let n = 0; n < inputs; n++) {
                const r = rng.next();
                // Only topics (which derive from nothing) may sit "after" a data product, so
                // lineage stays acyclic apart from the deliberate cycles below.
                const source = r < 0.45 ? pick(byKind.topic, i, 0.05)
                    : (r < 0.75 ? pickForward(byKind.store, i) : pickForward(byKind.dataproduct, i)) ?? pickForward(byKind.topic, i);
                if (source !== undefined && !e.from.includes(source)) e.from.push(source);
            }
            e.lagMs = rng.pick([30_000, 60_000, 120_000, 300_000]);
            e.completeness = rng.chance(0.5);
        }
    }

    // Operations of the callee are chosen once all services exist (back-edges included).
    for (const e of elements) {
        for (const call of e.calls ?? []) call.op = rng.pick(call.calleeRef.operations);
    }

    // A handful of deliberate findings for the structural rules.
    const handful = Math.max(2, Math.round(total / 2000));
    const syncCycles = [];
    const callers = elements.filter(e => e.kind === 'service' && e.calls.length > 0);
    for (let tries = 0; syncCycles.length < handful && tries < handful * 20 && callers.length > 0; tries++) {
        const caller = rng.pick(callers);
        const call = rng.pick(caller.calls);
        const callee = elements[call.target];
        if (callee.calls.some(c => c.target === caller.index) || syncCycles.some(([a, b]) => a === callee.index || b === callee.index)) continue;
        // The callee calls its caller back: a two-service synchronous cycle.
        callee.calls.push({ target: caller.index, op: rng.pick(caller.operations), calleeRef: caller, cycle: true });
        syncCycles.push([caller.index, callee.index]);
    }
    const lineageCycles = [];
    const cycleMembers = new Set();
    // Everything on such a cycle is downstream of its store, so the fixpoint below sees
    // the whole strongly connected component widen to EO.
    const derivedStore = n => elements[n].kind === 'store' && elements[n].from.length > 0;
    const candidates = elements.filter(e => e.kind === 'dataproduct' && e.from.some(derivedStore));
    for (let tries = 0; lineageCycles.length < handful && tries < handful * 20 && candidates.length > 0; tries++) {
        const product = rng.pick(candidates);
        const store = elements[product.from.find(derivedStore)];
        if (cycleMembers.has(product.index) || cycleMembers.has(store.index)) continue;
        // The store feeds the product and now also reads it back: a lineage cycle of two.
        store.from.push(product.index);
        cycleMembers.add(product.index);
        cycleMembers.add(store.index);
        lineageCycles.push([store.index, product.index]);
    }

    // 3. Effective vectors (a rough §4 fixpoint) --------------------------------------------
    const inputsOf = e => e.kind === 'service' ? e.reads : e.from;
    const own = e => {
        switch (e.kind) {
            case 'topic': return { scope: 'Partition', order: 1, visibility: 2, recency: e.lagMs, idem: true, auth: 'Auth' };
            case 'store': return { scope: 'Cluster', order: 4, visibility: 4, recency: 0, idem: true, auth: 'Auth' };
            case 'dataproduct': return { scope: 'Domain', order: 4, visibility: 4, recency: 0, idem: true, auth: 'Auth' };
            default: return { scope: e.scope, ...e.base, idem: true, auth: 'Auth(jwt)' };
        }
    };
    for (const e of elements) e.effective = own(e);
    for (let pass = 0, changed = true; changed && pass < 100; pass++) {
        changed = false;
        for (const e of elements) {
            const inputs = inputsOf(e);
            if (inputs.length === 0) continue;
            const joined = meetVectors(inputs.map(n => elements[n].effective));
            const base = own(e);
            const recency = cycleMembers.has(e.index) ? Infinity : Math.max(base.recency, joined.recency + (e.lagMs ?? 0));
            const next = {
                ...base,
                order: Math.min(base.order, joined.order),
                visibility: Math.min(base.visibility, joined.visibility),
                recency,
                idem: base.idem && joined.idem,
            };
            if (vectorText(next) !== vectorText(e.effective)) {
                e.effective = next;
                changed = true;
            }
        }
    }

    // 4. Latency budgets: every service's timeouts and SLO cover its callees --------------
    const e2e = new Map();
    const endToEnd = (e) => {
        if (e2e.has(e.index)) return e2e.get(e.index);
        e2e.set(e.index, e.latencyMs); // guards the deliberate cycles
        const total = e.latencyMs + e.calls.filter(c => !c.cycle).reduce((sum, c) => sum + endToEnd(elements[c.target]), 0);
        e2e.set(e.index, total);
        return total;
    };
    for (const e of elements) {
        if (e.kind !== 'service') continue;
        let budget = 0;
        for (const call of e.calls) {
            call.timeoutMs = roundUp(endToEnd(elements[call.target]) * 1.5 + 10, 10);
            call.retries = call.op.idempotent && rng.chance(0.4) ? rng.int(1, 3) : 0;
            call.backoffMs = call.retries > 0 ? rng.pick([10, 25, 50, 100]) : 0;
            const crossDomain = elements[call.target].domain !== e.domain;
            call.auth = crossDomain && rng.chance(0.9);
            call.breaker = crossDomain && rng.chance(0.25);
            call.fallback = call.breaker ? rng.pick(['cached', 'default', 'queue', 'fail']) : undefined;
            // Conservative: exponential backoff total b·2^r ≥ any linear schedule.
            budget = Math.max(budget, (call.retries + 1) * call.timeoutMs + call.backoffMs * 2 ** call.retries);
        }
        e.sloMs = roundUp(Math.max(endToEnd(e) * 1.25, budget) + 20, 10);
    }

    // 5. Requirements on about a third of all edges ---------------------------------------
    // Clauses that may carry `requires` (calls, consumes, reads, from); publishes and writes
    // cannot, so the probability is scaled to hit one third of all edges.
    const clauses = [];
    let edgeCount = 0;
    for (const e of elements) {
        if (e.kind === 'service') {
            edgeCount += e.calls.length + e.publishes.length + e.consumes.length + e.reads.length + e.writes.length;
            for (const call of e.calls) clauses.push({ holder: call, edges: 1, provided: () => ({ ...elements[call.target].effective, auth: call.auth ? 'Auth(jwt)' : 'None' }) });
            for (const consume of e.consumes) clauses.push({ holder: consume, edges: 1, provided: () => elements[consume.topic].effective, topic: elements[consume.topic] });
            if (e.reads.length > 0) clauses.push({ holder: e.readsClause = {}, edges: e.reads.length, provided: () => meetVectors(e.reads.map(n => elements[n].effective)) });
        } else if (e.from.length > 0) {
            edgeCount += e.from.length;
            clauses.push({ holder: e.fromClause = {}, edges: e.from.length, provided: () => meetVectors(e.from.map(n => elements[n].effective)) });
        }
    }
    const capableEdges = clauses.reduce((sum, c) => sum + c.edges, 0);
    const probability = Math.min(1, edgeCount / 3 / Math.max(1, capableEdges));
    let requiresEdges = 0;
    let unsatisfiable = 0;
    for (const clause of clauses) {
        if (!rng.chance(probability)) continue;
        requiresEdges += clause.edges;
        const provided = clause.provided();
        if (rng.chance(0.12)) {
            clause.holder.requires = unsatisfiableRequirement(rng, provided);
            unsatisfiable++;
        } else if (clause.topic && rng.chance(0.15)) {
            // §4.6: a keyed topic is totally ordered per its key.
            clause.holder.requires = '<_, TotalOrder, _, _, _, _>';
            clause.holder.per = clause.topic.key;
        } else {
            clause.holder.requires = satisfiableRequirement(rng, provided);
        }
    }

    // 6. Text ----------------------------------------------------------------------------
    const files = [];
    let modesBlocks = 0;
    for (let f = 0; f * perFile < total; f++) {
        const lines = [`// Generated by scripts/bench-lib.mjs (seed ${options.seed ?? 1}, ${total} elements) — file ${f + 1}.`, ''];
        for (const domain of domains.filter(d => d.file === f)) {
            lines.push(`domain ${domain.name} owner "${domain.owner}" {`);
            for (let i = domain.start; i < domain.end; i++) {
                const e = elements[i];
                const body = renderElement(e, elements, rng);
                if (i % 5 === 0) {
                    body.push(...renderModes(e));
                    modesBlocks++;
                }
                lines.push(`    ${e.kind} ${e.name} {`, ...body.map(l => `        ${l}`), '    }');
            }
            lines.push('}', '');
        }
        files.push({ path: `mesh-${String(f).padStart(4, '0')}.mesh`, text: lines.join('\n') });
    }

    return {
        files,
        stats: {
            elements: total,
            files: files.length,
            domains: domains.length,
            services: byKind.service.length,
            topics: byKind.topic.length,
            stores: byKind.store.length,
            dataproducts: byKind.dataproduct.length,
            edges: edgeCount,
            requiresEdges,
            unsatisfiableRequirements: unsatisfiable,
            modesBlocks,
            syncCycles: syncCycles.length,
            lineageCycles: lineageCycles.length,
            bytes: files.reduce((sum, file) => sum + Buffer.byteLength(file.text), 0),
        },
    };
}

function satisfiableRequirement(rng, p) {
    const parts = [
        rng.chance(0.5) ? '_' : rng.pick(scopesBelow(p.scope)),
        rng.chance(0.5) ? '_' : ORDER[rng.int(0, p.order)],
        rng.chance(0.5) ? '_' : VISIBILITY[rng.int(0, p.visibility)],
        rng.chance(0.4) ? '_' : p.recency === Infinity ? 'EO' : recencyText(rng.chance(0.3) ? p.recency : niceAtLeast(p.recency * rng.int(1, 3) || 1000)),
        rng.chance(0.6) || !p.idem ? '_' : 'Idem',
        p.auth === 'None' || rng.chance(0.5) ? '_' : rng.pick(p.auth === 'Auth' ? ['Auth'] : ['Auth', p.auth]),
    ];
    if (parts.every(x => x === '_')) parts[3] = p.recency === Infinity ? 'EO' : recencyText(niceAtLeast(p.recency || 1000));
    return `<${parts.join(', ')}>`;
}

/** One component asks for more than the edge delivers; the others are wildcards. */
function unsatisfiableRequirement(rng, p) {
    const options = [];
    if (p.recency > 0) options.push([3, p.recency === Infinity ? 'BS(1m)' : p.recency <= 1000 ? 'Fresh' : `BS(${formatDuration(Math.floor(p.recency / 2000) * 1000 || 1)})`]);
    if (p.visibility < 4) options.push([2, VISIBILITY[p.visibility + 1]]);
    if (p.order < 4) options.push([1, 'SS']);
    if (p.scope !== 'Global') options.push([0, 'Global']);
    if (p.auth === 'None') options.push([5, 'Auth(mTLS)']);
    const [index, value] = rng.pick(options);
    const parts = ['_', '_', '_', '_', '_', '_'];
    parts[index] = value;
    return `<${parts.join(', ')}>`;
}

function requiresText(holder) {
    return holder?.requires ? ` requires ${holder.requires}` + (holder.per ? ` per ${holder.per}` : '') : '';
}

function renderElement(e, elements, rng) {
    const name = i => elements[i].name;
    const out = [];
    if (rng.chance(0.3)) out.push(`description "${KIND_WORD[e.kind]} for ${e.domain.plural} (#${e.index})"`);
    switch (e.kind) {
        case 'service': {
            out.push(`provides ${vectorText(e.effective)}`);
            out.push(`latency p99 ${formatDuration(e.latencyMs)}`, `slo p99 ${formatDuration(e.sloMs)}`);
            if (e.tracing) out.push('tracing');
            for (const op of e.operations) {
                out.push(`operation ${op.name}` + (op.idempotent ? ' idempotent' : '') + (op.idempotent && op.key ? ` key ${e.domain.singular.toLowerCase()}_id` : ''));
            }
            for (const call of e.calls) {
                let line = `calls ${name(call.target)}.${call.op.name} timeout ${formatDuration(call.timeoutMs)}`;
                if (call.retries > 0) line += ` retries ${call.retries} backoff ${formatDuration(call.backoffMs)}`;
                if (call.auth) line += ' auth jwt';
                if (call.breaker) line += ` breaker { errors 5 within 30s eject 30s } fallback ${call.fallback}`;
                out.push(line + requiresText(call));
            }
            if (e.publishes.length > 0) out.push(`publishes ${e.publishes.map(name).join(', ')}`);
            for (const consume of e.consumes) {
                out.push(`consumes ${name(consume.topic)} group ${e.name} dedupe event_id` + requiresText(consume));
            }
            if (e.reads.length > 0) out.push(`reads ${e.reads.map(name).join(', ')}` + requiresText(e.readsClause));
            if (e.writes.length > 0) out.push(`writes ${e.writes.map(name).join(', ')}`);
            break;
        }
        case 'topic':
            out.push(`partitions ${e.partitions}  key ${e.key}`, 'delivery at-least-once', 'retention 7d', `lag p95 ${formatDuration(e.lagMs)}`);
            out.push(`provides ${topicVectorText(e)}`);
            break;
        case 'store':
            out.push(`engine ${e.engine}`);
            if (e.from.length > 0) out.push(`from ${e.from.map(name).join(', ')}` + requiresText(e.fromClause), `lag ${formatDuration(e.lagMs)}`);
            out.push(`provides ${vectorText(e.effective)}`);
            break;
        case 'dataproduct': {
            out.push(`owner "${e.domain.owner}"`);
            out.push(`from ${e.from.map(name).join(', ')}` + requiresText(e.fromClause), `lag ${formatDuration(e.lagMs)}`);
            // A freshness SLA the derivation supports; none where lineage is cyclic (EO).
            const sla = [];
            if (e.effective.recency !== Infinity) sla.push(`freshness ${formatDuration(niceAtLeast(e.effective.recency))}`);
            if (e.completeness || sla.length === 0) sla.push('completeness 99.9%');
            out.push(`sla ${sla.join(' ')}`);
            out.push(`provides ${vectorText(e.effective)}`);
            break;
        }
    }
    return out;
}

/** Topics declare EO and let `lag p95` bound it (§4.7), as the seed writes them. */
function topicVectorText(e) {
    return vectorText({ ...e.effective, recency: Infinity }, 'Idem(offset)');
}

/** target = provides ⊒ degraded ⊒ floor, recovery between floor and target (§5). */
function renderModes(e) {
    const declared = e.kind === 'topic' ? { ...e.effective, recency: Infinity } : e.effective;
    const idem = e.kind === 'topic' ? 'Idem(offset)' : 'Idem';
    const target = e.kind === 'topic' ? topicVectorText(e) : vectorText(declared);
    const degraded = vectorText({
        ...declared,
        order: Math.max(0, declared.order - 1),
        visibility: Math.max(0, declared.visibility - 1),
        recency: declared.recency === Infinity ? Infinity : Math.max(declared.recency * 2, declared.recency + 10_000),
    }, idem);
    const floor = `<Local, None, None, Stale, None, ${declared.auth}>`;
    return [
        'modes {',
        `    target   ${target}`,
        `    degraded ${degraded} when error_rate > 5% for 1m`,
        `    floor    ${floor} when error_rate > 50%`,
        `    recovery ${degraded} when success_rate > 99% for 5m`,
        '}',
    ];
}

/** Writes a generated workspace under `dir` (created if missing). */
export function writeWorkspace(dir, workspace) {
    for (const file of workspace.files) {
        const path = join(dir, file.path);
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, file.text);
    }
}

// ------------------------------------------------------------------ statistics

export function median(values) {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The nearest-rank percentile `p` (0–100) of `values`; NaN when there are none. */
export function percentile(values, p) {
    if (values.length === 0) return NaN;
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * The command line shared by the benchmark scripts: `--help`, option parsing and the
 * exit-2-with-one-line convention. Returns the parsed values, `fail` and `positiveInt`.
 */
export function benchCli(name, usage, options) {
    const fail = (message) => {
        console.error(`${name}: ${message}`);
        process.exit(2);
    };
    let values;
    try {
        ({ values } = parseArgs({ options: { ...options, help: { type: 'boolean', short: 'h', default: false } } }));
    } catch (error) {
        fail(error.message);
    }
    if (values.help) {
        console.log(`Usage: ${usage}`);
        process.exit(0);
    }
    const positiveInt = (text, what) => {
        if (!/^\d+$/.test(text.trim()) || Number(text) < 1) fail(`${what} must be a positive integer, got '${text}'`);
        return Number(text);
    };
    return { values, fail, positiveInt };
}
