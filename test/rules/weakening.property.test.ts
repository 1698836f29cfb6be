import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ComponentName, Requirement, Vector } from '../../server/src/guarantees/index.js';
import { COMPONENTS, formatComponent, formatVector, leq } from '../../server/src/guarantees/index.js';
import { componentArbs, requirementArb, vectorArb } from '../guarantees/arbitraries.js';
import { check } from './helpers.js';

/**
 * Property: weakening a requirement — one component replaced by a weaker value or `_` —
 * never adds a diagnostic of any rule. Checked on a small generated workspace with a
 * call, two topic consumptions, and requirements in every system mode.
 */

interface Workspace {
    provided: Vector;
    degraded: Vector;
    floor: Vector;
    topic: Vector;
    partitions: number;
    per: boolean;
    mtls: 'strict' | 'permissive';
    requirements: [Requirement, Requirement, Requirement, Requirement];
}

const workspaceArb: fc.Arbitrary<Workspace> = fc.record({
    provided: vectorArb,
    degraded: vectorArb,
    floor: vectorArb,
    topic: vectorArb,
    partitions: fc.constantFrom(1, 12),
    per: fc.boolean(),
    mtls: fc.constantFrom('strict' as const, 'permissive' as const),
    requirements: fc.tuple(requirementArb, requirementArb, requirementArb, requirementArb),
});

function requirementText(r: Requirement): string {
    return `<${COMPONENTS.map(c => r[c] === undefined ? '_' : formatComponent(c, r[c] as never)).join(', ')}>`;
}

function render(w: Workspace): string {
    const [r0, r1, r2, r3] = w.requirements.map(requirementText);
    return `mesh m { mtls ${w.mtls} members p, c }
service p {
  provides ${formatVector(w.provided)}
  operation x idempotent
  modes {
    degraded ${formatVector(w.degraded)} when error_rate > 5%
    floor ${formatVector(w.floor)} when error_rate > 50%
    recovery ${formatVector(w.provided)} when success_rate > 99%
  }
}
topic t { partitions ${w.partitions} key k provides ${formatVector(w.topic)} }
service c {
  calls p.x timeout 1s requires ${r0} requires in degraded ${r1}
  consumes t dedupe id requires ${r2} ${w.per ? 'per k' : ''}
  consumes t dedupe id requires in floor ${r3}
}`;
}

/** A workspace and the same workspace with one requirement component weakened. */
const weakeningArb = workspaceArb.chain(w => fc.tuple(fc.constant(w), fc.integer({ min: 0, max: 3 }), fc.constantFrom(...COMPONENTS)).chain(([ws, i, c]) => {
    const current = ws.requirements[i][c];
    const weaker: fc.Arbitrary<unknown> = current === undefined
        ? fc.constant(undefined)
        : fc.oneof(fc.constant(undefined), (componentArbs[c] as fc.Arbitrary<unknown>).filter(v => leq(c, v as never, current as never)));
    return weaker.map(value => {
        const requirements = ws.requirements.map(r => ({ ...r })) as Workspace['requirements'];
        if (value === undefined) delete requirements[i][c as ComponentName];
        else (requirements[i] as Record<string, unknown>)[c] = value;
        return [ws, { ...ws, requirements }] as const;
    });
}));

function countByCode(codes: readonly string[]): Map<string, number> {
    const counts = new Map<string, number>();
    for (const code of codes) counts.set(code, (counts.get(code) ?? 0) + 1);
    return counts;
}

/** Per requirement clause (by edge and index, stable under rewording) and mode: the components that fail, an order-key mismatch counting as Order. */
function failing(result: Awaited<ReturnType<typeof check>>): Set<string> {
    const keys = new Set<string>();
    for (const mode of ['target', 'degraded', 'floor'] as const) {
        for (const c of result.analysis.modes[mode].checks) {
            const at = `e${c.edge.index}#${c.edge.requirements.indexOf(c.requirement)}`;
            for (const f of c.failures) keys.add(`${mode}@${at}:${f.component}`);
            if (c.orderKeyMismatch) keys.add(`${mode}@${at}:order`);
        }
    }
    return keys;
}

describe('weakening a requirement', () => {
    it('never adds a diagnostic (an Order failure may turn into the more specific order-key-mismatch)', async () => {
        await fc.assert(fc.asyncProperty(weakeningArb, async ([before, after]) => {
            const strong = await check(render(before));
            const weak = await check(render(after));
            expect(strong.of('syntax')).toEqual([]);
            const was = countByCode(strong.diagnostics.map(d => d.code));
            for (const [code, n] of countByCode(weak.diagnostics.map(d => d.code))) {
                if (code === 'order-key-mismatch') continue;
                expect({ code, n: Math.min(n, was.get(code) ?? 0) }).toEqual({ code, n });
            }
            // §4.6: an order-key-mismatch replaces the Order part of requirement-unsatisfied, so a
            // new one may only appear where Order already failed.
            const strongFailing = failing(strong);
            for (const key of failing(weak)) expect(strongFailing).toContain(key);
        }), { numRuns: Number(process.env.RUNS ?? 150) });
    }, 120_000);

    it('Causal behaves like TotalOrder on a keyed topic: met per the key, else a key mismatch (found by the property above)', async () => {
        const topic = 'topic t { partitions 12 key k provides <Partition, Causal, SER, EO, Idem, Auth> }\n';
        for (const order of ['TotalOrder', 'Causal', 'PartialOrder']) {
            const result = await check(topic + `service c { consumes t dedupe id requires <_, ${order}, _, _, _, _> per k }`);
            expect(result.diagnostics.map(d => d.code)).toEqual([]);
        }
        for (const order of ['TotalOrder', 'Causal']) {
            const result = await check(topic + `service c { consumes t dedupe id requires <_, ${order}, _, _, _, _> }`);
            expect(result.diagnostics.map(d => [d.code, result.textOf(d)])).toEqual([['order-key-mismatch', order]]);
        }
    });

    it('the exception: weakening SS to TotalOrder on a keyed topic reports the key mismatch on its own', async () => {
        const topic = 'topic t { partitions 12 key k provides <Partition, PartialOrder, RA, EO, Idem, Auth> }\n';
        const strong = await check(topic + 'service c { consumes t dedupe id requires <_, SS, _, Fresh, _, _> }');
        const weak = await check(topic + 'service c { consumes t dedupe id requires <_, TotalOrder, _, Fresh, _, _> }');
        expect(strong.diagnostics.map(d => d.code)).toEqual(['requirement-unsatisfied']);
        expect(strong.diagnostics[0].message).toContain('Order needs SS');
        expect(weak.diagnostics.map(d => d.code).sort()).toEqual(['order-key-mismatch', 'requirement-unsatisfied']);
        expect(weak.of('requirement-unsatisfied')[0].message).not.toContain('Order');
    });
});
