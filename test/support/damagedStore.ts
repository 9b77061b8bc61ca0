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

/** A closed data folder of 200 clients (passphrase TEST_PASSPHRASE) with a leaf page of the client table overwritten. */
export async function folderWithDamagedClientTable(): Promise<string> {
  const dir = tempDir();
  const desk = await openTestDesk(dir);
  await createClients(desk, Array.from({ length: 200 }, (_, i) => clientRecordSchema.parse(companyRecord(i + 1))));
  await desk.close();
  const file = join(dir, DB_FILE_NAME);
  const check = new Database(file, { readonly: true });
  const pages = (check.prepare("SELECT pageno FROM dbstat WHERE name = 'entity' AND pagetype = 'leaf'").all() as { pageno: number }[]).map((p) => p.pageno);
  check.close();
  const bytes = readFileSync(file);
  const at = (pages[Math.floor(pages.length / 2)]! - 1) * bytes.readUInt16BE(16);
  bytes.fill(0x5a, at + 8, at + 200); // the page's cell pointers
  writeFileSync(file, bytes);
  return dir;
}
