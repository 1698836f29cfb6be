import type { MeshConfig } from '../config.js';
import type { ElementInfo, MeshEdge, MeshNode, SemanticModel, SystemMode } from '../model.js';
import type { Analysis, RequirementCheck } from '../propagation.js';
import type { Reporter } from '../report.js';
import type { RuleId } from '../catalogue.js';

export interface RuleContext {
    model: SemanticModel;
    analysis: Analysis;
    reporter: Reporter;
    config: MeshConfig;
    /** What an element rule looks at: the whole model, or one element (see `Rule.per`). */
    scope: RuleScope;
}

/**
 * Elements, their nodes and their outgoing edges (in model order), and the checks of
 * those edges in each system mode.
 */
export interface RuleScope {
    elements: readonly ElementInfo[];
    nodes: readonly MeshNode[];
    edges: readonly MeshEdge[];
    checks(mode: SystemMode): readonly RequirementCheck[];
}

/** A rule: one file under rules/, named `<id>.rule.ts`, with the ids it may report. */
export interface Rule {
    ids: readonly RuleId[];
    /**
     * `element`: the rule reads only `ctx.scope` for what to look at, and what it finds about an
     * element depends on nothing but that element (its facts, its nodes' results, its edges
     * and their checks), the nodes its edges end at (their facts and results), the meshes
     * and the configuration (an edit of a mesh or of the configuration is analysed from
     * scratch); it reports only there. The language server then checks again, after an
     * edit, only the elements this can change, and keeps the rest (`checker/incremental.ts`).
     * `workspace`: anything else; it runs whole every time.
     */
    per: 'element' | 'workspace';
    run(ctx: RuleContext): void;
}

/** The scope of a whole model. */
export function workspaceScope(model: SemanticModel, analysis: Analysis): RuleScope {
    return { elements: model.elements, nodes: model.nodes, edges: model.edges, checks: mode => analysis.modes[mode].checks };
}

/**
 * Structures several rules derive from one model, built on first use and kept only while
 * the rules of that model run (`runRules` releases them). What depends on the model's shape
 * alone is kept longer, with `byShape`.
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

/**
 * A structure derived from the shape of the model (its nodes and edges, not their facts):
 * built once and kept in the model (`SemanticModel.byShape`), which an incremental update
 * of the model passes on, so that after an edit only `refresh` runs (once per rules run),
 * to bring its facts up to date.
 */
export function byShape<T>(model: SemanticModel, key: object, build: () => T, refresh: (value: T) => void): T {
    return sharedForRun(model, key, () => {
        if (model.byShape.has(key)) {
            const value = model.byShape.get(key) as T;
            refresh(value);
            return value;
        }
        const value = build();
        model.byShape.set(key, value);
        return value;
    });
}

/** The rules of `model` are done: what they shared can go. */
export function releaseShared(model: SemanticModel): void {
    SHARED.delete(model);
}
