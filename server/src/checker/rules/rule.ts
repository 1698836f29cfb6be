import type { MeshConfig } from '../config.js';
import type { SemanticModel } from '../model.js';
import type { Analysis } from '../propagation.js';
import type { Reporter } from '../report.js';
import type { RuleId } from '../catalogue.js';

export interface RuleContext {
    model: SemanticModel;
    analysis: Analysis;
    reporter: Reporter;
    config: MeshConfig;
}

/** A rule: one file under rules/, named `<id>.rule.ts`, with the ids it may report. */
export interface Rule {
    ids: readonly RuleId[];
    run(ctx: RuleContext): void;
}

/**
 * Structures several rules derive from one model (the synchronous call graph, each
 * service's operations), built on first use and kept only while the rules of that model
 * run (`runRules` releases them): the language server keeps a model for as long as an
 * edit's analysis is current, and with them it kept 15–20 % more of every analysis.
 */
const SHARED = new WeakMap<SemanticModel, Map<unknown, unknown>>();

export function sharedForRun<T>(model: SemanticModel, key: object, build: () => T): T {
    let memo = SHARED.get(model);
    if (!memo) {
        memo = new Map();
        SHARED.set(model, memo);
    }
    if (!memo.has(key)) memo.set(key, build());
    return memo.get(key) as T;
}

/** The rules of `model` are done: what they shared can go. */
export function releaseShared(model: SemanticModel): void {
    SHARED.delete(model);
}
