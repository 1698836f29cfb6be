import { beforeAll, describe, expect, it } from 'vitest';
import { AstUtils, EmptyFileSystem, type LangiumDocument } from 'langium';
import { createMeshCoreServices } from '../../server/src/language/mesh-module.js';
import { loadWorkspace } from '../../server/src/checker/workspace.js';
import { elementsOf } from '../../server/src/language/model-utils.js';
import * as ast from '../../server/src/language/generated/ast.js';
import { generateWorkspace, type GeneratedWorkspace } from '../../scripts/bench-lib.mjs';

/** Edge references of one clause and whether the clause carries a `requires`. */
function edgesOf(node: ast.CallsClause | ast.PublishesClause | ast.ConsumesClause | ast.ReadsClause | ast.WritesClause | ast.FromClause): { count: number; requires: boolean } {
    switch (node.$type) {
        case 'CallsClause': return { count: 1, requires: node.options.some(ast.isRequiresClause) };
        case 'ConsumesClause': return { count: 1, requires: node.options.some(ast.isRequiresClause) };
        case 'PublishesClause': return { count: node.topics.length, requires: false };
        case 'WritesClause': return { count: node.targets.length, requires: false };
        case 'ReadsClause': return { count: node.sources.length, requires: node.options.some(ast.isRequiresClause) };
        case 'FromClause': return { count: node.sources.length, requires: node.options.some(ast.isRequiresClause) };
    }
}

const isEdgeClause = (n: unknown): n is Parameters<typeof edgesOf>[0] =>
    ast.isCallsClause(n) || ast.isPublishesClause(n) || ast.isConsumesClause(n) || ast.isReadsClause(n) || ast.isWritesClause(n) || ast.isFromClause(n);

describe('benchmark workspace generator', () => {
    it('is deterministic: the same seed gives the same text, another seed other text', () => {
        const a = generateWorkspace({ elements: 500, seed: 7 });
        const b = generateWorkspace({ elements: 500, seed: 7 });
        const c = generateWorkspace({ elements: 500, seed: 8 });
        expect(b.files).toEqual(a.files);
        expect(c.files.map(f => f.text)).not.toEqual(a.files.map(f => f.text));
    });

    it('splits the requested elements into files of about 100', () => {
        for (const elements of [250, 1000, 1234]) {
            const ws = generateWorkspace({ elements, seed: 3 });
            const perFile = ws.files.map(f => (f.text.match(/^ {4}(service|topic|store|dataproduct) /gm) ?? []).length);
            expect(perFile.reduce((a, b) => a + b, 0)).toBe(elements);
            expect(ws.files).toHaveLength(Math.ceil(elements / 100));
            expect(perFile.slice(0, -1).every(n => n === 100)).toBe(true);
            expect(new Set(ws.files.map(f => f.path)).size).toBe(ws.files.length);
        }
    });

    it('rejects a nonsensical size', () => {
        expect(() => generateWorkspace({ elements: 0 })).toThrow(/elements/);
        expect(() => generateWorkspace({ elements: 12.5 })).toThrow(/elements/);
    });

    describe('a 300-element workspace, parsed and linked', () => {
        let ws: GeneratedWorkspace;
        let docs: LangiumDocument<ast.Model>[];

        beforeAll(async () => {
            ws = generateWorkspace({ elements: 300, seed: 11 });
            const { shared } = createMeshCoreServices(EmptyFileSystem);
            docs = await loadWorkspace(shared, ws.files.map(f => ({ uri: `file:///bench/${f.path}`, text: f.text })));
        });

        it('has no syntax errors and no unresolved references', () => {
            expect(docs).toHaveLength(3);
            for (const doc of docs) {
                expect(doc.parseResult.lexerErrors.map(e => e.message)).toEqual([]);
                expect(doc.parseResult.parserErrors.map(e => `${e.token.startLine}:${e.token.startColumn} ${e.message}`)).toEqual([]);
                expect(doc.references.filter(r => r.error).map(r => r.error!.message)).toEqual([]);
            }
        });

        it('declares 300 uniquely named elements of every kind, grouped into owned domains', () => {
            const elements = docs.flatMap(d => [...elementsOf(d.parseResult.value)]);
            expect(elements).toHaveLength(300);
            expect(new Set(elements.map(e => e.name)).size).toBe(300);
            const kinds = new Set(elements.map(e => e.$type));
            expect([...kinds].sort()).toEqual(['DataProduct', 'Service', 'Store', 'Topic']);
            const domains = docs.flatMap(d => d.parseResult.value.items.filter(ast.isDomain));
            expect(domains.length).toBeGreaterThan(3);
            expect(domains.every(d => d.header.some(ast.isOwnerClause))).toBe(true);
            expect(docs.every(d => d.parseResult.value.items.every(ast.isDomain))).toBe(true);
        });

        it('has about three edges per element, a third of them with `requires`', () => {
            let edges = 0;
            let withRequires = 0;
            for (const doc of docs) {
                for (const node of AstUtils.streamAllContents(doc.parseResult.value)) {
                    if (!isEdgeClause(node)) continue;
                    const { count, requires } = edgesOf(node);
                    edges += count;
                    if (requires) withRequires += count;
                }
            }
            expect(edges / 300).toBeGreaterThan(2.5);
            expect(edges / 300).toBeLessThan(3.5);
            expect(withRequires / edges).toBeGreaterThan(0.25);
            expect(withRequires / edges).toBeLessThan(0.42);
            // The generator's own bookkeeping agrees with what was parsed.
            expect(ws.stats.edges).toBe(edges);
            expect(ws.stats.requiresEdges).toBe(withRequires);
        });

        it('uses `_` wildcards in requirements and every kind of edge', () => {
            const requirements = docs.flatMap(d => AstUtils.streamAllContents(d.parseResult.value).filter(ast.isRequiresClause).toArray());
            const literals = requirements.map(r => r.vector).filter(ast.isVectorLiteral);
            expect(literals.length).toBe(requirements.length);
            expect(literals.every(v => v.components.length === 6)).toBe(true);
            expect(literals.filter(v => v.components.some(c => c.value === '_')).length / literals.length).toBeGreaterThan(0.9);
            const types = new Set(docs.flatMap(d => AstUtils.streamAllContents(d.parseResult.value).filter(isEdgeClause).map(n => n.$type).toArray()));
            expect([...types].sort()).toEqual(['CallsClause', 'ConsumesClause', 'FromClause', 'PublishesClause', 'ReadsClause', 'WritesClause']);
        });

        it('gives every fifth element a full modes block with triggers', () => {
            const elements = docs.flatMap(d => [...elementsOf(d.parseResult.value)]);
            const blocks = elements.map(e => AstUtils.streamContents(e).find(ast.isModesBlock)).filter(b => b !== undefined);
            expect(blocks).toHaveLength(60);
            for (const block of blocks) {
                expect(block.modes.map(m => m.mode)).toEqual(['target', 'degraded', 'floor', 'recovery']);
                expect(block.modes.map(m => m.trigger !== undefined)).toEqual([false, true, true, true]);
            }
        });
    });
});
