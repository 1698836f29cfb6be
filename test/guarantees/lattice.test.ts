import fc from 'fast-check';
import type { Arbitrary } from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Auth, ComponentName, Recency, Scope, Vector } from '../../server/src/guarantees/index.js';
import {
    COMPONENTS, KEYED_SCOPES, ORDERS, SCOPES, VISIBILITIES, authOf, canonicalMechanism, componentOfPosition, equalComponent,
    identicalComponent, leq, meetComponent,
} from '../../server/src/guarantees/index.js';
import { componentArbs, unlabelled } from './arbitraries.js';

// Small finite pools per component, checked exhaustively (every pair and triple): the
// finite lattices completely, the infinite ones on a sample with every shape of pair.
const POOLS: { [C in ComponentName]: readonly Vector[C][] } = {
    scope: SCOPES,
    order: ORDERS,
    visibility: VISIBILITIES,
    recency: [
        { kind: 'Stale' }, { kind: 'EO' }, { kind: 'BS', ms: 5000 }, { kind: 'BS', ms: 2000 },
        { kind: 'BS', ms: 0 }, { kind: 'BS', ms: 0, evidence: 'cert' }, { kind: 'BS', ms: 2000, evidence: 'SLA' },
    ],
    idempotence: [{ idem: false }, { idem: true }, { idem: true, key: 'offset' }],
    auth: [
        { kind: 'None' }, authOf([]), authOf(['mTLS']), authOf(['jwt']), authOf(['token']),
        authOf(['mTLS', 'jwt']), authOf(['jwt', 'token']), authOf(['mTLS', 'token']), authOf(['mTLS', 'jwt', 'token']),
    ],
};

function lawsFor<C extends ComponentName>(c: C): void {
    const pool = POOLS[c];
    const arb = componentArbs[c] as Arbitrary<Vector[C]>;
    const le = (a: Vector[C], b: Vector[C]) => leq(c, a, b);
    const m = (a: Vector[C], b: Vector[C]) => meetComponent(c, a, b);

    describe(`${c} lattice`, () => {
        it('leq is reflexive', () => {
            fc.assert(fc.property(arb, a => le(a, a)));
        });

        it('leq is transitive (exhaustive on the pool)', () => {
            for (const a of pool) for (const b of pool) for (const x of pool) {
                if (le(a, b) && le(b, x)) expect(le(a, x), JSON.stringify([a, b, x])).toBe(true);
            }
        });

        it('leq is transitive (random)', () => {
            fc.assert(fc.property(arb, arb, arb, (a, b, x) => !(le(a, b) && le(b, x)) || le(a, x)));
        });

        it('leq is antisymmetric up to labels', () => {
            fc.assert(fc.property(arb, arb, (a, b) => {
                if (le(a, b) && le(b, a)) expect(unlabelled(c, a)).toEqual(unlabelled(c, b));
            }));
        });

        it('meet is commutative up to labels', () => {
            fc.assert(fc.property(arb, arb, (a, b) => {
                expect(unlabelled(c, m(a, b))).toEqual(unlabelled(c, m(b, a)));
            }));
        });

        it('meet is associative, labels included', () => {
            fc.assert(fc.property(arb, arb, arb, (a, b, x) => {
                expect(identicalComponent(c, m(m(a, b), x), m(a, m(b, x)))).toBe(true);
                expect(unlabelled(c, m(m(a, b), x))).toEqual(unlabelled(c, m(a, m(b, x))));
            }));
        });

        it('meet is idempotent', () => {
            fc.assert(fc.property(arb, a => identicalComponent(c, m(a, a), a)));
        });

        it('meet is a lower bound', () => {
            fc.assert(fc.property(arb, arb, (a, b) => le(m(a, b), a) && le(m(a, b), b)));
        });

        it('meet is the greatest lower bound (exhaustive on the pool)', () => {
            for (const a of pool) for (const b of pool) for (const x of pool) {
                if (le(x, a) && le(x, b)) expect(le(x, m(a, b)), JSON.stringify([x, a, b])).toBe(true);
            }
        });

        it('meet is the greatest lower bound (random)', () => {
            fc.assert(fc.property(arb, arb, arb, (x, a, b) => !(le(x, a) && le(x, b)) || le(x, m(a, b))));
        });

        it('a ⊑ b exactly when meet(a, b) equals a', () => {
            fc.assert(fc.property(arb, arb, (a, b) => le(a, b) === equalComponent(c, m(a, b), a)));
        });

        it('meet keeps the label of the weaker side, or of the left when equal', () => {
            fc.assert(fc.property(arb, arb, (a, b) => {
                if (le(a, b)) expect(identicalComponent(c, m(a, b), a)).toBe(true);
                else if (le(b, a)) expect(identicalComponent(c, m(a, b), b)).toBe(true);
            }));
        });
    });
}

for (const c of COMPONENTS) lawsFor(c);

describe('Scope', () => {
    it('orders the levels Local < keyed < Range < Domain < Cluster < Region < Global', () => {
        const chain: Scope[] = ['Local', 'Partition', 'Range', 'Domain', 'Cluster', 'Region', 'Global'];
        for (let i = 0; i + 1 < chain.length; i++) {
            expect(leq('scope', chain[i], chain[i + 1])).toBe(true);
            expect(leq('scope', chain[i + 1], chain[i])).toBe(false);
        }
        for (const k of KEYED_SCOPES) {
            expect(leq('scope', 'Local', k)).toBe(true);
            expect(leq('scope', k, 'Range')).toBe(true);
            expect(leq('scope', 'Range', k)).toBe(false);
        }
    });

    it('keeps the five keyed scopes mutually incomparable; two different ones meet to Local', () => {
        for (const a of KEYED_SCOPES) for (const b of KEYED_SCOPES) {
            if (a === b) continue;
            expect(leq('scope', a, b)).toBe(false);
            expect(meetComponent('scope', a, b)).toBe('Local');
        }
        expect(meetComponent('scope', 'Partition', 'Partition')).toBe('Partition');
        expect(meetComponent('scope', 'Saga', 'Cluster')).toBe('Saga');
        expect(meetComponent('scope', 'Global', 'Region')).toBe('Region');
    });
});

describe('Order and Visibility', () => {
    it('are chains in the documented order', () => {
        expect(ORDERS).toEqual(['None', 'PartialOrder', 'Causal', 'TotalOrder', 'SS']);
        expect(VISIBILITIES).toEqual(['None', 'RC', 'RA', 'SI', 'SER']);
        expect(leq('order', 'Causal', 'TotalOrder')).toBe(true);
        expect(leq('order', 'SS', 'TotalOrder')).toBe(false);
        expect(meetComponent('order', 'SS', 'PartialOrder')).toBe('PartialOrder');
        expect(leq('visibility', 'RA', 'SER')).toBe(true);
        expect(leq('visibility', 'SI', 'RC')).toBe(false);
        expect(meetComponent('visibility', 'SER', 'RA')).toBe('RA');
    });
});

describe('Recency', () => {
    const bsOf = (ms: number, evidence?: string): Recency => (evidence === undefined ? { kind: 'BS', ms } : { kind: 'BS', ms, evidence });

    it('orders Stale < EO < BS(d) < Fresh, smaller bounds stronger', () => {
        expect(leq('recency', { kind: 'Stale' }, { kind: 'EO' })).toBe(true);
        expect(leq('recency', { kind: 'EO' }, { kind: 'Stale' })).toBe(false);
        expect(leq('recency', { kind: 'EO' }, bsOf(86_400_000))).toBe(true);
        expect(leq('recency', bsOf(1000), { kind: 'EO' })).toBe(false);
        expect(leq('recency', bsOf(5000), bsOf(2000))).toBe(true);
        expect(leq('recency', bsOf(2000), bsOf(5000))).toBe(false);
        expect(leq('recency', bsOf(5000), bsOf(0))).toBe(true);
    });

    it('treats Fresh(x) as Fresh and Fresh as BS(0): evidence never changes strength', () => {
        expect(equalComponent('recency', bsOf(0, 'cert'), bsOf(0))).toBe(true);
        expect(identicalComponent('recency', bsOf(0, 'cert'), bsOf(0))).toBe(false);
        expect(equalComponent('recency', bsOf(2000, 'SLA'), bsOf(2000))).toBe(true);
    });

    it('meets to the larger bound, keeping the weaker side\'s evidence', () => {
        expect(meetComponent('recency', bsOf(0, 'cert'), bsOf(5000, 'SLA'))).toEqual(bsOf(5000, 'SLA'));
        expect(meetComponent('recency', bsOf(0, 'cert'), bsOf(0, '1h'))).toEqual(bsOf(0, 'cert'));
        expect(meetComponent('recency', bsOf(0), { kind: 'EO' })).toEqual({ kind: 'EO' });
    });
});

describe('Idempotence', () => {
    it('orders None < Idem and ignores keys', () => {
        expect(leq('idempotence', { idem: false }, { idem: true })).toBe(true);
        expect(leq('idempotence', { idem: true }, { idem: false })).toBe(false);
        expect(equalComponent('idempotence', { idem: true, key: 'offset' }, { idem: true })).toBe(true);
        expect(meetComponent('idempotence', { idem: true, key: 'offset' }, { idem: true, key: 'seq' })).toEqual({ idem: true, key: 'offset' });
    });
});

describe('Auth', () => {
    const none: Auth = { kind: 'None' };

    it('orders None < Auth < Auth(m) by inclusion of mechanism sets', () => {
        expect(leq('auth', none, authOf([]))).toBe(true);
        expect(leq('auth', authOf([]), none)).toBe(false);
        expect(leq('auth', authOf([]), authOf(['mTLS']))).toBe(true);
        expect(leq('auth', authOf(['mTLS']), authOf([]))).toBe(false);
        expect(leq('auth', authOf(['jwt']), authOf(['mTLS', 'jwt']))).toBe(true);
        expect(leq('auth', authOf(['mTLS', 'jwt']), authOf(['jwt']))).toBe(false);
        expect(leq('auth', authOf(['jwt']), authOf(['mTLS']))).toBe(false);
    });

    it('meets to None if either is None, else to the shared mechanisms (bare Auth when none are shared)', () => {
        expect(meetComponent('auth', none, authOf(['mTLS']))).toEqual(none);
        expect(meetComponent('auth', authOf(['mTLS', 'jwt']), authOf(['jwt', 'token']))).toEqual(authOf(['jwt']));
        expect(meetComponent('auth', authOf(['mTLS']), authOf(['jwt']))).toEqual({ kind: 'Auth', mechanisms: [] });
    });

    it('normalizes mechanism sets: canonical spelling of known ones, sorted, deduplicated', () => {
        expect(authOf(['mTLS', 'jwt', 'MTLS', 'JWT'])).toEqual({ kind: 'Auth', mechanisms: ['jwt', 'mTLS'] });
        expect(canonicalMechanism(' OAuth2 ')).toBe('oauth2');
        expect(canonicalMechanism('Kerberos')).toBe('Kerberos');
    });
});

describe('componentOfPosition', () => {
    it('maps 0-based positions to components and anything else to undefined', () => {
        expect([0, 1, 2, 3, 4, 5].map(componentOfPosition)).toEqual(['scope', 'order', 'visibility', 'recency', 'idempotence', 'auth']);
        expect(componentOfPosition(-1)).toBeUndefined();
        expect(componentOfPosition(6)).toBeUndefined();
        expect(componentOfPosition(1.5)).toBeUndefined();
    });
});
