import type { LangiumDocument } from 'langium';
import { isAstNode } from 'langium';
import type { SourceRange } from './diagnostic.js';
import { lineEndsIn } from '../language/lines.js';
import type * as ast from '../language/generated/ast.js';
import type { DomainInfo, ElementInfo, MeshEdge, MeshNode, SemanticModel } from './model.js';
import { buildDocumentModel, requirementNeedsOwner, schemasByName } from './model.js';
import type { Analysis, AnalysisUpdate } from './propagation.js';

/**
 * The language server's incremental analysis (docs/performance.md, "Language server").
 *
 * Most edits change values inside one document: a duration, a vector component, a
 * requirement, an option. The graph keeps its shape, so the previous model is updated in
 * place (its node and edge records keep their identity and index, and take the edited
 * document's new facts) instead of being rebuilt; propagation evaluates again only the
 * nodes whose facts changed and what derives from them, and the element rules only the
 * elements that could find something else (`rules/index.ts`). Any other change takes the
 * from-scratch path:
 * a document added or removed, more than one document changed, elements, nodes or edges
 * added, removed, renamed or reordered, a duplicate name anywhere, a named guarantee or a
 * mesh in the edited document (other documents' facts read them), or a requirement
 * elsewhere whose named bound resolves through one of the edited document's elements.
 *
 * The gate is test/lsp/incremental.test.ts: after any edits the result must equal a
 * from-scratch analysis of the same texts.
 */

export interface ModelUpdate {
    model: SemanticModel;
    analysis: AnalysisUpdate;
    /** The edited document. */
    uri: string;
    /**
     * Elements whose findings must be worked out again whatever propagation says, by
     * position in `model.elements`: the edited document's elements on lines the edit moved
     * or changed, and those with an edge whose facts changed.
     */
    elements: Uint8Array;
    /** Whether a range of the edited document, as it was before the edit, is on lines the edit moved or changed. */
    moved(range: SourceRange): boolean;
}

/**
 * The model of `documents` made from `previous` (built from the same documents with one of
 * them edited since), or `undefined` when the edit is not one this can take. Nothing is
 * changed before it is sure to succeed; after that, `previous` is the new model's and must
 * not be used again.
 */
export function updateModel(previous: SemanticModel, analysis: Analysis, documents: readonly LangiumDocument<ast.Model>[]): ModelUpdate | undefined {
    const edited = editedDocument(previous, documents);
    if (edited === undefined) return undefined;
    for (const list of previous.buildDiagnostics.values()) {
        if (list.some(d => d.code === 'duplicate-name')) return undefined;
    }
    const uri = edited.uri.toString();
    const inEdited = (e: ElementInfo | DomainInfo): boolean => e.uri === uri;
    const oldElements = previous.elements.filter(inEdited);
    if (oldElements.some(readByOthers)) return undefined;

    let schemas: Map<string, ast.Schema[]> | undefined;
    const fresh = buildDocumentModel(edited, {
        byAst: node => previous.nodeByAst.get(node),
        byId: id => previous.nodeById.get(id),
        meshes: previous.meshes,
        // The edited document's own schemas among them are its old ones: if their versions
        // changed, so did its elements, and the update gives up below.
        schemas: name => (schemas ??= schemasByName(previous.elements)).get(name) ?? [],
    });
    if (fresh.elements.some(readByOthers)) return undefined;
    if (!sameList(oldElements, fresh.elements, elementKey)) return undefined;
    const oldDomains = previous.domains.filter(inEdited);
    if (!sameList(oldDomains, fresh.domains, d => d.name)) return undefined;
    const oldNodes = previous.nodes.filter(n => n.element.uri === uri);
    if (!sameList(oldNodes, fresh.nodes, n => `${n.kind} ${n.id}`)) return undefined;
    const oldEdges = previous.edges.filter(e => e.source.element.uri === uri);
    // A fresh node stands for the old one at its position; a foreign node is the old model's own.
    const old = (n: MeshNode): MeshNode => (fresh.nodes[n.index] === n ? oldNodes[n.index] : n);
    if (oldEdges.length !== fresh.edges.length) return undefined;
    for (let i = 0; i < oldEdges.length; i++) {
        const a = oldEdges[i];
        const b = fresh.edges[i];
        if (a.kind !== b.kind || a.source !== old(b.source) || a.target !== old(b.target)) return undefined;
    }
    for (const edge of previous.edges) {
        if (edge.target.element.uri === uri && edge.source.element.uri !== uri && edge.requirements.some(requirementNeedsOwner)) return undefined;
    }

    // The same shape: the old records take the new facts (and the new AST, always). A node
    // whose facts are the same is not changed for propagation; the edited document's edges
    // are all checked again (their checks must point at the new AST).
    const moved = movedLines(previous.roots.get(uri)!.$cstNode?.root.fullText ?? '', edited.textDocument.getText());
    const position = new Map<ElementInfo, number>();
    previous.elements.forEach((e, i) => {
        if (e.uri === uri) position.set(e, i);
    });
    const elements = new Uint8Array(previous.elements.length);
    for (const [element, i] of position) {
        const range = element.ast.$cstNode?.range;
        if (!range || moved(range)) elements[i] = 1;
    }
    const changedNodes = new Uint8Array(previous.nodes.length);
    const changedEdges = new Uint8Array(previous.edges.length);
    for (let i = 0; i < oldNodes.length; i++) {
        const node = oldNodes[i];
        if (!sameFacts(node, fresh.nodes[i], NODE_STRUCTURE)) changedNodes[node.index] = 1;
        previous.nodeByAst.delete(node.ast);
        takeFacts(node, fresh.nodes[i], NODE_STRUCTURE);
        previous.nodeByAst.set(node.ast, node);
    }
    for (let i = 0; i < oldEdges.length; i++) {
        const edge = oldEdges[i];
        if (!sameFacts(edge, fresh.edges[i], EDGE_STRUCTURE)) elements[position.get(edge.source.element)!] = 1;
        takeFacts(edge, fresh.edges[i], EDGE_STRUCTURE);
        changedEdges[edge.index] = 1;
    }
    for (const [name, element] of fresh.elementByName) {
        // Another document's schema of the same name may come first (then it stays).
        if (previous.elementByName.get(name)?.uri === uri) previous.elementByName.set(name, element);
    }
    const model: SemanticModel = {
        ...previous,
        documents,
        elements: spliced(previous.elements, inEdited, fresh.elements),
        domains: spliced(previous.domains, inEdited, fresh.domains),
        buildDiagnostics: new Map(previous.buildDiagnostics).set(uri, fresh.buildDiagnostics.get(uri) ?? []),
        roots: new Map(previous.roots).set(uri, edited.parseResult.value),
    };
    return { model, analysis: { previous: analysis, changedNodes, changedEdges }, uri, elements, moved };
}

/** The one document whose AST is not the one the model was built from (none, or more than one: `undefined`). */
function editedDocument(previous: SemanticModel, documents: readonly LangiumDocument<ast.Model>[]): LangiumDocument<ast.Model> | undefined {
    if (documents.length !== previous.roots.size) return undefined;
    let edited: LangiumDocument<ast.Model> | undefined;
    for (const doc of documents) {
        const root = previous.roots.get(doc.uri.toString());
        if (root === undefined) return undefined;
        if (root === doc.parseResult.value) continue;
        if (edited) return undefined;
        edited = doc;
    }
    return edited;
}

/** Named guarantees and meshes: other documents' facts are read through them. */
function readByOthers(element: ElementInfo): boolean {
    return element.kind === 'guarantee' || element.kind === 'mesh';
}

function elementKey(element: ElementInfo): string {
    return element.kind === 'schema' ? `schema ${element.name} ${(element.ast as ast.Schema).version ?? ''}` : `${element.kind} ${element.name}`;
}

function sameList<T>(a: readonly T[], b: readonly T[], key: (item: T) => string): boolean {
    return a.length === b.length && a.every((item, i) => key(item) === key(b[i]));
}

/** `list` with the items that satisfy `replaced` replaced, in order, by `by` (as many). */
function spliced<T>(list: readonly T[], replaced: (item: T) => boolean, by: readonly T[]): T[] {
    let next = 0;
    return list.map(item => (replaced(item) ? by[next++] : item));
}

/**
 * Whether a range of the text `before` is on lines that are not where they were in `after`:
 * the lines from the first to the last changed one, and every line after them when the
 * edit added or removed lines.
 */
export function movedLines(before: string, after: string): (range: SourceRange) => boolean {
    const shorter = Math.min(before.length, after.length);
    let prefix = 0;
    while (prefix < shorter && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
    // A `\r` just before the change may end a line or not (`\r\n`), depending on what follows.
    if (prefix > 0 && before.charCodeAt(prefix - 1) === 13) prefix--;
    let suffix = 0;
    while (suffix < shorter - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
    const first = lineEndsIn(before, 0, prefix);
    const last = first + lineEndsIn(before, prefix, before.length - suffix);
    const shifted = lineEndsIn(after, prefix, after.length - suffix) !== last - first;
    return range => range.end.line >= first && (shifted || range.start.line <= last);
}

/** Whether two records have the same facts: equal values, with AST nodes (where, not what) left out. */
function sameFacts(a: object, b: object, structure: ReadonlySet<string>): boolean {
    const x = a as Record<string, unknown>;
    const y = b as Record<string, unknown>;
    for (const key in y) {
        if (!structure.has(key) && !sameValue(x[key], y[key])) return false;
    }
    return true;
}

// Without allocating: this compares every node and edge of the edited document on each edit.
function sameValue(a: unknown, b: unknown): boolean {
    if (a === b) return true;
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
    // Both AST nodes: what they say is in the facts beside them, and where they are moves with every edit.
    if (isAstNode(a) && isAstNode(b)) return true;
    if (a instanceof Set || b instanceof Set) {
        if (!(a instanceof Set && b instanceof Set) || a.size !== b.size) return false;
        for (const v of a) if (!b.has(v)) return false;
        return true;
    }
    if (Array.isArray(a) || Array.isArray(b)) {
        if (!(Array.isArray(a) && Array.isArray(b)) || a.length !== b.length) return false;
        for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
        return true;
    }
    const x = a as Record<string, unknown>;
    const y = b as Record<string, unknown>;
    let count = 0;
    for (const key in x) {
        if (CACHES.has(key)) continue;
        if (!(key in y) || !sameValue(x[key], y[key])) return false;
        count++;
    }
    for (const key in y) if (!CACHES.has(key)) count--;
    return count === 0;
}

/** Properties that cache a function of the facts beside them (`CallFacts.hop`): not facts. */
const CACHES: ReadonlySet<string> = new Set(['hop']);

/** What places a record in the graph: kept when the record takes another's facts. */
const NODE_STRUCTURE: ReadonlySet<string> = new Set<keyof MeshNode>(['index', 'service', 'out', 'in', 'inputs']);
const EDGE_STRUCTURE: ReadonlySet<string> = new Set<keyof MeshEdge>(['index', 'kind', 'source', 'target']);

function takeFacts<T extends object>(record: T, from: T, structure: ReadonlySet<string>): void {
    for (const key of Object.keys(from) as (keyof T & string)[]) {
        if (!structure.has(key)) record[key] = from[key];
    }
}
