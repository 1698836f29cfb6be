import { describe, expect, it } from 'vitest';
import { check, ruleTable } from './helpers.js';

/** §5: the mode matrix rules. */

const RECOMMENDATIONS = (degraded: string, floor: string, recovery: string): string => `service recommendations {
  provides <Cluster, Causal, RA, BS(1m), Idem, Auth>
  modes {
    degraded ${degraded} when error_rate > 5% for 1m
    floor    ${floor} when error_rate > 50%
    recovery ${recovery} when success_rate > 99% for 5m
  }
}`;

describe('mode-not-monotone', () => {
    ruleTable('mode-not-monotone', {
        hits: [
            {
                name: 'floor fresher than degraded',
                files: RECOMMENDATIONS('<Range, Causal, RA, Stale, Idem, Auth>', '<Local, None, None, BS(10m), None, Auth>', '<Range, Causal, RA, BS(10m), Idem, Auth>'),
                texts: ['BS(10m)'],
                message: ['floor Recency BS(10m) is stronger than degraded Stale'],
                related: ['Stale'],
            },
            {
                name: 'degraded stronger than target (provides)',
                files: 'service s {\n  provides <Cluster, Causal, RA, BS(1m), Idem, Auth>\n  modes { degraded <Cluster, SS, RA, BS(1m), Idem, Auth> when error_rate > 5% }\n}',
                texts: ['SS'],
                message: ['degraded Order SS is stronger than target Causal'],
                related: ['Causal'],
            },
            {
                name: 'floor compared with target when there is no degraded',
                files: 'service s {\n  provides <Cluster, Causal, RA, BS(1m), Idem, Auth>\n  modes {\n    floor <Local, None, SER, Stale, None, Auth> when error_rate > 50%\n    recovery <Local, None, SER, Stale, None, Auth> when success_rate > 99%\n  }\n}',
                texts: ['SER', 'SER'],
                message: ['floor Visibility SER is stronger than target RA'],
            },
            {
                name: 'recovery weaker than floor',
                files: RECOMMENDATIONS('<Range, Causal, RA, BS(10m), Idem, Auth>', '<Local, None, None, Stale, Idem, Auth>', '<Range, Causal, RA, BS(10m), None, Auth>'),
                texts: ['None'],
                message: ['recovery Idempotence None is weaker than floor Idem'],
            },
            {
                name: 'two different keyed scopes are incomparable',
                files: 'topic t {\n  provides <Partition, PartialOrder, RA, EO, Idem, Auth>\n  modes { degraded <Aggregate, PartialOrder, RA, EO, Idem, Auth> when lag > 1000 }\n}',
                texts: ['Aggregate'],
                message: ['degraded Scope Aggregate is incomparable with target Partition'],
            },
        ],
        clean: [
            { name: 'monotone matrix', files: RECOMMENDATIONS('<Range, Causal, RA, BS(10m), Idem, Auth>', '<Local, None, None, Stale, None, Auth>', '<Range, Causal, RA, BS(10m), Idem, Auth>') },
            { name: 'recovery is not compared with degraded', files: RECOMMENDATIONS('<Range, Causal, RA, BS(10m), Idem, Auth>', '<Local, None, None, Stale, None, Auth>', '<Cluster, Causal, RA, BS(1m), Idem, Auth>') },
            { name: 'an explicit target equal to provides', files: 'service s {\n  provides <Cluster, Causal, RA, BS(1m), Idem, Auth>\n  modes { target <Cluster, Causal, RA, BS(1m), Idem, Auth>  degraded <Cluster, Causal, RA, BS(2m), Idem, Auth> when error_rate > 5% }\n}' },
        ],
    });
});

describe('mode-missing-trigger', () => {
    ruleTable('mode-missing-trigger', {
        hits: [
            {
                name: 'degraded without when',
                files: 'service s {\n  provides <Cluster, Causal, RA, BS(1m), Idem, Auth>\n  modes {\n    degraded <Range, Causal, RA, BS(10m), Idem, Auth>\n  }\n}',
                texts: ['degraded'],
                message: ["mode 'degraded' has no 'when' trigger"],
            },
            {
                name: 'floor and recovery without when',
                files: 'store s {\n  provides <Cluster, Causal, RA, BS(1m), Idem, Auth>\n  modes {\n    floor <Local, None, None, Stale, None, Auth>\n    recovery <Range, Causal, RA, BS(1m), Idem, Auth>\n  }\n}',
                texts: ['floor', 'recovery'],
            },
        ],
        clean: [
            { name: 'every non-target mode has a trigger; target needs none', files: 'service s {\n  modes {\n    target <Cluster, Causal, RA, BS(1m), Idem, Auth>\n    degraded <Range, Causal, RA, BS(10m), Idem, Auth> when breaker(s) open or p99_latency > 500ms for 5m\n  }\n}' },
        ],
    });
});

const PAYMENTS = (floorAuth: string, header = '', own = 'invariants Auth'): string => `domain billing owner "payments-team" ${header} {
  service payments {
    provides <Cluster, SS, SER, Fresh, Idem, Auth(jwt)>
    ${own}
    operation charge idempotent
    modes {
      degraded <Cluster, Causal, RA, BS(10s), Idem, Auth(jwt)> when error_rate > 5% for 1m
      floor    <Local, None, None, Stale, None, ${floorAuth}> when error_rate > 50%
      recovery <Range, Causal, RA, BS(10s), Idem, Auth(jwt)> when success_rate > 99% for 5m
    }
  }
}`;

describe('mode-invariant-broken', () => {
    ruleTable('mode-invariant-broken', {
        hits: [
            {
                name: 'floor drops the element\'s Auth invariant',
                files: PAYMENTS('None'),
                texts: ['None'],
                message: ["floor weakens invariant Auth: None is weaker than target Auth(jwt) (invariant declared on 'payments')"],
                related: ['Auth'],
            },
            {
                name: 'an invariant in the domain header',
                files: PAYMENTS('Auth(mTLS)', 'invariants Auth', ''),
                texts: ['Auth(mTLS)'],
                message: ['floor weakens invariant Auth', 'invariant declared on domain billing'],
                related: ['Auth'],
            },
            {
                name: 'recovery weakens an invariant Recency',
                files: 'store s {\n  provides <Cluster, Causal, RA, BS(1m), Idem, Auth>\n  invariants Recency, Idempotence\n  modes { recovery <Cluster, Causal, RA, BS(5m), Idem, Auth> when lag < 10 }\n}',
                texts: ['BS(5m)'],
            },
        ],
        clean: [
            { name: 'every mode keeps Auth', files: PAYMENTS('Auth(jwt)') },
            { name: 'a stronger mechanism set still satisfies the invariant', files: PAYMENTS('Auth(jwt+mTLS)') },
            { name: 'no invariants', files: PAYMENTS('None', '', '') },
        ],
    });
});

describe('mode-no-recovery', () => {
    ruleTable('mode-no-recovery', {
        hits: [{
            name: 'floor without recovery',
            files: 'service checkout {\n  provides <Cluster, SS, SER, Fresh, Idem, Auth>\n  critical\n  modes {\n    degraded <Cluster, Causal, RA, BS(10s), Idem, Auth> when error_rate > 5% for 1m\n    floor <Local, None, None, Stale, None, Auth> when error_rate > 50%\n  }\n}',
            texts: ['floor'],
            message: ['checkout has a floor mode but no recovery mode'],
        }],
        clean: [
            { name: 'floor with recovery', files: RECOMMENDATIONS('<Range, Causal, RA, BS(10m), Idem, Auth>', '<Local, None, None, Stale, None, Auth>', '<Range, Causal, RA, BS(10m), Idem, Auth>') },
            { name: 'degraded only', files: 'service s {\n  provides <Cluster, SS, SER, Fresh, Idem, Auth>\n  modes { degraded <Cluster, Causal, RA, BS(10s), Idem, Auth> when error_rate > 5% }\n}' },
        ],
    });
});

const PAYMENTS_MODES = (degradedRecency: string, floor = ''): string => `service payments {
  provides <Cluster, SS, SER, Fresh, Idem, Auth>
  operation charge idempotent
  modes {
    degraded <Cluster, Causal, RA, ${degradedRecency}, Idem, Auth> when error_rate > 5% for 1m
    ${floor}
  }
}`;

describe('mode-requirement-unsatisfied (system modes)', () => {
    ruleTable('mode-requirement-unsatisfied', {
        hits: [
            {
                name: 'requires in degraded fails in degraded mode',
                files: [PAYMENTS_MODES('BS(5m)'), 'service orders-api {\n  calls payments.charge timeout 2s\n    requires <_, _, _, Fresh, _, _>\n    requires in degraded <_, _, _, BS(1m), _, _>\n}'],
                texts: ['<_, _, _, BS(1m), _, _>'],
                message: ['in degraded mode, requirement of orders-api calls payments.charge is not satisfied: Recency needs BS(1m), got BS(5m) (weakest link: '],
            },
            {
                name: 'requires in floor fails in floor mode',
                files: [
                    PAYMENTS_MODES('BS(30s)', 'floor <Local, None, None, Stale, None, Auth> when error_rate > 50%\n    recovery <Cluster, Causal, RA, BS(30s), Idem, Auth> when success_rate > 99%'),
                    'service orders-api {\n  calls payments.charge timeout 2s\n    requires in degraded <_, _, _, BS(1m), _, _>\n    requires in floor <_, _, _, EO, _, _>\n}',
                ],
                texts: ['<_, _, _, EO, _, _>'],
                message: ['in floor mode', 'Recency needs EO, got Stale'],
            },
            {
                name: 'in floor an element without a floor keeps its degraded vector',
                files: [PAYMENTS_MODES('BS(5m)'), 'service orders-api {\n  calls payments.charge timeout 2s requires in floor <_, _, _, BS(1m), _, _>\n}'],
                texts: ['<_, _, _, BS(1m), _, _>'],
                message: ['in floor mode', 'got BS(5m) (weakest link: degraded vector of service payments)'],
                related: ['<Cluster, Causal, RA, BS(5m), Idem, Auth>'],
            },
            {
                name: 'the weakest link is the mode vector that weakened the value, not the operation\'s own provides',
                files: [
                    'service a {\n  provides <Cluster, SS, SER, Fresh, Idem, Auth>\n  operation op provides <Range, Causal, SER, Fresh, Idem, Auth>\n'
                        + '  modes { degraded <Cluster, TotalOrder, RA, BS(10s), Idem, Auth> when error_rate > 5% }\n}',
                    'service c { calls a.op requires in degraded <Range, Causal, SER, _, _, _> }',
                ],
                texts: ['<Range, Causal, SER, _, _, _>'],
                message: ['Visibility needs SER, got RA (weakest link: degraded vector of service a)'],
                related: ['<Cluster, TotalOrder, RA, BS(10s), Idem, Auth>'],
            },
            {
                name: 'an operation\'s own weaker component stays its own weakest link in a mode',
                files: [
                    'service a {\n  provides <Cluster, SS, SER, Fresh, Idem, Auth>\n  operation op provides <Range, Causal, RC, Fresh, Idem, Auth>\n'
                        + '  modes { degraded <Cluster, TotalOrder, RA, BS(10s), Idem, Auth> when error_rate > 5% }\n}',
                    'service c { calls a.op requires in degraded <_, _, SER, _, _, _> }',
                ],
                texts: ['<_, _, SER, _, _, _>'],
                message: ['Visibility needs SER, got RC (weakest link: operation a.op)'],
                related: ['<Range, Causal, RC, Fresh, Idem, Auth>'],
            },
        ],
        clean: [
            { name: 'what degraded mode delivers is enough', files: [PAYMENTS_MODES('BS(30s)'), 'service orders-api {\n  calls payments.charge timeout 2s\n    requires <_, _, _, Fresh, _, _>\n    requires in degraded <_, _, _, BS(1m), _, _>\n}'] },
            { name: 'a plain requirement failing only in degraded is blast radius, not a diagnostic', files: [PAYMENTS_MODES('BS(5m)'), 'service orders-api { calls payments.charge requires <_, _, _, Fresh, _, _> }'] },
        ],
    });
});

describe('blast radius', () => {
    it('a plain requirement failing only in degraded is in analysis.blastRadius.degraded, not a diagnostic', async () => {
        const result = await check([PAYMENTS_MODES('BS(5m)'), 'service orders-api { calls payments.charge requires <_, _, _, BS(1m), _, _> }']);
        expect(result.diagnostics.filter(d => d.code === 'requirement-unsatisfied' || d.code === 'mode-requirement-unsatisfied')).toEqual([]);
        expect(result.analysis.blastRadius.degraded.map(c => result.textOf({ uri: 'file:///rules/1.mesh', range: rangeOf(c.requirement.ast) }))).toEqual(['requires <_, _, _, BS(1m), _, _>']);
        expect(result.analysis.blastRadius.degraded[0].failures.map(f => f.component)).toEqual(['recency']);
        // In floor the element keeps its degraded vector, so the requirement fails there too.
        expect(result.analysis.blastRadius.floor).toHaveLength(1);
    });

    it('a plain requirement failing only in floor is in blastRadius.floor only', async () => {
        const result = await check([
            PAYMENTS_MODES('BS(30s)', 'floor <Local, None, None, Stale, None, Auth> when error_rate > 50%\n    recovery <Cluster, Causal, RA, BS(30s), Idem, Auth> when success_rate > 99%'),
            'service orders-api { calls payments.charge requires <_, _, _, BS(1m), Idem, _> }',
        ]);
        expect(result.diagnostics.filter(d => d.code.includes('requirement'))).toEqual([]);
        expect(result.analysis.blastRadius.degraded).toEqual([]);
        expect(result.analysis.blastRadius.floor.map(c => c.failures.map(f => f.component))).toEqual([['recency', 'idempotence']]);
    });

    it('a requirement that already fails in target is a diagnostic, not blast radius', async () => {
        const result = await check([PAYMENTS_MODES('BS(5m)'), 'service orders-api { calls payments.charge requires <_, _, _, _, _, Auth(mTLS)> }']);
        expect(result.of('requirement-unsatisfied')).toHaveLength(1);
        expect(result.analysis.blastRadius.degraded).toEqual([]);
    });
});

function rangeOf(node: { $cstNode?: { range: { start: { line: number; character: number }; end: { line: number; character: number } } } }) {
    return node.$cstNode!.range;
}
