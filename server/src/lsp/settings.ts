import type { FileSystemProvider } from 'langium';
import { DefaultConfigurationProvider, Emitter, URI, UriUtils } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import type { Connection } from 'vscode-languageserver';
import { EMPTY_CONFIG, parseConfig, type MeshConfig } from '../checker/config.js';

/** The workspace configuration section of the client (`meshspec.rules`). */
export const SETTINGS_SECTION = 'meshspec';
/** The configuration file at a workspace root (LANGUAGE.md §6). */
export const CONFIG_FILE = 'meshspec.json';

/**
 * Langium fetches one configuration section per language id (`mesh`); the product's
 * settings live under `meshspec` (`meshspec.rules`), so that is the section we ask for and
 * listen to. Any change of it, including the first fetch after `initialized`, is announced
 * so the analysis can be redone with the new severities.
 */
export class MeshConfigurationProvider extends DefaultConfigurationProvider {
    private readonly changed = new Emitter<void>();
    readonly onSettingsChanged = this.changed.event;
    // What the client sends when nothing is set; anything else re-checks the workspace.
    private last = 'null';

    protected override toSectionName(_languageId: string): string {
        return SETTINGS_SECTION;
    }

    protected override updateSectionConfiguration(section: string, configuration: unknown): void {
        super.updateSectionConfiguration(section, configuration);
        if (section !== SETTINGS_SECTION) return;
        const text = JSON.stringify(configuration ?? null);
        if (text !== this.last) {
            this.last = text;
            this.changed.fire();
        }
    }

    /** The raw `meshspec` section as the client sent it. */
    section(): unknown {
        return this.settings[SETTINGS_SECTION];
    }
}

export interface ConfigProblem {
    source: string;
    message: string;
}

/**
 * The effective checker configuration: `meshspec.json` at each workspace root, with the
 * client's `meshspec.rules` setting merged over it (a rule set in the editor wins). Read
 * afresh for every analysis — the file is tiny, and it means an edit to it takes effect at
 * the next build even with clients that do not report watched-file changes.
 */
export class MeshSettings {
    private readonly fileSystem: FileSystemProvider;
    private readonly problemEmitter = new Emitter<ConfigProblem>();
    /** Fires once per distinct problem (they are shown to the user, not repeated each build). */
    readonly onProblem = this.problemEmitter.event;
    private reported = new Set<string>();
    /** The problems found by the last `load()`. */
    problems: ConfigProblem[] = [];

    constructor(private readonly shared: LangiumSharedServices) {
        this.fileSystem = shared.workspace.FileSystemProvider;
    }

    configFiles(): URI[] {
        const folders = this.shared.workspace.WorkspaceManager.workspaceFolders ?? [];
        return folders.map(f => UriUtils.joinPath(URI.parse(f.uri), CONFIG_FILE));
    }

    /** The merged configuration; invalid parts are reported once and ignored. */
    load(): MeshConfig {
        this.problems = [];
        const rules: MeshConfig['rules'] = {};
        for (const uri of this.configFiles()) {
            let text: string;
            try {
                if (!this.fileSystem.existsSync(uri)) continue;
                text = this.fileSystem.readFileSync(uri);
            } catch {
                continue;
            }
            const source = UriUtils.basename(uri);
            let json: unknown;
            try {
                json = JSON.parse(text);
            } catch (error) {
                this.report({ source: uri.toString(), message: `${source}: invalid JSON: ${error instanceof Error ? error.message : String(error)}` });
                continue;
            }
            const parsed = parseConfig(json, source);
            if (parsed.ok) Object.assign(rules, parsed.config.rules);
            else this.report({ source: uri.toString(), message: parsed.error });
        }
        const section = (this.shared.workspace.ConfigurationProvider as MeshConfigurationProvider).section?.() as { rules?: unknown } | undefined;
        if (section && typeof section === 'object' && section.rules !== undefined && section.rules !== null) {
            const parsed = parseConfig(section.rules, `${SETTINGS_SECTION}.rules`, true);
            if (parsed.ok) Object.assign(rules, parsed.config.rules);
            else this.report({ source: 'settings', message: parsed.error });
        }
        return Object.keys(rules).length === 0 ? EMPTY_CONFIG : { rules };
    }

    private report(problem: ConfigProblem): void {
        this.problems.push(problem);
        const key = `${problem.source}\n${problem.message}`;
        if (this.reported.has(key)) return;
        this.reported.add(key);
        this.problemEmitter.fire(problem);
    }
}

/** Shows configuration problems to the user once each (they cannot be located in a `.mesh` file). */
export function reportConfigProblems(settings: MeshSettings, connection: Connection | undefined): void {
    settings.onProblem(problem => {
        console.warn(`meshspec: ${problem.message}`);
        void connection?.window.showWarningMessage(`Meshspec: ${problem.message}`);
    });
}
