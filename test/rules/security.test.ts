import { describe } from 'vitest';
import { ruleTable } from './helpers.js';

/** Security rules: evidence for Auth, policies, boundaries, certificates. */

const MESH = (mtls: string, members = 'payments'): string => `mesh prod-mesh {\n  mtls ${mtls}\n  certificate ttl 1h rotate 45m\n  members ${members}\n}\n`;
const PAYMENTS = 'service payments {\n  provides <Cluster, SS, SER, Fresh, Idem, Auth(mTLS)>\n  operation charge idempotent\n}';

describe('auth-without-evidence', () => {
    ruleTable('auth-without-evidence', {
        hits: [
            {
                name: 'Auth(mTLS) in provides, no mesh, no certificate',
                files: PAYMENTS,
                texts: ['Auth(mTLS)'],
                message: ["'payments' claims Auth(mTLS) but is in no strict-mTLS mesh and declares no certificate"],
            },
            { name: 'a permissive mesh proves nothing', files: MESH('permissive') + PAYMENTS, texts: ['Auth(mTLS)'], related: ['prod-mesh'] },
            { name: 'member of a strict mesh that lists others only', files: MESH('strict', 'orders') + 'service orders { }\n' + PAYMENTS, texts: ['Auth(mTLS)'] },
            {
                name: 'mode vectors, operation vectors and named guarantees are claims too',
                files: 'guarantee Trusted = <Cluster, SS, SER, Fresh, Idem, Auth(mtls+jwt)>\nservice s {\n  provides Trusted\n  operation get provides <Cluster, Causal, RA, BS(1s), Idem, Auth(mTLS)>\n  modes { degraded <Cluster, Causal, RA, BS(1s), Idem, Auth(mTLS)> when error_rate > 5% }\n}',
                texts: ['Trusted', 'Auth(mTLS)', 'Auth(mTLS)'],
            },
        ],
        clean: [
            { name: 'member of a strict-mTLS mesh', files: MESH('strict') + PAYMENTS },
            { name: 'members all', files: MESH('strict', 'all') + PAYMENTS },
            { name: 'its own certificate', files: 'store s {\n  certificate ttl 24h rotate 12h\n  provides <Cluster, SS, SER, Fresh, Idem, Auth(mTLS)>\n}' },
            { name: 'other mechanisms need no mesh', files: 'service s { provides <Cluster, SS, SER, Fresh, Idem, Auth(jwt)> }' },
            { name: 'requirements are not claims', files: 'service p { provides <Cluster, SS, SER, Fresh, Idem, Auth(jwt)> operation x }\nservice a { calls p.x auth jwt requires <_, _, _, _, _, Auth(mTLS)> }' },
        ],
    });
});

const REVIEWS = 'service reviews {\n  operation listReviews idempotent\n  operation deleteReview\n}\nservice productpage {\n  calls reviews.listReviews timeout 500ms method GET\n}\n';

describe('call-denied-by-policy', () => {
    ruleTable('call-denied-by-policy', {
        hits: [
            {
                name: 'a caller the policy does not allow',
                files: REVIEWS + 'service ratings-batch {\n  calls reviews.listReviews timeout 5s\n}\npolicy reviews-access { allow productpage -> reviews }',
                texts: ['reviews.listReviews'],
                message: ["policy 'reviews-access' does not allow 'ratings-batch' to call 'reviews.listReviews'"],
                related: ['allow productpage -> reviews'],
            },
            {
                name: 'a method the policy does not allow',
                files: REVIEWS + 'service admin { calls reviews.deleteReview method DELETE }\npolicy p { allow productpage -> reviews methods GET\n allow admin -> reviews methods GET, HEAD }',
                texts: ['reviews.deleteReview'],
                message: ["policy 'p' does not allow 'admin' to call 'reviews.deleteReview' with method DELETE (allowed: GET, HEAD)"],
            },

            {
                name: 'a rule naming one operation guards the service but allows only that operation',
                files: REVIEWS + 'service admin { calls reviews.deleteReview }\npolicy p { allow admin -> reviews.listReviews\n allow productpage -> reviews }',
                texts: ['reviews.deleteReview'],
            },
            {
                name: 'deny wins over allow',
                files: REVIEWS + 'policy p { allow productpage -> reviews\n deny productpage -> reviews.listReviews }',
                texts: ['reviews.listReviews'],
                message: ["policy 'p' denies 'productpage' calling 'reviews.listReviews'"],
                related: ['deny productpage -> reviews.listReviews'],
            },
            {
                name: 'a gateway route\'s backend call is checked with the gateway as caller',
                files: REVIEWS + 'gateway edge { route "/reviews" -> reviews.listReviews }\npolicy p { allow productpage -> reviews }',
                texts: ['reviews.listReviews'],
                message: ["does not allow 'edge'"],
            },
        ],
        clean: [
            { name: 'an allowed caller', files: REVIEWS + 'policy reviews-access { allow productpage -> reviews }' },
            { name: 'an allowed caller and method, across files', files: [REVIEWS, 'policy p { allow productpage -> reviews.listReviews methods GET, HEAD }'] },
            {
                name: 'a call stating no method is checked by its caller only (LANGUAGE.md\'s example policy)',
                files: 'service reviews { operation list idempotent }\nservice productpage { calls reviews }\npolicy reviews-access { allow productpage -> reviews methods GET }\n'
                    + 'policy quiet { deny productpage -> reviews methods DELETE }',
            },
            { name: 'an unguarded element', files: REVIEWS + 'service other { calls reviews.deleteReview }\npolicy p { allow productpage -> other }' },
            { name: 'a deny rule alone guards nothing else', files: REVIEWS + 'service other { calls reviews.deleteReview }\npolicy p { deny other -> reviews.listReviews }' },
        ],
    });
});

const BILLING = 'domain billing owner "payments-team" {\n  service payments {\n    operation charge idempotent\n  }\n}\n';
const ORDERING = (call: string): string => `domain ordering owner "orders-team" {\n  service orders-api {\n    ${call}\n  }\n}\n`;

describe('unauthenticated-boundary', () => {
    ruleTable('unauthenticated-boundary', {
        hits: [
            {
                name: 'a call between domains with hop Auth None',
                files: ORDERING('calls payments.charge timeout 2s') + BILLING,
                texts: ['payments.charge'],
                message: ['orders-api calls payments.charge crosses from domain ordering to domain billing unauthenticated (hop Auth is None)'],
            },
            { name: 'a permissive mesh proves nothing', files: MESH('permissive', 'orders-api, payments') + ORDERING('calls payments.charge') + BILLING, texts: ['payments.charge'] },
            {
                name: 'consuming a topic whose Auth is None, from outside any domain',
                files: 'domain billing owner "p" {\n  topic payment-events { provides <Partition, PartialOrder, RA, EO, Idem, None> }\n}\nservice mailer { consumes payment-events idempotent }',
                texts: ['payment-events'],
                message: ['crosses from outside any domain to domain billing'],
            },
            { name: 'a topic that declares no vector counts as None', files: 'domain billing owner "p" {\n  topic payment-events { partitions 3 }\n}\nservice mailer { consumes payment-events idempotent }', texts: ['payment-events'] },
        ],
        clean: [
            { name: 'both ends in a strict-mTLS mesh', files: MESH('strict', 'orders-api, payments') + ORDERING('calls payments.charge timeout 2s') + BILLING },
            { name: 'the call declares auth', files: ORDERING('calls payments.charge auth jwt') + BILLING },
            { name: 'inside one domain', files: 'domain billing owner "p" {\n  service payments { operation charge }\n  service ledger { calls payments.charge }\n}' },
            { name: 'both outside every domain', files: 'service payments { operation charge }\nservice a { calls payments.charge }' },
            { name: 'a topic that declares Auth', files: 'domain billing owner "p" {\n  topic payment-events { provides <Partition, PartialOrder, RA, EO, Idem, Auth> }\n}\nservice mailer { consumes payment-events idempotent }' },
            { name: 'a gateway route that authenticates', files: 'domain edge owner "e" {\n  gateway api { route "/p" -> payments.charge auth jwt }\n}\n' + BILLING + 'client app { calls api "/p" }' },
        ],
    });
});

describe('cert-rotation-after-expiry', () => {
    ruleTable('cert-rotation-after-expiry', {
        hits: [
            {
                name: 'a mesh rotating after expiry',
                files: 'mesh prod-mesh {\n  mtls strict\n  certificate ttl 1h rotate 2h\n  members all\n}',
                texts: ['2h'],
                message: ['certificate rotates every 2h, at or after its ttl 1h'],
                related: ['1h'],
            },
            { name: 'an element rotating exactly at expiry', files: 'service s { certificate rotate 24h ttl 1d }', texts: ['24h'] },
        ],
        clean: [
            { name: 'rotation before expiry', files: 'mesh prod-mesh {\n  mtls strict\n  certificate ttl 1h rotate 45m\n  members all\n}' },
            { name: 'no rotation stated', files: 'store s { certificate ttl 1h }' },
        ],
    });
});
