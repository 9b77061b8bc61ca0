// glibc's malloc gives threads that allocate at once arenas of their own (up to 8 per core) and keeps what
// they freed in them: a photo batch (libuv's pool running sharp, libvips' threads, two worker threads with
// TensorFlow.js) left some 250 MB of freed memory held that way (README "Photo batch, where the time and
// the memory go"). MALLOC_ARENA_MAX is read once, when the process starts, so whatever starts a desk
// process sets it: the launchers below, and Electron's main process relaunches itself once with it.
// Windows and macOS do not use glibc: nothing to set there.

/** The variables a desk process on Linux starts with. */
export const MALLOC_ENV = { MALLOC_ARENA_MAX: '2' };

/** True when this process runs on glibc and was started without the variable (so it should be set for it). */
export function lacksMallocEnv(env = process.env, platform = process.platform) {
  return platform === 'linux' && env.MALLOC_ARENA_MAX === undefined;
}

/** The environment to start a desk process with: the given one plus MALLOC_ENV on Linux, an operator's own value kept. */
export function withMallocEnv(env = process.env, platform = process.platform) {
  return lacksMallocEnv(env, platform) ? { ...env, ...MALLOC_ENV } : env;
}

// CLI commands that decode photos (a folder check or repair, licence/ID reading); the servers always may.
const IMAGE_COMMANDS = new Set(['photos', 'intake']);

/** Whether `node electron/run-bundle.mjs <name> <args…>` may run photo work (global options may come before the command). */
export function runsImageWork(name, args) {
  return name !== 'cli' || args.some((a) => IMAGE_COMMANDS.has(a));
}

// Electron's relaunch passes the environment on as far as this code can tell, but a launcher that resets it
// would start the desk again and again: the second instance is marked by an argument and never relaunches.
export const RELAUNCHED_ARG = '--malloc-env-relaunched';

/** Whether Electron's main process should start itself once more with MALLOC_ENV (never a relaunched one). */
export function shouldRelaunchForMallocEnv(argv = process.argv, env = process.env, platform = process.platform) {
  return lacksMallocEnv(env, platform) && !argv.includes(RELAUNCHED_ARG);
}
