// Component values as text: parsing what a spec wrote inside `<…>` into lattice values,
// with messages that say what would have been valid, and one line per value explaining it
// in the seed's terms, for completion and hover. This is the only place that knows the
// spelling of values; the grammar only knows `Name ( '(' arg ('+' arg)* ')' )?`.

import { parseDuration } from './duration.js';
import type { ComponentName } from './lattice.js';
import {
    AUTH, COMPONENTS, COMPONENT_LABELS, EO, FRESH, IDEM, NOT_IDEM, NO_AUTH, ORDERS, SCOPES, STALE, VISIBILITIES,
    authOf, bs, idem,
} from './lattice.js';
import type { Requirement, Vector } from './vector.js';
import { formatComponent } from './vector.js';

export interface ValueDoc { value: string; meaning: string }

/**
 * One line per value, weakest first, in the seed's words. `value` is how the value is
 * written; `d`, `x`, `k` and `m` stand for the argument.
 */
export const COMPONENT_VALUE_DOCS: Record<ComponentName, ValueDoc[]> = {
    scope: [
        { value: 'Local', meaning: 'only local guarantees: holds on one node, no distributed coordination' },
        { value: 'Partition', meaning: 'holds per partition (per-partition ordering, as in a Kafka topic); keyed, incomparable with the other keyed scopes' },
        { value: 'Aggregate', meaning: 'holds per aggregate (one event-sourced entity and its event stream); keyed' },
        { value: 'Saga', meaning: 'holds across the steps of one saga (eventual consistency across services); keyed' },
        { value: 'Client', meaning: 'holds per client (one backend-for-frontend or gateway session); keyed' },
        { value: 'Route', meaning: 'holds per mesh route (cluster-local sidecar routing); keyed' },
        { value: 'Range', meaning: 'holds within a key range or subset of the system (reduced from global when degraded)' },
        { value: 'Domain', meaning: 'holds within one business domain (a data product and its team)' },
        { value: 'Cluster', meaning: 'holds within one cluster (cluster-local evidence such as mesh certificates)' },
        { value: 'Region', meaning: 'holds within one region (geolocation, region-tagged data)' },
        { value: 'Global', meaning: 'holds everywhere, across regions and clusters' },
    ],
    order: [
        { value: 'None', meaning: 'no ordering guarantee' },
        { value: 'PartialOrder', meaning: 'partial order: total order within a partition, no order across partitions' },
        { value: 'Causal', meaning: 'causal order: happens-before is preserved (trace context proves causality)' },
        { value: 'TotalOrder', meaning: 'total order: every reader sees the same sequence (sequence numbers prove order)' },
        { value: 'SS', meaning: 'strict serializable / linearizable: one total order that respects real time' },
    ],
    visibility: [
        { value: 'None', meaning: 'no isolation: partial and uncommitted writes may be seen' },
        { value: 'RC', meaning: 'read committed: only committed writes are seen' },
        { value: 'RA', meaning: 'read atomic: all or none of a transaction\'s writes are seen (consumers read committed events)' },
        { value: 'SI', meaning: 'snapshot isolation: every read sees one consistent snapshot' },
        { value: 'SER', meaning: 'serializable: as if transactions ran one at a time' },
    ],
    recency: [
        { value: 'Stale', meaning: 'no freshness at all: data may be arbitrarily old (a cache populated hours ago)' },
        { value: 'EO', meaning: 'eventual: converges to the latest write, but with no bound on how far behind' },
        { value: 'BS(d)', meaning: 'bounded staleness: at most d behind the latest write (event processing lag, freshness SLA); BS(name) takes d from sla freshness, cache or lag' },
        { value: 'Fresh', meaning: 'fresh: reads see the latest write (BS(0))' },
        { value: 'Fresh(x)', meaning: 'fresh, naming its evidence or the evidence\'s lifetime (Fresh(cert), Fresh(1h))' },
    ],
    idempotence: [
        { value: 'None', meaning: 'not idempotent: a retry or replay may apply the effect twice' },
        { value: 'Idem', meaning: 'idempotent: safe to retry and replay' },
        { value: 'Idem(k)', meaning: 'idempotent by key or evidence k (Idem(offset), Idem(saga-id), Idem(seq))' },
    ],
    auth: [
        { value: 'None', meaning: 'unauthenticated: zero trust, nothing is authenticated unless something proves it' },
        { value: 'Auth', meaning: 'authenticated, mechanism not stated' },
        { value: 'Auth(m)', meaning: 'authenticated by every mechanism in the +-joined set m (Auth(mTLS+jwt) satisfies Auth(jwt))' },
    ],
};

/** The mechanisms LANGUAGE.md names for `Auth(m)`, for completion inside the parentheses. Others are allowed. */
export const AUTH_MECHANISM_DOCS: readonly ValueDoc[] = [
    { value: 'mTLS', meaning: 'mutual TLS: identity certificates prove "I am service A"' },
    { value: 'jwt', meaning: 'a signed JSON Web Token presented by the caller' },
    { value: 'token', meaning: 'a bearer token presented by the caller' },
    { value: 'apikey', meaning: 'an API key identifying the caller' },
    { value: 'oauth2', meaning: 'an OAuth 2.0 access token with scopes' },
    { value: 'sign', meaning: 'signed payloads: events are cryptographically signed (tamper-proof)' },
    { value: 'policy', meaning: 'an authorization policy is enforced on the connection' },
];

export type ParsedComponent<C extends ComponentName = ComponentName> =
    | { ok: true; value: Vector[C] }
    | {
        ok: false;
        message: string;
        /** Set for `BS(name)`: the caller resolves `name` through `sla freshness`, `cache` or `lag`, else counts it as `EO`. */
        needsBound?: string;
        /** The correctly capitalised value when only the case was wrong (`cluster` → `Cluster`). */
        suggestion?: string;
    };

// Bare words valid in each component, with the value each stands for.
const BARE_VALUES: { [C in ComponentName]: ReadonlyMap<string, Vector[C]> } = {
    scope: new Map(SCOPES.map(s => [s, s])),
    order: new Map(ORDERS.map(o => [o, o])),
    visibility: new Map(VISIBILITIES.map(v => [v, v])),
    recency: new Map([['Stale', STALE], ['EO', EO], ['Fresh', FRESH]]),
    idempotence: new Map([['None', NOT_IDEM], ['Idem', IDEM]]),
    auth: new Map([['None', NO_AUTH], ['Auth', AUTH]]),
};

// Words that take arguments, per component.
const WITH_ARGS: Record<ComponentName, readonly string[]> = {
    scope: [],
    order: [],
    visibility: [],
    recency: ['BS', 'Fresh'],
    idempotence: ['Idem'],
    auth: ['Auth'],
};

const NAME = /^[A-Za-z_][A-Za-z0-9_]*(-[A-Za-z0-9_]+)*$/;

/** `0`, `00`, `0.0`: zero written as a plain number, the one bound `BS` takes without a unit. */
const UNITLESS_ZERO = /^0+(\.0+)?$/;

/**
 * The value of component `c` written as `name(args…)`. `args` are the parts between the
 * parentheses, split at `+` (`Auth(mTLS+jwt)` → `['mTLS', 'jwt']`; an unsplit `'mTLS+jwt'`
 * is split here too). Never throws: bad text is a result with a message.
 */
export function parseComponent<C extends ComponentName>(c: C, name: string, args: readonly string[]): ParsedComponent<C> {
    // A workspace writes the same few values over and over (a 10k-element one has 166k
    // components): each is parsed once. Results are never mutated, so they can be shared.
    const cache = args.length === 0 ? BARE[c] : WITH_ARGUMENTS[c];
    const key = args.length === 0 ? name : argumentsKey(name, args);
    let parsed = cache.get(key);
    if (parsed === undefined) {
        parsed = parseValue(c, name.trim(), args.map(a => a.trim()));
        if (cache.size < PARSED_LIMIT) cache.set(key, parsed);
    }
    return parsed as ParsedComponent<C>;
}

/**
 * Parsed component values by their text, per component, those without arguments by name
 * (bounded: a long editing session writes many).
 */
const BARE = parsedCaches();
const WITH_ARGUMENTS = parsedCaches();
const PARSED_LIMIT = 4096;

function parsedCaches(): Record<ComponentName, Map<string, ParsedComponent>> {
    return { scope: new Map(), order: new Map(), visibility: new Map(), recency: new Map(), idempotence: new Map(), auth: new Map() };
}

/**
 * A name and its arguments as one key, each part preceded by its length: two argument
 * lists never share a key (`Idem("a+b")` has one argument, `Idem(a+b)` two, and they parse
 * differently), whatever characters a quoted argument holds.
 */
function argumentsKey(name: string, args: readonly string[]): string {
    let key = `${name.length}:${name}`;
    for (const arg of args) key += `${arg.length}:${arg}`;
    return key;
}

function parseValue(c: ComponentName, name: string, args: readonly string[]): ParsedComponent {
    const label = COMPONENT_LABELS[c];
    const known = BARE_VALUES[c].has(name) || WITH_ARGS[c].includes(name);
    if (!known) return unknownValue(c, name);
    if (args.some(a => a === '')) return fail(`${label} value '${name}' has an empty argument`);
    switch (name) {
        case 'BS': return parseBoundedStaleness(args);
        case 'Fresh':
            if (args.length > 1) return fail(`Fresh takes at most one evidence name, got ${args.length} (${args.join('+')})`);
            return ok(args.length === 0 ? FRESH : bs(0, args[0]));
        case 'Idem':
            if (args.length > 1) return fail(`Idem takes at most one key, got ${args.length} (${args.join('+')})`);
            return ok(args.length === 0 ? IDEM : idem(args[0]));
        case 'Auth': {
            const mechanisms = args.flatMap(a => a.split('+')).map(m => m.trim());
            if (mechanisms.some(m => m === '')) return fail(`Auth(${args.join('+')}) has an empty mechanism`);
            const bad = mechanisms.find(m => !NAME.test(m));
            if (bad !== undefined) return fail(`'${bad}' is not a mechanism name; write e.g. Auth(mTLS+jwt)`);
            return ok(authOf(mechanisms));
        }
        default:
            if (args.length > 0) return fail(`${label} value '${name}' takes no arguments`);
            return ok(BARE_VALUES[c].get(name)!);
    }
}

function parseBoundedStaleness(args: readonly string[]): ParsedComponent {
    if (args.length === 0) return fail('BS needs a bound: BS(5s), or BS(name) resolved through sla freshness, cache or lag');
    if (args.length > 1) return fail(`BS takes one bound, got ${args.length} (${args.join('+')})`);
    const [arg] = args;
    const ms = parseDuration(arg);
    if (ms !== undefined) return ok(bs(ms));
    // `Fresh ≡ BS(0)` (LANGUAGE.md §3): a zero needs no unit. It is the value `Fresh`, and
    // prints so. Any other number without a unit is ambiguous, so an error.
    if (UNITLESS_ZERO.test(arg)) return ok(FRESH);
    if (NAME.test(arg)) {
        return {
            ok: false,
            needsBound: arg,
            message: `BS(${arg}) names its bound: '${arg}' resolves through the element's sla freshness, cache or lag; unresolved it counts as EO`,
        };
    }
    return fail(`invalid duration '${arg}' in BS(${arg}); expected e.g. 250ms, 5s, 10m, 1h, 7d`);
}

function unknownValue(c: ComponentName, name: string): ParsedComponent {
    const label = COMPONENT_LABELS[c];
    let message = `unknown ${label} value '${name}'; expected one of ${expectedValues(c)}`;
    const words = [...BARE_VALUES[c].keys(), ...WITH_ARGS[c]];
    const suggestion = words.find(w => w.toLowerCase() === name.toLowerCase());
    if (suggestion !== undefined) {
        message += `; did you mean '${suggestion}'?`;
    } else {
        // Components are positional, so the commonest slip is a value in the wrong slot.
        const home = COMPONENTS.find(other => other !== c && (BARE_VALUES[other].has(name) || WITH_ARGS[other].includes(name)));
        if (home !== undefined) message += ` ('${name}' is a${/^[AEIOU]/.test(COMPONENT_LABELS[home]) ? 'n' : ''} ${COMPONENT_LABELS[home]} value; components are positional: <Scope, Order, Visibility, Recency, Idempotence, Auth>)`;
    }
    return suggestion === undefined ? fail(message) : { ok: false, message, suggestion };
}

/** The valid values of a component as a message lists them: `None, PartialOrder, Causal, TotalOrder, SS`. */
export function expectedValues(c: ComponentName): string {
    return COMPONENT_VALUE_DOCS[c].map(d => d.value).join(', ');
}

function ok(value: Vector[ComponentName]): ParsedComponent {
    return { ok: true, value };
}

function fail(message: string): ParsedComponent {
    return { ok: false, message };
}

// `Name` or `Name(arg+arg…)`, as the grammar's VectorComponent.
const COMPONENT_TEXT = /^([A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*)\s*(?:\(([^()]*)\))?$/;

/** A component written as text (`BS(5s)`, `Auth(jwt+mTLS)`), as `parseComponent` reads it. */
export function parseComponentText<C extends ComponentName>(c: C, text: string): ParsedComponent<C> {
    const match = COMPONENT_TEXT.exec(text.trim());
    if (!match) return { ok: false, message: `'${text.trim()}' is not a ${COMPONENT_LABELS[c]} value; expected one of ${expectedValues(c)}` };
    const [, name, inner] = match;
    return parseComponent(c, name, inner === undefined ? [] : inner.split('+'));
}

export type ParsedVector<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * A whole requirement as text, `<_, _, _, Fresh, _, Auth(mTLS)>` or with the seed's `⟨…⟩`;
 * `_` leaves a component open. `BS(name)` is resolved through `resolveBound` when given.
 * For tests, the CLI and tools that hold vector text outside a `.mesh` document.
 */
export function parseRequirementText(text: string, resolveBound?: (name: string) => number | undefined): ParsedVector<Requirement> {
    const inner = /^\s*[<⟨]([^<>⟨⟩]*)[>⟩]\s*$/.exec(text);
    if (!inner) return { ok: false, message: `a vector is written <Scope, Order, Visibility, Recency, Idempotence, Auth>, got '${text.trim()}'` };
    const parts = inner[1].split(',').map(p => p.trim());
    if (parts.length !== COMPONENTS.length) return { ok: false, message: `a vector has ${COMPONENTS.length} components, got ${parts.length}` };
    const result: Requirement = {};
    for (const [i, c] of COMPONENTS.entries()) {
        if (parts[i] === '_') continue;
        const parsed = parseComponentText(c, parts[i]);
        if (parsed.ok) {
            (result as Record<ComponentName, unknown>)[c] = parsed.value;
            continue;
        }
        const bound = parsed.needsBound === undefined ? undefined : resolveBound?.(parsed.needsBound);
        if (bound === undefined) return { ok: false, message: parsed.message };
        result.recency = bs(bound, parsed.needsBound);
    }
    return { ok: true, value: result };
}

/** A vector as text; like `parseRequirementText` but every component must be stated. */
export function parseVectorText(text: string, resolveBound?: (name: string) => number | undefined): ParsedVector<Vector> {
    const parsed = parseRequirementText(text, resolveBound);
    if (!parsed.ok) return parsed;
    const open = COMPONENTS.find(c => parsed.value[c] === undefined);
    if (open !== undefined) return { ok: false, message: `'_' (any) is only allowed in a requirement; a vector must state ${COMPONENT_LABELS[open]}` };
    return { ok: true, value: parsed.value as Vector };
}

/** A one-line hover for a concrete value: `BS(5s) — bounded staleness: …`. */
export function describeComponent<C extends ComponentName>(c: C, v: Vector[C]): string {
    const text = formatComponent(c, v);
    const docs = COMPONENT_VALUE_DOCS[c];
    const doc = docs.find(d => d.value === text) ?? docs.find(d => d.value === genericForm(text));
    return doc === undefined ? text : `${text} — ${doc.meaning}`;
}

// `BS(5s)` → `BS(d)`, `Idem(offset)` → `Idem(k)`: the doc entry that covers a value with an argument.
const ARG_FORMS = new Map(
    Object.values(COMPONENT_VALUE_DOCS).flat().filter(d => d.value.includes('(')).map(d => [d.value.replace(/\(.*$/, ''), d.value]),
);

function genericForm(text: string): string {
    return ARG_FORMS.get(text.replace(/\(.*$/, '')) ?? text;
}
