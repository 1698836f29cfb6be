import { EmptyFileSystem } from 'langium';
import type { LangiumDocument } from 'langium';
import { createMeshCoreServices } from '../server/src/language/mesh-module.js';
import { loadWorkspace, resetWorkspace, type SourceFile } from '../server/src/checker/workspace.js';
import { analyzeWorkspace, type WorkspaceResult } from '../server/src/checker/analyze.js';
import type { MeshConfig } from '../server/src/checker/config.js';
import type { MeshDiagnostic } from '../server/src/checker/diagnostic.js';
import type { Model } from '../server/src/language/generated/ast.js';

export interface Checked extends WorkspaceResult {
    documents: LangiumDocument<Model>[];
    /** The source text a diagnostic's range covers. */
    textOf(d: { uri: string; range: MeshDiagnostic['range'] }): string;
    codes(): string[];
}

let services: ReturnType<typeof createMeshCoreServices> | undefined;

/** One set of services per test file (building the parser is the slow part); each call starts from an empty workspace. */
export function freshServices(): ReturnType<typeof createMeshCoreServices> {
    services ??= createMeshCoreServices(EmptyFileSystem);
    resetWorkspace(services.shared);
    return services;
}

/** Parses, links and checks inline snippets as one workspace (`file:///w/0.mesh`, … unless the files name their URIs). */
export async function check(sources: string | readonly string[] | readonly SourceFile[], config?: MeshConfig): Promise<Checked> {
    const list = typeof sources === 'string' ? [sources] : sources;
    const { shared } = freshServices();
    const documents = await loadWorkspace(shared, list.map((file, i) => typeof file === 'string' ? { uri: `file:///w/${i}.mesh`, text: file } : file));
    const result = analyzeWorkspace(documents, config);
    const byUri = new Map(documents.map(d => [d.uri.toString(), d]));
    return {
        ...result,
        documents,
        textOf: (d) => {
            const doc = byUri.get(d.uri)!;
            return doc.textDocument.getText({ start: d.range.start, end: d.range.end });
        },
        codes: () => result.diagnostics.map(d => d.code),
    };
}

/** Parses one snippet and returns its lexer and parser errors as text. */
export async function parseErrors(text: string): Promise<string[]> {
    const { shared } = freshServices();
    const [doc] = await loadWorkspace(shared, [{ uri: 'file:///p/0.mesh', text }]);
    return [
        ...doc.parseResult.lexerErrors.map(e => `lex ${e.line}:${e.column} ${e.message}`),
        ...doc.parseResult.parserErrors.map(e => `parse ${e.token.startLine}:${e.token.startColumn} ${e.message}`),
    ];
}
