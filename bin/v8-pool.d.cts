/** The Node options that give V8 one thread fewer than `cores`, or none where Node's default is already that few. */
export declare function poolSizeArgs(cores?: number): string[];
/** Whether this process was started with a pool size of its own, on Node's command line or in NODE_OPTIONS. */
export declare function hasPoolSize(execArgv?: readonly string[], nodeOptions?: string): boolean;
