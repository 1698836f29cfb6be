import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { check, parseErrors } from '../helpers.js';

/** Snippets that must parse with no lexer or parser error (LANGUAGE.md §1–§2). */
const VALID: [string, string][] = [
    ['empty file', ''],
    ['element keywords as names where no element can start', 'service service { }\nservice a {\n  calls service\n  calls\n    service\n}\nschema S v1 { service: service }\ntopic t { schema S }'],
    ['comments only', '// line\n/* block\n comment */'],
    ['service with clauses in any order', 'service a { latency p99 20ms owner "t" tracing critical slo p99 100ms region eu-west cluster prod-eu }'],
    ['semicolons between statements', 'service a { owner "t"; tracing; critical; }'],
    ['ascii vector', 'service a { provides <Cluster, SS, SER, Fresh, Idem, Auth(mTLS)> }'],
    ['seed vector brackets', 'service a { provides ⟨Cluster, SS, SER, Fresh, Idem, Auth(mTLS)⟩ }'],
    // Any name parses as a breaker state; the checker reports one that is not open or half-open.
    ['a breaker state the checker rejects', 'service a { modes { degraded <Local, None, None, Stale, None, None> when breaker(b) closed\n floor <Local, None, None, Stale, None, None> when lag > 5 } }'],
    ['vector with arguments', 'service a { provides <Range, Causal, RA, BS(10s), Idem(saga-id), Auth(mTLS+jwt)> }'],
    ['named bound and evidence', 'dataproduct d { owner "x" sla freshness 5m provides <Domain, Causal, RA, BS(SLA), Idem, Auth> }'],
    ['fresh with evidence', 'store s { provides <Cluster, SS, SER, Fresh(cert), Idem, Auth> }'],
    ['named vector', 'guarantee WriteModel = <Global, SS, SER, Fresh, Idem, Auth>\nservice a { provides WriteModel }'],
    ['requirement wildcards', 'service a { operation x }\nservice b { calls a.x requires <_, _, _, Fresh, _, Auth(mTLS)> }'],
    ['call clauses on several lines', 'service a { operation x idempotent }\nservice b {\n  calls a.x\n    timeout 2s retries 3 backoff 100ms\n    breaker { errors 5 within 30s eject 30s }\n    fallback queue\n    requires in degraded <_, _, _, BS(1m), _, Auth>\n}'],
    ['operation inline and block', 'service p { operation charge idempotent }\nservice a { operation placeOrder idempotent key order_id latency p99 30ms { calls p.charge timeout 1s } }'],
    ['hyphenated names and arrows', 'service productpage { }\nservice reviews { }\npolicy reviews-access { allow productpage->reviews methods GET, POST }'],
    ['domain with owner and invariants', 'domain orders owner "orders-team" invariants Auth { service order-history { } }'],
    ['mesh', 'service a { } service b { }\nmesh prod-mesh { mtls strict certificate ttl 1h rotate 45m tracing w3c members a, b }'],
    ['mesh members all', 'mesh m { mtls permissive members all }'],
    ['topic', 'schema OrderEvent v2 { id: uuid }\ntopic order-events { partitions 12 key customer_id delivery at-least-once retention 7d lag p95 5s provides <Partition, PartialOrder, RA, EO, Idem(offset), Auth> schema OrderEvent v2 dlq order-events }'],
    ['schemas with defaults and pii', 'schema OrderEvent v1 { order_id: uuid  total: decimal }\nschema OrderEvent v2 compatibility backward { order_id: uuid total: decimal currency: string = "EUR" email: string pii }'],
    ['store with CQRS', 'topic t { }\nstore order-views { engine mongodb from t lag 2s establishes Order }'],
    ['data product', 'topic t { } topic u { }\nschema B v3 { x: int }\ndataproduct cb { owner "c" from t, u lag 1m sla freshness 5m completeness 99.9% availability 99.9% schema B v3 provides <Domain, Causal, RA, BS(5m), Idem, Auth> access { allow group:eu-analytics read masked deny user:external-partner } }'],
    ['gateway routes', 'service o { operation getOrder }\nservice r1 { } service r2 { }\ngateway edge { route "/orders/*" -> o.getOrder timeout 5s cache 60s auth jwt ratelimit 100/min\n route "/reviews/*" split r1 90%, r2 10% }'],
    ['client calling a route', 'gateway edge { }\nclient web-app { calls edge "/orders/*" requires <_, _, _, BS(5s), _, Auth(jwt)> }'],
    ['saga', 'service o { operation a operation b idempotent }\nsaga checkout orchestrated { step o.a compensate o.b\n step o.b }'],
    ['modes with triggers', 'service p { }\nservice a { modes {\n target <Cluster, SS, SER, Fresh, Idem, Auth>\n degraded <Cluster, Causal, RA, BS(10s), Idem, Auth> when breaker(p) open\n floor <Local, None, None, Stale, None, Auth> when error_rate > 50% or lag > 1000\n recovery <Range, Causal, RA, BS(10s), Idem, Auth> when success_rate > 99% for 5m and latency_p99 <= 200ms } }'],
    ['consumes with clauses', 'topic t { }\nservice a { consumes t group orders requires <Partition, TotalOrder, _, BS(30s), _, Auth> per customer_id dedupe event_id }'],
    ['reads, writes, publishes', 'store s { } topic t { }\nservice a { reads s writes s publishes t }'],
    ['business words as names', 'service target { }\ntopic group { }\ndataproduct key { owner "x" }\nservice service { }\nstore from { }\nservice a { calls target timeout 1s reads from }'],
    ['qualified keyword names', 'service orders { operation key operation group }\nservice b { calls orders.key calls orders.group }'],
    ['decimal durations and percents', 'service a { latency p99 1.5s slo p99 2.25s }'],
    ['v<digits> as a service name and call target', 'service v1 { }  service c { calls v1 }'],
    ['v<digits> as an operation name', 'service api { operation v1 idempotent }  service c { calls api.v1 }'],
    ['v<digits> as a schema field name', 'schema E v1 { v1: int }'],
    ['v<digits> as split targets', 'service v1 { } service v2 { }\ngateway g { route "/r" split v1 50%, v2 50% }'],
];

/** Snippets with errors: each must yield at least one error and still produce the rest of the model. */
const INVALID: [string, string, string][] = [
    ['unclosed block', 'service a { owner "t"\nservice b { }', 'b'],
    ['stray token', 'service a { ??? }\nservice b { }', 'b'],
    ['missing name', 'service { }\nservice b { }', 'b'],
    ['bad duration unit', 'service a { latency p99 20 }\nservice b { }', 'b'],
    ['unterminated string', 'service a { owner "t }\nservice b { }', 'b'],
    ['vector missing bracket', 'service a { provides <Cluster, SS }\nservice b { }', 'b'],
    ['schema without a version (v1 is its name)', 'schema v1 { a: int }\nservice b { }', 'b'],
    ['a stray { at the top of the file, never closed', '{\nservice a { }\nservice b { }', 'b'],
    ['a call half-typed at the end of an unclosed element', 'service x { calls\nservice b { }', 'b'],
    ['a vector half-typed at the end of an unclosed element', 'service x { provides\nguarantee G = <Local, None, None, Stale, None, None>\nservice b { }', 'b'],
    ['a mode half-typed at the end of an unclosed element', 'service x { modes { degraded\ntopic b { }', 'b'],
    ['a field half-typed at the end of an unclosed schema', 'schema S v1 { a:\nschema S v2 { a: int }\nservice b { }', 'b'],
    ['a stray { inside an element, never closed', 'service a {\n  {\n  owner "x"\n}\nservice b { }', 'b'],
];

describe('parser: valid snippets', () => {
    it.each(VALID)('%s', async (_name, text) => {
        expect(await parseErrors(text)).toEqual([]);
    });

    it.each([
        ['after a separator', 'schema S v1 { a: string;\n  pii: string }', [['a', false], ['pii', false]]],
        ['right after a field', 'schema S v1 { a: string\n  pii: string }', [['a', false], ['pii', false]]],
        ['after a flagged field', 'schema S v1 { a: string pii pii: bool pii }', [['a', true], ['pii', true]]],
        ['after a default', 'schema S v1 { a: string = "x"\n  pii: string = "y" pii }', [['a', false], ['pii', true]]],
        ['as the first field', 'schema S v1 { pii: string pii }', [['pii', true]]],
    ])('a field named pii: %s', async (_name, text, fields) => {
        const result = await check(text);
        expect(result.codes().filter(c => c === 'syntax')).toEqual([]);
        const schema = result.documents[0].parseResult.value.items[0] as { fields: { name: string; pii: boolean }[] };
        expect(schema.fields.map(f => [f.name, f.pii])).toEqual(fields);
    });

    it('parses the full LANGUAGE.md example', async () => {
        const md = readFileSync(new URL('../../../shared/LANGUAGE.md', import.meta.url), 'utf8');
        const code = md.split('```mesh')[1].split('```')[0].replace(/\{ … \}/g, '{ }');
        expect(await parseErrors(code)).toEqual([]);
    });
});

describe('parser: recovery', () => {
    it.each(INVALID)('%s', async (_name, text, survivor) => {
        const result = await check(text);
        const syntax = result.diagnostics.filter(d => d.code === 'syntax');
        expect(syntax.length).toBeGreaterThan(0);
        for (const d of syntax) expect(d.severity).toBe('error');
        expect(result.model.elements.map(e => e.name)).toContain(survivor);
    });

    it('skips a stray bracketed block whole and reads on in the element', async () => {
        const result = await check('service p { operation op }\nservice a {\n  calls p.op;\n    breaker { errors 5 }\n  calls missing1\n  publishes missing3\n}\nservice b { calls missing2 }');
        expect(result.diagnostics.map(d => [d.code, result.textOf(d)])).toEqual([
            ['syntax', 'breaker'],
            ['unresolved-reference', 'missing1'],
            ['unresolved-reference', 'missing3'],
            ['unresolved-reference', 'missing2'],
        ]);
        // Nested blocks count; a block that nothing closes is skipped alone, as Chevrotain does,
        // so what follows it is still read.
        const nested = await check('service a {\n  breaker { errors { 5 } }\n  calls missing1\n}');
        expect(nested.diagnostics.map(d => d.code)).toEqual(['syntax', 'unresolved-reference']);
        const unclosed = await check('service a {\n  breaker { errors 5\n  calls missing1\n');
        expect(unclosed.codes()).toContain('syntax');
        expect(unclosed.model.elements.map(e => e.name)).toEqual(['a']);
        const stray = await check('{\nservice a {\n  reads nothing\n}\nstore db { }\nservice b { calls zzz }');
        expect(stray.diagnostics.map(d => [d.code, stray.textOf(d)])).toEqual([
            ['syntax', '{'],
            ['unresolved-reference', 'nothing'],
            ['unresolved-reference', 'zzz'],
        ]);
    });

    it('reads the element after a clause left half-typed (its keyword is not taken as the clause\'s name)', async () => {
        const call = await check('service x { calls\nservice b { calls zzz }');
        expect(call.diagnostics.map(d => [d.code, call.textOf(d)])).toEqual([['syntax', 'service'], ['unresolved-reference', 'zzz']]);
        // One diagnostic per token and message, however many rules stopped there.
        const mode = await check('service x { modes { degraded\nservice b { calls zzz }');
        expect(mode.diagnostics.map(d => [d.code, d.message])).toEqual([
            ['mode-missing-trigger', "mode 'degraded' has no 'when' trigger"],
            ['syntax', "expected '}' but found 'service'"],
            ['syntax', "unexpected input: found 'service'"],
            ['unresolved-reference', "cannot resolve element or operation 'zzz'"],
        ]);
    });

    it('reports garbage and binary input as syntax errors, never throws', async () => {
        const garbage = '\u0000\u0001\u00ff{{{}}}<<<>>>⟨⟩ service \u0007 "';
        const result = await check(garbage);
        expect(result.codes()).toContain('syntax');
    });
});

/** A trigger's shape: a chain of `or`s (or `and`s) is one node with its operands, `and` binding tighter. */
function triggerShape(node: unknown): unknown {
    const n = node as { $type: string; op?: string; operands?: unknown[]; metric?: string; state?: string };
    if (n.$type === 'TriggerChain') return [n.op, ...n.operands!.map(triggerShape)];
    return n.metric ?? n.state;
}

describe('parser: triggers', () => {
    it.each([
        ['lag > 5s', 'lag'],
        ['a > 1 or b > 1 or c > 1', ['or', 'a', 'b', 'c']],
        ['a > 1 and b > 1 or c > 1 and d > 1 and e > 1', ['or', ['and', 'a', 'b'], ['and', 'c', 'd', 'e']]],
        ['a > 1 and (b > 1 or c > 1)', ['and', 'a', ['or', 'b', 'c']]],
        ['(a > 1 or b > 1) or c > 1', ['or', ['or', 'a', 'b'], 'c']],
        ['breaker(p) open or lag > 5s for 1m', ['or', 'open', 'lag']],
    ])('%s', async (trigger, shape) => {
        const result = await check(`service p { }\ntopic t { modes { degraded <_, _, _, _, _, _> when ${trigger} } }`);
        expect(result.codes()).not.toContain('syntax');
        const topic = result.documents[0].parseResult.value.items[1] as unknown as { members: { modes: { trigger: unknown }[] }[] };
        expect(triggerShape(topic.members[0].modes[0].trigger)).toEqual(shape);
    });

    it('keeps a trigger of 20,000 terms one node deep', async () => {
        const terms = Array.from({ length: 20_000 }, (_, i) => `m${i} > 1`).join(' or ');
        const result = await check(`topic t { modes { degraded <_, _, _, _, _, _> when ${terms} } }`);
        const topic = result.documents[0].parseResult.value.items[0] as unknown as { members: { modes: { trigger: { operands: unknown[] } }[] }[] };
        expect(topic.members[0].modes[0].trigger.operands).toHaveLength(20_000);
    });
});

/**
 * `v<digits>` is a name wherever a name goes (LANGUAGE.md §1) and a version right after a
 * schema's name: in its declaration and in `schema X vN` on a topic or data product.
 */
describe('parser: names of the form v<digits>', () => {
    it.each([
        ['schema E v1 { v1: int }', { name: 'E', version: 'v1', fields: ['v1'] }],
        ['schema v2 v3 { a: v1 = v4 }', { name: 'v2', version: 'v3', fields: ['a'] }],
        ['schema v12 v12 { }', { name: 'v12', version: 'v12', fields: [] }],
    ])('%s declares a schema', async (text, expected) => {
        const result = await check(text);
        expect(result.codes()).toEqual([]);
        const schema = result.documents[0].parseResult.value.items[0] as unknown as { name: string; version: string; fields: { name: string }[] };
        expect({ name: schema.name, version: schema.version, fields: schema.fields.map(f => f.name) }).toEqual(expected);
    });

    it.each([
        ['topic t { schema v2 v3 partitions 1 }', 'v2', 'v3'],
        ['topic t { schema v2 }', 'v2', undefined],
        ['dataproduct d { owner "o" schema v2 v3 }', 'v2', 'v3'],
        ['dataproduct d { owner "o" schema E v2 lag 1m }', 'E', 'v2'],
    ])('%s references a schema and its version', async (text, name, version) => {
        const result = await check(['schema v2 v3 { a: int }\nschema E v2 { a: int }', text]);
        expect(result.codes()).toEqual([]);
        const element = result.documents[1].parseResult.value.items[0] as unknown as { members: { $type: string; schema?: { $refText: string; ref?: unknown }; version?: string }[] };
        const ref = element.members.find(m => m.$type === 'SchemaRefClause')!;
        expect([ref.schema!.$refText, ref.version, ref.schema!.ref !== undefined]).toEqual([name, version, true]);
    });

    it('resolves references to v<digits> names', async () => {
        const result = await check('service v1 { operation v2 }\nservice v3 { }\ngateway g { route "/a" -> v1.v2 route "/b" split v1 90%, v3 10% }\nservice c { calls v1.v2 calls v3 }');
        expect(result.codes()).toEqual([]);
        expect(result.documents[0].references.map(r => [r.$refText, 'ref' in r && r.ref !== undefined])).toEqual([
            ['v1.v2', true], ['v1', true], ['v3', true], ['v1.v2', true], ['v3', true],
        ]);
    });
});
