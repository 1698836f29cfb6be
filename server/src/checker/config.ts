import type { RuleId } from './catalogue.js';
import { RULES, isRuleId } from './catalogue.js';
import type { MeshDiagnostic, Severity } from './diagnostic.js';
import { closest } from './names.js';

export type SeveritySetting = Severity | 'off';

export interface RuleSetting {
    severity: SeveritySetting;
    options: Record<string, unknown>;
}

/** `meshspec.json` (or the VS Code setting `meshspec.rules`), validated. */
export interface MeshConfig {
    rules: Partial<Record<RuleId, RuleSetting>>;
}

export const EMPTY_CONFIG: MeshConfig = { rules: {} };

const SEVERITIES: readonly SeveritySetting[] = ['error', 'warning', 'info', 'off'];

/** Options each rule accepts, with a validator per option. */
const RULE_OPTIONS: Partial<Record<RuleId, Record<string, (v: unknown) => boolean>>> = {
    'sync-chain-depth': { max: (v) => Number.isInteger(v) && (v as number) >= 1 },
};

export type ConfigResult = { ok: true; config: MeshConfig } | { ok: false; error: string };

/**
 * Validates a configuration object. Accepts the whole file (`{ "rules": {…} }`) or, with
 * `rulesOnly`, just the rules object (the VS Code setting).
 */
export function parseConfig(value: unknown, source: string, rulesOnly = false): ConfigResult {
    const fail = (why: string): ConfigResult => ({ ok: false, error: `${source}: ${why}` });
    if (!isPlainObject(value)) return fail('expected a JSON object');
    let rules: unknown = value;
    if (!rulesOnly) {
        for (const key of Object.keys(value)) {
            if (key !== 'rules' && key !== '$schema') return fail(`unknown key '${key}' (expected "rules")`);
        }
        rules = value.rules ?? {};
    }
    if (!isPlainObject(rules)) return fail('"rules" must be an object');
    const config: MeshConfig = { rules: {} };
    for (const [id, setting] of Object.entries(rules)) {
        if (!isRuleId(id)) {
            const suggestion = closest(id, Object.keys(RULES));
            return fail(`unknown rule id '${id}'${suggestion ? ` (did you mean '${suggestion}'?)` : ''}`);
        }
        let severity: unknown = setting;
        let options: unknown = {};
        if (Array.isArray(setting)) {
            if (setting.length < 1 || setting.length > 2) return fail(`rule '${id}': expected [severity] or [severity, options]`);
            [severity, options = {}] = setting;
        }
        if (typeof severity !== 'string' || !SEVERITIES.includes(severity as SeveritySetting)) {
            return fail(`rule '${id}': severity must be one of ${SEVERITIES.join(', ')}`);
        }
        if (!isPlainObject(options)) return fail(`rule '${id}': options must be an object`);
        const known = RULE_OPTIONS[id] ?? {};
        for (const [name, optionValue] of Object.entries(options)) {
            const valid = known[name];
            if (!valid) return fail(`rule '${id}' has no option '${name}'`);
            if (!valid(optionValue)) return fail(`rule '${id}': invalid value for option '${name}'`);
        }
        config.rules[id] = { severity: severity as SeveritySetting, options };
    }
    return { ok: true, config };
}

export function severityOf(config: MeshConfig, id: RuleId): SeveritySetting {
    // `syntax` always reports: a file that does not parse cannot be checked.
    if (id === 'syntax') return config.rules[id]?.severity === 'off' ? RULES.syntax.severity : (config.rules[id]?.severity ?? RULES.syntax.severity);
    return config.rules[id]?.severity ?? RULES[id].severity;
}

export function ruleOption<T>(config: MeshConfig, id: RuleId, name: string, fallback: T): T {
    const value = config.rules[id]?.options[name];
    return value === undefined ? fallback : value as T;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A diagnostic under the configuration: dropped when its rule is `off`, given the configured
 * severity when one is set, else left as reported (a rule may report below its default, e.g.
 * an unresolvable named bound is an `invalid-value` warning). Idempotent.
 */
export function applyConfig(d: MeshDiagnostic, config: MeshConfig): MeshDiagnostic | undefined {
    const setting = severityOf(config, d.code);
    if (setting === 'off') return undefined;
    if (config.rules[d.code]?.severity !== setting || setting === d.severity) return d;
    return { ...d, severity: setting };
}
