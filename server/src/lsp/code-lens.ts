import type { LangiumDocument } from 'langium';
import type { CodeLensProvider } from 'langium/lsp';
import type { CodeLens, CodeLensParams } from 'vscode-languageserver';
import type { Model } from '../language/generated/ast.js';
import * as ast from '../language/generated/ast.js';
import { elementsOf } from '../language/model-utils.js';

/** The client command that reveals an element in the architecture graph (implemented by the client). */
export const SHOW_IN_GRAPH_COMMAND = 'meshspec.showInGraph';

/** Element kinds that are vertices of the architecture graph. */
const GRAPH_ELEMENTS = (e: ast.Element): boolean =>
    ast.isService(e) || ast.isClient(e) || ast.isStore(e) || ast.isTopic(e) || ast.isDataProduct(e) || ast.isGateway(e) || ast.isSaga(e);

/** "Show in graph" above each element that the graph draws. */
export class MeshCodeLensProvider implements CodeLensProvider {
    provideCodeLens(document: LangiumDocument, _params: CodeLensParams): CodeLens[] {
        const lenses: CodeLens[] = [];
        for (const element of elementsOf(document.parseResult.value as Model)) {
            const cst = element.$cstNode;
            if (!element.name || !cst || !GRAPH_ELEMENTS(element)) continue;
            const start = cst.range.start;
            lenses.push({
                range: { start, end: start },
                command: { title: 'Show in graph', command: SHOW_IN_GRAPH_COMMAND, arguments: [element.name] },
            });
        }
        return lenses;
    }
}
