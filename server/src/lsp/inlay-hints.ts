import type { AstNode, CstNode, LangiumDocument } from 'langium';
import { AstUtils, GrammarUtils } from 'langium';
import type { InlayHintProvider } from 'langium/lsp';
import type { InlayHint, InlayHintParams } from 'vscode-languageserver';
import { InlayHintKind } from 'vscode-languageserver';
import type { ComponentName, Vector } from '../guarantees/index.js';
import { COMPONENTS, COMPONENT_LABELS, formatComponent, formatVector, leq } from '../guarantees/index.js';
import type { MeshEdge, MeshNode } from '../checker/model.js';
import { describeEdge } from '../checker/model.js';
import * as ast from '../language/generated/ast.js';
import type { MeshLspServices } from './mesh-lsp-module.js';
import type { AnalysisSnapshot, WorkspaceAnalysis } from './workspace-analysis.js';

/** Marks a hint whose vector is weaker than what the provider declares. */
export const WEAKER_MARK = '⚠';

/**
 * Inlay hints show the effective vector (target mode) where data arrives: after the
 * target of each `calls`, `consumes`, `from`/`reads` source and gateway route. A hint is
 * marked ⚠ when the vector is weaker than the one the provider declares — the spot where
 * composition weakened a guarantee.
 */
export class MeshInlayHintProvider implements InlayHintProvider {
    private readonly analysis: WorkspaceAnalysis;

    constructor(services: MeshLspServices) {
        this.analysis = services.shared.mesh.WorkspaceAnalysis;
    }

    getInlayHints(document: LangiumDocument, params: InlayHintParams): InlayHint[] | undefined {
        const snapshot = this.analysis.snapshot();
        const root = document.parseResult.value;
        if (!snapshot || !root.$cstNode) return undefined;
        const start = document.textDocument.offsetAt(params.range.start);
        const end = document.textDocument.offsetAt(params.range.end);
        const hints: InlayHint[] = [];
        for (const node of AstUtils.streamAst(root)) {
            const cst = node.$cstNode;
            if (!cst || cst.end < start || cst.offset > end) continue;
            if (ast.isCallsClause(node)) this.hint(snapshot, node, refNode(node, 'target'), hints, () => true);
            else if (ast.isConsumesClause(node)) this.hint(snapshot, node, refNode(node, 'topic'), hints, () => true);
            else if (ast.isFromClause(node) || ast.isReadsClause(node)) {
                node.sources.forEach((ref, index) => {
                    this.hint(snapshot, node, refNode(node, 'sources', index), hints, e => e.target.ast === ref.ref || e.target.element.ast === ref.ref);
                });
            } else if (ast.isRoute(node)) this.routeHint(snapshot, node, hints);
        }
        return hints;
    }

    private hint(snapshot: AnalysisSnapshot, clause: AstNode, at: CstNode | undefined, hints: InlayHint[], which: (e: MeshEdge) => boolean): void {
        if (!at) return;
        const edge = snapshot.edgesOf(clause).find(which);
        if (!edge) return;
        const effective = snapshot.analysis.modes.target.edges.get(edge);
        if (!effective) return;
        hints.push(makeHint(at, effective, edge.target, `effective vector arriving at ${describeEdge(edge)} (target mode)`));
    }

    private routeHint(snapshot: AnalysisSnapshot, route: ast.Route, hints: InlayHint[]): void {
        const node = snapshot.model.nodeByAst.get(route);
        const at = GrammarUtils.findNodeForProperty(route.$cstNode, 'path');
        if (!node || !at) return;
        const effective = snapshot.analysis.modes.target.nodes.get(node)?.vector;
        if (!effective) return;
        const backend = node.out.find(e => e.kind === 'route')?.target;
        hints.push(makeHint(at, effective, backend, `effective vector of route ${route.path} as its callers see it (target mode)`));
    }
}

function refNode(node: AstNode, property: string, index?: number): CstNode | undefined {
    return GrammarUtils.findNodeForProperty(node.$cstNode, property, index);
}

function makeHint(at: CstNode, effective: Vector, provider: MeshNode | undefined, what: string): InlayHint {
    const weaker = provider?.declared ? weakerComponents(effective, provider.declared) : [];
    const label = (weaker.length > 0 ? `${WEAKER_MARK} ` : '') + formatVector(effective);
    let tooltip = what;
    if (weaker.length > 0 && provider?.declared) {
        tooltip += `; weaker than ${provider.id} declares in ` + weaker.map(c =>
            `${COMPONENT_LABELS[c]} (${formatComponent(c, effective[c] as never)} < ${formatComponent(c, provider.declared![c] as never)})`).join(', ');
    }
    return {
        position: at.range.end,
        label,
        kind: InlayHintKind.Type,
        paddingLeft: true,
        tooltip,
    };
}

export function weakerComponents(effective: Vector, declared: Vector): ComponentName[] {
    return COMPONENTS.filter(c => !leq(c, declared[c] as never, effective[c] as never));
}
