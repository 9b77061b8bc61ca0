// What the PostgreSQL globalSetup hands to the test workers (through vitest's provide/inject).
export type PgTestContext =
  | { adminUrl: string; statusFile: string }
  | { skipReason: string };

/** What the globalSetup writes to statusFile once the cluster is up, or why it is not. */
export type PgClusterStatus =
  | { state: 'ready'; initdbMs: number; startMs: number }
  | { state: 'failed'; message: string };

declare module 'vitest' {
  export interface ProvidedContext {
    pgTest: PgTestContext;
  }
}

/**
 * CI must never skip the PostgreSQL tests silently: `.ci/run` exports BEIAN_DESK_REQUIRE_POSTGRES=1,
 * and a CI service's own `CI` variable counts too. Only a developer machine may skip.
 */
export function postgresRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = (env.CI ?? '').trim().toLowerCase();
  return env.BEIAN_DESK_REQUIRE_POSTGRES === '1' || (ci !== '' && ci !== 'false' && ci !== '0');
}
