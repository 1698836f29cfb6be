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
