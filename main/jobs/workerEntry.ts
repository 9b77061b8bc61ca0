// Where a worker thread's code is: the bundled sibling file in the built app; from the TypeScript sources
// (CLI, tests) a small module that registers tsx in the worker first, since loader flags are not inherited.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/** `callerUrl` is the import.meta.url of a module beside the worker file named `name` (without extension). */
export function workerEntry(callerUrl: string, name: string): URL {
  if (!callerUrl.endsWith('.ts')) return new URL(`./${name}.js`, callerUrl);
  const tsx = pathToFileURL(createRequire(callerUrl).resolve('tsx/esm/api').replace(/index\.cjs$/, 'index.mjs')).href;
  const entry = new URL(`./${name}.ts`, callerUrl).href;
  return new URL(`data:text/javascript,${encodeURIComponent(`import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(entry)});`)}`);
}
