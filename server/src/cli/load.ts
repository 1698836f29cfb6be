import * as nodeFs from 'node:fs';
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { LangiumDocument, ServiceRegistry } from 'langium';
import { URI } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { glob } from 'tinyglobby';
import type { Model } from '../language/generated/ast.js';
import { compareCodeUnits } from '../language/compare.js';
import { MeshBatchModule, createMeshCoreServices, type MeshCoreServices } from '../language/mesh-module.js';
import { loadWorkspace, type SourceFile } from '../checker/workspace.js';
import { analyzeWorkspace, type WorkspaceResult } from '../checker/analyze.js';
import { EMPTY_CONFIG, parseConfig, type MeshConfig } from '../checker/config.js';
import { syntaxBanner } from '../graph/svg.js';
import { CliError, describeFsError, oneLine } from './errors.js';

/** The configuration file looked up at the workspace root when `--config` is not given. */
export const DEFAULT_CONFIG_FILE = 'meshspec.json';

/** The help of every command's `--config` option (see `loadConfig`). */
export const CONFIG_OPTION_HELP = 'configuration file (default: meshspec.json in the one directory given, else in the current directory, when present)';

export interface LoadOptions {
    /** `--config FILE`; without it `meshspec.json` at the workspace root is used when present (`loadConfig`). */
    config?: string;
    /** Defaults to `process.cwd()`; paths and output are relative to it. */
    cwd?: string;
}

/** One `.mesh` file as read from disk. */
export interface LoadedFile extends SourceFile {
    /** Absolute file system path. */
    path: string;
}

/** Everything a command needs after loading and checking a workspace. */
export interface CheckedWorkspace {
    files: LoadedFile[];
    documents: LangiumDocument<Model>[];
    result: WorkspaceResult;
    config: MeshConfig;
    /** The source text behind a document URI (for code frames), if it is one of `files`. */
    textOf(uri: string): string | undefined;
    /** A document URI as a path relative to `cwd`, with `/` separators (the CLI's `file`). */
    relativePath(uri: string): string;
}

/**
 * Resolves the command line's paths to `.mesh` files (LANGUAGE.md §7): a file is taken as
 * it is, whatever its extension; a directory is walked for `**\/*.mesh`, skipping
 * `node_modules` and `.git`. The result is absolute, de-duplicated and sorted so output is
 * stable across machines and runs.
 *
 * A directory that cannot be read, or a `.mesh` symlink that leads nowhere, ends the run
 * (exit 2): skipping it would report a clean check of files nobody looked at. A file reached
 * twice (through a symlinked directory, or two paths that overlap) is loaded once, by its
 * path without symlinks if that was found, else by the first in sorted order: loaded twice,
 * each of its names would be a duplicate.
 */
export async function resolveMeshFiles(paths: readonly string[], cwd = process.cwd()): Promise<string[]> {
    const given = paths.length > 0 ? paths : ['.'];
    const found = new Set<string>();
    for (const path of given) {
        if (path === '') throw new CliError('an empty path was given (an unset variable?); use . for the current directory');
        const absolute = resolve(cwd, path);
        let isDirectory: boolean;
        try {
            // The path as written, not normalized: `a.mesh/..` and `a.mesh/` are errors, as in a shell.
            isDirectory = statSync(isAbsolute(path) ? path : `${cwd}${sep}${path}`).isDirectory();
        } catch (error) {
            throw new CliError(`cannot read ${path}: ${describeFsError(error)}`);
        }
        if (!isDirectory) {
            found.add(absolute);
            continue;
        }
        const walk = watchedFs();
        const matches = await glob('**/*.mesh', {
            cwd: absolute,
            absolute: true,
            dot: true,
            expandDirectories: false,
            ignore: ['**/node_modules/**', '**/.git/**'],
            fs: walk.fs,
        });
        if (walk.failure) throw new CliError(`cannot read ${displayPath(walk.failure.path, cwd)}: ${describeFsError(walk.failure.error)}`);
        for (const match of matches) found.add(resolve(match));
    }
    if (found.size === 0) {
        throw new CliError(`no .mesh files found in ${given.join(', ')}`);
    }
    const byRealPath = new Map<string, string>();
    for (const path of [...found].sort(compareCodeUnits)) {
        let real: string;
        try {
            real = realpathSync(path);
        } catch (error) {
            throw new CliError(`cannot read ${displayPath(path, cwd)}: ${describeFsError(error)}`);
        }
        // The path without symlinks in it, if it was found that way; else the first.
        if (!byRealPath.has(real) || path === real) byRealPath.set(real, path);
    }
    return [...byRealPath.values()].sort(compareCodeUnits);
}

/** The walk's file system, and the first failure it noted. */
interface WatchedWalk {
    fs: typeof nodeFs;
    failure?: { path: string; error: unknown };
}

/**
 * The file system for the directory walk, noting the first failure that may hide `.mesh`
 * files: a directory it cannot list, or a `.mesh` symlink it cannot follow. (The walker,
 * fdir through tinyglobby, skips both silently.) Other broken symlinks are not ours to report.
 */
function watchedFs(): WatchedWalk {
    const walk: WatchedWalk = { fs: nodeFs };
    const note = (path: unknown, error: unknown): void => {
        walk.failure ??= { path: String(path), error };
    };
    walk.fs = {
        ...nodeFs,
        readdir: ((path: nodeFs.PathLike, options: unknown, callback: (error: NodeJS.ErrnoException | null, entries: unknown) => void) => {
            (nodeFs.readdir as (p: nodeFs.PathLike, o: unknown, cb: typeof callback) => void)(path, options, (error, entries) => {
                if (error) note(path, error);
                callback(error, entries);
            });
        }) as typeof nodeFs.readdir,
        realpath: ((path: nodeFs.PathLike, callback: (error: NodeJS.ErrnoException | null, resolved: string) => void) => {
            nodeFs.realpath(path, (error, resolved) => {
                if (error && String(path).endsWith('.mesh')) note(path, error);
                callback(error, resolved);
            });
        }) as typeof nodeFs.realpath,
    };
    return walk;
}

/** Reads the files; an unreadable one ends the run (exit 2) rather than being skipped silently. */
export function readMeshFiles(paths: readonly string[], cwd = process.cwd()): LoadedFile[] {
    return paths.map(path => {
        let text: string;
        try {
            text = readFileSync(path, 'utf8');
        } catch (error) {
            throw new CliError(`cannot read ${displayPath(path, cwd)}: ${describeFsError(error)}`);
        }
        return { path, uri: URI.file(path).toString(), text };
    });
}

/**
 * Loads the configuration: `--config FILE` if given (it must exist), else `meshspec.json` at
 * the workspace root (LANGUAGE.md §6) or else in `cwd`, else the defaults. The workspace root
 * is the directory given when exactly one is (`meshspec check specs` reads
 * `specs/meshspec.json`), else `cwd`. Invalid JSON or an invalid setting is a usage error
 * (exit 2) naming the file and the problem.
 */
export function loadConfig(configPath: string | undefined, cwd = process.cwd(), paths: readonly string[] = []): MeshConfig {
    let path = configPath;
    if (path === '') throw new CliError('--config was given an empty file name');
    if (path === undefined) {
        path = [workspaceRoot(paths, cwd), cwd]
            .map(dir => resolve(dir, DEFAULT_CONFIG_FILE))
            .find(file => existsSync(file));
        if (path === undefined) return EMPTY_CONFIG;
        path = displayPath(path, cwd);
    }
    let text: string;
    try {
        text = readFileSync(resolve(cwd, path), 'utf8');
    } catch (error) {
        throw new CliError(`cannot read config ${path}: ${describeFsError(error)}`);
    }
    let json: unknown;
    try {
        json = JSON.parse(withoutBom(text));
    } catch (error) {
        throw new CliError(`${path}: invalid JSON: ${oneLine(error instanceof Error ? error.message : String(error))}`);
    }
    const parsed = parseConfig(json, path);
    if (!parsed.ok) throw new CliError(oneLine(parsed.error));
    return parsed.config;
}

/** The one directory among the command line's paths, or `cwd` (also when a path cannot be read: that is reported later). */
function workspaceRoot(paths: readonly string[], cwd: string): string {
    if (paths.length !== 1) return cwd;
    const dir = resolve(cwd, paths[0]);
    try {
        return statSync(dir).isDirectory() ? dir : cwd;
    } catch {
        return cwd;
    }
}

/**
 * A byte order mark is how the file was saved, not text: editors hide it, and counted as a
 * character it would shift every column on the first line.
 */
function withoutBom(text: string): string {
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * The shared front half of every command that works on a workspace: resolve paths, read
 * files, load the configuration, parse and link all files as one workspace (names resolve
 * across files) and run the checker.
 */
export async function loadChecked(paths: readonly string[], options: LoadOptions = {}): Promise<CheckedWorkspace> {
    const cwd = options.cwd ?? process.cwd();
    // Configuration first: a broken config file is reported even when the paths are fine.
    const config = loadConfig(options.config, cwd, paths);
    // `format` reads the files itself and keeps a byte order mark; a check does not count it.
    const files = readMeshFiles(await resolveMeshFiles(paths, cwd), cwd).map(file => ({ ...file, text: withoutBom(file.text) }));
    const { shared, Mesh } = createMeshCoreServices(NodeFileSystem, MeshBatchModule);
    acceptAnyFileName(shared.ServiceRegistry, Mesh, files);
    const documents = await loadWorkspace(shared, files);
    const result = analyzeWorkspace(documents, config);

    // Documents are keyed by `URI.parse(file.uri).toString()`; index both spellings.
    const byUri = new Map<string, LoadedFile>();
    for (const file of files) {
        byUri.set(file.uri, file);
        byUri.set(URI.parse(file.uri).toString(), file);
    }
    return {
        files,
        documents,
        result,
        config,
        textOf: uri => byUri.get(uri)?.text,
        relativePath: uri => displayPath(byUri.get(uri)?.path ?? fsPathOf(uri), cwd),
    };
}

/**
 * Langium picks a language by file extension, so a file named on the command line that does
 * not end in `.mesh` (LANGUAGE.md §7 takes it as it is) would have no services. Answer for
 * those exact files with the Mesh services; everything else goes through the registry as usual.
 */
function acceptAnyFileName(registry: ServiceRegistry, Mesh: MeshCoreServices, files: readonly LoadedFile[]): void {
    const others = new Set(files.filter(f => !f.path.endsWith('.mesh')).map(f => URI.parse(f.uri).toString()));
    if (others.size === 0) return;
    const byExtension = registry.getServices.bind(registry);
    const hasServices = registry.hasServices.bind(registry);
    registry.getServices = uri => others.has(uri.toString()) ? Mesh : byExtension(uri);
    registry.hasServices = uri => others.has(uri.toString()) || hasServices(uri);
}

/** A path relative to `cwd` with `/` separators, as every output format shows it. */
export function displayPath(path: string, cwd = process.cwd()): string {
    // A path given through the shell's own name for the working directory (a symlink, say
    // /tmp on macOS) is shown relative to that name, not as `../../tmp/…`.
    const logical = logicalName(cwd);
    const base = logical !== undefined && path.startsWith(logical + sep) ? logical : cwd;
    const rel = relative(base, path) || '.';
    return sep === '/' ? rel : rel.split(sep).join('/');
}

let logicalCache: { cwd: string; name: string | undefined } | undefined;

/** The shell's name for `cwd` (`$PWD`) when it differs from it but is the same directory. */
function logicalName(cwd: string): string | undefined {
    if (logicalCache?.cwd === cwd) return logicalCache.name;
    const pwd = process.env.PWD;
    let name: string | undefined;
    try {
        name = pwd && isAbsolute(pwd) && pwd !== cwd && realpathSync(pwd) === realpathSync(cwd) ? pwd : undefined;
    } catch {
        name = undefined;
    }
    logicalCache = { cwd, name };
    return name;
}

function fsPathOf(uri: string): string {
    const parsed = URI.parse(uri);
    return parsed.scheme === 'file' ? parsed.fsPath : uri;
}

/** Writes the syntax error notice of a checked workspace to stderr (stdout stays the command's output). */
export function warnSyntaxErrors(checked: CheckedWorkspace): void {
    const files = new Set(checked.result.diagnostics.filter(d => d.code === 'syntax').map(d => d.uri));
    const notice = syntaxBanner(files.size);
    if (notice) process.stderr.write(`meshspec: ${notice}\n`);
}
