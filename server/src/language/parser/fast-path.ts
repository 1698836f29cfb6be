import type { IToken, TokenType } from 'chevrotain';
import { EOF, createTokenInstance } from 'chevrotain';
import type { CstTree } from './cst.js';
import { NAME_RULE, startsElement } from './element-start.js';
import { firstMatching, type Decision, type MeshLookahead, type ProdType } from './lookahead.js';

/*
 * The parser's fast path: the grammar's plan (`RulePlan`, made by `GrammarCompiler` in
 * mesh-parser.ts), run by a small interpreter that recognizes text without error recovery
 * and builds the AST and CST through the same `FastPathHost` methods as the Chevrotain path.
 * It decides with the same LL(3) lookahead as Chevrotain (`MeshLookahead` keeps each
 * decision's paths when Chevrotain asks for them), so wherever it succeeds it takes exactly
 * the decisions Chevrotain would, and Chevrotain would report no error: the result is the
 * same. At the first token that does not fit it gives up, and the parser starts over with
 * Chevrotain, which recovers and reports. Chevrotain's rule invocation, its state stacks and
 * its lookahead calls were a third of a large workspace's parse; here they are a few
 * comparisons per token.
 *
 * One interpreter function over uniform `Op` objects, rather than a closure per grammar
 * element or JavaScript generated per rule: V8 optimizes it within the first file, where
 * code generated per rule was still slow halfway through a workspace of 100 files.
 */

/** A value converter; `tree.node(id)` is the CST node, made only for converters that want it. */
export type Convert = (text: string, tree: CstTree, id: number) => unknown;

/** One step of a rule's plan: what the grammar element does, with the occurrence index Chevrotain knows it by. */
export type Step<F> =
    | { kind: 'consume'; idx: number; tokenType: TokenType; feature: F }
    | { kind: 'call'; idx: number; rule: string; feature: F; fragment: boolean }
    | { kind: 'action'; type: string; feature: F | undefined }
    | { kind: 'group'; steps: Step<F>[] }
    | { kind: 'or'; idx: number; alternatives: Step<F>[] }
    | { kind: 'option' | 'many' | 'atLeastOne'; idx: number; body: Step<F> };

/** A parser rule's plan: what it makes (a node of `type`, a data type rule's value, or nothing for a fragment) and its steps. */
export interface RulePlan<F> {
    readonly name: string;
    /** The rule's name in Chevrotain (Langium appends a zero-width space). */
    readonly chevrotainName: string;
    readonly type: string | undefined;
    readonly convert: Convert | undefined;
    readonly fragment: boolean;
    readonly body: Step<F>;
}

/** What the fast path calls to build the AST and CST (implemented by `MeshParser`, which calls them on its Chevrotain path too). */
export interface FastPathHost<F> {
    /** A rule that is not a fragment starts: a node of `type`, or a data type rule's value. */
    beginRule(type: string | undefined, convert: Convert | undefined): void;
    /** The rule ends: its node or value. */
    endRule(): unknown;
    /** `token` was consumed for `feature`. */
    consumed(token: IToken, feature: F): void;
    /** A call of a rule that is not a fragment starts: its CST node. */
    openCall(feature: F): number;
    /** That call ended with `result`. */
    closeCall(result: unknown, feature: F, cstNode: number): void;
    runAction(type: string, feature: F | undefined): void;
}

/** Parses `tokens` with the rule named `rule`: its result, or `undefined` when the text is not valid (nothing is kept then). */
export type FastPath = (rule: string, tokens: IToken[]) => unknown;

const CONSUME = 0, CALL = 1, ACTION = 2, GROUP = 3, OR = 4, OPTION = 5, MANY = 6, AT_LEAST_ONE = 7;

/** A rule, as the interpreter runs it. */
class RuleOp {
    body!: Op;
    constructor(readonly type: string | undefined, readonly convert: Convert | undefined, readonly fragment: boolean) {}
}

/** A step, as the interpreter runs it: one shape for every kind, so that reading its fields stays monomorphic. */
class Op {
    constructor(
        readonly kind: number,
        /** `CONSUME`: the token type's index, or -1 when it has a category (then `match` is its `matchTable`). */
        readonly tokenIdx: number,
        /** `CONSUME`: see `tokenIdx`; a decision: its `Decision.oneToken`, or null when more tokens decide (`paths`). */
        readonly match: Uint8Array | null,
        readonly paths: Decision['paths'],
        readonly feature: unknown,
        /** `CALL`: the rule called. */
        readonly rule: RuleOp | null,
        /** `GROUP`: its steps; `OR`: its alternatives; `OPTION`, `MANY`, `AT_LEAST_ONE`: the body. */
        readonly children: readonly Op[],
        /** `ACTION`: the type it infers. */
        readonly type: string,
        /** `OR` of the `Name` rule: it takes no alternative where the next token starts an element (`element-start.ts`). */
        readonly gate = false,
    ) {}
}

/** Thrown at the first token that does not fit. */
const BAIL = Object.freeze({ bail: true });

/** How far a decision may look past the last token (Chevrotain's maxLookahead, plus one), as Chevrotain pads its input. */
const PADDING = 4;

/** What the interpreter reads past the last token. */
const END_OF_FILE: IToken = createTokenInstance(EOF, '', NaN, NaN, NaN, NaN, NaN, NaN);

/** The fast path for `plans` (every rule of the grammar), once Chevrotain's self-analysis has asked `lookahead` for every decision. */
export function compileFastPath<F>(plans: readonly RulePlan<F>[], lookahead: MeshLookahead, host: FastPathHost<F>): FastPath {
    const rules = new Map<string, RuleOp>(plans.map(plan => [plan.name, new RuleOp(plan.type, plan.convert, plan.fragment)]));
    for (const plan of plans) {
        const decision = (prodType: ProdType, idx: number): Decision => lookahead.decision(plan.chevrotainName, prodType, idx);
        const op = (step: Step<F>): Op => {
            switch (step.kind) {
                case 'consume': {
                    const categories = (step.tokenType.categoryMatches ?? []).length > 0;
                    return new Op(CONSUME, categories ? -1 : step.tokenType.tokenTypeIdx!, categories ? lookahead.matchTable(step.tokenType) : null, [], step.feature, null, [], '');
                }
                case 'call': {
                    const rule = rules.get(step.rule);
                    if (!rule) throw new Error(`Rule "${step.rule}" not found`);
                    return new Op(CALL, -1, null, [], step.feature, rule, [], '');
                }
                case 'action':
                    return new Op(ACTION, -1, null, [], step.feature, null, [], step.type);
                case 'group':
                    return new Op(GROUP, -1, null, [], undefined, null, step.steps.map(op), '');
                case 'or': {
                    const { oneToken, paths } = decision('Alternation', step.idx);
                    return new Op(OR, -1, oneToken ?? null, paths, undefined, null, step.alternatives.map(op), '', plan.name === NAME_RULE);
                }
                default: {
                    const [kind, prodType] = REPETITIONS[step.kind];
                    const { oneToken, paths } = decision(prodType, step.idx);
                    return new Op(kind, -1, oneToken ?? null, paths, undefined, null, [op(step.body)], '');
                }
            }
        };
        rules.get(plan.name)!.body = op(plan.body);
    }

    let t: IToken[] = [];
    let p = 0;
    const elementStarts = lookahead.elementStarts();

    /** The number (from 1) of the alternative Chevrotain takes at decision `o` (for an optional production, 1: enter it), or 0. */
    const tokenTypeAt = (i: number): number => t[p + i].tokenTypeIdx;
    const decide = (o: Op): number => o.match !== null ? o.match[t[p].tokenTypeIdx] | 0 : firstMatching(o.paths, tokenTypeAt);
    const callRule = (rule: RuleOp): unknown => {
        host.beginRule(rule.type, rule.convert);
        run(rule.body);
        return host.endRule();
    };
    const run = (o: Op): void => {
        switch (o.kind) {
            case CONSUME: {
                const token = t[p];
                if (o.tokenIdx >= 0 ? token.tokenTypeIdx !== o.tokenIdx : o.match![token.tokenTypeIdx] !== 1) throw BAIL;
                p++;
                host.consumed(token, o.feature as F);
                return;
            }
            case CALL: {
                const rule = o.rule!;
                if (rule.fragment) {
                    run(rule.body);
                    return;
                }
                const cstNode = host.openCall(o.feature as F);
                host.closeCall(callRule(rule), o.feature as F, cstNode);
                return;
            }
            case ACTION:
                host.runAction(o.type, o.feature as F | undefined);
                return;
            case GROUP: {
                const steps = o.children;
                for (let i = 0; i < steps.length; i++) run(steps[i]);
                return;
            }
            case OR: {
                if (o.gate && startsElement(elementStarts, p > 0 ? t[p - 1] : undefined, t[p], t[p + 1], t[p + 2])) throw BAIL;
                const alternative = decide(o);
                if (alternative === 0) throw BAIL;
                run(o.children[alternative - 1]);
                return;
            }
            case OPTION:
                if (decide(o) !== 0) run(o.children[0]);
                return;
            case MANY:
                // As Chevrotain: another iteration while the lookahead says so and the last one consumed something.
                while (decide(o) !== 0) {
                    const start = p;
                    run(o.children[0]);
                    if (p === start) break;
                }
                return;
            case AT_LEAST_ONE:
                if (decide(o) === 0) throw BAIL;
                for (;;) {
                    const start = p;
                    run(o.children[0]);
                    if (p === start || decide(o) === 0) break;
                }
                return;
        }
    };

    const eof = EOF.tokenTypeIdx!;
    return (ruleName, tokens) => {
        const rule = rules.get(ruleName);
        if (!rule) throw new Error(`No rule found with name '${ruleName}'`);
        const end = tokens.length;
        for (let i = 0; i < PADDING; i++) tokens.push(END_OF_FILE);
        t = tokens;
        p = 0;
        try {
            const result = rule.fragment ? run(rule.body) : callRule(rule);
            // Chevrotain reports tokens after the entry rule (`NotAllInputParsedException`).
            return t[p].tokenTypeIdx === eof ? result : undefined;
        } catch (error) {
            if (error === BAIL) return undefined;
            throw error;
        } finally {
            tokens.length = end;
            t = [];
        }
    };
}

const REPETITIONS = {
    option: [OPTION, 'Option'],
    many: [MANY, 'Repetition'],
    atLeastOne: [AT_LEAST_ONE, 'RepetitionMandatory'],
} as const;
