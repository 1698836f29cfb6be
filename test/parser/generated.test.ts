import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('generated parser', () => {
    it('is up to date with grammar/mesh.langium (run `npm run langium:generate` if this fails)', () => {
        const dir = mkdtempSync(join(tmpdir(), 'mesh-gen-'));
        const config = JSON.parse(readFileSync(join(root, 'langium-config.json'), 'utf8'));
        config.languages[0].grammar = join(root, config.languages[0].grammar);
        config.languages[0].textMate.out = join(dir, 'mesh.tmLanguage.json');
        config.out = join(dir, 'generated');
        writeFileSync(join(dir, 'langium-config.json'), JSON.stringify(config));
        execFileSync(process.execPath, [
            '--import', join(root, 'scripts/load-polyfill.mjs'),
            join(root, 'node_modules/langium-cli/bin/langium.js'), 'generate', '--file', join(dir, 'langium-config.json'),
        ], { cwd: dir, stdio: 'pipe' });
        for (const file of ['ast.ts', 'grammar.ts', 'module.ts']) {
            expect(readFileSync(join(dir, 'generated', file), 'utf8'), file)
                .toBe(readFileSync(join(root, 'server/src/language/generated', file), 'utf8'));
        }
        expect(readFileSync(join(dir, 'mesh.tmLanguage.json'), 'utf8')).toBe(readFileSync(join(root, 'client/syntaxes/mesh.tmLanguage.json'), 'utf8'));
    });
});
