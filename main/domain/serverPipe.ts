// What a desk and the team server it started say to each other over the child's pipes
// (main/services/teamServerProcess.ts ↔ main/web/server.ts --secrets-stdin): the secrets as one JSON
// line on the server's standard input, and the line the server prints once it answers.
import { z } from 'zod';

/** The line a parent waits for: printed once the server answers, with what the card shows. */
export const READY_PREFIX = 'BEIAN_DESK_READY ';

export const pipedSecretsSchema = z.strictObject({
  passphrase: z.string().min(1),
  /** postgres://… with its password; absent: the data folder's SQLite store */
  database: z.string().min(1).optional(),
});
export type PipedSecrets = z.infer<typeof pipedSecretsSchema>;

export interface ReadyLine {
  url: string;
  fingerprint256: string | null;
  validTo: string | null;
  selfSigned: boolean;
}

export function readyLine(ready: ReadyLine): string {
  return `${READY_PREFIX}${JSON.stringify(ready)}\n`;
}

const readySchema = z.object({ url: z.string(), fingerprint256: z.string().nullable(), validTo: z.string().nullable(), selfSigned: z.boolean() });

/** The ready line's content, or null for any other line of the server's output. */
export function parseReadyLine(line: string): ReadyLine | null {
  if (!line.startsWith(READY_PREFIX)) return null;
  try {
    return readySchema.parse(JSON.parse(line.slice(READY_PREFIX.length)));
  } catch {
    return null;
  }
}
