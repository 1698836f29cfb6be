import type { AstNode, AstNodeDescription, LangiumDocument, LocalSymbols, ReferenceInfo, Scope, Stream } from 'langium';
import { AstUtils, Cancellation, DefaultScopeComputation, DefaultScopeProvider, EMPTY_SCOPE, MultiMap, interruptAndCheck, stream } from 'langium';
import type { MeshIndexManager } from './mesh-index.js';
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
        return this.globalScopeCache.get(referenceType, () => this.currentGlobalScope(referenceType));
    }

    /** The global scope of each type, kept across builds by `currentGlobalScope`. */
    private readonly globalScopes = new Map<string, GlobalScope>();

    /**
     * The global scope of a type for the index as it is now. The last one is brought up to
     * date when it can be: after most edits only the edited document was indexed again, with
     * the same names, and only its descriptions change. Otherwise it is built again.
     */
    private currentGlobalScope(type: string): Scope {
        const index = this.indexManager as MeshIndexManager;
        const uris = [...index.documentUris()].sort(compareCodeUnits);
        const last = this.globalScopes.get(type);
        if (last && last.update(uris, uri => index.exportsOf(uri, type))) return last;
        const scope = new GlobalScope(uris.map(uri => ({ uri, exports: index.exportsOf(uri, type) })));
        this.globalScopes.set(type, scope);
        return scope;
    }

    override getScope(context: ReferenceInfo): Scope {
        // Completion after a syntax error may ask about a property that is no reference (the
        // recovered node at the cursor is of another kind): nothing is in scope there.
        if (!this.reflection.getTypeMetaData(context.container.$type)?.properties[context.property]?.referenceType) return EMPTY_SCOPE;
        const referenceType = this.reflection.getReferenceType(context);
        const global = this.getGlobalScope(referenceType, context);
        if (!this.reflection.isSubtype(Operation.$type, referenceType)) return global;
        const service = AstUtils.getContainerOfType(context.container, isService);
        const local = service ? AstUtils.getDocument(service).localSymbols?.getStream(service) : undefined;
        if (!local) return global;
        return this.createScope(local, global);
    }
}

/**
 * The exports of every document (in URI order, each in declaration order) by name: the
 * first description of a name is the one a reference resolves to.
 */
class GlobalScope implements Scope {
    private readonly byName = new Map<string, AstNodeDescription[]>();

    constructor(private readonly parts: { uri: string; exports: readonly AstNodeDescription[] }[]) {
        for (const part of parts) {
            for (const description of part.exports) {
                const list = this.byName.get(description.name);
                if (list) list.push(description);
                else this.byName.set(description.name, [description]);
            }
        }
    }

    getElement(name: string): AstNodeDescription | undefined {
        return this.byName.get(name)?.[0];
    }

    getElements(name: string): Stream<AstNodeDescription> {
        return stream(this.byName.get(name) ?? []);
    }

    getAllElements(): Stream<AstNodeDescription> {
        return stream(this.parts).flatMap(part => part.exports);
    }

    /**
     * Brings the scope up to date with the documents `uris` and their exports: possible when
     * the documents are the same and each one's exports are the same array or the same names
     * in the same order (then its new descriptions take the old ones' places). Whether it did;
     * if not, the scope is left part-way and must be dropped.
     */
    update(uris: readonly string[], exportsOf: (uri: string) => readonly AstNodeDescription[]): boolean {
        if (uris.length !== this.parts.length || this.parts.some((part, i) => part.uri !== uris[i])) return false;
        for (const part of this.parts) {
            const exports = exportsOf(part.uri);
            if (exports === part.exports) continue;
            if (exports.length !== part.exports.length || exports.some((d, i) => d.name !== part.exports[i].name)) return false;
            part.exports.forEach((old, i) => {
                const list = this.byName.get(old.name)!;
                list[list.indexOf(old)] = exports[i];
            });
            part.exports = exports;
        }
        return true;
    }
}
