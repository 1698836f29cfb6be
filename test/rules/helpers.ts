import { expect, it } from 'vitest';
import { EmptyFileSystem } from 'langium';
import type { RuleId } from '../../server/src/checker/catalogue.js';
import type { MeshConfig } from '../../server/src/checker/config.js';
import { parseConfig } from '../../server/src/checker/config.js';
import type { MeshDiagnostic } from '../../server/src/checker/diagnostic.js';
import { analyzeWorkspace, type WorkspaceResult } from '../../server/src/checker/analyze.js';
import { loadWorkspace, resetWorkspace } from '../../server/src/checker/workspace.js';
import { createMeshCoreServices } from '../../server/src/language/mesh-module.js';

/**
 * Rule tests: inline `.mesh` snippets (one string per file) checked as one workspace.
 * `textOf` slices the source by a diagnostic's (or related location's) range, so a test
 * states the exact text a rule points at instead of line/column numbers.
 */
export interface Checked extends WorkspaceResult {
    textOf(d: { uri: string; range: MeshDiagnostic['range'] }): string;
    /** The diagnostics with one rule id. */
    of(id: RuleId): MeshDiagnostic[];
}

let services: ReturnType<typeof createMeshCoreServices> | undefined;

export async function check(files: string | readonly string[], config?: MeshConfig): Promise<Checked> {
    services ??= createMeshCoreServices(EmptyFileSystem);
    resetWorkspace(services.shared);
    const list = typeof files === 'string' ? [files] : files;
    const documents = await loadWorkspace(services.shared, list.map((text, i) => ({ uri: `file:///rules/${i}.mesh`, text })));
    const result = analyzeWorkspace(documents, config);
    const texts = new Map(documents.map(d => [d.uri.toString(), d.textDocument]));
    return {
        ...result,
        textOf: d => texts.get(d.uri)!.getText(d.range),
        of: id => result.diagnostics.filter(d => d.code === id),
    };
}

/** A validated configuration, as `meshspec.json` would give it. */
export function config(rules: Record<string, unknown>): MeshConfig {
    const parsed = parseConfig({ rules }, 'test config');
    if (!parsed.ok) throw new Error(parsed.error);
    return parsed.config;
}

/** One case of a rule table: the snippet(s) and what the rule must report. */
export interface Hit {
    name: string;
    files: string | string[];
    /** The text under each diagnostic of the rule, in source order. */
    texts: string[];
    /** Substrings of the first diagnostic's message. */
    message?: string[];
    /** The texts under the first diagnostic's related locations. */
    related?: string[];
}

export interface Clean {
    name: string;
    files: string | string[];
}

export interface RuleCases {
    hits: Hit[];
    clean: Clean[];
}

/** Registers one test per hit (id, range text, message, related) and per clean case (no diagnostic of the id). */
export function ruleTable(id: RuleId, cases: RuleCases): void {
    for (const hit of cases.hits) {
        it(`reports: ${hit.name}`, async () => {
            const result = await check(hit.files);
            const found = result.of(id);
            expect(found.map(d => result.textOf(d))).toEqual(hit.texts);
            for (const part of hit.message ?? []) expect(found[0].message).toContain(part);
            if (hit.related) expect(found[0].related.map(r => result.textOf(r))).toEqual(hit.related);
        });
    }
    for (const clean of cases.clean) {
        it(`does not report: ${clean.name}`, async () => {
            const result = await check(clean.files);
            expect(result.of(id).map(d => `${result.textOf(d)}: ${d.message}`)).toEqual([]);
        });
    }
}
