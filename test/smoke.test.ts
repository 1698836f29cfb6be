import { describe, expect, it } from 'vitest';
import { EmptyFileSystem } from 'langium';
import { parseHelper } from 'langium/test';
import { createMeshCoreServices } from '../server/src/language/mesh-module.js';
import type { Model } from '../server/src/language/generated/ast.js';
import { readFileSync } from 'node:fs';

describe('smoke', () => {
    it('parses the LANGUAGE.md example', async () => {
        const { Mesh } = createMeshCoreServices(EmptyFileSystem);
        const parse = parseHelper<Model>(Mesh);
        const md = readFileSync('../shared/LANGUAGE.md', 'utf8');
        const code = md.split('```mesh')[1].split('```')[0].replace(/\{ … \}/g, '{ }');
        const doc = await parse(code);
        const errs = [...doc.parseResult.lexerErrors.map(e => `L ${e.line}:${e.column} ${e.message}`), ...doc.parseResult.parserErrors.map(e => `P ${e.token.startLine}:${e.token.startColumn} ${e.message}`)];
        console.log(errs.join('\n'));
        expect(errs).toEqual([]);
    });
});
