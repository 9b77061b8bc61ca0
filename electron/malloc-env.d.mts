// Types of electron/malloc-env.mjs (plain .mjs: electron/run-bundle.mjs imports it before anything is compiled).
export declare const MALLOC_ENV: { MALLOC_ARENA_MAX: string };
export declare function lacksMallocEnv(env?: NodeJS.ProcessEnv, platform?: NodeJS.Platform): boolean;
export declare function withMallocEnv(env?: NodeJS.ProcessEnv, platform?: NodeJS.Platform): NodeJS.ProcessEnv;
export declare function runsImageWork(name: string, args: readonly string[]): boolean;
export declare const RELAUNCHED_ARG: string;
export declare function shouldRelaunchForMallocEnv(argv?: readonly string[], env?: NodeJS.ProcessEnv, platform?: NodeJS.Platform): boolean;
