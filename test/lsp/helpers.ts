import type { FileSystemNode, FileSystemProvider, LangiumDocument } from 'langium';
import { URI } from 'langium';
import { setTextDocument } from 'langium/test';
import type { Diagnostic, InitializeParams, Position, Range } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Model } from '../../server/src/language/generated/ast.js';
import { createMeshLspServices, type MeshLspServices, type MeshSharedServices } from '../../server/src/lsp/mesh-lsp-module.js';

/**
 * In-process harness for LSP features: inline `.mesh` snippets as one workspace, with
 * markers that are removed before parsing:
 * - `<|>` a cursor (at most one per file);
 * - `[[` … `]]` a range (any number per file, in order).
 * Files are `file:///w/<name>`; the folder `file:///w` is the workspace root, and files whose
 * name does not end in `.mesh` (e.g. `meshspec.json`) are served by an in-memory file system.
 */
export interface MarkedFile {
    uri: string;
    text: string;
    cursor?: number;
    ranges: { start: number; end: number }[];
}

export interface Workspace {
    shared: MeshSharedServices;
    Mesh: MeshLspServices;
    files: Map<string, MarkedFile>;
    documents: Map<string, LangiumDocument<Model>>;
    doc(name: string): LangiumDocument<Model>;
    /** The cursor of a file as an LSP position. */
    cursor(name: string): Position;
    range(name: string, index?: number): Range;
    diagnostics(name: string): Diagnostic[];
    /** Replaces a file's text (markers allowed) and rebuilds like an editor change would. */
    edit(name: string, text: string): Promise<void>;
    textOf(name: string, range: Range): string;
}

export const ROOT_URI = 'file:///w';

export function parseMarkers(marked: string): { text: string; cursor?: number; ranges: { start: number; end: number }[] } {
    let text = '';
    let cursor: number | undefined;
    const ranges: { start: number; end: number }[] = [];
    const open: number[] = [];
    for (let i = 0; i < marked.length;) {
        if (marked.startsWith('<|>', i)) { cursor = text.length; i += 3; continue; }
        if (marked.startsWith('[[', i)) { open.push(text.length); i += 2; continue; }
        if (marked.startsWith(']]', i)) { ranges.push({ start: open.pop()!, end: text.length }); i += 2; continue; }
        text += marked[i++];
    }
    ranges.sort((a, b) => a.start - b.start);
    return { text, cursor, ranges };
}

class MemoryFileSystem implements FileSystemProvider {
    constructor(private readonly files: Map<string, string>) {}
    private node(uri: URI): FileSystemNode { return { isFile: this.files.has(uri.toString()), isDirectory: false, uri }; }
    async stat(uri: URI) { return this.node(uri); }
    statSync(uri: URI) { return this.node(uri); }
    async exists(uri: URI) { return this.files.has(uri.toString()); }
    existsSync(uri: URI) { return this.files.has(uri.toString()); }
    async readBinary(uri: URI) { return new TextEncoder().encode(this.readFileSync(uri)); }
    readBinarySync(uri: URI) { return new TextEncoder().encode(this.readFileSync(uri)); }
    async readFile(uri: URI) { return this.readFileSync(uri); }
    readFileSync(uri: URI) {
        const text = this.files.get(uri.toString());
        if (text === undefined) throw new Error(`ENOENT: ${uri.toString()}`);
        return text;
    }
    async readDirectory() { return []; }
    readDirectorySync() { return []; }
}

/** Builds a workspace of snippets: `{ 'a.mesh': '…', 'b.mesh': '…' }` or a list (named 0.mesh, 1.mesh…). */
export async function workspace(sources: Record<string, string> | string[] | string): Promise<Workspace> {
    const entries = typeof sources === 'string' ? [['0.mesh', sources]] as [string, string][]
        : Array.isArray(sources) ? sources.map((s, i) => [`${i}.mesh`, s] as [string, string]) : Object.entries(sources);
    const memory = new Map<string, string>();
    const files = new Map<string, MarkedFile>();
    for (const [name, marked] of entries) {
        const uri = `${ROOT_URI}/${name}`;
        const parsed = parseMarkers(marked);
        files.set(name, { uri, ...parsed });
        memory.set(URI.parse(uri).toString(), parsed.text);
    }
    const { shared, Mesh } = createMeshLspServices({ fileSystemProvider: () => new MemoryFileSystem(memory) });
    shared.workspace.WorkspaceManager.initialize({ workspaceFolders: [{ uri: ROOT_URI, name: 'w' }], capabilities: {}, processId: null, rootUri: ROOT_URI } as InitializeParams);
    const documents = new Map<string, LangiumDocument<Model>>();
    for (const [name, file] of files) {
        if (!name.endsWith('.mesh')) continue;
        const doc = shared.workspace.LangiumDocumentFactory.fromString<Model>(file.text, URI.parse(file.uri));
        shared.workspace.LangiumDocuments.addDocument(doc);
        documents.set(name, doc);
    }
    await shared.workspace.DocumentBuilder.build([...documents.values()], { validation: true });

    const ws: Workspace = {
        shared,
        Mesh,
        files,
        documents,
        doc(name) {
            const d = documents.get(name);
            if (!d) throw new Error(`no document ${name}`);
            return d;
        },
        cursor(name) {
            const file = files.get(name)!;
            if (file.cursor === undefined) throw new Error(`no cursor in ${name}`);
            return ws.doc(name).textDocument.positionAt(file.cursor);
        },
        range(name, index = 0) {
            const r = files.get(name)!.ranges[index];
            if (!r) throw new Error(`no range #${index} in ${name}`);
            const text = ws.doc(name).textDocument;
            return { start: text.positionAt(r.start), end: text.positionAt(r.end) };
        },
        diagnostics(name) {
            return ws.doc(name).diagnostics ?? [];
        },
        async edit(name, marked) {
            const file = files.get(name)!;
            const parsed = parseMarkers(marked);
            Object.assign(file, parsed);
            const old = documents.get(name)!;
            memory.set(old.uri.toString(), parsed.text);
            setTextDocument(shared, TextDocument.create(file.uri, 'mesh', old.textDocument.version + 1, parsed.text));
            await shared.workspace.DocumentBuilder.update([old.uri], []);
        },
        textOf(name, range) {
            return ws.doc(name).textDocument.getText(range);
        },
    };
    return ws;
}

/** The position of the first occurrence of `needle` in a file (plus `delta` characters). */
export function positionOf(ws: Workspace, name: string, needle: string, delta = 0): Position {
    const text = ws.doc(name).textDocument.getText();
    const at = text.indexOf(needle);
    if (at < 0) throw new Error(`'${needle}' not found in ${name}`);
    return ws.doc(name).textDocument.positionAt(at + delta);
}

/** Applies LSP text edits to a text. */
export function applyTextEdits(text: string, edits: readonly { range: Range; newText: string }[]): string {
    const doc = TextDocument.create('file:///x', 'mesh', 1, text);
    return TextDocument.applyEdits(doc, [...edits]);
}

export function hoverText(hover: { contents: unknown } | undefined | null): string {
    if (!hover) return '';
    const c = hover.contents as { value?: string } | string;
    return typeof c === 'string' ? c : c.value ?? '';
}
