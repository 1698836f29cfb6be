import '../server/src/polyfill.js';
import { EmptyFileSystem } from 'langium';
import { analyzeWorkspace } from '../server/src/checker/analyze.js';
import type { MeshNode } from '../server/src/checker/model.js';
import { loadWorkspace, type SourceFile } from '../server/src/checker/workspace.js';
import { MeshBatchModule, createMeshCoreServices } from '../server/src/language/mesh-module.js';

/** How far one changed node's effect reaches, in the model of a workspace. */
export interface Cone {
    /** The node and every node that derives from it, transitively (`from`, `reads`, routes). */
    nodes: number;
    /** Edges whose effective vector is read from a node of the cone. */
    edges: number;
    /** Requirements on those edges: the checks to redo. */
    requirements: number;
    /** Files holding a node of the cone. */
    files: number;
}

export interface ConeReport {
    nodes: number;
    edges: number;
    requirements: number;
    /** One cone per node of the edited file. */
    perNode: Cone[];
    /** The union of the cones of every node of the edited file. */
    wholeFile: Cone;
}

/**
 * The downstream cones of the nodes of one file (docs/performance.md): what propagation and
 * the requirement checks would have to redo after an edit of that file, if only what
 * derives from the changed node were recomputed rather than the whole workspace.
 */
export async function measureCones(files: readonly SourceFile[], edited: string): Promise<ConeReport> {
    const services = createMeshCoreServices(EmptyFileSystem, MeshBatchModule);
    const documents = await loadWorkspace(services.shared, files);
    const { model } = analyzeWorkspace(documents);
    const dependents = new Map<MeshNode, MeshNode[]>();
    for (const node of model.nodes) {
        for (const edge of node.inputs) {
            const list = dependents.get(edge.target);
            if (list) list.push(node);
            else dependents.set(edge.target, [node]);
        }
    }
    const cone = (start: readonly MeshNode[]): Cone => {
        const seen = new Set<MeshNode>(start);
        const stack = [...start];
        while (stack.length > 0) {
            for (const next of dependents.get(stack.pop()!) ?? []) {
                if (!seen.has(next)) {
                    seen.add(next);
                    stack.push(next);
                }
            }
        }
        let edges = 0;
        let requirements = 0;
        for (const node of seen) {
            edges += node.in.length;
            for (const edge of node.in) requirements += edge.requirements.length;
        }
        return { nodes: seen.size, edges, requirements, files: new Set([...seen].map(n => n.element.uri)).size };
    };
    const own = model.nodes.filter(n => n.element.uri === edited);
    return {
        nodes: model.nodes.length,
        edges: model.edges.length,
        requirements: model.edges.reduce((sum, e) => sum + e.requirements.length, 0),
        perNode: own.map(n => cone([n])),
        wholeFile: cone(own),
    };
}
