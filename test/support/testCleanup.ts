// What a test leaves behind (its desks, temp folders, team databases) is removed by hooks of the setup file
// test/support/cleanupSetup.ts, not by hooks a shared module registers when it is imported: in the suites
// that share a worker's module cache (isolate: false) a module is imported once per worker, so a hook it
// registered at import ran for the first file of each worker only, and every later file left its folders and
// databases for the end of the run (a CI disk filled up that way). The setup file runs for every file.
type Cleanup = () => void | Promise<void>;
interface Registry {
  test: Map<string, Cleanup>;
  file: Map<string, Cleanup>;
}

const KEY = Symbol.for('beian-desk.testCleanup');
function registry(): Registry {
  const g = globalThis as { [KEY]?: Registry };
  return (g[KEY] ??= { test: new Map(), file: new Map() });
}

/** Runs `cleanup` after every test of every file (a module imported afresh replaces its own under `name`). */
export function afterEveryTest(name: string, cleanup: Cleanup): void {
  registry().test.set(name, cleanup);
}

/** Runs `cleanup` after the last test of every file. */
export function afterEveryFile(name: string, cleanup: Cleanup): void {
  registry().file.set(name, cleanup);
}

/** Called by the setup file's hooks: every cleanup of that kind, each even when one before it failed. */
export async function runCleanups(kind: keyof Registry): Promise<void> {
  const failures: unknown[] = [];
  for (const cleanup of registry()[kind].values()) {
    try {
      await cleanup();
    } catch (e) {
      failures.push(e);
    }
  }
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new AggregateError(failures, `${failures.length} test cleanups failed`);
}
