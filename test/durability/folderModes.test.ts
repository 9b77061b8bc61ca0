// Issue 11, minor: the data folder holds personal data, so on POSIX only its owner may read it — the
// folder and its subfolders 0700, the database, its WAL and SHM, the keyring and every stored file 0600,
// whatever the umask, and also for a folder an earlier version left world-readable.
import { chmodSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DB_FILE_NAME } from '../../main/db/open';
import { clientRecordSchema } from '../../main/domain/schemas';
import { KEYRING_FILE } from '../../main/secrets/keyring';
import { createClients } from '../../main/services/clients';
import { addMaterial } from '../../main/services/materials';
import { companyRecord } from '../fixtures/records';
import { materialJpeg } from '../fixtures/materials';
import { openTestDesk, tempDir } from '../helpers';

const modeOf = (path: string) => statSync(path).mode & 0o777;

/** Every folder and file under dir, with its permission bits. */
function modes(dir: string): { path: string; dir: boolean; mode: number }[] {
  const out = [{ path: dir, dir: true, mode: modeOf(dir) }];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...modes(path));
    else out.push({ path, dir: false, mode: modeOf(path) });
  }
  return out;
}

async function fillDesk(dataDir: string) {
  const desk = await openTestDesk(dataDir);
  const [c] = await createClients(desk, [clientRecordSchema.parse(companyRecord(1))]);
  await addMaterial(desk, { entityId: c!.id, kind: 'other', fileName: 'scan.jpg', data: await materialJpeg('scan') });
  return desk;
}

describe('data folder permissions', () => {
  it('creates the folder 0700 and the database, WAL, SHM and keyring 0600, under a permissive umask', async () => {
    const previous = process.umask(0o002);
    try {
      const dataDir = join(tempDir(), 'data');
      const desk = await fillDesk(dataDir);
      expect(modeOf(dataDir)).toBe(0o700);
      for (const f of [DB_FILE_NAME, `${DB_FILE_NAME}-wal`, `${DB_FILE_NAME}-shm`, KEYRING_FILE]) expect([f, modeOf(join(dataDir, f))]).toEqual([f, 0o600]);
      const wide = modes(dataDir).filter((m) => (m.dir ? m.mode !== 0o700 : m.mode !== 0o600));
      expect(wide).toEqual([]);
      await desk.close();
    } finally {
      process.umask(previous);
    }
  });

  it('tightens a folder an earlier version left world-readable', async () => {
    const dataDir = join(tempDir(), 'data');
    await (await fillDesk(dataDir)).close();
    chmodSync(dataDir, 0o755);
    chmodSync(join(dataDir, DB_FILE_NAME), 0o644);
    chmodSync(join(dataDir, 'files'), 0o755);
    const desk = await openTestDesk(dataDir);
    expect(modeOf(dataDir)).toBe(0o700);
    expect(modeOf(join(dataDir, DB_FILE_NAME))).toBe(0o600);
    expect(modeOf(join(dataDir, `${DB_FILE_NAME}-wal`))).toBe(0o600);
    expect(modeOf(join(dataDir, 'files'))).toBe(0o700);
    await desk.close();
  });
});
