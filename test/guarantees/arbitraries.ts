// fast-check arbitraries for every component and for vectors. Values are drawn from small
// pools on purpose: equal, comparable and incomparable pairs must all be common, or the
// lattice laws would only ever be exercised on unrelated values.

import fc from 'fast-check';
import type { Arbitrary } from 'fast-check';
import type { Auth, ComponentName, Idempotence, Recency, Requirement, Vector } from '../../server/src/guarantees/index.js';
import { COMPONENTS, ORDERS, SCOPES, VISIBILITIES } from '../../server/src/guarantees/index.js';

export const MECHANISMS = ['mTLS', 'jwt', 'token', 'apikey', 'sign'] as const;
const LABELS = ['cert', '1h', 'offset', 'saga-id', 'SLA', 'seq'] as const;

export const scopeArb = fc.constantFrom(...SCOPES);
export const orderArb = fc.constantFrom(...ORDERS);
export const visibilityArb = fc.constantFrom(...VISIBILITIES);

const boundMs = fc.oneof(
    fc.constantFrom(0, 1, 250, 1000, 2000, 3000, 5000, 60_000, 3_600_000),
    fc.integer({ min: 0, max: 10 * 86_400_000 }),
);

export const recencyArb: Arbitrary<Recency> = fc.oneof(
    fc.constant<Recency>({ kind: 'Stale' }),
    fc.constant<Recency>({ kind: 'EO' }),
    boundMs.map((ms): Recency => ({ kind: 'BS', ms })),
    fc.constantFrom(...LABELS).map((evidence): Recency => ({ kind: 'BS', ms: 0, evidence })),
);

export const idempotenceArb: Arbitrary<Idempotence> = fc.oneof(
    fc.constant<Idempotence>({ idem: false }),
    fc.constant<Idempotence>({ idem: true }),
    fc.constantFrom(...LABELS).map((key): Idempotence => ({ idem: true, key })),
);

export const authArb: Arbitrary<Auth> = fc.oneof(
    fc.constant<Auth>({ kind: 'None' }),
    fc.subarray([...MECHANISMS]).map((m): Auth => ({ kind: 'Auth', mechanisms: [...m].sort() })),
);

export const componentArbs: { [C in ComponentName]: Arbitrary<Vector[C]> } = {
    scope: scopeArb,
    order: orderArb,
    visibility: visibilityArb,
    recency: recencyArb,
    idempotence: idempotenceArb,
    auth: authArb,
};

export const vectorArb: Arbitrary<Vector> = fc.record(componentArbs);

/** A requirement: each component either a value or `_` (absent). */
export const requirementArb: Arbitrary<Requirement> = fc.record(componentArbs, { requiredKeys: [] });

export const componentNameArb = fc.constantFrom(...COMPONENTS);

/** Drops labels (evidence, keys): the part of a value the order looks at. */
export function unlabelled<C extends ComponentName>(c: C, v: Vector[C]): Vector[C] {
    if (c === 'recency') {
        const r = v as Recency;
        return (r.kind === 'BS' ? { kind: 'BS', ms: r.ms } : r) as Vector[C];
    }
    if (c === 'idempotence') return { idem: (v as Idempotence).idem } as Vector[C];
    return v;
}
