// Guarantee vectors: the product of the six component lattices, and the three ways the
// checker combines them (LANGUAGE.md §3) — satisfaction at a consumer, sequential
// composition along a hop, and the join of several inputs into a derived element.

import { formatDuration } from './duration.js';
import type { Auth, ComponentName, ComponentValues, Recency } from './lattice.js';
import { AUTH, COMPONENTS, FRESH, IDEM, NO_AUTH, NOT_IDEM, STALE, authOf, equalComponent, identicalComponent, leq, meetComponent } from './lattice.js';

/** `<Scope, Order, Visibility, Recency, Idempotence, Auth>`: one value per component. */
export interface Vector extends ComponentValues {}

/** A vector written in a `requires`: a missing component is `_` (any value satisfies it). */
export type Requirement = { [C in ComponentName]?: Vector[C] };

/**
 * The hop that weakens nothing. The Auth lattice has no top (any set of mechanisms can
 * grow), and a hop's Auth is never inherited anyway — `compose` takes the hop's own — so
 * the caller always sets a hop's Auth explicitly; `TOP.auth` is bare `Auth`, the value
 * meaning "authenticated, mechanism not stated". Hence `compose(p, TOP)` is `p` except
 * that an authenticated `p.auth` becomes bare `Auth`.
 */
export const TOP: Vector = {
    scope: 'Global',
    order: 'SS',
    visibility: 'SER',
    recency: FRESH,
    idempotence: IDEM,
    auth: AUTH,
};

/** The seed's floor vector `<Local, None, None, Stale, None, None>`: no guarantee at all. */
export const BOTTOM: Vector = {
    scope: 'Local',
    order: 'None',
    visibility: 'None',
    recency: STALE,
    idempotence: NOT_IDEM,
    auth: NO_AUTH,
};

/** Component-wise `a ⊑ b`. */
export function leqVector(a: Vector, b: Vector): boolean {
    for (const c of COMPONENTS) if (!leq(c, a[c], b[c])) return false;
    return true;
}

/** Component-wise equal strength (labels ignored). */
export function equalVector(a: Vector, b: Vector): boolean {
    if (a === b) return true;
    for (const c of COMPONENTS) if (!equalComponent(c, a[c], b[c])) return false;
    return true;
}

/** Component-wise equal including labels. */
export function identicalVector(a: Vector, b: Vector): boolean {
    return COMPONENTS.every(c => identicalComponent(c, a[c], b[c]));
}

/** Component-wise greatest lower bound. */
export function meet(a: Vector, b: Vector): Vector {
    return {
        scope: meetComponent('scope', a.scope, b.scope),
        order: meetComponent('order', a.order, b.order),
        visibility: meetComponent('visibility', a.visibility, b.visibility),
        recency: meetComponent('recency', a.recency, b.recency),
        idempotence: meetComponent('idempotence', a.idempotence, b.idempotence),
        auth: meetComponent('auth', a.auth, b.auth),
    };
}

/** The requirement that asks for exactly `v` in every component. */
export function requirementOf(v: Vector): Requirement {
    return { ...v };
}

/**
 * The components in which `p` fails `r`, in positional order; `[]` means `p` satisfies
 * `r`. Returning the failures rather than a boolean lets the checker name each one.
 */
export function satisfies(p: Vector, r: Requirement): ComponentName[] {
    return COMPONENTS.filter(c => {
        const needed = r[c];
        return needed !== undefined && !leq(c, needed, p[c]);
    });
}

/**
 * Staleness adds up along a path: `Fresh;BS(b) = BS(b)`, `BS(a);BS(b) = BS(a+b)`,
 * `x;EO = EO`, `x;Stale = Stale`. `Stale` absorbs on either side — `Stale;EO` is `Stale`,
 * not `EO` — because data that was already arbitrarily old cannot become eventually
 * consistent by passing through another hop; this keeps addition monotone and never
 * stronger than either side. Likewise `EO;BS(b) = EO`. When one side is `Fresh`, the
 * other side (with its evidence) is the result; when both are, the left one is.
 */
export function addRecency(a: Recency, b: Recency): Recency {
    if (a.kind === 'Stale') return a;
    if (b.kind === 'Stale') return b;
    if (a.kind === 'EO') return a;
    if (b.kind === 'EO') return b;
    if (b.ms === 0) return a;
    if (a.ms === 0) return b;
    return { kind: 'BS', ms: a.ms + b.ms };
}

/**
 * Auth across a hop: the consumer sees the mechanism of the connection it receives on,
 * but an unauthenticated hop anywhere upstream leaves the chain unauthenticated.
 */
function composeAuth(p: Auth, hop: Auth): Auth {
    return p.kind === 'None' ? p : hop;
}

/** Sequential composition `p ; hop`: what arrives after data with `p` passes through `hop`. */
export function compose(p: Vector, hop: Vector): Vector {
    return {
        scope: meetComponent('scope', p.scope, hop.scope),
        order: meetComponent('order', p.order, hop.order),
        visibility: meetComponent('visibility', p.visibility, hop.visibility),
        recency: addRecency(p.recency, hop.recency),
        idempotence: meetComponent('idempotence', p.idempotence, hop.idempotence),
        auth: composeAuth(p.auth, hop.auth),
    };
}

/**
 * The join of the inputs of a derived element (`from A, B`): the data is only as good as
 * its weakest input in every component. That is the lattice meet throughout — Auth keeps
 * the mechanisms all inputs share (bare `Auth` if none), Recency the largest bound. The
 * word "join" is the data-flow one, not the lattice one. `undefined` for no inputs, since
 * nothing can be said about data derived from nothing.
 */
export function join(inputs: readonly Vector[]): Vector | undefined {
    if (inputs.length === 0) return undefined;
    let result = inputs[0];
    for (let i = 1; i < inputs.length; i++) if (inputs[i] !== result) result = meet(result, inputs[i]);
    return result;
}

/** One component as a spec writes it: `Fresh`, `Fresh(cert)`, `BS(5s)`, `EO`, `Idem(offset)`, `Auth(jwt+mTLS)`, `Auth`, `None`. */
export function formatComponent<C extends ComponentName>(c: C, v: Vector[C]): string {
    switch (c) {
        case 'recency': return formatRecency(v as Recency);
        case 'idempotence': {
            const { idem, key } = v as Vector['idempotence'];
            return !idem ? 'None' : key === undefined ? 'Idem' : `Idem(${key})`;
        }
        case 'auth': {
            const auth = v as Auth;
            if (auth.kind === 'None') return 'None';
            const { mechanisms } = authOf(auth.mechanisms);
            return mechanisms.length === 0 ? 'Auth' : `Auth(${mechanisms.join('+')})`;
        }
        default: return v as string;
    }
}

// A bound resolved from a name (`BS(SLA)` → 5m) prints its duration: the number is what
// was checked, and the text stays valid `.mesh`.
function formatRecency(r: Recency): string {
    switch (r.kind) {
        case 'Stale': return 'Stale';
        case 'EO': return 'EO';
        case 'BS':
            if (r.ms > 0) return `BS(${formatDuration(r.ms)})`;
            return r.evidence === undefined ? 'Fresh' : `Fresh(${r.evidence})`;
    }
}

/** `<Cluster, SS, SER, Fresh, Idem, Auth(mTLS)>`. */
export function formatVector(v: Vector): string {
    return `<${COMPONENTS.map(c => formatComponent(c, v[c])).join(', ')}>`;
}

/** `<_, _, _, Fresh, _, Auth(mTLS)>`: `_` for each component the requirement leaves open. */
export function formatRequirement(r: Requirement): string {
    return `<${COMPONENTS.map(c => {
        const value = r[c];
        return value === undefined ? '_' : formatComponent(c, value);
    }).join(', ')}>`;
}
