import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RULES, RULE_IDS, ruleDocUrl } from '../../server/src/checker/catalogue.js';
import { parseConfig } from '../../server/src/checker/config.js';

// The extension's manifest (package.json `contributes`) against the code and files it names.
const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const contributes = pkg.contributes;
const file = (relative: string): string => join(root, relative);

/** `key: 'meshspec.x'` entries of the command-id maps in client/src (COMMANDS, GRAPH_COMMANDS). */
function commandIdsInCode(): string[] {
    const dir = file('client/src');
    return readdirSync(dir).filter(f => f.endsWith('.ts')).flatMap(f => {
        const text = readFileSync(join(dir, f), 'utf8');
        const maps = [...text.matchAll(/export const \w*COMMANDS = \{([^}]*)\}/g)].map(m => m[1]);
        return maps.flatMap(body => [...body.matchAll(/\w+: '(meshspec\.[A-Za-z]+)'/g)].map(m => m[1]));
    });
}

describe('package.json contributes', () => {
    it('declares exactly the commands the extension registers, all in category Meshspec', () => {
        const declared = contributes.commands.map((c: { command: string }) => c.command).sort();
        expect(declared).toEqual(commandIdsInCode().sort());
        for (const c of contributes.commands) expect(c.category).toBe('Meshspec');
        const titles = contributes.commands.map((c: { title: string }) => c.title);
        expect(titles).toContain('Open Architecture Graph');
    });

    it('names files that exist', () => {
        const language = contributes.languages.find((l: { id: string }) => l.id === 'mesh');
        const paths = [
            language.configuration, language.icon.light, language.icon.dark,
            ...contributes.grammars.map((g: { path: string }) => g.path),
            ...contributes.snippets.map((s: { path: string }) => s.path),
            pkg.icon,
        ];
        expect(paths.filter(p => !existsSync(file(p)))).toEqual([]);
        expect(contributes.grammars[0].scopeName).toBe(JSON.parse(readFileSync(file(contributes.grammars[0].path), 'utf8')).scopeName);
    });

    it('has a 128×128 PNG icon', () => {
        const png = readFileSync(file(pkg.icon));
        expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
        expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([128, 128]);
    });

    it('activates on .mesh files and restores the graph panel', () => {
        expect(pkg.activationEvents).toEqual(expect.arrayContaining(['onLanguage:mesh', 'workspaceContains:**/*.mesh', 'onWebviewPanel:meshspec.graph']));
        expect(pkg.main).toBe('./out/extension.cjs');
    });

    describe('meshspec.rules setting', () => {
        const setting = contributes.configuration.properties['meshspec.rules'];

        it('documents every rule id of the catalogue, with its default and its docs page', () => {
            expect(Object.keys(setting.properties).sort()).toEqual([...RULE_IDS].sort());
            for (const id of RULE_IDS) {
                const text: string = setting.properties[id].markdownDescription;
                expect(text.startsWith(RULES[id].description), id).toBe(true);
                expect(text).toContain(`Default: \`${RULES[id].severity}\``);
                expect(text).toContain(ruleDocUrl(id));
            }
        });

        it('accepts in its schema exactly the rule ids the checker accepts', () => {
            expect(setting.additionalProperties).toBe(false);
            const [pattern] = Object.keys(setting.patternProperties);
            const re = new RegExp(pattern);
            for (const id of RULE_IDS) expect(re.test(id), id).toBe(true);
            expect(re.test('no-such-rule')).toBe(false);
            expect(re.test(`x${RULE_IDS[0]}`)).toBe(false);
        });

        it('offers the severities the checker accepts', () => {
            const severity = setting.patternProperties[Object.keys(setting.patternProperties)[0]].oneOf[0];
            for (const s of severity.enum) expect(parseConfig({ 'untraced-hop': s }, 'x', true).ok, s).toBe(true);
            expect(parseConfig({ 'untraced-hop': 'fatal' }, 'x', true).ok).toBe(false);
            expect(parseConfig({ 'sync-chain-depth': ['warning', { max: 4 }] }, 'x', true).ok).toBe(true);
        });
    });

    it('declares meshspec.trace.server for vscode-languageclient (client id meshspec)', () => {
        expect(contributes.configuration.properties['meshspec.trace.server'].enum).toEqual(['off', 'messages', 'verbose']);
        expect(readFileSync(file('client/src/language-client.ts'), 'utf8')).toContain("CLIENT_ID = 'meshspec'");
    });
});

describe('language configuration', () => {
    const config = JSON.parse(readFileSync(file('client/language-configuration.json'), 'utf8'));

    it('knows both comment styles and the seed\'s vector brackets', () => {
        expect(config.comments).toEqual({ lineComment: '//', blockComment: ['/*', '*/'] });
        expect(config.brackets).toContainEqual(['⟨', '⟩']);
        expect(config.autoClosingPairs).toContainEqual({ open: '⟨', close: '⟩' });
    });

    it('keeps < > out of bracket matching (they are also comparisons and arrows)', () => {
        expect(config.brackets).not.toContainEqual(['<', '>']);
        expect(config.autoClosingPairs.map((p: { open: string }) => p.open)).not.toContain('<');
    });

    it('treats hyphenated names, durations and percents as one word, and splits a->b', () => {
        const word = new RegExp(config.wordPattern, 'g');
        const words = (text: string): string[] => text.match(word) ?? [];
        expect(words('calls orders-api.placeOrder timeout 250ms')).toEqual(['calls', 'orders-api', 'placeOrder', 'timeout', '250ms']);
        expect(words('allow a->b')).toEqual(['allow', 'a', 'b']);
        expect(words('completeness 99.9%')).toEqual(['completeness', '99.9%']);
    });
});
