import { describe, expect, it } from 'vitest';
import { RULE_IDS } from '../../server/src/checker/catalogue.js';
import { ALL_RULES } from '../../server/src/checker/rules/index.js';

/** Every id of LANGUAGE.md §6 is produced somewhere: by a rule, or by the phases before rules. */
const OUTSIDE_RULES = new Set(['syntax', 'unresolved-reference', 'duplicate-name', 'traffic-split-total', 'unused-suppression']);

describe('rule catalogue coverage', () => {
    it('every catalogue id is reported by a rule or by parsing, linking, the model or suppression', () => {
        const byRules = new Set(ALL_RULES.flatMap(r => r.ids));
        expect(RULE_IDS.filter(id => !byRules.has(id) && !OUTSIDE_RULES.has(id))).toEqual([]);
    });

    it('no id is claimed by two rules (one rule = one file), except invalid-value', () => {
        const seen = new Map<string, number>();
        for (const id of ALL_RULES.flatMap(r => r.ids)) seen.set(id, (seen.get(id) ?? 0) + 1);
        expect([...seen].filter(([id, n]) => n > 1 && id !== 'invalid-value')).toEqual([]);
    });
});
