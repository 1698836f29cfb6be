import type { AstNode } from 'langium';
import { EmptyFileSystem } from 'langium';
import { createMeshCoreServices } from '../../server/src/language/mesh-module.js';
import type { Model } from '../../server/src/language/generated/ast.js';

const { Mesh } = createMeshCoreServices(EmptyFileSystem);

export function parse(text: string) {
    return Mesh.parser.LangiumParser.parse<Model>(text);
}

/** The AST as plain data without positions or CST: `$type`, properties, references by text. */
export function astShape(node: unknown): unknown {
    if (Array.isArray(node)) return node.map(astShape);
    if (node === null || typeof node !== 'object') return node;
    if ('$refText' in node) return { $ref: (node as { $refText: string }).$refText };
    const result: Record<string, unknown> = { $type: (node as AstNode).$type };
    for (const [key, value] of Object.entries(node)) {
        if (key.startsWith('$')) continue;
        result[key] = astShape(value);
    }
    return result;
}

/** Comment tokens of a text, in order. */
export function comments(text: string): string[] {
    const lexed = Mesh.parser.Lexer.tokenize(text);
    return (lexed.hidden ?? []).map(t => t.image);
}

export function tokens(text: string): string[] {
    return Mesh.parser.Lexer.tokenize(text).tokens.map(t => t.image);
}

/** Every token of a text, comments included, in order, with its kind. */
export function allTokens(text: string): { image: string; comment: 'line' | 'block' | undefined }[] {
    const lexed = Mesh.parser.Lexer.tokenize(text);
    return [...lexed.tokens, ...(lexed.hidden ?? [])].sort((a, b) => a.startOffset - b.startOffset).map(t => ({
        image: t.image,
        comment: t.tokenType.name === 'SL_COMMENT' ? 'line' : t.tokenType.name === 'ML_COMMENT' ? 'block' : undefined,
    }));
}
