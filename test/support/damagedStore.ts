// A data folder whose store has a damaged page in the client table (a bad sector, a copy cut short by a
// full USB stick): the file opens, its header is intact, and SQLite reports SQLITE_CORRUPT once the damaged
// page is read — the first time being the re-seal of every client on unlocking (Desk.encryptLegacyData).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DB_FILE_NAME } from '../../main/db/open';
import { clientRecordSchema } from '../../main/domain/schemas';
import { createClients } from '../../main/services/clients';
import { companyRecord } from '../fixtures/records';
import { openTestDesk, tempDir } from '../helpers';

/**
 * A closed data folder of 20 clients (passphrase TEST_PASSPHRASE) with a leaf page of the client table overwritten.
 * Twenty fill three leaf pages under an interior root, so the damaged page is one of several, as in a real
 * desk's table (200 clients were 23 leaf pages, and 0.9 s of CPU to write against 0.25 s).
 */
export async function folderWithDamagedClientTable(): Promise<string> {
  const dir = tempDir();
  const desk = await openTestDesk(dir);
  await createClients(desk, Array.from({ length: 20 }, (_, i) => clientRecordSchema.parse(companyRecord(i + 1))));
  await desk.close();
  const file = join(dir, DB_FILE_NAME);
  const check = new Database(file, { readonly: true });
  const pages = (check.prepare("SELECT pageno FROM dbstat WHERE name = 'entity' AND pagetype = 'leaf'").all() as { pageno: number }[]).map((p) => p.pageno);
  check.close();
  if (pages.length < 3) throw new Error(`the client table has ${pages.length} leaf pages: a damaged one among several needs at least 3`);
  const bytes = readFileSync(file);
  const at = (pages[Math.floor(pages.length / 2)]! - 1) * bytes.readUInt16BE(16);
  bytes.fill(0x5a, at + 8, at + 200); // the page's cell pointers
  writeFileSync(file, bytes);
  return dir;
}
