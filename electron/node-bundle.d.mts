// Types of electron/node-bundle.mjs (plain .mjs: the install step runs it before anything is compiled).
export declare const ROOT: string;
export declare const BUNDLE_DIR: string;
export declare const ENTRIES: Record<'cli' | 'server' | 'serve' | 'taskWorker', string>;
export declare function newestSource(root?: string): number;
export declare function bundleStaleness(root?: string): 'missing' | 'stale' | undefined;
export declare function buildNodeBundle(root?: string): Promise<void>;
export declare function ensureNodeBundle(root?: string, say?: (msg: string) => void): Promise<boolean>;
