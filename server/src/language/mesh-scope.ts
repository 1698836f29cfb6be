import type { AstNode, AstNodeDescription, LangiumDocument, LocalSymbols, ReferenceInfo, Scope } from 'langium';
import { AstUtils, Cancellation, DefaultScopeComputation, DefaultScopeProvider, MultiMap, MultiMapScope, interruptAndCheck } from 'langium';
import { compareCodeUnits } from './compare.js';
import { Operation, isDomain, isOperation, isService, type Model } from './generated/ast.js';
import { elementsOf } from './model-utils.js';

/**
 * Every top-level element and domain is workspace-global (LANGUAGE.md §2), wherever it
 * sits; operations are exported as `service.operation` so qualified references resolve
 * through the global index. Inside a service its own operations are also visible by
 * their short name.
 */
export class MeshScopeComputation extends DefaultScopeComputation {
    override async collectExportedSymbols(document: LangiumDocument, cancelToken = Cancellation.CancellationToken.None): Promise<AstNodeDescription[]> {
        const exports: AstNodeDescription[] = [];
        const model = document.parseResult.value as Model;
        for (const item of model.items) {
            await interruptAndCheck(cancelToken);
            if (isDomain(item) && item.name) {
                exports.push(this.descriptions.createDescription(item, item.name, document));
            }
        }
        for (const element of elementsOf(model)) {
            if (!element.name) continue;
            exports.push(this.descriptions.createDescription(element, element.name, document));
            if (isService(element)) {
                for (const member of element.members) {
                    if (isOperation(member) && member.name) {
                        exports.push(this.descriptions.createDescription(member, `${element.name}.${member.name}`, document));
                    }
                }
            }
        }
        return exports;
    }

    override async collectLocalSymbols(document: LangiumDocument, cancelToken = Cancellation.CancellationToken.None): Promise<LocalSymbols> {
        const symbols = new MultiMap<AstNode, AstNodeDescription>();
        await interruptAndCheck(cancelToken);
        // Only operations are local (to their service); visiting just the services keeps this
        // proportional to the number of elements, not to the size of the whole AST.
        for (const element of elementsOf(document.parseResult.value as Model)) {
            if (!isService(element)) continue;
            for (const member of element.members) {
                if (isOperation(member) && member.name) {
                    symbols.add(element, this.descriptions.createDescription(member, member.name, document));
                }
            }
        }
        return symbols;
    }
}

/**
 * Names are global (§2), so a reference's scope is the cached global scope of its type;
 * inside a service, that service's operations are also visible by short name. This skips
 * the default provider's walk over every container of every reference.
 */
export class MeshScopeProvider extends DefaultScopeProvider {
    /**
     * The global scope of a type, its symbols in the order of their documents' URIs (and
     * in a document, in order of declaration). A duplicated name is an error
     * (`duplicate-name`), but its references must still resolve the same way whatever the
     * history: the index keeps documents in the order they were last re-indexed, so an
     * edit of one file would otherwise move its declarations behind every other file's,
     * and the language server would resolve differently from a fresh check.
     */
    protected override getGlobalScope(referenceType: string, _context: ReferenceInfo): Scope {
        return this.globalScopeCache.get(referenceType, () => new MultiMapScope(inDocumentOrder(this.indexManager.allElements(referenceType))));
    }

    override getScope(context: ReferenceInfo): Scope {
        const referenceType = this.reflection.getReferenceType(context);
        const global = this.getGlobalScope(referenceType, context);
        if (!this.reflection.isSubtype(Operation.$type, referenceType)) return global;
        const service = AstUtils.getContainerOfType(context.container, isService);
        const local = service ? AstUtils.getDocument(service).localSymbols?.getStream(service) : undefined;
        if (!local) return global;
        return this.createScope(local, global);
    }
}

/** Descriptions grouped by document, the documents in URI order (one pass, then a sort of the URIs). */
function inDocumentOrder(descriptions: Iterable<AstNodeDescription>): AstNodeDescription[] {
    const byDocument = new Map<string, AstNodeDescription[]>();
    for (const description of descriptions) {
        const uri = description.documentUri.toString();
        const list = byDocument.get(uri);
        if (list) list.push(description);
        else byDocument.set(uri, [description]);
    }
    const uris = [...byDocument.keys()].sort(compareCodeUnits);
    return uris.flatMap(uri => byDocument.get(uri)!);
}
