// The one place personal numbers (证件号码, mobile, e-mail) are turned into what is stored and back.
// Callers never read or write the *_sealed / *_index columns any other way, so protecting them at rest
// changes this module only.
import { createHash } from 'node:crypto';

export type SensitiveKind = 'cert' | 'mobile' | 'email' | 'phone' | 'password';

export interface SensitiveCodec {
  /** What is written to a *_sealed column. */
  seal(kind: SensitiveKind, value: string): string;
  /** The value back from a *_sealed column. */
  open(kind: SensitiveKind, sealed: string): string;
  /** Exact-match lookup key for a *_index column: equal values give equal keys, the key does not reveal the value. */
  index(kind: SensitiveKind, value: string): string;
}

export function normalizeSensitive(kind: SensitiveKind, value: string): string {
  const v = value.trim();
  return kind === 'email' ? v.toLowerCase() : v.toUpperCase().replace(/[\s-]/g, '');
}

const PLAIN_PREFIX = 'plain:';

/** Stores values as they are, with a salted SHA-256 lookup key. */
export const plainCodec: SensitiveCodec = {
  seal: (_kind, value) => PLAIN_PREFIX + value,
  open: (_kind, sealed) => (sealed.startsWith(PLAIN_PREFIX) ? sealed.slice(PLAIN_PREFIX.length) : sealed),
  index: (kind, value) => createHash('sha256').update(`beian-desk/${kind}/${normalizeSensitive(kind, value)}`).digest('hex'),
};
