import * as ast from '../../language/generated/ast.js';
import type { MeshEdge, MeshNode } from '../model.js';
import { referenceIndex } from './helpers.js';
import type { Rule } from './rule.js';

/** Database per service: a store written by more than one service (operations count for their service). */
export const sharedStore: Rule = {
    ids: ['shared-store'],
    per: 'workspace',
    run({ model, reporter }) {
        const writers = new Map<MeshNode, Map<MeshNode, MeshEdge[]>>();
        for (const edge of model.edges) {
            if (edge.kind !== 'write' || edge.target.kind !== 'store') continue;
            const service = edge.source.service ?? edge.source;
            const byService = writers.get(edge.target) ?? new Map<MeshNode, MeshEdge[]>();
            byService.set(service, [...(byService.get(service) ?? []), edge]);
            writers.set(edge.target, byService);
        }
        for (const [store, byService] of writers) {
            if (byService.size < 2) continue;
            const edges = [...byService.values()].flat();
            reporter.report('shared-store', { store: store.id, writers: [...byService.keys()].map(s => s.id) }, { node: store.ast, property: 'name' as never }, {
                related: edges.map(e => {
                    const clause = e.ast as ast.WritesClause;
                    const index = ast.isWritesClause(clause) ? referenceIndex(clause.targets, store.ast) : undefined;
                    return { node: clause, property: (index === undefined ? undefined : 'targets') as never, index, message: `${(e.source.service ?? e.source).id} writes ${store.id}` };
                }),
            });
        }
    },
};
