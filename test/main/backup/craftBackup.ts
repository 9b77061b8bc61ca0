// Hand-made backups for the manifest and restore tests: the real parts of one (a migrated database, a
// keyring) put into a zip with a manifest written by the test, so each flaw can be made on purpose.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DB_FILE_NAME, openDatabase } from '../../../main/db/open';
import { LATEST_SCHEMA_VERSION } from '../../../main/db/migrations/index';
import { newKeyring, writeKeyring } from '../../../main/secrets/keyring';
import { tempDir, TEST_PASSPHRASE } from '../../helpers';
import { deflated, writeCraftedZip, type CraftedEntry } from './craftZip';

export const DB = DB_FILE_NAME;
export const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
export const listedAs = (name: string, data: Buffer) => ({ name, size: data.length, sha256: sha(data) });

/** A freshly migrated database file and a keyring, as a backup holds them. */
export function realParts(): { db: Buffer; keyring: Buffer } {
  // Made once per test worker (the mutation runs run these files again for every mutant); each caller
  // gets its own copies to change.
  made ??= makeRealParts();
  return { db: Buffer.from(made.db), keyring: Buffer.from(made.keyring) };
}
let made: { db: Buffer; keyring: Buffer } | undefined;

function makeRealParts(): { db: Buffer; keyring: Buffer } {
  const src = tempDir();
  const db = openDatabase(join(src, DB));
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  writeKeyring(src, newKeyring(TEST_PASSPHRASE, 12).keyring);
  return { db: readFileSync(join(src, DB)), keyring: readFileSync(join(src, 'keyring.json')) };
}

/** A backup of `entries` with a manifest listing `listed` (or the manifest given, as it is). */
export function craftBackup(entries: CraftedEntry[], listed: { name: string; size: number; sha256: string }[] | null, manifest?: unknown): string {
  const m = manifest ?? { format: 1, app: 'beian-desk', createdAt: '2026-01-01T00:00:00Z', schemaVersion: LATEST_SCHEMA_VERSION, entries: listed };
  const file = join(tempDir(), 'crafted.bdbackup');
  const text = typeof m === 'string' ? m : JSON.stringify(m);
  writeCraftedZip(file, [...entries, { name: 'manifest.json', deflated: deflated(Buffer.from(text)) }]);
  return file;
}

/** The database and keyring entries of a sound backup, and their manifest lines. */
export function soundParts() {
  const { db, keyring } = realParts();
  return { db, keyring, entries: [{ name: DB, deflated: deflated(db) }, { name: 'keyring.json', stored: keyring }] as CraftedEntry[], listed: [listedAs(DB, db), listedAs('keyring.json', keyring)] };
}
