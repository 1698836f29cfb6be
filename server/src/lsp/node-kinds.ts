import type { AstNode, AstNodeDescription } from 'langium';
import type { NodeKindProvider } from 'langium/lsp';
import { CompletionItemKind, SymbolKind } from 'vscode-languageserver';

const SYMBOLS: Record<string, SymbolKind> = {
    Domain: SymbolKind.Namespace,
    Service: SymbolKind.Class,
    Client: SymbolKind.Class,
    Gateway: SymbolKind.Interface,
    Operation: SymbolKind.Method,
    Store: SymbolKind.Struct,
    Topic: SymbolKind.Event,
    DataProduct: SymbolKind.Struct,
    Saga: SymbolKind.Function,
    Schema: SymbolKind.TypeParameter,
    ServiceMesh: SymbolKind.Module,
    Policy: SymbolKind.Key,
    NamedGuarantee: SymbolKind.Constant,
};

const COMPLETIONS: Record<string, CompletionItemKind> = {
    Domain: CompletionItemKind.Module,
    Service: CompletionItemKind.Class,
    Client: CompletionItemKind.Class,
    Gateway: CompletionItemKind.Interface,
    Operation: CompletionItemKind.Method,
    Store: CompletionItemKind.Struct,
    Topic: CompletionItemKind.Event,
    DataProduct: CompletionItemKind.Struct,
    Saga: CompletionItemKind.Function,
    Schema: CompletionItemKind.TypeParameter,
    ServiceMesh: CompletionItemKind.Module,
    Policy: CompletionItemKind.Reference,
    NamedGuarantee: CompletionItemKind.Constant,
};

/** Symbol and completion kinds per element kind (outline, workspace symbols, completion icons). */
export class MeshNodeKindProvider implements NodeKindProvider {
    getSymbolKind(node: AstNode | AstNodeDescription): SymbolKind {
        return SYMBOLS[typeOf(node)] ?? SymbolKind.Field;
    }

    getCompletionItemKind(node: AstNode | AstNodeDescription): CompletionItemKind {
        return COMPLETIONS[typeOf(node)] ?? CompletionItemKind.Reference;
    }
}

function typeOf(node: AstNode | AstNodeDescription): string {
    return '$type' in node ? node.$type : node.type;
}
