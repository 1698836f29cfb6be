// Types for scripts/bench-lib.mjs (a plain Node script, so the TypeScript tests can import it).

export interface Rng {
    next(): number;
    int(lo: number, hi: number): number;
    chance(p: number): boolean;
    pick<T>(list: readonly T[]): T;
    sample<T>(list: readonly T[], count: number): T[];
}

export interface GeneratedFile {
    /** Relative to the workspace root, with `/`. */
    path: string;
    text: string;
}

export interface WorkspaceStats {
    elements: number;
    files: number;
    domains: number;
    services: number;
    topics: number;
    stores: number;
    dataproducts: number;
    /** Edge references: calls, publishes, consumes, reads, writes and `from` sources. */
    edges: number;
    /** Edge references in a clause that carries `requires`. */
    requiresEdges: number;
    unsatisfiableRequirements: number;
    modesBlocks: number;
    syncCycles: number;
    lineageCycles: number;
    bytes: number;
}

export interface GeneratedWorkspace {
    files: GeneratedFile[];
    stats: WorkspaceStats;
}

export interface GenerateOptions {
    elements: number;
    seed?: number;
    elementsPerFile?: number;
}

export function createRng(seed: number): Rng;
export function generateWorkspace(options: GenerateOptions): GeneratedWorkspace;
export function writeWorkspace(dir: string, workspace: GeneratedWorkspace): void;
export function formatDuration(ms: number): string;
export function median(values: readonly number[]): number;
export function percentile(values: readonly number[], p: number): number;
