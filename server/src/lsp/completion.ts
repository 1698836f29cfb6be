import type { AstNodeDescription, LangiumDocument, MaybePromise } from 'langium';
import { AstUtils, GrammarAST, GrammarUtils } from 'langium';
import type {
    CompletionAcceptor, CompletionBacktrackingInformation, CompletionContext, CompletionProviderOptions, CompletionValueItem, NextFeature,
} from 'langium/lsp';
import { DefaultCompletionProvider, findNextFeatures } from 'langium/lsp';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import * as ast from '../language/generated/ast.js';
import type { Model } from '../language/generated/ast.js';
import type { CompletionItem, CompletionList, CompletionParams } from 'vscode-languageserver';
import { CompletionItemKind, InsertTextFormat } from 'vscode-languageserver';
import type { ComponentName } from '../guarantees/index.js';
import { AUTH_MECHANISM_DOCS, COMPONENTS, COMPONENT_LABELS, COMPONENT_VALUE_DOCS } from '../guarantees/index.js';
import { lineStartOf } from '../language/lines.js';
import type { MeshLspServices } from './mesh-lsp-module.js';

/** Durations offered wherever the grammar expects one (`timeout`, `lag`, `BS(…)`, …). */
export const DURATION_SUGGESTIONS: readonly { value: string; meaning: string }[] = [
    { value: '100ms', meaning: '100 milliseconds' },
    { value: '250ms', meaning: '250 milliseconds' },
    { value: '500ms', meaning: '500 milliseconds' },
    { value: '1s', meaning: '1 second' },
    { value: '2s', meaning: '2 seconds' },
    { value: '5s', meaning: '5 seconds' },
    { value: '30s', meaning: '30 seconds' },
    { value: '1m', meaning: '1 minute' },
    { value: '5m', meaning: '5 minutes' },
    { value: '1h', meaning: '1 hour' },
    { value: '1d', meaning: '1 day' },
    { value: '7d', meaning: '7 days' },
];

type Suggestion = { value: string; meaning: string };

const PERCENTILES: Suggestion[] = [
    { value: 'p50', meaning: 'median' }, { value: 'p95', meaning: '95th percentile' }, { value: 'p99', meaning: '99th percentile' },
];

/** Names the grammar leaves free but the language gives a fixed (or customary) set of values. */
export const NAME_VALUES: Record<string, Suggestion[]> = {
    'MtlsClause.mode': [
        { value: 'strict', meaning: 'only mTLS connections: calls between members carry Auth(mTLS)' },
        { value: 'permissive', meaning: 'accepts plaintext too, so it proves nothing' },
        { value: 'off', meaning: 'no mutual TLS' },
    ],
    'DeliveryClause.delivery': [
        { value: 'at-most-once', meaning: 'a message may be lost, never duplicated' },
        { value: 'at-least-once', meaning: 'a message may be delivered twice: consumers must dedupe or be idempotent' },
        { value: 'exactly-once', meaning: 'each message takes effect once (transactions + idempotent producers)' },
    ],
    'FallbackClause.kind': [
        { value: 'cached', meaning: 'serve the last cached response' },
        { value: 'default', meaning: 'serve a default value' },
        { value: 'queue', meaning: 'queue the request and process it later' },
        { value: 'fail', meaning: 'fail fast' },
    ],
    'Schema.compatibility': [
        { value: 'backward', meaning: 'new readers read old data: added fields need defaults' },
        { value: 'forward', meaning: 'old readers read new data: removed fields needed defaults' },
        { value: 'full', meaning: 'both backward and forward' },
        { value: 'none', meaning: 'no compatibility promised' },
    ],
    'ModeDecl.mode': [
        { value: 'target', meaning: 'all components healthy, full guarantees' },
        { value: 'degraded', meaning: 'partial failures: weakened guarantees, explicitly' },
        { value: 'floor', meaning: 'survival: minimal guarantees, safety preserved' },
        { value: 'recovery', meaning: 'gradual restoration towards target' },
    ],
    'RequiresClause.mode': [
        { value: 'degraded', meaning: 'what this consumer can live with in degraded mode' },
        { value: 'floor', meaning: 'what this consumer can live with in floor mode' },
    ],
    'InvariantsClause.components': COMPONENTS.map(c => ({ value: COMPONENT_LABELS[c], meaning: `no mode may weaken ${COMPONENT_LABELS[c]}` })),
    'EstablishesClause.components': (['order', 'visibility', 'idempotence'] as ComponentName[]).map(c => ({
        value: COMPONENT_LABELS[c], meaning: `this element's processing re-establishes ${COMPONENT_LABELS[c]} (it comes from its declaration)`,
    })),
    'LatencyClause.percentile': PERCENTILES,
    'SloClause.percentile': PERCENTILES,
    'LagClause.percentile': PERCENTILES,
    'AuthClause.mechanisms': [...AUTH_MECHANISM_DOCS],
    'MeshTracingClause.standard': [
        { value: 'w3c', meaning: 'W3C Trace Context (traceparent)' }, { value: 'b3', meaning: 'Zipkin B3 headers' },
    ],
    'SchemaField.type': ['uuid', 'string', 'int', 'decimal', 'bool', 'timestamp', 'json'].map(t => ({ value: t, meaning: 'field type' })),
    'BreakerTrigger.state': [
        { value: 'open', meaning: 'the breaker has tripped: calls fail fast' },
        { value: 'half-open', meaning: 'the breaker lets trial calls through' },
    ],
    'MetricTrigger.metric': [
        { value: 'error_rate', meaning: 'share of failing requests (percent)' },
        { value: 'success_rate', meaning: 'share of succeeding requests (percent)' },
        { value: 'latency_p99', meaning: '99th percentile latency (duration)' },
        { value: 'lag', meaning: 'consumer lag (messages)' },
    ],
};

const NAME_DETAILS: Record<string, string> = {
    'MtlsClause.mode': 'mtls mode', 'DeliveryClause.delivery': 'delivery guarantee', 'FallbackClause.kind': 'fallback',
    'Schema.compatibility': 'schema compatibility', 'ModeDecl.mode': 'mode', 'RequiresClause.mode': 'system mode',
    'InvariantsClause.components': 'component', 'EstablishesClause.components': 'component', 'LatencyClause.percentile': 'percentile',
    'SloClause.percentile': 'percentile', 'LagClause.percentile': 'percentile', 'AuthClause.mechanisms': 'auth mechanism',
    'MeshTracingClause.standard': 'trace context standard', 'SchemaField.type': 'field type', 'MetricTrigger.metric': 'metric',
    'BreakerTrigger.state': 'breaker state',
};

/** Data type rules through which every keyword is also a name (LANGUAGE.md §1). */
const NAME_RULES: ReadonlySet<string> = new Set(['Name', 'KeywordName', 'QualifiedName', 'ComponentArg', 'Literal']);

/**
 * Completion in context. Langium proposes the keywords valid at the cursor and the names
 * a reference may take (qualified `service.operation` included); on top of that:
 * - inside `<…>` the values of the component at the cursor's position, each with its
 *   one-line meaning, and `_` in a `requires`;
 * - durations where a duration is expected, mechanisms inside `Auth(…)`;
 * - the fixed vocabularies of `mtls`, `delivery`, `fallback`, mode names, percentiles, …
 * Keywords that are only possible because every keyword is also a name are left out: after
 * `service ` nobody wants `topic` offered as the service's name.
 */
export class MeshCompletionProvider extends DefaultCompletionProvider {
    override readonly completionOptions: CompletionProviderOptions = { triggerCharacters: ['<', '⟨', ',', '(', '.'] };

    constructor(services: MeshLspServices) {
        super(services);
    }

    /** The document being completed (the base class hands its helpers only the text). */
    private current?: LangiumDocument;

    override async getCompletion(document: LangiumDocument, params: CompletionParams): Promise<CompletionList | undefined> {
        const text = document.textDocument.getText();
        const offset = document.textDocument.offsetAt(params.position);
        const vector = vectorContext(text, offset);
        if (vector) return { isIncomplete: false, items: vectorItems(vector, document, params) };
        this.current = document;
        try {
            const list = await super.getCompletion(document, params);
            return list && capReferences(list, document.uri.toString());
        } finally {
            this.current = undefined;
        }
    }

    /**
     * Langium re-parses the text from the start of the file to the cursor to know what may
     * follow; top-level items are independent, so parsing from the start of the item (or
     * domain element) around the cursor gives the same answer in a fraction of the time.
     */
    protected override findFeaturesAt(document: TextDocument, offset: number): NextFeature[] {
        const start = this.itemStart(offset);
        const text = document.getText().slice(start, offset);
        const result = this.completionParser.parse(text);
        if (result.tokenIndex === 0) {
            const entry = GrammarUtils.getEntryRule(this.grammar)!;
            return findNextFeatures([[this.buildSyntheticEntryRuleCall(entry)]], result.tokens);
        }
        const leftover = [...result.tokens].splice(result.tokenIndex);
        return findNextFeatures([result.elementStack.map(feature => ({ feature }))], leftover);
    }

    protected override backtrackToAnyToken(text: string, offset: number): CompletionBacktrackingInformation {
        const start = this.itemStart(offset);
        const window = super.backtrackToAnyToken(text.slice(start, Math.min(text.length, offset + 256)), offset - start);
        const shift = (n: number | undefined) => (n === undefined ? undefined : n + start);
        return {
            nextTokenStart: window.nextTokenStart + start,
            nextTokenEnd: window.nextTokenEnd + start,
            previousTokenStart: shift(window.previousTokenStart),
            previousTokenEnd: shift(window.previousTokenEnd),
        };
    }

    /**
     * Stops filling reference items once there are more than can be sent (see `capReferences`);
     * names from the document being edited are always kept.
     */
    protected override completionForCrossReference(context: CompletionContext, next: NextFeature<GrammarAST.CrossReference>, acceptor: CompletionAcceptor): MaybePromise<void> {
        const typed = context.textDocument.getText().slice(context.tokenOffset, context.offset);
        const uri = context.document.uri.toString();
        let others = 0;
        return super.completionForCrossReference(context, next, (ctx, value) => {
            const description = 'nodeDescription' in value ? value.nodeDescription : undefined;
            if (description && description.documentUri.toString() !== uri) {
                if (typed && !this.fuzzyMatcher.match(typed, description.name)) return;
                if (++others > MAX_REFERENCE_ITEMS) return;
            }
            acceptor(ctx, value);
        });
    }

    /** Reference candidates without loading each target's documentation (thousands of them). */
    protected override createReferenceCompletionItem(nodeDescription: AstNodeDescription): CompletionValueItem {
        return {
            nodeDescription, kind: this.nodeKindProvider.getCompletionItemKind(nodeDescription), detail: nodeDescription.type, sortText: '0',
            data: { uri: nodeDescription.documentUri.toString() },
        };
    }

    /**
     * Where parsing for completion may start: the last top-level item that starts before
     * `offset` (it may be unfinished, so never after it), or the domain element the cursor
     * is strictly inside.
     */
    private itemStart(offset: number): number {
        const model = this.current?.parseResult.value as Model | undefined;
        let start = 0;
        let last: ast.Model['items'][number] | undefined;
        for (const item of model?.items ?? []) {
            const cst = item.$cstNode;
            if (!cst || cst.offset >= offset) break;
            start = cst.offset;
            last = item;
        }
        if (last && ast.isDomain(last)) {
            for (const element of last.elements) {
                const e = element.$cstNode;
                if (e && e.offset < offset && offset < e.end) start = e.offset;
            }
        }
        return start;
    }

    protected override completionFor(context: CompletionContext, next: NextFeature, acceptor: CompletionAcceptor): MaybePromise<void> {
        const feature = next.feature;
        if (GrammarAST.isRuleCall(feature)) {
            const rule = feature.rule.ref;
            if (rule && GrammarAST.isTerminalRule(rule) && rule.name === 'DURATION') {
                DURATION_SUGGESTIONS.forEach((d, i) => acceptor(context, { label: d.value, kind: CompletionItemKind.Value, detail: 'duration', documentation: d.meaning, sortText: `0${String(i).padStart(2, '0')}` }));
                return;
            }
            const inName = AstUtils.getContainerOfType(feature, GrammarAST.isParserRule)?.name === 'Name';
            const key = inName && next.property ? nameKey(next.property, context.textDocument.getText(), context.tokenOffset) : undefined;
            const values = key ? NAME_VALUES[key] : undefined;
            values?.forEach((v, i) => acceptor(context, { label: v.value, kind: CompletionItemKind.EnumMember, detail: NAME_DETAILS[key!], documentation: v.meaning, sortText: `0${String(i).padStart(2, '0')}` }));
        }
        return super.completionFor(context, next, acceptor);
    }

    protected override filterKeyword(context: CompletionContext, keyword: GrammarAST.Keyword): boolean {
        const rule = AstUtils.getContainerOfType(keyword, GrammarAST.isParserRule);
        if (rule && NAME_RULES.has(rule.name)) return false;
        return super.filterKeyword(context, keyword);
    }
}

/**
 * Which vocabulary a free name at `offset` takes, as `Rule.property`. Completion knows the
 * property being assigned; the clause it belongs to is told by the keyword before it
 * (`mode` is the mesh's `mtls` mode, a `requires in` mode, or a mode of a `modes` block).
 */
export function nameKey(property: string, text: string, offset: number): string | undefined {
    const words = text.slice(Math.max(0, offset - 200), offset).match(/[A-Za-z_][\w-]*|[^\sA-Za-z_]/g) ?? [];
    const previous = words[words.length - 1];
    const clause = [...words].reverse().find(w => ['invariants', 'establishes', 'auth', 'latency', 'slo', 'lag', 'fallback'].includes(w));
    switch (property) {
        case 'mode': return previous === 'mtls' ? 'MtlsClause.mode' : previous === 'in' ? 'RequiresClause.mode' : 'ModeDecl.mode';
        case 'delivery': return 'DeliveryClause.delivery';
        case 'kind': return previous === 'fallback' ? 'FallbackClause.kind' : undefined;
        case 'compatibility': return 'Schema.compatibility';
        case 'percentile': return clause === 'slo' ? 'SloClause.percentile' : clause === 'lag' ? 'LagClause.percentile' : 'LatencyClause.percentile';
        case 'mechanisms': return 'AuthClause.mechanisms';
        case 'standard': return 'MeshTracingClause.standard';
        case 'type': return previous === ':' ? 'SchemaField.type' : undefined;
        case 'metric': return 'MetricTrigger.metric';
        case 'state': return 'BreakerTrigger.state';
        case 'components': return clause === 'establishes' ? 'EstablishesClause.components' : clause === 'invariants' ? 'InvariantsClause.components' : undefined;
        default: return undefined;
    }
}

/**
 * At most this many reference candidates per answer. A large workspace has thousands of
 * names; sending them all costs more than computing them. The list is marked incomplete, so
 * the editor asks again as the user types and the prefix narrows the candidates. Names
 * declared in the document being edited come first.
 */
export const MAX_REFERENCE_ITEMS = 300;

function capReferences(list: CompletionList, uri: string): CompletionList {
    const isReference = (i: CompletionItem) => (i.data as { uri?: string } | undefined)?.uri !== undefined;
    const references = list.items.filter(isReference);
    if (references.length <= MAX_REFERENCE_ITEMS) return list;
    const keep = new Set(references
        .map(item => ({ item, local: (item.data as { uri: string }).uri === uri }))
        .sort((a, b) => Number(b.local) - Number(a.local) || String(a.item.label).localeCompare(String(b.item.label)))
        .slice(0, MAX_REFERENCE_ITEMS)
        .map(x => x.item));
    return { isIncomplete: true, items: list.items.filter(i => !isReference(i) || keep.has(i)) };
}

// ---------------------------------------------------------------- inside a vector

export interface VectorContext {
    /** 0-based position of the component being written. */
    index: number;
    /** Inside the parentheses of `BS(…)`, `Auth(…)`, …: that value's name. */
    inArgsOf?: string;
    /** Start offset of the word being typed (replaced by the completion). */
    wordStart: number;
    /** Whether `_` (any) is allowed: the vector follows `requires`. */
    requirement: boolean;
}

/**
 * Whether `offset` is inside an unclosed `<`/`⟨` that opens a guarantee vector, and at which
 * component. Text-based on purpose: while a vector is being typed the parse is broken.
 * A `<` in a trigger (`when lag < 10`) is a comparison, not a vector.
 */
export function vectorContext(text: string, offset: number): VectorContext | undefined {
    const lineStart = lineStartOf(text, offset);
    const windowStart = Math.max(0, offset - 400);
    let open = -1;
    for (let i = offset - 1; i >= windowStart; i--) {
        const ch = text[i];
        if (ch === '>' || ch === '⟩' || ch === '{' || ch === '}' || ch === '"') return undefined;
        if (ch === '<' || ch === '⟨') {
            open = i;
            break;
        }
    }
    if (open < 0) return undefined;
    const inside = text.slice(open + 1, offset);
    if (!/^[\w\s,()+.\-%]*$/u.test(inside)) return undefined;
    const before = text.slice(Math.min(lineStart, open), open);
    const linePrefix = text.slice(lineStartOf(text, open), open);
    if (/\bwhen\b/.test(linePrefix) || /[\d]\s*$/.test(before)) return undefined;
    let depth = 0;
    let index = 0;
    let argsStart = -1;
    for (let i = 0; i < inside.length; i++) {
        const ch = inside[i];
        if (ch === '(') { depth++; argsStart = i; }
        else if (ch === ')') depth = Math.max(0, depth - 1);
        else if (ch === ',' && depth === 0) index++;
    }
    let wordStart = offset;
    while (wordStart > open + 1 && /[\w\-.]/.test(text[wordStart - 1])) wordStart--;
    const requirement = /\brequires(\s+in\s+[\w-]+)?\s*$/.test(text.slice(Math.max(0, open - 60), open));
    const context: VectorContext = { index, wordStart, requirement };
    if (depth > 0) {
        const name = /([A-Za-z_][\w-]*)\s*$/.exec(inside.slice(0, argsStart));
        context.inArgsOf = name?.[1] ?? '';
    }
    return context;
}

function vectorItems(context: VectorContext, document: LangiumDocument, params: CompletionParams): CompletionItem[] {
    const c = COMPONENTS[context.index];
    if (!c) return [];
    const range = { start: document.textDocument.positionAt(context.wordStart), end: params.position };
    const label = COMPONENT_LABELS[c];
    if (context.inArgsOf !== undefined) {
        if (context.inArgsOf === 'BS' || context.inArgsOf === 'Fresh') {
            return DURATION_SUGGESTIONS.map((d, i) => ({ label: d.value, kind: CompletionItemKind.Value, detail: 'duration', documentation: d.meaning, sortText: String(i).padStart(3, '0'), textEdit: { range, newText: d.value } }));
        }
        if (context.inArgsOf === 'Auth') {
            return AUTH_MECHANISM_DOCS.map((m, i) => ({ label: m.value, kind: CompletionItemKind.EnumMember, detail: 'Auth mechanism', documentation: m.meaning, sortText: String(i).padStart(3, '0'), textEdit: { range, newText: m.value } }));
        }
        return [];
    }
    const items: CompletionItem[] = COMPONENT_VALUE_DOCS[c].map((doc, i) => {
        const withArg = /\((\w)\)$/.exec(doc.value);
        const base = doc.value.replace(/\(.*$/, '');
        const placeholder = withArg ? (base === 'BS' ? '5s' : base === 'Auth' ? 'mTLS' : withArg[1]) : undefined;
        return {
            label: doc.value,
            kind: CompletionItemKind.EnumMember,
            detail: `${label} (component ${context.index + 1} of 6)`,
            documentation: doc.meaning,
            sortText: String(i).padStart(3, '0'),
            filterText: base,
            insertTextFormat: placeholder ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
            textEdit: { range, newText: placeholder ? `${base}(\${1:${placeholder}})` : doc.value },
        };
    });
    if (context.requirement) {
        items.unshift({ label: '_', kind: CompletionItemKind.Operator, detail: `${label}: any`, documentation: `any value: the requirement leaves ${label} open`, sortText: '000', textEdit: { range, newText: '_' } });
    }
    return items;
}
