import fc from 'fast-check';
import type { Arbitrary } from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ComponentName, Vector } from '../../server/src/guarantees/index.js';
import {
    AUTH_MECHANISM_DOCS, COMPONENTS, KEYED_SCOPES, COMPONENT_LABELS, COMPONENT_VALUE_DOCS, describeComponent, formatComponent,
    identicalComponent, leq, parseComponent, parseComponentText,
} from '../../server/src/guarantees/index.js';
import { componentArbs } from './arbitraries.js';

function value<C extends ComponentName>(c: C, name: string, ...args: string[]): Vector[C] {
    const parsed = parseComponent(c, name, args);
    if (!parsed.ok) throw new Error(parsed.message);
    return parsed.value;
}

describe('parseComponent', () => {
    it.each([
        ['scope', 'Cluster', [], 'Cluster'],
        ['scope', 'Partition', [], 'Partition'],
        ['order', 'SS', [], 'SS'],
        ['order', 'None', [], 'None'],
        ['visibility', 'SER', [], 'SER'],
        ['visibility', 'None', [], 'None'],
        ['recency', 'Stale', [], { kind: 'Stale' }],
        ['recency', 'EO', [], { kind: 'EO' }],
        ['recency', 'Fresh', [], { kind: 'BS', ms: 0 }],
        ['recency', 'Fresh', ['cert'], { kind: 'BS', ms: 0, evidence: 'cert' }],
        ['recency', 'Fresh', ['1h'], { kind: 'BS', ms: 0, evidence: '1h' }],
        ['recency', 'BS', ['5s'], { kind: 'BS', ms: 5000 }],
        ['recency', 'BS', ['250ms'], { kind: 'BS', ms: 250 }],
        ['recency', 'BS', ['0s'], { kind: 'BS', ms: 0 }],
        // Fresh ≡ BS(0) (LANGUAGE.md §3): zero needs no unit.
        ['recency', 'BS', ['0'], { kind: 'BS', ms: 0 }],
        ['recency', 'BS', ['0.0'], { kind: 'BS', ms: 0 }],
        ['idempotence', 'None', [], { idem: false }],
        ['idempotence', 'Idem', [], { idem: true }],
        ['idempotence', 'Idem', ['saga-id'], { idem: true, key: 'saga-id' }],
        ['auth', 'None', [], { kind: 'None' }],
        ['auth', 'Auth', [], { kind: 'Auth', mechanisms: [] }],
        ['auth', 'Auth', ['mTLS'], { kind: 'Auth', mechanisms: ['mTLS'] }],
        ['auth', 'Auth', ['mTLS', 'jwt'], { kind: 'Auth', mechanisms: ['jwt', 'mTLS'] }],
        ['auth', 'Auth', ['mTLS+jwt'], { kind: 'Auth', mechanisms: ['jwt', 'mTLS'] }],
        ['auth', 'Auth', ['MTLS', 'mTLS'], { kind: 'Auth', mechanisms: ['mTLS'] }],
    ] as [ComponentName, string, string[], unknown][])('%s %s(%j)', (c, name, args, expected) => {
        expect(parseComponent(c, name, args)).toEqual({ ok: true, value: expected });
    });

    it.each([
        ['order', 'Strict', "unknown Order value 'Strict'; expected one of None, PartialOrder, Causal, TotalOrder, SS"],
        ['visibility', 'Linearizable', "unknown Visibility value 'Linearizable'; expected one of None, RC, RA, SI, SER"],
        ['scope', 'World', "unknown Scope value 'World'; expected one of Local, Partition, Aggregate, Saga, Client, Route, Range, Domain, Cluster, Region, Global"],
        ['recency', 'Recent', "unknown Recency value 'Recent'; expected one of Stale, EO, BS(d), Fresh, Fresh(x)"],
        ['idempotence', 'Once', "unknown Idempotence value 'Once'; expected one of None, Idem, Idem(k)"],
        ['auth', 'Signed', "unknown Auth value 'Signed'; expected one of None, Auth, Auth(m)"],
        ['scope', 'None', "unknown Scope value 'None'; expected one of Local, Partition, Aggregate, Saga, Client, Route, Range, Domain, Cluster, Region, Global ('None' is an Order value; components are positional: <Scope, Order, Visibility, Recency, Idempotence, Auth>)"],
        ['recency', 'None', "unknown Recency value 'None'; expected one of Stale, EO, BS(d), Fresh, Fresh(x) ('None' is an Order value; components are positional: <Scope, Order, Visibility, Recency, Idempotence, Auth>)"],
    ] as [ComponentName, string, string][])('%s %s is unknown', (c, name, message) => {
        expect(parseComponent(c, name, [])).toEqual({ ok: false, message });
    });

    it('says which component a misplaced value belongs to', () => {
        const parsed = parseComponent('scope', 'Causal', []);
        expect(parsed.ok).toBe(false);
        if (!parsed.ok) expect(parsed.message).toContain("'Causal' is an Order value");
    });

    it('suggests the right capitalisation', () => {
        const parsed = parseComponent('scope', 'cluster', []);
        expect(parsed).toMatchObject({ ok: false, suggestion: 'Cluster' });
        if (!parsed.ok) expect(parsed.message).toMatch(/^unknown Scope value 'cluster'; expected one of .*; did you mean 'Cluster'\?$/);
        expect(parseComponent('recency', 'bs', ['5s'])).toMatchObject({ ok: false, suggestion: 'BS' });
    });

    it('BS(name) asks the caller to resolve the bound', () => {
        for (const name of ['SLA', 'cache-TTL', 'degraded']) {
            const parsed = parseComponent('recency', 'BS', [name]);
            expect(parsed).toMatchObject({ ok: false, needsBound: name });
            if (!parsed.ok) expect(parsed.message).toContain('EO');
        }
    });

    it.each([
        ['recency', 'BS', ['5x'], "invalid duration '5x' in BS(5x); expected e.g. 250ms, 5s, 10m, 1h, 7d"],
        ['recency', 'BS', ['5'], "invalid duration '5' in BS(5); expected e.g. 250ms, 5s, 10m, 1h, 7d"],
        ['recency', 'BS', ['0.5'], "invalid duration '0.5' in BS(0.5); expected e.g. 250ms, 5s, 10m, 1h, 7d"],
        ['recency', 'BS', ['10'], "invalid duration '10' in BS(10); expected e.g. 250ms, 5s, 10m, 1h, 7d"],
        ['recency', 'BS', [], 'BS needs a bound: BS(5s), or BS(name) resolved through sla freshness, cache or lag'],
        ['recency', 'BS', ['5s', '1m'], 'BS takes one bound, got 2 (5s+1m)'],
        ['recency', 'Fresh', ['cert', '1h'], 'Fresh takes at most one evidence name, got 2 (cert+1h)'],
        ['recency', 'EO', ['5s'], "Recency value 'EO' takes no arguments"],
        ['scope', 'Partition', ['customer_id'], "Scope value 'Partition' takes no arguments"],
        ['idempotence', 'Idem', ['a', 'b'], 'Idem takes at most one key, got 2 (a+b)'],
        ['auth', 'Auth', [''], "Auth value 'Auth' has an empty argument"],
        ['auth', 'Auth', ['mTLS+'], 'Auth(mTLS+) has an empty mechanism'],
        ['auth', 'Auth', ['m TLS'], "'m TLS' is not a mechanism name; write e.g. Auth(mTLS+jwt)"],
    ] as [ComponentName, string, string[], string][])('%s %s(%j) is invalid', (c, name, args, message) => {
        const parsed = parseComponent(c, name, args);
        expect(parsed).toEqual({ ok: false, message });
    });

    it('parses each argument list on its own, whichever came first with the same text', () => {
        // One argument holding `+` (a quoted argument can) is not two arguments.
        expect(parseComponent('idempotence', 'Idem', ['a+b'])).toEqual({ ok: true, value: { idem: true, key: 'a+b' } });
        expect(parseComponent('idempotence', 'Idem', ['a', 'b'])).toEqual({ ok: false, message: 'Idem takes at most one key, got 2 (a+b)' });
        expect(parseComponent('idempotence', 'Idem', ['a+b'])).toEqual({ ok: true, value: { idem: true, key: 'a+b' } });
        expect(parseComponent('recency', 'BS', ['5s', '1s']).ok).toBe(false);
        expect(parseComponent('recency', 'BS', ['5s)(1s'])).toEqual({ ok: false, message: "invalid duration '5s)(1s' in BS(5s)(1s); expected e.g. 250ms, 5s, 10m, 1h, 7d" });
        expect(parseComponent('scope', 'Cluster', [])).toEqual({ ok: true, value: 'Cluster' });
        expect(parseComponent('scope', 'Cluster', ['x'])).toEqual({ ok: false, message: "Scope value 'Cluster' takes no arguments" });
    });

    it('BS(0) is Fresh: the same value, ordered as Fresh against every recency, printed as Fresh', () => {
        const zero = value('recency', 'BS', '0');
        const fresh = value('recency', 'Fresh');
        expect(zero).toEqual(fresh);
        expect(formatComponent('recency', zero)).toBe('Fresh');
        fc.assert(fc.property(componentArbs.recency, r => {
            expect(leq('recency', zero, r)).toBe(leq('recency', fresh, r));
            expect(leq('recency', r, zero)).toBe(leq('recency', r, fresh));
            // Nothing is fresher than BS(0).
            expect(leq('recency', r, zero)).toBe(true);
        }));
    });

    it('never throws, whatever the text', () => {
        fc.assert(fc.property(fc.constantFrom(...COMPONENTS), fc.string(), fc.array(fc.string(), { maxLength: 3 }), (c, name, args) => {
            const parsed = parseComponent(c, name, args);
            expect(typeof parsed.ok).toBe('boolean');
        }));
    });
});

describe('parseComponentText', () => {
    it('reads Name and Name(arg+arg) like the grammar', () => {
        expect(parseComponentText('auth', 'Auth(mTLS+jwt)')).toEqual({ ok: true, value: { kind: 'Auth', mechanisms: ['jwt', 'mTLS'] } });
        expect(parseComponentText('recency', ' BS( 5s ) ')).toEqual({ ok: true, value: { kind: 'BS', ms: 5000 } });
        expect(parseComponentText('recency', 'BS(cache-TTL)')).toMatchObject({ ok: false, needsBound: 'cache-TTL' });
        expect(parseComponentText('order', 'Causal)')).toMatchObject({ ok: false });
    });

    it('round-trips every value through formatComponent, labels included', () => {
        for (const c of COMPONENTS) {
            fc.assert(fc.property(componentArbs[c] as Arbitrary<Vector[typeof c]>, v => {
                const parsed = parseComponentText(c, formatComponent(c, v));
                expect(parsed.ok, formatComponent(c, v)).toBe(true);
                if (parsed.ok) expect(identicalComponent(c, parsed.value, v)).toBe(true);
            }));
        }
    });
});

describe('COMPONENT_VALUE_DOCS', () => {
    // Example arguments for the documented placeholders.
    const EXAMPLE_ARGS: Record<string, string> = { d: '5s', x: 'cert', k: 'offset', m: 'mTLS' };

    function docValue(c: ComponentName, text: string): Vector[ComponentName] {
        const [, name, arg] = /^(\w+)(?:\((\w)\))?$/.exec(text)!;
        return arg === undefined ? value(c, name) : value(c, name, EXAMPLE_ARGS[arg]);
    }

    it('documents every component with one line per value', () => {
        for (const c of COMPONENTS) {
            expect(COMPONENT_VALUE_DOCS[c].length, c).toBeGreaterThan(1);
            for (const doc of COMPONENT_VALUE_DOCS[c]) {
                expect(doc.meaning, doc.value).toMatch(/^[^\n]{10,}$/);
                expect(() => docValue(c, doc.value), `${c} ${doc.value}`).not.toThrow();
            }
        }
    });

    it('lists values weakest first', () => {
        for (const c of COMPONENTS) {
            const docs = COMPONENT_VALUE_DOCS[c];
            const values = docs.map(d => docValue(c, d.value));
            const le = (i: number, j: number) => leq(c, values[i] as never, values[j] as never);
            for (let i = 0; i < values.length; i++) for (let j = i + 1; j < values.length; j++) {
                // A later value is never strictly weaker than an earlier one…
                expect(le(j, i) && !le(i, j), `${c}: ${docs[j].value} listed after the stronger ${docs[i].value}`).toBe(false);
                // …and outside the keyed scopes every later value is at least as strong.
                if (c !== 'scope' || !(KEYED_SCOPES.includes(docs[i].value as never) && KEYED_SCOPES.includes(docs[j].value as never))) {
                    expect(le(i, j), `${c}: ${docs[i].value} ⊑ ${docs[j].value}`).toBe(true);
                }
            }
        }
    });

    it('covers every value the arbitraries generate', () => {
        for (const c of COMPONENTS) {
            fc.assert(fc.property(componentArbs[c] as Arbitrary<Vector[typeof c]>, v => {
                expect(describeComponent(c, v)).toMatch(/ — /);
            }));
        }
    });

    it('describes concrete values for hovers', () => {
        expect(describeComponent('recency', { kind: 'BS', ms: 5000 })).toMatch(/^BS\(5s\) — bounded staleness/);
        expect(describeComponent('order', 'SS')).toMatch(/^SS — strict serializable/);
        expect(describeComponent('auth', { kind: 'Auth', mechanisms: ['jwt', 'mTLS'] })).toMatch(/^Auth\(jwt\+mTLS\) — authenticated by every mechanism/);
        expect(describeComponent('idempotence', { idem: true, key: 'offset' })).toMatch(/^Idem\(offset\) — idempotent by key/);
        expect(describeComponent('recency', { kind: 'BS', ms: 0, evidence: 'cert' })).toMatch(/^Fresh\(cert\) — fresh, naming its evidence/);
    });

    it('names the known Auth mechanisms, each parsing to itself', () => {
        for (const { value: m } of AUTH_MECHANISM_DOCS) {
            expect(value('auth', 'Auth', m.toUpperCase())).toEqual({ kind: 'Auth', mechanisms: [m] });
        }
    });

    it('labels the components as a spec writes them', () => {
        expect(COMPONENTS.map(c => COMPONENT_LABELS[c])).toEqual(['Scope', 'Order', 'Visibility', 'Recency', 'Idempotence', 'Auth']);
    });
});
