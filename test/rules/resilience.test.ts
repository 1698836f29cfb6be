import { describe, expect, it } from 'vitest';
import { check, ruleTable } from './helpers.js';

/** Resilience rules: retries, duplicates, timeouts, breakers, latency budgets, sagas. */

describe('retry-non-idempotent', () => {
    ruleTable('retry-non-idempotent', {
        hits: [
            {
                name: 'retries on an operation without idempotent',
                files: 'service payments {\n  operation charge latency p99 300ms\n}\nservice orders-api {\n  calls payments.charge timeout 2s retries 3 backoff 100ms\n}',
                texts: ['retries 3'],
                message: ["retries on 'payments.charge', which is not idempotent"],
                related: ['charge'],
            },
            {
                name: 'an Idem vector is not evidence of safe re-execution',
                files: 'service payments {\n  provides <Cluster, SS, SER, Fresh, Idem, Auth>\n  operation charge\n}\nservice a { calls payments.charge retries 1 }',
                texts: ['retries 1'],
            },
            {
                name: 'a service as a whole with one non-idempotent operation',
                files: 'service payments { operation charge idempotent  operation refund }\nservice a { calls payments timeout 1s retries 2 }',
                texts: ['retries 2'],
                message: ["'payments.refund'"],
                related: ['refund'],
            },
            {
                name: 'a gateway route is judged by its backend operation',
                files: 'service orders { operation place }\ngateway edge { route "/orders/*" -> orders.place }\nclient web { calls edge "/orders/*" retries 2 }',
                texts: ['retries 2'],
            },
            {
                name: 'retries inside an operation block',
                files: 'service promotions { operation redeem }\nservice quote {\n  operation confirm {\n    calls promotions.redeem timeout 25ms retries 2 backoff 5ms\n  }\n}',
                texts: ['retries 2'],
            },
        ],
        clean: [
            { name: 'idempotent operation', files: 'service payments {\n  operation charge idempotent key payment_id latency p99 300ms\n}\nservice orders-api {\n  calls payments.charge timeout 2s retries 3 backoff 100ms\n}' },
            { name: 'retries 0 is not a retry', files: 'service payments { operation charge }\nservice a { calls payments.charge retries 0 }' },
            { name: 'no retries', files: 'service payments { operation charge }\nservice a { calls payments.charge timeout 1s }' },
            { name: 'a service whose operations are all idempotent', files: 'service payments { operation charge idempotent  operation refund idempotent }\nservice a { calls payments retries 2 }' },
        ],
    });
});

const PAYMENT_EVENTS = 'topic payment-events {\n  partitions 12\n  key order_id\n  delivery at-least-once\n  provides <Partition, PartialOrder, RA, EO, Idem(offset), Auth>\n}\n';

describe('duplicate-delivery', () => {
    ruleTable('duplicate-delivery', {
        hits: [
            {
                name: 'at-least-once consumer without dedupe',
                files: PAYMENT_EVENTS + 'service orders-api {\n  consumes payment-events group orders\n}',
                texts: ['payment-events'],
                message: ["'payment-events' delivers at-least-once"],
                related: ['delivery at-least-once'],
            },
            {
                name: 'a client consumer, across files',
                files: [PAYMENT_EVENTS, 'client dashboard { consumes payment-events }'],
                texts: ['payment-events'],
            },
        ],
        clean: [
            { name: 'dedupe by key', files: PAYMENT_EVENTS + 'service orders-api { consumes payment-events group orders dedupe event_id }' },
            { name: 'idempotent consumer', files: PAYMENT_EVENTS + 'service orders-api { consumes payment-events idempotent }' },
            { name: 'inside an idempotent operation', files: PAYMENT_EVENTS + 'service orders-api { operation onPayment idempotent { consumes payment-events } }' },
            { name: 'exactly-once topic', files: 'topic t { delivery exactly-once }\nservice a { consumes t }' },
            { name: 'a topic without delivery is not assumed at-least-once', files: 'topic t { partitions 3 }\nservice a { consumes t }' },
            { name: 'from derivations are not consumers', files: PAYMENT_EVENTS + 'store v { from payment-events }' },
        ],
    });
});

const FRAUD = 'service fraud {\n  operation score idempotent latency p99 120ms\n}\nservice payments {\n  operation charge idempotent latency p99 80ms {\n    calls fraud.score timeout 200ms\n  }\n}\n';

describe('timeout-below-latency', () => {
    ruleTable('timeout-below-latency', {
        hits: [
            {
                name: 'timeout below the callee\'s end-to-end p99 (own + its calls)',
                files: FRAUD + 'service orders-api {\n  calls payments.charge timeout 150ms\n}',
                texts: ['150ms'],
                message: ["timeout 150ms is below the p99 of 'payments.charge' (200ms = 80ms own + fraud.score 120ms)"],
                related: ['80ms', 'fraud.score'],
            },
            {
                name: 'service-level calls count for every operation; a call to a service uses its slowest operation',
                files: 'service slow { latency p99 100ms }\nservice b {\n  latency p99 10ms\n  operation fast\n  operation other latency p99 30ms\n  calls slow\n}\nservice a { calls b timeout 120ms }',
                texts: ['120ms'],
                message: ['(130ms = '],
            },
            {
                name: 'a gateway route\'s own timeout against its backend\'s end-to-end p99',
                files: 'gateway edge { route "/r" -> s.x timeout 50ms }\nservice s { operation x latency p99 100ms }',
                texts: ['50ms'],
                message: ["timeout 50ms is below the p99 of 's.x' (100ms)"],
                related: ['100ms'],
            },
            {
                name: 'a split route\'s timeout against its slowest target, once',
                files: 'service a { latency p99 20ms }\nservice b { operation x latency p99 10ms { calls a } }\ngateway edge { route "/r" split a 90%, b.x 10% timeout 25ms }',
                texts: ['25ms'],
                message: ["timeout 25ms is below the p99 of 'b.x' (30ms = 10ms own + a 20ms)"],
            },
            {
                name: 'a gateway route uses its backend plus the gateway\'s own latency',
                files: 'service orders { operation get latency p99 40ms }\ngateway edge { latency p99 5ms route "/orders/*" -> orders.get }\nclient web { calls edge "/orders/*" timeout 30ms }',
                texts: ['30ms'],
                message: ['45ms'],
            },
        ],
        clean: [
            { name: 'timeout above the p99', files: FRAUD + 'service orders-api { calls payments.charge timeout 300ms }' },
            { name: 'an equal timeout', files: FRAUD + 'service orders-api { calls payments.charge timeout 200ms }' },
            { name: 'no latency declared anywhere', files: 'service p { operation x }\nservice a { calls p.x timeout 1ms }' },
            { name: 'calls on a sync cycle are left to sync-cycle', files: 'service a { latency p99 50ms  calls b timeout 10ms }\nservice b { latency p99 50ms  calls a timeout 10ms }' },
            { name: 'a route timeout above its backend\'s p99 (the gateway\'s own latency is not the backend\'s)', files: 'gateway edge { latency p99 30ms route "/r" -> s.x timeout 100ms }\nservice s { operation x latency p99 100ms }' },
            { name: 'a route timeout above every split target\'s p99', files: 'service a { latency p99 20ms }\nservice b { latency p99 30ms }\ngateway edge { route "/r" split a 50%, b 50% timeout 30ms }' },
        ],
    });
});

const INVENTORY = 'service inventory {\n  operation reserve idempotent latency p99 100ms\n}\n';

describe('retry-exceeds-timeout', () => {
    ruleTable('retry-exceeds-timeout', {
        hits: [
            {
                name: 'worst case with exponential backoff above the slo',
                files: INVENTORY + 'service orders-api {\n  latency p99 20ms\n  slo p99 1s\n  calls inventory.reserve timeout 500ms retries 2 backoff 100ms\n}',
                texts: ['retries 2'],
                message: ["worst case 3 × 500ms + (100ms + 200ms) = 1800ms exceeds the caller's slo 1s"],
                related: ['1s'],
            },
            {
                name: 'one retry, inside an operation: the service\'s slo applies',
                files: INVENTORY + 'service orders-api {\n  slo p99 100ms\n  operation place idempotent { calls inventory.reserve timeout 150ms retries 1 backoff 20ms }\n}',
                texts: ['retries 1'],
                message: ['worst case 2 × 150ms + 20ms = 320ms'],
            },
            {
                name: 'no retries: one attempt, whose timeout alone exceeds the slo (on the timeout)',
                files: INVENTORY + 'service a { slo p99 100ms  calls inventory.reserve timeout 500ms }',
                texts: ['timeout 500ms'],
                message: ["worst case 1 × 500ms = 500ms exceeds the caller's slo 100ms"],
                related: ['100ms'],
            },
            {
                name: 'retries 0 is one attempt too; its backoff is never waited',
                files: INVENTORY + 'service a { slo p99 100ms  calls inventory.reserve timeout 150ms retries 0 backoff 1s }',
                texts: ['retries 0'],
                message: ['worst case 1 × 150ms = 150ms'],
            },
            {
                name: 'many retries',
                files: INVENTORY + 'service a {\n  slo p99 5s\n  calls inventory.reserve timeout 100ms retries 6 backoff 100ms\n}',
                texts: ['retries 6'],
                message: ['7 × 100ms + 100ms × (2^6 − 1) = 7s'],
            },
            {
                name: 'retries past 64: the total follows the formula, and an astronomic one is shown as a bound',
                files: INVENTORY + 'service a { slo p99 1s  calls inventory.reserve timeout 1ms retries 70 backoff 1ms }',
                texts: ['retries 70'],
                message: ["worst case 71 × 1ms + 1ms × (2^70 − 1) = more than 30,000 years exceeds the caller's slo 1s"],
            },
        ],
        clean: [
            { name: 'worst case within the slo', files: INVENTORY + 'service orders-api {\n  latency p99 20ms\n  slo p99 1s\n  calls inventory.reserve timeout 250ms retries 2 backoff 50ms\n}' },
            { name: 'no slo', files: INVENTORY + 'service a { calls inventory.reserve timeout 500ms retries 5 backoff 1s }' },
            { name: 'no timeout', files: INVENTORY + 'service a { slo p99 1ms  calls inventory.reserve retries 5 }' },
            { name: 'no retries, the timeout within the slo (the sum of calls is latency-slo-exceeded\'s)', files: INVENTORY + 'service a { slo p99 1s  calls inventory.reserve timeout 500ms  calls inventory.reserve timeout 800ms }' },
            { name: 'a timeout equal to the slo', files: INVENTORY + 'service a { slo p99 500ms  calls inventory.reserve timeout 500ms }' },
        ],
    });
});

const BILLING = 'domain billing owner "payments-team" {\n  service payments {\n    operation charge idempotent\n  }\n}\n';

describe('breaker-without-fallback', () => {
    ruleTable('breaker-without-fallback', {
        hits: [
            {
                name: 'a breaker into another domain without fallback',
                files: 'domain ordering owner "orders-team" {\n  service orders-api {\n    calls payments.charge timeout 2s auth jwt\n      breaker { errors 5 within 30s eject 30s }\n  }\n}\n' + BILLING,
                texts: ['breaker { errors 5 within 30s eject 30s }'],
                message: ["call to 'payments.charge' crosses from domain ordering to domain billing with a breaker but no fallback"],
                related: ['billing'],
            },
            {
                name: 'from outside any domain into one',
                files: BILLING + 'service a { calls payments.charge breaker { errors 3 } }',
                texts: ['breaker { errors 3 }'],
                message: ['crosses from outside any domain to domain billing'],
            },
        ],
        clean: [
            { name: 'with a fallback', files: 'domain ordering owner "o" {\n  service orders-api { calls payments.charge breaker { errors 5 } fallback queue }\n}\n' + BILLING },
            { name: 'inside one domain', files: 'domain billing owner "p" {\n  service payments { operation charge idempotent }\n  service ledger { calls payments.charge breaker { errors 5 } }\n}' },
            { name: 'both outside every domain', files: 'service payments { operation charge }\nservice a { calls payments.charge breaker { errors 5 } }' },
            { name: 'no breaker', files: 'domain ordering owner "o" {\n  service orders-api { calls payments.charge timeout 1s }\n}\n' + BILLING },
        ],
    });
});

const ORDERS_SLO = (inventoryCall: string, extra = ''): string => `${extra}service payments {
  operation charge idempotent latency p99 80ms
}
service inventory {
  operation reserve idempotent latency p99 40ms
}
service orders-api {
  latency p99 20ms
  slo p99 120ms
  calls payments.charge timeout 200ms
  ${inventoryCall}
}`;

describe('latency-slo-exceeded', () => {
    ruleTable('latency-slo-exceeded', {
        hits: [
            {
                name: 'own p99 plus the callees\' end-to-end p99 above the slo',
                files: ORDERS_SLO('calls inventory.reserve timeout 100ms'),
                texts: ['120ms'],
                message: ['orders-api: end-to-end p99 140ms (20ms own + payments.charge 80ms + inventory.reserve 40ms) exceeds slo 120ms'],
                related: ['20ms', 'payments.charge', 'inventory.reserve'],
            },
            {
                name: 'the slowest operation, with operation-level and service-level calls',
                files: 'service p { latency p99 60ms }\nservice q { latency p99 50ms }\nservice s {\n  latency p99 10ms\n  slo p99 100ms\n  operation fast\n  operation slow { calls q }\n  calls p\n}',
                texts: ['100ms'],
                message: ['s.slow: end-to-end p99 120ms (10ms own + q 50ms + p 60ms)'],
            },
            {
                name: 'end-to-end p99 is transitive',
                files: 'service c { latency p99 70ms }\nservice b { latency p99 20ms  calls c }\nservice a { latency p99 20ms  slo p99 100ms  calls b }',
                texts: ['100ms'],
                message: ['end-to-end p99 110ms (20ms own + b 90ms)'],
            },
        ],
        clean: [
            { name: 'asynchronous work costs nothing', files: 'topic order-events { partitions 12 }\n' + ORDERS_SLO('publishes order-events') },
            { name: 'no slo', files: 'service p { latency p99 1s }\nservice a { calls p }' },
            { name: 'cycles count 0 (sync-cycle reports them)', files: 'service a { latency p99 50ms  slo p99 100ms  calls b }\nservice b { latency p99 50ms  calls a }' },
        ],
    });
});

const SAGA_SERVICES = `service orders-api {
  operation placeOrder idempotent key order_id
  operation cancelOrder idempotent
}
service payments {
  operation charge idempotent key order_id
  operation refund idempotent
}
service inventory {
  operation reserve idempotent key order_id
  operation release idempotent
}
service shipping {
  operation schedule idempotent
}
`;

describe('saga-missing-compensation', () => {
    ruleTable('saga-missing-compensation', {
        hits: [{
            name: 'a middle step without compensate',
            files: SAGA_SERVICES + 'saga checkout orchestrated {\n  step orders-api.placeOrder  compensate orders-api.cancelOrder\n  step payments.charge        compensate payments.refund\n  step inventory.reserve\n  step shipping.schedule\n}',
            texts: ['inventory.reserve'],
            message: ["saga step 'inventory.reserve' has no compensate"],
        }, {
            name: 'choreographed sagas too; every step but the last',
            files: SAGA_SERVICES + 'saga s choreographed {\n  step orders-api.placeOrder\n  step payments.charge\n  step shipping.schedule\n}',
            texts: ['orders-api.placeOrder', 'payments.charge'],
        }],
        clean: [
            { name: 'every step but the last compensated', files: SAGA_SERVICES + 'saga checkout orchestrated {\n  step orders-api.placeOrder  compensate orders-api.cancelOrder\n  step payments.charge        compensate payments.refund\n  step inventory.reserve      compensate inventory.release\n  step shipping.schedule\n}' },
            { name: 'a one-step saga', files: SAGA_SERVICES + 'saga s { step shipping.schedule }' },
        ],
    });
});

describe('compensation-not-idempotent', () => {
    ruleTable('compensation-not-idempotent', {
        hits: [{
            name: 'a compensation without idempotent',
            files: 'service payments {\n  operation charge idempotent key order_id\n  operation refund\n}\nservice shipping { operation schedule idempotent }\nsaga checkout orchestrated {\n  step payments.charge    compensate payments.refund\n  step shipping.schedule\n}',
            texts: ['payments.refund'],
            message: ["compensation 'payments.refund' is not idempotent"],
            related: ['refund'],
        }, {
            name: 'a whole service as compensation',
            files: 'service payments { operation charge idempotent }\nservice refunds { operation refund idempotent }\nsaga s {\n  step payments.charge compensate refunds\n  step payments.charge\n}',
            texts: ['refunds'],
        }],
        clean: [
            { name: 'idempotent compensations', files: SAGA_SERVICES + 'saga checkout {\n  step payments.charge compensate payments.refund\n  step shipping.schedule\n}' },
        ],
    });
});

describe('latency facts are computed once per vertex', () => {
    it('a wide diamond lattice of calls (exponentially many paths) checks quickly and sums each callee once per call', async () => {
        // 30 layers of 2 services each, every service calling both of the next layer: 2^30 paths.
        const layers = 30;
        const lines: string[] = [];
        for (let i = 0; i < layers; i++) {
            for (const side of ['l', 'r']) {
                const calls = i + 1 < layers ? `calls ${'l'}${i + 1}  calls ${'r'}${i + 1}` : '';
                lines.push(`service ${side}${i} { latency p99 1ms ${i === 0 ? 'slo p99 1s' : ''} ${calls} }`);
            }
        }
        const result = await check(lines.join('\n'));
        // Summed as sequential calls, the end-to-end p99 doubles per layer: 2^30 - 1 ms.
        const [d] = result.of('latency-slo-exceeded');
        expect(d.message).toContain(`end-to-end p99 ${2 ** layers - 1}ms`);
    });
});
