import { GrammarUtils } from 'langium';
import type { CodeAction, TextEdit } from 'vscode-languageserver';
import type { RuleId } from '../../checker/catalogue.js';
import { resolveLiteral } from '../../checker/model.js';
import { SUPPRESSION_COMMENT } from '../../checker/suppression.js';
import type { ComponentName } from '../../guarantees/index.js';
import { COMPONENTS, COMPONENT_LABELS, formatDuration } from '../../guarantees/index.js';
import * as ast from '../../language/generated/ast.js';
import { lineEndOf } from '../../language/lines.js';
import { deleteNode } from './edits.js';
import type { FixContext, QuickFix } from './fix.js';
import { action, indentationOf, insertAt, nodeAt, uriOf } from './fix.js';

/**
 * Quick fixes, found by the diagnostic's `code` (a rule id), never by its message. Each
 * reads the diagnostic's location and `data` and edits the AST's text.
 */

/**
 * `retries` on a call to a non-idempotent operation: make the operation(s) idempotent, or
 * stop retrying. `data.operations` names the offenders (`service.operation`; a call to a
 * whole service or a route can have several).
 */
const retryNonIdempotent: QuickFix = (ctx) => {
    const clause = nodeAt(ctx, ast.isCallsClause);
    if (!clause) return [];
    const actions: CodeAction[] = [];
    const ids = (ctx.diagnostic.data as { operations?: unknown } | undefined)?.operations;
    const target = clause.target.ref;
    const operations = Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string').flatMap(id => findOperation(ctx, id))
        : ast.isOperation(target) ? [target] : [];
    const changes: Record<string, TextEdit[]> = {};
    for (const operation of operations) {
        const name = operation.$cstNode && GrammarUtils.findNodeForProperty(operation.$cstNode, 'name');
        if (name) (changes[uriOf(operation)] ??= []).push(insertAt(name.range.end, ' idempotent'));
    }
    if (Object.keys(changes).length > 0) {
        const names = operations.map(qualifiedName);
        actions.push(action(names.length === 1 ? `Mark ${names[0]} idempotent` : `Mark ${names.join(', ')} idempotent`, ctx.diagnostic, changes, true));
    }
    for (const retries of clause.options.filter(ast.isRetriesClause)) {
        const deletion = deleteNode(retries);
        if (deletion) actions.push(action('Remove the retries clause', ctx.diagnostic, { [deletion.uri]: [deletion.edit] }));
    }
    return actions;
};

function qualifiedName(operation: ast.Operation): string {
    return ast.isService(operation.$container) ? `${operation.$container.name}.${operation.name}` : operation.name;
}

/** An operation by its workspace-global name `service.operation`. */
function findOperation(ctx: FixContext, id: string): ast.Operation[] {
    const found = ctx.index.allElements(ast.Operation.$type).filter(d => d.name === id).map(d => d.node).filter(ast.isOperation).head();
    return found ? [found] : [];
}

/** Preferred dedupe keys, in order, when the topic's schema has them. */
const DEDUPE_KEYS = ['event_id', 'message_id', 'id'];

/** An at-least-once consumer without dedupe: dedupe by the event's id, or declare it idempotent. */
const duplicateDelivery: QuickFix = (ctx) => {
    const clause = nodeAt(ctx, ast.isConsumesClause);
    const end = clause?.$cstNode?.range.end;
    if (!clause || !end) return [];
    const key = dedupeKey(clause.topic.ref);
    const uri = ctx.document.uri.toString();
    return [
        action(`Add 'dedupe ${key}'`, ctx.diagnostic, { [uri]: [insertAt(end, ` dedupe ${key}`)] }, true),
        action('Declare the consumer idempotent', ctx.diagnostic, { [uri]: [insertAt(end, ' idempotent')] }),
    ];
};

export function dedupeKey(topic: ast.Topic | undefined): string {
    const schema = topic?.members.find(ast.isSchemaRefClause)?.schema.ref;
    const fields = schema?.fields.map(f => f.name) ?? [];
    return DEDUPE_KEYS.find(k => fields.includes(k)) ?? fields.find(f => /event_?id$/i.test(f)) ?? 'event_id';
}

/** Operation names that undo something, most specific first. */
const COMPENSATING = [/^(cancel|refund|release|undo|revert|rollback|compensate)/i, /(cancel|refund|release|undo|revert|rollback|compensate)/i];

/** A saga step without compensation: compensate with the service's undo operation, or a stub to fill in. */
const sagaMissingCompensation: QuickFix = (ctx) => {
    const step = nodeAt(ctx, ast.isSagaStep);
    const end = step?.$cstNode?.range.end;
    if (!step || !end) return [];
    const target = step.action.ref;
    const service = ast.isOperation(target) && ast.isService(target.$container) ? target.$container : ast.isService(target) ? target : undefined;
    const serviceName = service?.name ?? step.action.$refText.split('.')[0];
    const operations = service?.members.filter(ast.isOperation).filter(o => o !== target) ?? [];
    const existing = COMPENSATING.map(p => operations.find(o => p.test(o.name))).find(o => o !== undefined);
    const uri = ctx.document.uri.toString();
    if (existing) {
        return [action(`Compensate with ${serviceName}.${existing.name}`, ctx.diagnostic, { [uri]: [insertAt(end, ` compensate ${serviceName}.${existing.name}`)] }, true)];
    }
    return [action(`Add a 'compensate ${serviceName}.TODO' stub`, ctx.diagnostic, { [uri]: [insertAt(end, ` compensate ${serviceName}.TODO`)] })];
};

/** A failing requirement: relax each failing component to what is delivered (`data.delivered`). */
const relaxRequirement: QuickFix = (ctx) => {
    const delivered = (ctx.diagnostic.data as { delivered?: Partial<Record<ComponentName, string>> } | undefined)?.delivered;
    const clause = nodeAt(ctx, ast.isRequiresClause);
    const literal = clause ? resolveLiteral(clause.vector) : undefined;
    if (!delivered || !clause || !literal || !clause.vector.$cstNode) return [];
    const failing = COMPONENTS.filter(c => typeof delivered[c] === 'string');
    if (failing.length === 0) return [];
    const uri = ctx.document.uri.toString();
    const title = `Relax the requirement to what is delivered (${failing.map(c => `${COMPONENT_LABELS[c]} ${delivered[c]}`).join(', ')})`;
    if (literal === clause.vector) {
        const edits = failing.flatMap(c => {
            const range = literal.components[COMPONENTS.indexOf(c)]?.$cstNode?.range;
            return range ? [{ range, newText: delivered[c]! }] : [];
        });
        return edits.length > 0 ? [action(title, ctx.diagnostic, { [uri]: edits }, true)] : [];
    }
    // Through a named vector: write the relaxed requirement out in place (the named vector may be shared).
    const parts = literal.components.map((component, i) => delivered[COMPONENTS[i]] ?? component.$cstNode?.text ?? component.value);
    return [action(title, ctx.diagnostic, { [uri]: [{ range: clause.vector.$cstNode.range, newText: `<${parts.join(', ')}>` }] }, true)];
};

/** A data product or domain without owner: add an owner to fill in. */
const missingOwner: QuickFix = (ctx) => {
    const uri = ctx.document.uri.toString();
    const product = nodeAt(ctx, ast.isDataProduct);
    if (product?.$cstNode) {
        const open = GrammarUtils.findNodeForKeyword(product.$cstNode, '{');
        if (!open) return [];
        const first = product.members[0]?.$cstNode;
        const text = first && first.range.start.line === open.range.start.line
            ? ' owner "TODO-team"'
            : `${lineEndOf(ctx.document.textDocument.getText())}${first ? indentationOf(ctx.document, first.range.start.line) : indentationOf(ctx.document, open.range.start.line) + '  '}owner "TODO-team"`;
        return [action('Add owner "TODO-team"', ctx.diagnostic, { [uri]: [insertAt(open.range.end, text)] }, true)];
    }
    const domain = nodeAt(ctx, ast.isDomain);
    const name = domain?.$cstNode && GrammarUtils.findNodeForProperty(domain.$cstNode, 'name');
    if (!name) return [];
    return [action('Add owner "TODO-team"', ctx.diagnostic, { [uri]: [insertAt(name.range.end, ' owner "TODO-team"')] }, true)];
};

/** A name that resolves to nothing, close to one that does: use that one. */
const unresolvedReference: QuickFix = (ctx) => changeToSuggestion(ctx, true);

/** "Change to '<suggestion>'" for a diagnostic whose `data.suggestion` names what was probably meant, replacing its range. */
function changeToSuggestion(ctx: FixContext, preferred: boolean): CodeAction[] {
    const suggestion = (ctx.diagnostic.data as { suggestion?: unknown } | undefined)?.suggestion;
    if (typeof suggestion !== 'string' || suggestion === '') return [];
    return [action(`Change to '${suggestion}'`, ctx.diagnostic, { [ctx.document.uri.toString()]: [{ range: ctx.diagnostic.range, newText: suggestion }] }, preferred)];
}

/**
 * A suppression that suppresses nothing: remove it (the id, or the whole comment); an id
 * that is no rule id but close to one (`data.suggestion`): use that one.
 */
const unusedSuppression: QuickFix = (ctx) => {
    const { range } = ctx.diagnostic;
    const text = ctx.document.textDocument;
    const line = text.getText({ start: { line: range.start.line, character: 0 }, end: { line: range.start.line + 1, character: 0 } }).replace(/\r?\n$/, '');
    // The suppression this diagnostic is about: the one whose text holds its range.
    const comment = [...line.matchAll(new RegExp(SUPPRESSION_COMMENT.source, 'g'))]
        .find(m => m.index <= range.start.character && range.start.character <= m.index + m[0].length);
    if (!comment) return [];
    const ids = comment[2]?.split(/\s*,\s*/) ?? [];
    const uri = ctx.document.uri.toString();
    const rename = changeToSuggestion(ctx, true);
    if (ids.length <= 1) {
        const before = line.slice(0, comment.index);
        const whole = before.trim() === '';
        const edit = whole
            ? { range: { start: { line: range.start.line, character: 0 }, end: { line: range.start.line + 1, character: 0 } }, newText: '' }
            : { range: { start: { line: range.start.line, character: before.trimEnd().length }, end: { line: range.start.line, character: line.length } }, newText: '' };
        return [...rename, action('Remove the unused suppression comment', ctx.diagnostic, { [uri]: [edit] }, rename.length === 0)];
    }
    // Several ids: drop this one and its comma.
    let start = range.start.character;
    let end = range.end.character;
    const after = /^\s*,\s*/.exec(line.slice(end));
    if (after) end += after[0].length;
    else {
        const before = /\s*,\s*$/.exec(line.slice(0, start));
        if (before) start -= before[0].length;
    }
    return [...rename, action('Remove the unused id from the suppression', ctx.diagnostic, { [uri]: [{ range: { start: { line: range.start.line, character: start }, end: { line: range.start.line, character: end } }, newText: '' }] }, rename.length === 0)];
};

/** A call's (or a route's) timeout below the callee's end-to-end p99: raise it to that p99 (`data.p99Ms`). */
const timeoutBelowLatency: QuickFix = (ctx) => {
    const p99Ms = (ctx.diagnostic.data as { p99Ms?: unknown } | undefined)?.p99Ms;
    if (typeof p99Ms !== 'number' || !Number.isFinite(p99Ms) || p99Ms <= 0) return [];
    const p99 = formatDuration(p99Ms);
    return [action(`Set timeout to p99 (${p99})`, ctx.diagnostic, { [ctx.document.uri.toString()]: [{ range: ctx.diagnostic.range, newText: p99 }] }, true)];
};

export const QUICK_FIXES: Partial<Record<RuleId, QuickFix>> = {
    'timeout-below-latency': timeoutBelowLatency,
    'retry-non-idempotent': retryNonIdempotent,
    'duplicate-delivery': duplicateDelivery,
    'saga-missing-compensation': sagaMissingCompensation,
    'requirement-unsatisfied': relaxRequirement,
    'mode-requirement-unsatisfied': relaxRequirement,
    'missing-owner': missingOwner,
    'unresolved-reference': unresolvedReference,
    'unused-suppression': unusedSuppression,
};

/** Rules whose diagnostics cannot be suppressed by a comment (or where that makes no sense). */
const NOT_SUPPRESSIBLE: ReadonlySet<string> = new Set(['syntax', 'unused-suppression']);

/** "Disable <id> for this line": a `// mesh-disable-next-line <id>` above, indented like the line. */
export function disableForLine(ctx: FixContext, code: string): CodeAction | undefined {
    if (NOT_SUPPRESSIBLE.has(code)) return undefined;
    const line = ctx.diagnostic.range.start.line;
    const text = ctx.document.textDocument;
    const uri = ctx.document.uri.toString();
    const title = `Disable ${code} for this line`;
    if (line > 0) {
        const previous = text.getText({ start: { line: line - 1, character: 0 }, end: { line, character: 0 } }).replace(/\r?\n$/, '');
        const existing = /^(\s*)\/\/\s*mesh-disable-next-line\s+([A-Za-z0-9_-]+(?:\s*,\s*[A-Za-z0-9_-]+)*)\s*$/.exec(previous);
        if (existing) {
            if (existing[2].split(/\s*,\s*/).includes(code)) return undefined;
            const end = previous.trimEnd().length;
            return action(title, ctx.diagnostic, { [uri]: [insertAt({ line: line - 1, character: end }, `, ${code}`)] });
        }
    }
    return action(title, ctx.diagnostic, { [uri]: [insertAt({ line, character: 0 }, `${indentationOf(ctx.document, line)}// mesh-disable-next-line ${code}${lineEndOf(text.getText())}`)] });
}

