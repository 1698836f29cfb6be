// The six component lattices of a guarantee vector (LANGUAGE.md §3): their values, their
// order (`leq`, read "is at most as strong as") and their meet (the greatest lower bound,
// "the weakest of the two"). Everything the checker concludes about guarantees reduces to
// these two operations, so they are total and never throw.

export type ComponentName = 'scope' | 'order' | 'visibility' | 'recency' | 'idempotence' | 'auth';

/** The components in the positional order of `<Scope, Order, Visibility, Recency, Idempotence, Auth>`. */
export const COMPONENTS: readonly ComponentName[] = ['scope', 'order', 'visibility', 'recency', 'idempotence', 'auth'];

/** The names a spec uses for components (`invariants Auth`, messages, hovers). */
export const COMPONENT_LABELS: Record<ComponentName, string> = {
    scope: 'Scope',
    order: 'Order',
    visibility: 'Visibility',
    recency: 'Recency',
    idempotence: 'Idempotence',
    auth: 'Auth',
};

/** The component at a 0-based position inside `<…>`, or `undefined` past the sixth. */
export function componentOfPosition(i: number): ComponentName | undefined {
    return Number.isInteger(i) && i >= 0 ? COMPONENTS[i] : undefined;
}

export type Scope = 'Local' | 'Partition' | 'Aggregate' | 'Saga' | 'Client' | 'Route' | 'Range' | 'Domain' | 'Cluster' | 'Region' | 'Global';
export type Order = 'None' | 'PartialOrder' | 'Causal' | 'TotalOrder' | 'SS';
export type Visibility = 'None' | 'RC' | 'RA' | 'SI' | 'SER';

/**
 * `Fresh` is `BS` with `ms: 0` rather than a kind of its own, so that `Fresh ≡ BS(0)` needs
 * no special case anywhere. `evidence` names what proves the bound (`Fresh(cert)`,
 * `Fresh(1h)`) or the name a bound was resolved from (`BS(SLA)`); it never affects order.
 */
export type Recency = { kind: 'Stale' } | { kind: 'EO' } | { kind: 'BS'; ms: number; evidence?: string };

/** `key` names the idempotence evidence (`Idem(offset)`); it never affects order. */
export interface Idempotence { idem: boolean; key?: string }

/**
 * `mechanisms` is a set, kept sorted and without duplicates (see `authOf`); `[]` is bare
 * `Auth` ("authenticated, mechanism unstated"), the weakest authenticated value.
 */
export type Auth = { kind: 'None' } | { kind: 'Auth'; mechanisms: readonly string[] };

/** The value type of each component. A `Vector` (vector.ts) is exactly one of each. */
export interface ComponentValues {
    scope: Scope;
    order: Order;
    visibility: Visibility;
    recency: Recency;
    idempotence: Idempotence;
    auth: Auth;
}

/** Scope values, weakest first; the five keyed scopes share one level. */
export const SCOPES: readonly Scope[] = ['Local', 'Partition', 'Aggregate', 'Saga', 'Client', 'Route', 'Range', 'Domain', 'Cluster', 'Region', 'Global'];
/** Keyed scopes hold per key (partition, aggregate, saga, client, route) and are mutually incomparable. */
export const KEYED_SCOPES: readonly Scope[] = ['Partition', 'Aggregate', 'Saga', 'Client', 'Route'];
/** Order values, weakest first (a chain). */
export const ORDERS: readonly Order[] = ['None', 'PartialOrder', 'Causal', 'TotalOrder', 'SS'];
/** Visibility values, weakest first (a chain). */
export const VISIBILITIES: readonly Visibility[] = ['None', 'RC', 'RA', 'SI', 'SER'];

export const STALE: Recency = { kind: 'Stale' };
export const EO: Recency = { kind: 'EO' };
export const FRESH: Recency = { kind: 'BS', ms: 0 };
export const NOT_IDEM: Idempotence = { idem: false };
export const IDEM: Idempotence = { idem: true };
export const NO_AUTH: Auth = { kind: 'None' };
export const AUTH: Auth = { kind: 'Auth', mechanisms: [] };

/** `BS(ms)`; a negative or non-finite bound is a bug in the caller, not bad input. */
export function bs(ms: number, evidence?: string): Recency {
    if (!(ms >= 0) || !Number.isFinite(ms)) throw new RangeError(`staleness bound must be a finite duration >= 0, got ${ms}`);
    return evidence === undefined ? { kind: 'BS', ms } : { kind: 'BS', ms, evidence };
}

/** `Idem` or `Idem(key)`. */
export function idem(key?: string): Idempotence {
    return key === undefined ? { idem: true } : { idem: true, key };
}

// Spellings of the mechanisms LANGUAGE.md names. `Auth(MTLS)` and `Auth(mTLS)` must be
// the same set, or a requirement would fail on capitalisation alone.
const CANONICAL_MECHANISMS = new Map(['mTLS', 'jwt', 'token', 'apikey', 'oauth2', 'sign', 'policy'].map(m => [m.toLowerCase(), m]));

/** The canonical spelling of a mechanism: known ones case-insensitively, others as written. */
export function canonicalMechanism(mechanism: string): string {
    const trimmed = mechanism.trim();
    return CANONICAL_MECHANISMS.get(trimmed.toLowerCase()) ?? trimmed;
}

/** `Auth(m1+m2…)` as a normalized set: canonical spelling, sorted, deduplicated. */
export function authOf(mechanisms: Iterable<string>): Extract<Auth, { kind: 'Auth' }> {
    return { kind: 'Auth', mechanisms: [...new Set([...mechanisms].map(canonicalMechanism))].sort() };
}

const SCOPE_LEVEL: Record<Scope, number> = {
    Local: 0, Partition: 1, Aggregate: 1, Saga: 1, Client: 1, Route: 1, Range: 2, Domain: 3, Cluster: 4, Region: 5, Global: 6,
};

interface ComponentLattice<T> {
    leq(a: T, b: T): boolean;
    /** Greatest lower bound. Labels come from the weaker side, or from `a` when equal. */
    meet(a: T, b: T): T;
}

function chain<T extends string>(values: readonly T[]): ComponentLattice<T> {
    const rank = new Map(values.map((v, i) => [v, i]));
    return {
        leq: (a, b) => a === b || rank.get(a)! <= rank.get(b)!,
        meet: (a, b) => (a === b || rank.get(a)! <= rank.get(b)! ? a : b),
    };
}

const scopeLattice: ComponentLattice<Scope> = {
    leq: (a, b) => a === b || SCOPE_LEVEL[a] < SCOPE_LEVEL[b],
    meet(a, b) {
        if (scopeLattice.leq(a, b)) return a;
        if (scopeLattice.leq(b, a)) return b;
        // Only two different keyed scopes are incomparable; nothing holds per both keys
        // except what holds locally.
        return 'Local';
    },
};

function recencyLevel(r: Recency): number {
    return r.kind === 'Stale' ? 0 : r.kind === 'EO' ? 1 : 2;
}

const recencyLattice: ComponentLattice<Recency> = {
    leq(a, b) {
        if (a.kind === 'BS' && b.kind === 'BS') return a.ms >= b.ms;
        return recencyLevel(a) <= recencyLevel(b);
    },
    meet: (a, b) => (recencyLattice.leq(a, b) ? a : b),
};

const idempotenceLattice: ComponentLattice<Idempotence> = {
    leq: (a, b) => !a.idem || b.idem,
    meet: (a, b) => (!a.idem || b.idem ? a : b),
};

const authLattice: ComponentLattice<Auth> = {
    leq(a, b) {
        if (a.kind === 'None') return true;
        if (b.kind === 'None') return false;
        // Mechanism lists have one or two entries: a scan beats building a set.
        for (const m of a.mechanisms) if (!b.mechanisms.includes(m)) return false;
        return true;
    },
    meet(a, b) {
        if (a.kind === 'None') return a;
        if (b.kind === 'None') return b;
        // Both authenticated: what both prove. Sharing nothing still leaves bare `Auth`.
        // (Mechanism lists have one or two entries: a scan beats building a set.)
        return authOf(a.mechanisms.filter(m => b.mechanisms.includes(m)));
    },
};

const LATTICES: { [C in ComponentName]: ComponentLattice<ComponentValues[C]> } = {
    scope: scopeLattice,
    order: chain(ORDERS),
    visibility: chain(VISIBILITIES),
    recency: recencyLattice,
    idempotence: idempotenceLattice,
    auth: authLattice,
};

/** `a ⊑ b`: `b` is at least as strong as `a`. Labels (evidence, keys) are ignored. */
export function leq<C extends ComponentName>(c: C, a: ComponentValues[C], b: ComponentValues[C]): boolean {
    return LATTICES[c].leq(a, b);
}

/** The greatest lower bound (the weakest of the two, or `Local` for two keyed scopes, or the shared mechanisms). */
export function meetComponent<C extends ComponentName>(c: C, a: ComponentValues[C], b: ComponentValues[C]): ComponentValues[C] {
    return LATTICES[c].meet(a, b);
}

/** Equal in strength: `a ⊑ b` and `b ⊑ a`. `Fresh(cert)` equals `Fresh`; `Idem(k)` equals `Idem`. */
export function equalComponent<C extends ComponentName>(c: C, a: ComponentValues[C], b: ComponentValues[C]): boolean {
    return leq(c, a, b) && leq(c, b, a);
}

/** Equal including labels (evidence, key) — what a printed value round-trips to. */
export function identicalComponent<C extends ComponentName>(c: C, a: ComponentValues[C], b: ComponentValues[C]): boolean {
    if (!equalComponent(c, a, b)) return false;
    switch (c) {
        case 'recency': return evidenceOf(a as Recency) === evidenceOf(b as Recency);
        case 'idempotence': return (a as Idempotence).key === (b as Idempotence).key;
        default: return true;
    }
}

function evidenceOf(r: Recency): string | undefined {
    return r.kind === 'BS' ? r.evidence : undefined;
}
