import type { SensitiveCodec } from '../sensitive';
import type { Sql } from '../sql';

export interface RepoContext {
  sql: Sql;
  codec: SensitiveCodec;
  /** Operator name written to the audit log. */
  actor: string;
  now(): string;
}

export const json = (v: unknown): string => JSON.stringify(v);
export const parseList = (s: string): string[] => {
  const v: unknown = JSON.parse(s);
  return Array.isArray(v) ? v.map(String) : [];
};
