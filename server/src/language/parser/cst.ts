import type { IToken, TokenType } from 'chevrotain';
import type { AstNode, CompositeCstNode, CstNode, LeafCstNode, RootCstNode } from 'langium';
import { AstUtils, CstUtils, GrammarAST } from 'langium';
import type { Range } from 'vscode-languageserver';
import { lineStarts as computeLineStarts, positionIn } from '../lines.js';

/*
 * The concrete syntax tree that `MeshParser` builds: the same tree as Langium's (same
 * nodes, order, offsets, ranges, `grammarSource`s and AST links, checked node by node
 * against Langium's parser in test/parser), stored in typed arrays instead of one object
 * per node.
 *
 * Why: a workspace has about one CST node per three characters of source, and every one
 * of them lives as long as its document. As objects (Langium's) they were two thirds of
 * the heap after parsing a 10k-element workspace (≈200 of 300 MB), which the garbage
 * collector copies twice on the way to the old generation and marks in every full
 * collection: it took more time than the parsing itself. In typed arrays they cost 14
 * bytes each, outside the collected heap, and no collector time. Node objects
 * (`CstNodeHandle`s) exist for the nodes someone asks for: an AST node's `$cstNode` when
 * it is read (mesh-parser.ts), every reference's `$refNode`, and whatever is reached from
 * them (`content`, `container`). A node has exactly one handle, so identity comparisons
 * work as usual. The tree knows which AST node each composite node made (`astNodes`),
 * whether or not a handle exists.
 *
 * Line and character follow Chevrotain's position tracking, which Langium's nodes copy:
 * lines end at `\n`, `\r\n` or a lone `\r`; characters count UTF-16 code units. They are
 * computed from a per-file table of line starts when a range is asked for.
 */

const COMPOSITE = 0;
const LEAF = 1;
const HIDDEN = 2;
const NONE = -1;

/** What a node was made from: its `grammarSource` and, for a leaf, its token type. */
interface NodeKind {
    readonly element: GrammarAST.AbstractElement | undefined;
    readonly tokenType: TokenType | undefined;
    /** `assignedFeature`, worked out on first request (`null`: none). */
    assigned?: string | null;
}

/**
 * The node kinds of one grammar, numbered; shared by all trees of a parser. A node's
 * kind number and its flavour (composite, leaf, hidden leaf) share one integer.
 */
export class CstKinds {
    private readonly kinds: NodeKind[] = [{ element: undefined, tokenType: undefined }];
    private readonly composites = new Map<GrammarAST.AbstractElement, number>();
    private readonly leaves = new Map<GrammarAST.AbstractElement | TokenType, Map<TokenType, number>>();

    /** The kind of composite nodes made for `element` (a rule call, a cross-reference, an action). */
    composite(element: GrammarAST.AbstractElement): number {
        let kind = this.composites.get(element);
        if (kind === undefined) {
            kind = this.add(element, undefined) << 2 | COMPOSITE;
            this.composites.set(element, kind);
        }
        return kind;
    }

    /** The kind of leaves for tokens of `tokenType` consumed by `element`; hidden leaves have no element. */
    leaf(element: GrammarAST.AbstractElement | undefined, tokenType: TokenType): number {
        const key = element ?? tokenType;
        let byType = this.leaves.get(key);
        if (!byType) this.leaves.set(key, byType = new Map());
        let kind = byType.get(tokenType);
        if (kind === undefined) {
            kind = this.add(element, tokenType) << 2 | (element ? LEAF : HIDDEN);
            byType.set(tokenType, kind);
        }
        return kind;
    }

    get(kind: number): NodeKind {
        return this.kinds[kind >> 2];
    }

    /** The feature of the assignment a node of this kind was made by (or is inside), if any. */
    assignedFeature(kind: number): string | undefined {
        const entry = this.kinds[kind >> 2];
        if (entry.assigned === undefined) {
            entry.assigned = (entry.element && AstUtils.getContainerOfType(entry.element, GrammarAST.isAssignment)?.feature) ?? null;
        }
        return entry.assigned ?? undefined;
    }

    private add(element: GrammarAST.AbstractElement | undefined, tokenType: TokenType | undefined): number {
        // A node's kind and flavour share 16 bits (`CstTree.kind`).
        if (this.kinds.length === 1 << 14) throw new Error('Too many kinds of CST nodes for this grammar');
        this.kinds.push({ element, tokenType });
        return this.kinds.length - 1;
    }
}

/**
 * The columns a tree is stored in. Leaves and composite nodes share two of them: `a` is
 * a leaf's offset or a composite node's first child; `b` a leaf's length or, for a
 * composite node, 1 + the index of its AST node in `CstTree.astNodes` (0: none). `last`
 * (a composite node's last child) is needed while building only and is not kept; nor is
 * `parent`, which a finished tree works out again when it is needed.
 */
class Columns {
    kind: Uint16Array;
    parent: Int32Array | undefined;
    next: Int32Array;
    a: Int32Array;
    b: Int32Array;
    last: Int32Array;

    constructor(capacity: number) {
        this.kind = new Uint16Array(capacity);
        this.parent = new Int32Array(capacity);
        this.next = new Int32Array(capacity);
        this.a = new Int32Array(capacity);
        this.b = new Int32Array(capacity);
        this.last = new Int32Array(capacity);
    }

    get capacity(): number {
        return this.kind.length;
    }

    grow(capacity: number): void {
        const kind = new Uint16Array(capacity);
        kind.set(this.kind);
        this.kind = kind;
        const grow = (column: Int32Array): Int32Array => {
            const grown = new Int32Array(capacity);
            grown.set(column);
            return grown;
        };
        this.parent = grow(this.parent!);
        this.next = grow(this.next);
        this.a = grow(this.a);
        this.b = grow(this.b);
        this.last = grow(this.last);
    }

    /**
     * An exactly sized copy of the first `size` rows, in one buffer, without `parent`: a
     * finished tree works its parents out from the children lists when first asked
     * (`CstTree.parent`), and a check rarely asks.
     */
    copy(size: number): Columns {
        const buffer = new ArrayBuffer(size * 14);
        const copy = (column: Int32Array, index: number): Int32Array => {
            const part = new Int32Array(buffer, index * size * 4, size);
            part.set(column.subarray(0, size));
            return part;
        };
        // Views of the one buffer, not new columns: the builder keeps its own to reuse.
        const columns = Object.create(Columns.prototype) as Columns;
        columns.parent = undefined;
        columns.next = copy(this.next, 0);
        columns.a = copy(this.a, 1);
        columns.b = copy(this.b, 2);
        columns.last = new Int32Array(0);
        columns.kind = new Uint16Array(buffer, size * 12, size);
        columns.kind.set(this.kind.subarray(0, size));
        return columns;
    }
}

/**
 * One file's tree. Node 0 is the root; children are a singly linked list in source order.
 * While the parser builds it, the tree lives in the builder's reusable columns; `finish`
 * copies it into one exactly sized buffer (14 bytes a node; parents are worked out again
 * when first needed).
 */
export class CstTree {
    size = 0;
    kind: Uint16Array;
    private parentColumn: Int32Array | undefined;
    next: Int32Array;
    private a: Int32Array;
    private b: Int32Array;
    private lastChild: Int32Array;
    /** The AST node of each composite node that has one (see `b`). */
    private readonly astNodes: AstNode[] = [];
    /** The node objects made so far, by node: few nodes get one (see `node`). */
    private readonly handles = new Map<number, CstNodeHandle>();
    /** `content` arrays made for composite nodes, by node. */
    readonly contents = new Map<number, CstNodeHandle[]>();
    private lineStarts: number[] | undefined;

    constructor(readonly text: string, readonly kinds: CstKinds, private columns: Columns | undefined) {
        this.kind = columns!.kind;
        this.parentColumn = columns!.parent;
        this.next = columns!.next;
        this.a = columns!.a;
        this.b = columns!.b;
        this.lastChild = columns!.last;
        this.add(0, 0, 0);
    }

    /**
     * Each node's parent (-1: none); a finished tree works it out from the children lists on
     * first use. (A node taken out of the tree then has none, where Langium's keeps its
     * container: only empty rule calls are taken out for good, and no AST node holds one.)
     */
    get parent(): Int32Array {
        return this.parentColumn ??= this.parentsFromChildren();
    }

    private parentsFromChildren(): Int32Array {
        const parent = new Int32Array(this.size).fill(NONE);
        for (let id = 0; id < this.size; id++) {
            if (!this.isComposite(id)) continue;
            for (let c = this.a[id]; c !== NONE; c = this.next[c]) parent[c] = id;
        }
        return parent;
    }

    /** A new node, not yet in the tree; `offset` and `length` are a leaf's. */
    add(kind: number, offset: number, length: number): number {
        const id = this.size++;
        if (id === this.kind.length) this.grow();
        this.kind[id] = kind;
        this.parent[id] = NONE;
        this.next[id] = NONE;
        if ((kind & 3) === COMPOSITE) {
            this.a[id] = NONE;
            this.b[id] = 0;
            this.lastChild[id] = NONE;
        } else {
            this.a[id] = offset;
            this.b[id] = length;
        }
        return id;
    }

    /** The tree is complete: it moves out of the builder's columns into a buffer of its own. */
    finish(): void {
        this.use(this.columns!.copy(this.size));
        this.columns = undefined;
    }

    /** A composite node's first child, or -1. */
    first(id: number): number {
        return this.a[id];
    }

    /** A leaf's offset. */
    offset(id: number): number {
        return this.a[id];
    }

    /** A leaf's length. */
    length(id: number): number {
        return this.b[id];
    }

    /** The node object of node `id` (made once, then the same object every time). */
    node(id: number): CstNodeHandle {
        let handle = this.handles.get(id);
        if (!handle) {
            handle = id === 0 ? new RootCstNodeHandle(this) : this.isComposite(id) ? new CompositeCstNodeHandle(this, id) : new LeafCstNodeHandle(this, id);
            this.handles.set(id, handle);
        }
        return handle;
    }

    /** The AST node made from composite node `id` itself (not from one of its ancestors), if any. */
    ownAstNode(id: number): AstNode | undefined {
        const slot = this.b[id];
        return slot === 0 ? undefined : this.astNodes[slot - 1];
    }

    setAstNode(id: number, node: AstNode): void {
        const slot = this.b[id];
        if (slot !== 0) this.astNodes[slot - 1] = node;
        else this.b[id] = this.astNodes.push(node);
    }

    /** Langium's `astNode` of node `id`: the AST node made from it or from its nearest ancestor that made one. */
    astNodeAt(id: number): AstNode | undefined {
        for (let n = this.isComposite(id) ? id : this.parent[id]; n !== NONE; n = this.parent[n]) {
            const own = this.ownAstNode(n);
            if (own) return own;
        }
        return undefined;
    }

    /**
     * Langium's `getDiagnosticRange` for node `id` and, optionally, a property of its AST
     * node (`findNodeForProperty`: the `index`th node assigned to it, clamped; the whole node
     * when there is none), worked out on the tree without making node objects.
     */
    diagnosticRange(id: number, property: string | undefined, index: number | undefined): Range {
        if (property !== undefined) {
            const found: number[] = [];
            const element = this.astNodeAt(id);
            for (let c = this.isComposite(id) ? this.a[id] : NONE; c !== NONE; c = this.next[c]) this.collectAssigned(c, property, element, found);
            if (found.length > 0) id = found[index === undefined ? 0 : Math.max(0, Math.min(index, found.length - 1))];
        }
        return this.rangeOf(id);
    }

    /** `findNodesForPropertyInternal` below a node whose AST node is `element`. */
    private collectAssigned(id: number, property: string, element: AstNode | undefined, found: number[]): void {
        if (this.kinds.assignedFeature(this.kind[id]) === property) {
            found.push(id);
            return;
        }
        // A child belongs to `element` unless it made an AST node of its own.
        if (!this.isComposite(id) || (this.ownAstNode(id) ?? element) !== element) return;
        for (let c = this.a[id]; c !== NONE; c = this.next[c]) this.collectAssigned(c, property, element, found);
    }

    isComposite(id: number): boolean {
        return (this.kind[id] & 3) === COMPOSITE;
    }

    isHidden(id: number): boolean {
        return (this.kind[id] & 3) === HIDDEN;
    }

    children(id: number): number[] {
        const ids: number[] = [];
        for (let c = this.a[id]; c !== NONE; c = this.next[c]) ids.push(c);
        return ids;
    }

    indexOf(parent: number, child: number): number {
        let index = 0;
        for (let c = this.a[parent]; c !== NONE; c = this.next[c], index++) {
            if (c === child) return index;
        }
        return -1;
    }

    append(parent: number, child: number): void {
        this.parent[child] = parent;
        this.next[child] = NONE;
        const last = this.lastChild[parent];
        if (last === NONE) this.a[parent] = child;
        else this.next[last] = child;
        this.lastChild[parent] = child;
        this.changed(parent);
    }

    /** Inserts `children` (new nodes) before the child at `index` of `parent`. */
    insert(parent: number, index: number, children: readonly number[]): void {
        if (children.length === 0) return;
        for (const child of children) this.parent[child] = parent;
        for (let i = 0; i < children.length - 1; i++) this.next[children[i]] = children[i + 1];
        const lastNew = children[children.length - 1];
        if (index === 0) {
            this.next[lastNew] = this.a[parent];
            if (this.a[parent] === NONE) this.lastChild[parent] = lastNew;
            this.a[parent] = children[0];
        } else {
            let before = this.a[parent];
            for (let i = 1; i < index; i++) before = this.next[before];
            this.next[lastNew] = this.next[before];
            if (this.next[before] === NONE) this.lastChild[parent] = lastNew;
            this.next[before] = children[0];
        }
        this.changed(parent);
    }

    /** Takes `child` out of its parent's children (while building, the child keeps its `container`, as in Langium). */
    remove(child: number): void {
        const parent = this.parent[child];
        if (parent === NONE) return;
        let previous = NONE;
        for (let c = this.a[parent]; c !== NONE; previous = c, c = this.next[c]) {
            if (c !== child) continue;
            const next = this.next[c];
            if (previous === NONE) this.a[parent] = next;
            else this.next[previous] = next;
            if (this.lastChild[parent] === child) this.lastChild[parent] = previous;
            this.next[child] = NONE;
            this.changed(parent);
            return;
        }
    }

    /**
     * Every leaf below node `id` in document order, with its offset, length, whether it is
     * hidden and its `astNode` (Langium's: the AST node of the nearest composite node that
     * has one), without making node objects. The walk stops when `visit` returns true.
     */
    forEachLeaf(visit: (offset: number, length: number, hidden: boolean, astNode: AstNode | undefined) => boolean | void, id = 0): void {
        // An explicit stack (a leaf as its complement, ~id), as nesting has no limit.
        const stack: number[] = [this.isComposite(id) ? id : ~id];
        const owners: (AstNode | undefined)[] = [this.astNodeAt(id)];
        while (stack.length > 0) {
            const node = stack.pop()!;
            const owner = owners.pop();
            if (node < 0) {
                if (visit(this.a[~node], this.b[~node], this.isHidden(~node), owner) === true) return;
                continue;
            }
            const inherited = this.ownAstNode(node) ?? owner;
            // Children are pushed last first, so that they come off the stack in order.
            const from = stack.length;
            for (let c = this.a[node]; c !== NONE; c = this.next[c]) {
                stack.push(this.isComposite(c) ? c : ~c);
                owners.push(inherited);
            }
            reverseFrom(stack, from);
            reverseFrom(owners, from);
        }
    }

    /** Langium's `firstNonHiddenNode`: the first child that is not hidden, else the first child. */
    firstNonHidden(id: number): number {
        const first = this.a[id];
        for (let c = first; c !== NONE; c = this.next[c]) {
            if (!this.isHidden(c)) return c;
        }
        return first;
    }

    /** Langium's `lastNonHiddenNode`: the last child that is not hidden, else the last child. */
    lastNonHidden(id: number): number {
        let found = NONE;
        let last = NONE;
        for (let c = this.a[id]; c !== NONE; c = this.next[c]) {
            if (!this.isHidden(c)) found = c;
            last = c;
        }
        return found === NONE ? last : found;
    }

    offsetOf(id: number): number {
        for (;;) {
            if (!this.isComposite(id)) return this.a[id];
            id = this.firstNonHidden(id);
            if (id === NONE) return 0;
        }
    }

    endOf(id: number): number {
        for (;;) {
            if (!this.isComposite(id)) return this.a[id] + this.b[id];
            id = this.lastNonHidden(id);
            if (id === NONE) return 0;
        }
    }

    /**
     * Langium's `CstNode.range`: from the start of the first node that is not hidden to the end
     * of the last, each found the same way below it (an end before the start's line becomes the
     * start). Walked with loops, not recursion: a trigger of 20,000 `or`s is a tree that deep.
     */
    rangeOf(id: number): Range {
        if (!this.isComposite(id)) return this.leafRange(this.a[id], this.b[id]);
        const lasts: number[] = [];
        let node = id;
        while (this.isComposite(node)) {
            const last = this.lastNonHidden(node);
            if (last === NONE) break;
            lasts.push(node);
            node = last;
        }
        if (lasts.length === 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
        let end = this.isComposite(node) ? { line: 0, character: 0 } : this.leafRange(this.a[node], this.b[node]).end;
        for (let k = lasts.length - 1; k >= 0; k--) {
            const start = this.positionAt(this.offsetOf(lasts[k]));
            if (end.line < start.line) end = start;
        }
        return { start: this.positionAt(this.offsetOf(id)), end };
    }

    /** The range Chevrotain reports for a token: its end is the position after its last character. */
    private leafRange(offset: number, length: number): Range {
        const start = this.positionAt(offset);
        if (length <= 0) return { start, end: { line: start.line, character: start.character } };
        const last = this.positionAt(offset + length - 1);
        return { start, end: { line: last.line, character: last.character + 1 } };
    }

    private positionAt(offset: number): Range['start'] {
        const starts = this.lineStarts ??= computeLineStarts(this.text);
        return positionIn(starts, offset);
    }

    /** A node's children changed: drop the `content` array its object may have made. */
    private changed(id: number): void {
        if (this.contents.size > 0) this.contents.delete(id);
    }

    private grow(): void {
        const columns = this.columns!;
        columns.grow(columns.capacity * 2);
        this.use(columns);
    }

    private use(columns: Columns): void {
        this.kind = columns.kind;
        this.parentColumn = columns.parent;
        this.next = columns.next;
        this.a = columns.a;
        this.b = columns.b;
        this.lastChild = columns.last;
    }
}

/** Reverses `list` from index `from` to its end, in place (for walks that push a node's children on a stack). */
export function reverseFrom(list: unknown[], from: number): void {
    for (let i = from, j = list.length - 1; i < j; i++, j--) {
        const t = list[i];
        list[i] = list[j];
        list[j] = t;
    }
}

/** A CST node object: a view of one node of a `CstTree`. */
export abstract class CstNodeHandle {
    constructor(readonly tree: CstTree, readonly id: number) {}

    get container(): CompositeCstNodeHandle | undefined {
        const parent = this.tree.parent[this.id];
        return parent === NONE ? undefined : this.tree.node(parent) as CompositeCstNodeHandle;
    }

    get grammarSource(): GrammarAST.AbstractElement | undefined {
        return this.tree.kinds.get(this.tree.kind[this.id]).element;
    }

    get root(): RootCstNodeHandle {
        return this.tree.node(0) as RootCstNodeHandle;
    }

    get offset(): number {
        return this.tree.offsetOf(this.id);
    }

    get end(): number {
        return this.tree.endOf(this.id);
    }

    get length(): number {
        return this.end - this.offset;
    }

    get text(): string {
        return this.tree.text.substring(this.offset, this.end);
    }

    abstract get range(): Range;
    abstract get hidden(): boolean;
    abstract get astNode(): AstNode;
}

export class LeafCstNodeHandle extends CstNodeHandle implements LeafCstNode {
    get tokenType(): TokenType {
        return this.tree.kinds.get(this.tree.kind[this.id]).tokenType!;
    }

    get hidden(): boolean {
        return this.tree.isHidden(this.id);
    }

    override get offset(): number {
        return this.tree.offset(this.id);
    }

    override get length(): number {
        return this.tree.length(this.id);
    }

    override get end(): number {
        return this.tree.offset(this.id) + this.tree.length(this.id);
    }

    get range(): Range {
        return this.tree.rangeOf(this.id);
    }

    get astNode(): AstNode {
        return this.tree.astNodeAt(this.id) ?? noAstNode();
    }
}

export class CompositeCstNodeHandle extends CstNodeHandle implements CompositeCstNode {
    /** The children, made on first request (the same array after that). */
    get content(): CstNodeHandle[] {
        let content = this.tree.contents.get(this.id);
        if (!content) {
            content = this.tree.children(this.id).map(id => this.tree.node(id));
            this.tree.contents.set(this.id, content);
        }
        return content;
    }

    get hidden(): boolean {
        return false;
    }

    get astNode(): AstNode {
        return this.tree.astNodeAt(this.id) ?? noAstNode();
    }

    set astNode(value: AstNode) {
        this.tree.setAstNode(this.id, value);
    }

    /** Computed on every request (Langium caches it): cheap, and no field on every node. */
    get range(): Range {
        return this.tree.rangeOf(this.id);
    }

    get firstNonHiddenNode(): CstNodeHandle | undefined {
        const id = this.tree.firstNonHidden(this.id);
        return id === NONE ? undefined : this.tree.node(id);
    }

    get lastNonHiddenNode(): CstNodeHandle | undefined {
        const id = this.tree.lastNonHidden(this.id);
        return id === NONE ? undefined : this.tree.node(id);
    }
}

function noAstNode(): never {
    throw new Error('This node has no associated AST element');
}

export class RootCstNodeHandle extends CompositeCstNodeHandle implements RootCstNode {
    constructor(tree: CstTree) {
        super(tree, 0);
    }

    get fullText(): string {
        return this.tree.text;
    }

    override get root(): RootCstNodeHandle {
        return this;
    }
}

/**
 * Builds a tree while the parser runs, with the protocol of Langium's `CstNodeBuilder`
 * (and its exact tree): `buildRootNode`, `buildCompositeNode` per rule call that makes an
 * AST node or a value, `buildLeafNode` per consumed token, `construct` when that rule is
 * done, `addHiddenNodes` for comments. Nodes are numbers here; `tree.node(id)` makes the
 * object for one.
 */
export class CstTreeBuilder {
    tree!: CstTree;
    private stack: number[] = [];
    private readonly columns = new Columns(4096);

    constructor(private readonly kinds: CstKinds) {}

    get current(): number {
        return this.stack.length > 0 ? this.stack[this.stack.length - 1] : 0;
    }

    buildRootNode(input: string, capacity: number): CstTree {
        if (capacity > this.columns.capacity) this.columns.grow(Math.ceil(capacity));
        this.tree = new CstTree(input, this.kinds, this.columns);
        this.stack = [0];
        return this.tree;
    }

    buildCompositeNode(kind: number): number {
        const id = this.tree.add(kind, 0, 0);
        this.tree.append(this.current, id);
        this.stack.push(id);
        return id;
    }

    buildLeafNode(token: IToken, kind: number): number {
        const id = this.tree.add(kind, token.startOffset, token.image.length);
        this.tree.append(this.current, id);
        return id;
    }

    /** Wraps `id` (just constructed and removed) in a new composite node, for `{infer X.f=current}`. */
    wrapNode(kind: number, id: number): void {
        const composite = this.buildCompositeNode(kind);
        this.tree.append(composite, id);
    }

    /**
     * Comments before the token about to be consumed, or at the end of the file. As in
     * Langium: appended to the current node if it has children, else put before the
     * nearest ancestor-or-self that is not its parent's first child, else first in the root.
     */
    addHiddenNodes(tokens: readonly IToken[], from: number, to: number): void {
        const tree = this.tree;
        const nodes: number[] = [];
        for (let i = from; i < to; i++) {
            const token = tokens[i];
            nodes.push(tree.add(this.kinds.leaf(undefined, token.tokenType), token.startOffset, token.image.length));
        }
        let current = this.current;
        if (tree.first(current) !== NONE) {
            for (const node of nodes) tree.append(current, node);
            return;
        }
        while (tree.parent[current] !== NONE) {
            const parent = tree.parent[current];
            const index = tree.indexOf(parent, current);
            if (index > 0) {
                tree.insert(parent, index, nodes);
                return;
            }
            current = parent;
        }
        tree.insert(0, 0, nodes);
    }

    /** Closes the current composite node and returns it; an empty one leaves the tree. */
    construct(): number {
        const id = this.current;
        this.stack.pop();
        if (this.tree.first(id) === NONE) this.tree.remove(id);
        return id;
    }

    removeNode(id: number): void {
        this.tree.remove(id);
    }
}

/**
 * Langium's `flattenCst` below `cst` as a walk, which stops when `visit` returns true. On
 * this project's compact CST it makes no node objects (`CstTree.forEachLeaf`); Langium's
 * streams make one, and a `content` array, for every CST node they pass.
 */
export function forEachLeaf(cst: CstNode, visit: (offset: number, length: number, hidden: boolean, astNode: AstNode | undefined) => boolean | void): void {
    if (cst instanceof CstNodeHandle) {
        cst.tree.forEachLeaf(visit, cst.id);
        return;
    }
    for (const leaf of CstUtils.flattenCst(cst)) {
        if (visit(leaf.offset, leaf.length, leaf.hidden, leaf.astNode) === true) return;
    }
}
