import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { check } from '../helpers.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README', () => {
    it('starts with the install-and-check command and the test command', () => {
        const firstBlock = readme.split('```sh')[1].split('```')[0];
        expect(firstBlock).toContain('npm install && npx meshspec check samples');
        expect(firstBlock).toContain('npm test');
    });

    it('shows the diagnostic its example really produces', async () => {
        const example = readme.split('```mesh')[1].split('```')[0];
        const shown = readme.split('```text')[1].split('```')[0];
        const result = await check(example);
        expect(result.diagnostics).toHaveLength(1);
        const [d] = result.diagnostics;
        expect(shown).toContain(`example.mesh:${d.range.start.line + 1}:${d.range.start.character + 1}  ${d.severity}  ${d.message}  [${d.code}]`);
    });
});
