import type { AstNode, Properties } from 'langium';
import { AstUtils, getDiagnosticRange } from 'langium';
import { CstNodeHandle } from '../language/parser/cst.js';
import type { RuleId, RuleParams } from './catalogue.js';
import { RULES, formatMessage } from './catalogue.js';
import type { MeshDiagnostic, RelatedInfo, SourceRange } from './diagnostic.js';

/** Where a diagnostic points: an AST node, optionally one of its properties (and index). */
export interface NodeTarget<N extends AstNode = AstNode> {
    node: N;
    property?: Properties<N>;
    index?: number;
}

export interface RelatedTarget extends NodeTarget {
    message: string;
}

export function uriOf(node: AstNode): string {
    return AstUtils.getDocument(node).uri.toString();
}

export function rangeOf(target: NodeTarget): SourceRange {
    const cst = target.node.$cstNode;
    // The parser's own CST finds it without making node objects for what it passes over.
    if (cst instanceof CstNodeHandle) return cst.tree.diagnosticRange(cst.id, target.property as string | undefined, target.index);
    return getDiagnosticRange({ node: target.node, property: target.property as never, index: target.index });
}

export function related(target: RelatedTarget): RelatedInfo {
    return { uri: uriOf(target.node), range: rangeOf(target), message: target.message };
}

/** Collects diagnostics; the only way checker code produces one. */
export class Reporter {
    /** `diagnostics`: the list to add to (a new one by default). */
    constructor(readonly diagnostics: MeshDiagnostic[] = []) {}

    report<K extends RuleId>(id: K, params: RuleParams<K>, target: NodeTarget, options: { related?: RelatedTarget[]; data?: Record<string, unknown>; severity?: MeshDiagnostic['severity']; until?: NodeTarget } = {}): void {
        const range = { ...rangeOf(target) };
        // `until`: the range runs on to the end of a second target (e.g. a whole list).
        if (options.until) range.end = rangeOf(options.until).end;
        this.diagnostics.push({
            uri: uriOf(target.node),
            range,
            severity: options.severity ?? RULES[id].severity,
            code: id,
            message: formatMessage(id, params),
            related: (options.related ?? []).map(related),
            data: options.data,
        });
    }

    /** For diagnostics located by raw range (parser and lexer errors). */
    reportAt<K extends RuleId>(id: K, params: RuleParams<K>, uri: string, range: SourceRange): void {
        this.diagnostics.push({ uri, range, severity: RULES[id].severity, code: id, message: formatMessage(id, params), related: [] });
    }
}
