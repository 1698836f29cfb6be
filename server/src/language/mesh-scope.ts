import type { AstNode, AstNodeDescription, LangiumDocument, LocalSymbols } from 'langium';
import { AstUtils, Cancellation, DefaultScopeComputation, MultiMap, interruptAndCheck } from 'langium';
import { isDomain, isOperation, isService, type Model } from './generated/ast.js';
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
        for (const node of AstUtils.streamAllContents(document.parseResult.value)) {
            await interruptAndCheck(cancelToken);
            if (isOperation(node) && node.name && node.$container) {
                symbols.add(node.$container, this.descriptions.createDescription(node, node.name, document));
            }
        }
        return symbols;
    }
}
