import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ComponentName, Recency, Requirement, Vector } from '../../server/src/guarantees/index.js';
import {
    BOTTOM, COMPONENTS, TOP, addRecency, authOf, compose, equalVector, formatRequirement, formatVector, identicalVector, join,
    leq, leqVector, meet, meetComponent, parseRequirementText, parseVectorText, requirementOf, satisfies,
} from '../../server/src/guarantees/index.js';
import { componentNameArb, recencyArb, requirementArb, unlabelled, vectorArb } from './arbitraries.js';

/** Parses vector text the tests write by hand; a typo here is a bug in the test. */
function v(text: string): Vector {
    const parsed = parseVectorText(text);
    if (!parsed.ok) throw new Error(parsed.message);
    return parsed.value;
}

function r(text: string): Requirement {
    const parsed = parseRequirementText(text);
    if (!parsed.ok) throw new Error(parsed.message);
    return parsed.value;
}

describe('vector order and meet', () => {
    it('leqVector is reflexive and transitive', () => {
        fc.assert(fc.property(vectorArb, a => leqVector(a, a)));
        fc.assert(fc.property(vectorArb, vectorArb, vectorArb, (a, x, y) => {
            const b = meet(a, x);
            const c = meet(b, y);
            return leqVector(c, b) && leqVector(b, a) && leqVector(c, a);
        }));
    });

    it('meet is commutative, associative and idempotent (up to labels where sides tie)', () => {
        fc.assert(fc.property(vectorArb, vectorArb, vectorArb, (a, b, c) => {
            expect(equalVector(meet(a, b), meet(b, a))).toBe(true);
            expect(identicalVector(meet(meet(a, b), c), meet(a, meet(b, c)))).toBe(true);
            expect(identicalVector(meet(a, a), a)).toBe(true);
        }));
    });

    it('meet is the greatest lower bound', () => {
        fc.assert(fc.property(vectorArb, vectorArb, vectorArb, (a, b, x) => {
            expect(leqVector(meet(a, b), a) && leqVector(meet(a, b), b)).toBe(true);
            // Any common lower bound, built as one: x ⊓ a ⊓ b is below both.
            const lower = meet(x, meet(a, b));
            expect(leqVector(lower, meet(a, b))).toBe(true);
            if (leqVector(x, a) && leqVector(x, b)) expect(leqVector(x, meet(a, b))).toBe(true);
        }));
    });

    it('TOP and BOTTOM bound every vector (TOP in Auth only up to bare Auth, see TOP)', () => {
        fc.assert(fc.property(vectorArb, a => {
            expect(leqVector(BOTTOM, a)).toBe(true);
            expect(leqVector(a, { ...TOP, auth: a.auth })).toBe(true);
        }));
    });
});

describe('satisfies', () => {
    it('is a preorder: every vector satisfies itself as a requirement', () => {
        fc.assert(fc.property(vectorArb, p => satisfies(p, requirementOf(p)).length === 0));
    });

    it('is transitive: a satisfies b, b satisfies r ⇒ a satisfies r', () => {
        fc.assert(fc.property(vectorArb, vectorArb, vectorArb, requirementArb, (a, x, y, holes) => {
            const b = meet(a, x);
            const need = meet(b, y);
            // Keep `_` where the random requirement has one.
            const req: Requirement = Object.fromEntries(COMPONENTS.filter(c => holes[c] !== undefined).map(c => [c, need[c]]));
            expect(satisfies(a, requirementOf(b))).toEqual([]);
            expect(satisfies(b, req)).toEqual([]);
            expect(satisfies(a, req)).toEqual([]);
        }));
    });

    it('agrees with leq component by component, in positional order', () => {
        fc.assert(fc.property(vectorArb, requirementArb, (p, req) => {
            const expected = COMPONENTS.filter(c => req[c] !== undefined && !leq(c, req[c] as never, p[c] as never));
            expect(satisfies(p, req)).toEqual(expected);
        }));
    });

    it('weakening a requirement never adds a failing component', () => {
        fc.assert(fc.property(
            vectorArb, requirementArb, componentNameArb, vectorArb, fc.boolean(),
            (p, req, c, other, toAny) => {
                const weakened: Requirement = { ...req };
                if (toAny || req[c] === undefined) delete weakened[c];
                else (weakened as Record<ComponentName, unknown>)[c] = meetComponent(c, req[c] as never, other[c] as never);
                const before = satisfies(p, req);
                for (const failing of satisfies(p, weakened)) expect(before).toContain(failing);
            },
        ));
    });

    it('the empty requirement <_, _, _, _, _, _> is satisfied by everything', () => {
        fc.assert(fc.property(vectorArb, p => satisfies(p, {}).length === 0));
    });
});

describe('compose', () => {
    it('is monotone in the provided vector', () => {
        fc.assert(fc.property(vectorArb, vectorArb, vectorArb, (strong, x, h) => {
            const weak = meet(strong, x);
            expect(leqVector(compose(weak, h), compose(strong, h))).toBe(true);
        }));
    });

    it('is monotone in the hop', () => {
        fc.assert(fc.property(vectorArb, vectorArb, vectorArb, (p, strong, x) => {
            const weak = meet(strong, x);
            expect(leqVector(compose(p, weak), compose(p, strong))).toBe(true);
        }));
    });

    it('is never stronger than either side in Scope, Order, Visibility, Idempotence and Recency', () => {
        fc.assert(fc.property(vectorArb, vectorArb, (p, h) => {
            const out = compose(p, h);
            for (const c of ['scope', 'order', 'visibility', 'idempotence', 'recency'] as const) {
                expect(leq(c, out[c] as never, p[c] as never), c).toBe(true);
                expect(leq(c, out[c] as never, h[c] as never), c).toBe(true);
            }
        }));
    });

    it('takes the hop\'s Auth unless either side is None', () => {
        fc.assert(fc.property(vectorArb, vectorArb, (p, h) => {
            const { auth } = compose(p, h);
            if (p.auth.kind === 'None' || h.auth.kind === 'None') expect(auth).toEqual({ kind: 'None' });
            else expect(auth).toEqual(h.auth);
        }));
    });

    it('is associative: (p ; h1) ; h2 = p ; (h1 ; h2)', () => {
        fc.assert(fc.property(vectorArb, vectorArb, vectorArb, (p, h1, h2) => {
            expect(equalVector(compose(compose(p, h1), h2), compose(p, compose(h1, h2)))).toBe(true);
        }));
    });

    it('leaves a vector unchanged through a top hop with the same Auth', () => {
        fc.assert(fc.property(vectorArb, p => identicalVector(compose(p, { ...TOP, auth: p.auth }), p)));
    });

    it('a top hop turns an authenticated vector into bare Auth', () => {
        expect(compose(v('<Cluster, SS, SER, Fresh, Idem, Auth(mTLS)>'), TOP).auth).toEqual({ kind: 'Auth', mechanisms: [] });
    });

    it.each([
        ['<Cluster, SS, SER, Fresh, Idem, Auth(mTLS)>', '<Global, SS, SER, Fresh, Idem, None>', '<Cluster, SS, SER, Fresh, Idem, None>'],
        ['<Cluster, SS, SER, Fresh, Idem, None>', '<Global, SS, SER, Fresh, Idem, Auth(mTLS)>', '<Cluster, SS, SER, Fresh, Idem, None>'],
        ['<Cluster, SS, SER, Fresh, Idem, Auth>', '<Global, SS, SER, Fresh, Idem, Auth(mTLS)>', '<Cluster, SS, SER, Fresh, Idem, Auth(mTLS)>'],
        ['<Partition, PartialOrder, RA, BS(2s), Idem(offset), Auth>', '<Aggregate, TotalOrder, SER, BS(3s), Idem, Auth(jwt)>', '<Local, PartialOrder, RA, BS(5s), Idem(offset), Auth(jwt)>'],
        ['<Cluster, SS, SER, Fresh, Idem, Auth(mTLS)>', '<Client, SS, SER, BS(60s), Idem, Auth(jwt)>', '<Client, SS, SER, BS(1m), Idem, Auth(jwt)>'],
    ])('%s ; %s = %s', (p, h, expected) => {
        const out = compose(v(p), v(h));
        expect(formatVector(out)).toBe(expected);
    });
});

describe('addRecency', () => {
    const bs = (ms: number, evidence?: string): Recency => (evidence === undefined ? { kind: 'BS', ms } : { kind: 'BS', ms, evidence });
    const EO: Recency = { kind: 'EO' };
    const Stale: Recency = { kind: 'Stale' };

    it.each([
        ['Fresh;BS(3s) = BS(3s)', bs(0), bs(3000), bs(3000)],
        ['BS(2s);BS(3s) = BS(5s)', bs(2000), bs(3000), bs(5000)],
        ['BS(2s);Fresh = BS(2s)', bs(2000), bs(0), bs(2000)],
        ['Fresh;Fresh = Fresh', bs(0), bs(0), bs(0)],
        ['Fresh(cert);BS(5s) = BS(5s)', bs(0, 'cert'), bs(5000), bs(5000)],
        ['BS(5m, SLA);Fresh(1h) keeps SLA', bs(300_000, 'SLA'), bs(0, '1h'), bs(300_000, 'SLA')],
        ['Fresh(cert);Fresh(1h) keeps the left evidence', bs(0, 'cert'), bs(0, '1h'), bs(0, 'cert')],
        ['Fresh;EO = EO', bs(0), EO, EO],
        ['BS(5s);EO = EO', bs(5000), EO, EO],
        ['EO;BS(5s) = EO', EO, bs(5000), EO],
        ['EO;EO = EO', EO, EO, EO],
        ['Fresh;Stale = Stale', bs(0), Stale, Stale],
        ['EO;Stale = Stale', EO, Stale, Stale],
        ['Stale;Fresh = Stale', Stale, bs(0), Stale],
        ['Stale;EO = Stale (already arbitrarily old)', Stale, EO, Stale],
    ])('%s', (_name, a, b, expected) => {
        expect(addRecency(a, b)).toEqual(expected);
    });

    it('sums bounds and adds in any order', () => {
        fc.assert(fc.property(recencyArb, recencyArb, recencyArb, (a, b, c) => {
            expect(unlabelled('recency', addRecency(a, b))).toEqual(unlabelled('recency', addRecency(b, a)));
            expect(addRecency(addRecency(a, b), c)).toEqual(addRecency(a, addRecency(b, c)));
            if (a.kind === 'BS' && b.kind === 'BS') expect(addRecency(a, b)).toMatchObject({ kind: 'BS', ms: a.ms + b.ms });
        }));
    });

    it('is monotone and Fresh is its identity', () => {
        fc.assert(fc.property(recencyArb, recencyArb, recencyArb, (a, x, b) => {
            const weak = meetComponent('recency', a, x);
            expect(leq('recency', addRecency(weak, b), addRecency(a, b))).toBe(true);
            expect(leq('recency', addRecency(b, weak), addRecency(b, a))).toBe(true);
            expect(addRecency(a, { kind: 'BS', ms: 0 })).toEqual(a);
        }));
    });
});

describe('join', () => {
    it('is undefined for no inputs and the input itself for one', () => {
        expect(join([])).toBeUndefined();
        fc.assert(fc.property(vectorArb, a => identicalVector(join([a])!, a)));
    });

    it('is below every input and does not depend on their order', () => {
        fc.assert(fc.property(fc.array(vectorArb, { minLength: 1, maxLength: 6 }), inputs => {
            const joined = join(inputs)!;
            for (const input of inputs) expect(leqVector(joined, input)).toBe(true);
            expect(equalVector(join([...inputs].reverse())!, joined)).toBe(true);
        }));
    });

    it('is the greatest vector below every input', () => {
        fc.assert(fc.property(fc.array(vectorArb, { minLength: 1, maxLength: 4 }), vectorArb, (inputs, x) => {
            const below = inputs.reduce((acc, input) => meet(acc, input), x);
            expect(leqVector(below, join(inputs)!)).toBe(true);
        }));
    });

    it('follows §3: meet per component, shared Auth mechanisms, largest Recency bound', () => {
        const joined = join([
            v('<Cluster, SS, SER, BS(2s), Idem, Auth(mTLS+jwt)>'),
            v('<Domain, Causal, RA, BS(5m), Idem(offset), Auth(jwt)>'),
        ])!;
        // Idem and Idem(offset) tie in strength, so the left input's (unlabelled) value is kept.
        expect(formatVector(joined)).toBe('<Domain, Causal, RA, BS(5m), Idem, Auth(jwt)>');
        expect(join([v('<Global, SS, SER, Fresh, Idem(offset), Auth>'), v('<Global, SS, SER, Fresh(cert), Idem, Auth>')]))
            .toEqual(v('<Global, SS, SER, Fresh, Idem(offset), Auth>'));
        expect(join([v('<Partition, TotalOrder, RA, EO, Idem, Auth(mTLS)>'), v('<Aggregate, Causal, RC, Fresh, Idem, Auth(jwt)>')]))
            .toEqual(v('<Local, Causal, RC, EO, Idem, Auth>'));
        expect(join([v('<Global, SS, SER, Fresh, Idem, None>'), v('<Global, SS, SER, Fresh, Idem, Auth(jwt)>')])!.auth)
            .toEqual({ kind: 'None' });
    });
});

describe('LANGUAGE.md cases', () => {
    it('keyed scopes meet to Local', () => {
        expect(meet(v('<Partition, SS, SER, Fresh, Idem, Auth>'), v('<Saga, SS, SER, Fresh, Idem, Auth>')).scope).toBe('Local');
    });

    it('Auth(mTLS) satisfies Auth; Auth does not satisfy Auth(mTLS)', () => {
        expect(satisfies(v('<Global, SS, SER, Fresh, Idem, Auth(mTLS)>'), r('<_, _, _, _, _, Auth>'))).toEqual([]);
        expect(satisfies(v('<Global, SS, SER, Fresh, Idem, Auth>'), r('<_, _, _, _, _, Auth(mTLS)>'))).toEqual(['auth']);
    });

    it('Auth(mTLS+jwt) satisfies Auth(jwt); Auth(jwt) does not satisfy Auth(mTLS+jwt)', () => {
        expect(satisfies(v('<Global, SS, SER, Fresh, Idem, Auth(mTLS+jwt)>'), r('<_, _, _, _, _, Auth(jwt)>'))).toEqual([]);
        expect(satisfies(v('<Global, SS, SER, Fresh, Idem, Auth(jwt)>'), r('<_, _, _, _, _, Auth(mTLS+jwt)>'))).toEqual(['auth']);
        expect(satisfies(v('<Global, SS, SER, Fresh, Idem, None>'), r('<_, _, _, _, _, Auth>'))).toEqual(['auth']);
    });

    it('orders-api satisfies the payments call requirement <_, _, _, Fresh, _, Auth(mTLS)>', () => {
        expect(satisfies(v('<Cluster, SS, SER, Fresh, Idem, Auth(mTLS)>'), r('<_, _, _, Fresh, _, Auth(mTLS)>'))).toEqual([]);
        expect(satisfies(v('<Cluster, SS, SER, Fresh(cert), Idem, Auth(mTLS)>'), r('<_, _, _, Fresh, _, Auth(mTLS)>'))).toEqual([]);
    });

    it('a topic with EO fails a BS(30s) consumer; with lag p95 5s it satisfies it', () => {
        const need = r('<Partition, PartialOrder, _, BS(30s), _, Auth>');
        expect(satisfies(v('<Partition, PartialOrder, RA, EO, Idem(offset), Auth>'), need)).toEqual(['recency']);
        expect(satisfies(v('<Partition, PartialOrder, RA, BS(5s), Idem(offset), Auth>'), need)).toEqual([]);
    });

    it('names every failing component in positional order', () => {
        expect(satisfies(v('<Local, None, None, Stale, None, None>'), r('<Cluster, SS, _, Fresh, Idem, Auth(mTLS)>')))
            .toEqual(['scope', 'order', 'recency', 'idempotence', 'auth']);
    });

    it('the orders-api modes are monotone: target ⊒ degraded ⊒ floor, recovery in between', () => {
        const target = v('<Cluster, SS, SER, Fresh, Idem, Auth(mTLS)>');
        const degraded = v('<Cluster, Causal, RA, BS(10s), Idem, Auth(mTLS)>');
        const floor = v('<Local, None, None, Stale, None, Auth(mTLS)>');
        const recovery = v('<Range, Causal, RA, BS(10s), Idem, Auth(mTLS)>');
        expect(leqVector(degraded, target) && leqVector(floor, degraded)).toBe(true);
        expect(leqVector(floor, recovery) && leqVector(recovery, target)).toBe(true);
        expect(leqVector(target, degraded)).toBe(false);
    });

    it('a mesh call hop with mtls strict is top except Auth(mTLS)', () => {
        const hop: Vector = { ...TOP, auth: authOf(['mTLS']) };
        expect(formatVector(compose(v('<Cluster, SS, SER, Fresh, Idem, Auth(jwt)>'), hop))).toBe('<Cluster, SS, SER, Fresh, Idem, Auth(mTLS)>');
    });

    it('the seed\'s floor vector is BOTTOM and WriteModel is TOP in all but Auth', () => {
        expect(BOTTOM).toEqual(v('<Local, None, None, Stale, None, None>'));
        expect(TOP).toEqual(v('<Global, SS, SER, Fresh, Idem, Auth>'));
    });
});

describe('formatting', () => {
    it.each([
        ['<Cluster, SS, SER, Fresh, Idem, Auth(mTLS)>'],
        ['<Route, Causal, RA, Fresh(cert), Idem, Auth(mTLS)>'],
        ['<Partition, PartialOrder, RA, EO, Idem(offset), Auth>'],
        ['<Domain, Causal, RA, BS(5m), Idem, Auth(jwt+mTLS)>'],
        ['<Local, None, None, Stale, None, None>'],
    ])('%s prints as written', text => {
        expect(formatVector(v(text))).toBe(text);
    });

    it('prints mechanisms sorted, whatever order they were written in', () => {
        expect(formatVector(v('⟨Cluster, Causal, RA, Fresh(1h), Idem, Auth(mTLS+policy)⟩'))).toBe('<Cluster, Causal, RA, Fresh(1h), Idem, Auth(mTLS+policy)>');
        expect(formatVector(v('<Global, SS, SER, Fresh, Idem, Auth(mTLS+jwt)>'))).toBe('<Global, SS, SER, Fresh, Idem, Auth(jwt+mTLS)>');
    });

    it('prints a bound resolved from a name as its duration', () => {
        expect(formatVector({ ...TOP, recency: { kind: 'BS', ms: 300_000, evidence: 'SLA' } })).toBe('<Global, SS, SER, BS(5m), Idem, Auth>');
    });

    it('prints `_` for open components of a requirement', () => {
        expect(formatRequirement(r('<_, _, _, Fresh, _, Auth(mTLS)>'))).toBe('<_, _, _, Fresh, _, Auth(mTLS)>');
        expect(formatRequirement({})).toBe('<_, _, _, _, _, _>');
    });

    it('formatVector round-trips through parseVectorText, labels included', () => {
        fc.assert(fc.property(vectorArb, a => {
            const parsed = parseVectorText(formatVector(a));
            expect(parsed.ok).toBe(true);
            if (parsed.ok) expect(identicalVector(parsed.value, a)).toBe(true);
        }));
    });

    it('formatRequirement round-trips through parseRequirementText', () => {
        fc.assert(fc.property(requirementArb, req => {
            const parsed = parseRequirementText(formatRequirement(req));
            expect(parsed.ok).toBe(true);
            if (!parsed.ok) return;
            expect(Object.keys(parsed.value).sort()).toEqual(Object.keys(req).sort());
            expect(formatRequirement(parsed.value)).toBe(formatRequirement(req));
        }));
    });

    it('requirements parse each component independently', () => {
        fc.assert(fc.property(componentNameArb, vectorArb, (c, a) => {
            const text = COMPONENTS.map(x => (x === c ? formatVector(a).slice(1, -1).split(', ')[COMPONENTS.indexOf(c)] : '_')).join(', ');
            const parsed = parseRequirementText(`<${text}>`);
            expect(parsed.ok && Object.keys(parsed.value)).toEqual([c]);
        }));
    });
});
