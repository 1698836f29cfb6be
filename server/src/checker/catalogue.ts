import type { Severity } from './diagnostic.js';

/**
 * The one diagnostic catalogue (LANGUAGE.md §6). Every rule id maps to its default
 * severity, a one-line description (SARIF help, CLI docs) and its message template.
 * Checker code calls `report(id, params, …)` and never writes a message itself; an
 * unknown id or a missing parameter fails to compile.
 */
interface RuleSpec<P> {
    severity: Severity;
    category: 'language' | 'guarantees' | 'modes' | 'resilience' | 'architecture' | 'security' | 'data' | 'meta';
    description: string;
    message: (params: P) => string;
}

function rule<P>(severity: Severity, category: RuleSpec<P>['category'], description: string, message: (params: P) => string): RuleSpec<P> {
    return { severity, category, description, message };
}

const list = (items: readonly string[]): string => items.join(', ');
/** A name in quotes; a string as written (`"/orders/*"`) already has its own. */
const quoted = (name: string): string => name.startsWith('"') ? name : `'${name}'`;

export const RULES = {
    'syntax': rule('error', 'language', 'The text does not parse; the parser recovers and reports one diagnostic per error.',
        (p: { detail: string }) => p.detail),
    'unresolved-reference': rule('error', 'language', 'A name that resolves to nothing.',
        (p: { name: string; expected: string; suggestion?: string; where?: string }) =>
            `cannot resolve ${p.expected} ${quoted(p.name)}` + (p.where ? ` ${p.where}` : '') + (p.suggestion ? `; did you mean ${quoted(p.suggestion)}?` : '')),
    'duplicate-name': rule('error', 'language', 'Two top-level elements or domains, two operations of one service, or two fields of one schema version share a name.',
        (p: { name: string; kind: string }) => `duplicate ${p.kind} name '${p.name}'`),
    'invalid-value': rule('error', 'language', 'A malformed or out-of-range value: vector arity, unknown component value, 0 partitions, percent above 100, unknown mode name, unresolvable named bound.',
        (p: { detail: string }) => p.detail),
    'unknown-guarantee': rule('info', 'guarantees', 'A requirement points at something that declares no guarantee vector, so it cannot be checked.',
        (p: { target: string }) => `'${p.target}' declares no guarantee vector; this requirement is not checked`),
    'requirement-unsatisfied': rule('error', 'guarantees', 'The effective vector arriving at a consumer does not satisfy its requirement.',
        (p: { edge: string; failures: readonly { component: string; needed: string; got: string; link: string }[] }) =>
            `requirement of ${p.edge} is not satisfied: ` + p.failures.map(f => `${f.component} needs ${f.needed}, got ${f.got} (weakest link: ${f.link})`).join('; ')),
    'claim-unsupported': rule('warning', 'guarantees', 'A declared guarantee of a derived element is stronger than what its inputs can deliver.',
        (p: { element: string; component: string; declared: string; derived: string; link: string }) =>
            `${p.element} declares ${p.component} ${p.declared} but its inputs deliver only ${p.derived} (weakest link: ${p.link})`),
    'order-key-mismatch': rule('error', 'guarantees', 'A TotalOrder requirement on a keyed, partitioned topic that does not name the topic\'s key with `per`.',
        (p: { topic: string; key: string; per?: string }) => p.per
            ? `'${p.topic}' is totally ordered only per ${p.key}, not per ${p.per}`
            : `'${p.topic}' is totally ordered only per ${p.key}; write 'per ${p.key}' or require PartialOrder`),
    'sla-unsupported': rule('error', 'data', 'A data product\'s `sla freshness` is tighter than its derived Recency bound.',
        (p: { product: string; sla: string; derived: string; link: string }) =>
            `${p.product} promises freshness ${p.sla} but its derived Recency is ${p.derived} (weakest link: ${p.link})`),
    'mode-not-monotone': rule('error', 'modes', 'Degradation must be monotone: target ⊒ degraded ⊒ floor, and recovery lies between floor and target.',
        (p: { mode: string; component: string; value: string; other: string; relation: string }) =>
            `${p.mode} ${p.component} ${p.value} is ${p.relation} ${p.other}`),
    'mode-missing-trigger': rule('warning', 'modes', 'A non-target mode without a `when` trigger: nothing says when the system enters it.',
        (p: { mode: string }) => `mode '${p.mode}' has no 'when' trigger`),
    'mode-invariant-broken': rule('error', 'modes', 'A mode weakens a component declared as an invariant.',
        (p: { mode: string; component: string; value: string; target: string; relation: string; source: string }) =>
            `${p.mode} weakens invariant ${p.component}: ${p.value} is ${p.relation} target ${p.target} (invariant declared on ${p.source})`),
    'mode-no-recovery': rule('warning', 'modes', 'A floor mode without a recovery mode: no defined way back to target.',
        (p: { element: string }) => `${p.element} has a floor mode but no recovery mode`),
    'mode-requirement-unsatisfied': rule('error', 'modes', 'A `requires in <mode>` requirement fails when the system runs in that mode.',
        (p: { mode: string; edge: string; failures: readonly { component: string; needed: string; got: string; link: string }[] }) =>
            `in ${p.mode} mode, requirement of ${p.edge} is not satisfied: ` + p.failures.map(f => `${f.component} needs ${f.needed}, got ${f.got} (weakest link: ${f.link})`).join('; ')),
    'retry-non-idempotent': rule('error', 'resilience', 'Retries on a call to an operation that is not idempotent.',
        (p: { target: string }) => `retries on '${p.target}', which is not idempotent: a retried request may apply twice`),
    'duplicate-delivery': rule('warning', 'resilience', 'A consumer of an at-least-once topic that declares no `dedupe` or `idempotent`.',
        (p: { topic: string }) => `'${p.topic}' delivers at-least-once; this consumer declares no 'dedupe' or 'idempotent'`),
    'timeout-below-latency': rule('warning', 'resilience', 'A call\'s timeout is below the callee\'s end-to-end p99 latency.',
        (p: { timeout: string; target: string; latency: string }) => `timeout ${p.timeout} is below the p99 of '${p.target}' (${p.latency})`),
    'retry-exceeds-timeout': rule('warning', 'resilience', '(retries+1) × timeout + total backoff of a call exceeds the caller\'s own slo.',
        (p: { total: string; slo: string; formula: string }) => `worst case ${p.formula} = ${p.total} exceeds the caller's slo ${p.slo}`),
    'breaker-without-fallback': rule('warning', 'resilience', 'A call with a breaker that crosses a domain boundary and declares no fallback.',
        (p: { target: string; from: string; to: string }) => `call to '${p.target}' crosses from ${p.from} to ${p.to} with a breaker but no fallback`),
    'sync-cycle': rule('error', 'architecture', 'A cycle of synchronous calls (a distributed monolith; deadlock risk).',
        (p: { cycle: readonly string[] }) => `synchronous call cycle: ${p.cycle.join(' → ')}`),
    'sync-chain-depth': rule('warning', 'architecture', 'A synchronous call chain deeper than the configured maximum (default 5).',
        (p: { depth: number; max: number; chain: readonly string[] }) => `synchronous call chain of depth ${p.depth} exceeds ${p.max}: ${p.chain.join(' → ')}`),
    'latency-slo-exceeded': rule('error', 'resilience', 'Own p99 plus the sum of synchronous callees\' end-to-end p99 exceeds the slo.',
        (p: { element: string; total: string; slo: string; breakdown: string }) => `${p.element}: end-to-end p99 ${p.total} (${p.breakdown}) exceeds slo ${p.slo}`),
    'shared-store': rule('warning', 'architecture', 'A store written by more than one service (database per service).',
        (p: { store: string; writers: readonly string[] }) => `store '${p.store}' is written by ${p.writers.length} services: ${list(p.writers)}`),
    'traffic-split-total': rule('error', 'architecture', 'Canary/split weights that do not sum to 100%.',
        (p: { total: string }) => `split weights sum to ${p.total}, not 100%`),
    'untraced-hop': rule('warning', 'architecture', 'A synchronous call chain between two tracing services passes through one that does not propagate trace context.',
        (p: { hop: string; from: string; to: string }) => `'${p.hop}' does not propagate trace context between traced services '${p.from}' and '${p.to}'`),
    'auth-without-evidence': rule('error', 'security', 'A vector claims Auth(mTLS) on an element that is in no mTLS mesh and declares no certificate.',
        (p: { element: string }) => `'${p.element}' claims Auth(mTLS) but is in no strict-mTLS mesh and declares no certificate`),
    'call-denied-by-policy': rule('error', 'security', 'A call to an element guarded by a policy that does not allow that caller or method.',
        (p: { caller: string; target: string; policy: string; denied: boolean; method?: string; allowed?: readonly string[] }) => p.denied
            ? `policy '${p.policy}' denies '${p.caller}' calling '${p.target}'` + (p.method ? ` with method ${p.method}` : '')
            : `policy '${p.policy}' does not allow '${p.caller}' to call '${p.target}'`
                + (p.allowed && p.allowed.length > 0 ? (p.method ? ` with method ${p.method}` : ' without a stated method') + ` (allowed: ${list(p.allowed)})` : '')),
    'unauthenticated-boundary': rule('warning', 'security', 'A call or consumption crossing a domain boundary whose hop Auth is None.',
        (p: { edge: string; from: string; to: string }) => `${p.edge} crosses from ${p.from} to ${p.to} unauthenticated (hop Auth is None)`),
    'cert-rotation-after-expiry': rule('error', 'security', 'Certificate rotate ≥ ttl: certificates expire before they are rotated.',
        (p: { rotate: string; ttl: string }) => `certificate rotates every ${p.rotate}, at or after its ttl ${p.ttl}`),
    'pii-exposed': rule('warning', 'data', 'A data product whose schema has pii fields is readable by a principal without masked.',
        (p: { principal: string; fields: readonly string[] }) => `'${p.principal}' can read pii fields (${list(p.fields)}) unmasked`),
    'lineage-cycle': rule('error', 'data', 'A cycle among from derivations of data products/stores.',
        (p: { cycle: readonly string[] }) => `lineage cycle: ${p.cycle.join(' → ')}`),
    'schema-incompatible': rule('error', 'data', 'Consecutive versions of a schema break their declared compatibility.',
        (p: { schema: string; from: string; to: string; mode: string; detail: string }) => `${p.schema} ${p.to} is not ${p.mode}-compatible with ${p.from}: ${p.detail}`),
    'missing-owner': rule('warning', 'data', 'A data product or domain with no owner.',
        (p: { kind: string; name: string }) => `${p.kind} '${p.name}' has no owner`),
    'saga-missing-compensation': rule('error', 'resilience', 'A saga step, other than the last, without compensate.',
        (p: { step: string }) => `saga step '${p.step}' has no compensate; only the last step may omit it`),
    'compensation-not-idempotent': rule('error', 'resilience', 'A compensating operation not marked idempotent.',
        (p: { operation: string }) => `compensation '${p.operation}' is not idempotent; compensations are retried until they succeed`),
    'unused-suppression': rule('warning', 'meta', 'A suppression comment that suppressed nothing.',
        (p: { ids: readonly string[]; unknown?: boolean; suggestion?: string }) => p.unknown
            ? (p.ids.length === 0
                ? 'suppression comment names no rule id, so it suppresses nothing'
                : `'${p.ids[0]}' is not a rule id, so this suppression suppresses nothing` + (p.suggestion ? `; did you mean '${p.suggestion}'?` : ''))
            : `suppression of ${list(p.ids)} suppressed nothing`),
} as const;

export type RuleId = keyof typeof RULES;
export type RuleParams<K extends RuleId> = Parameters<(typeof RULES)[K]['message']>[0];

export const RULE_IDS = Object.keys(RULES) as RuleId[];

export function isRuleId(id: string): id is RuleId {
    return Object.prototype.hasOwnProperty.call(RULES, id);
}

export function formatMessage<K extends RuleId>(id: K, params: RuleParams<K>): string {
    return (RULES[id].message as (p: RuleParams<K>) => string)(params);
}

/** Where a rule's documentation page lives (docs/rules/<id>.md), relative to the repository. */
export function ruleDocPath(id: RuleId): string {
    return `docs/rules/${id}.md`;
}

export const RULE_DOCS_BASE = 'https://github.com/meshspec/meshspec/blob/main/';

export function ruleDocUrl(id: RuleId): string {
    return RULE_DOCS_BASE + ruleDocPath(id);
}
