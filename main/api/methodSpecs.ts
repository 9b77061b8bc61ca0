// The contract's methods, each built the first time it is used. Building every zod schema of the contract
// when a host loads the router was about a third of the main thread's own work while a server starts (it
// competes with the key derivation for the cores); a host serves a few dozen methods in a session, and
// each method's schemas are built once, on its first call. Renderer-safe: no Node imports.
import type { z } from 'zod';

export interface MethodSpec {
  /** Works while the desk is locked (how it gets unlocked). */
  open?: true;
  input: z.ZodType;
  output: z.ZodType;
}

/** A method's schemas as a function that builds them: written `'a.b': () => ({ input: …, output: … })`. */
export type MethodDefinitions = Record<string, () => MethodSpec>;

/** What the definitions build, typed as if they had been written out: `contract['a.b'].input` keeps its zod type. */
export type BuiltMethods<D extends MethodDefinitions> = { readonly [K in keyof D]: ReturnType<D[K]> };

/**
 * The methods as an object whose every property is built on first read and kept. Enumerable, so
 * `Object.keys`, `in` and `Object.entries` see every method (entries builds them all). Spread the
 * definitions, never a built object: a spread reads, and so builds, every property.
 */
export function methodsBuiltOnFirstUse<D extends MethodDefinitions>(definitions: D): BuiltMethods<D> {
  const built = {} as Record<string, MethodSpec>;
  for (const [name, build] of Object.entries(definitions)) {
    let spec: MethodSpec | undefined;
    Object.defineProperty(built, name, { enumerable: true, get: () => (spec ??= build()) });
  }
  return Object.freeze(built) as BuiltMethods<D>;
}

/** A shared schema built on first use (then kept): `const row = once(() => z.object(…))`, used as `row()`. */
export function once<T>(build: () => T): () => T {
  let value: T | undefined;
  let done = false;
  return () => {
    if (!done) {
      value = build();
      done = true;
    }
    return value as T;
  };
}
