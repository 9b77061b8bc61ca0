// Issue 11, critical: a data folder whose database is gone still holds the keyring and the encrypted
// material files. Starting there must not create an empty database and then sweep every material away:
// the folder is refused untouched, and unreferenced files are only ever set aside, never deleted at once.
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DeskError } from '../../main/domain/errors';
import { runCli } from '../../main/cli';
import { DB_FILE_NAME } from '../../main/db/open';
import { Desk, QUARANTINE_DAYS } from '../../main/desk';
import { clientRecordSchema } from '../../main/domain/schemas';
import { KEYRING_FILE } from '../../main/secrets/keyring';
import { createClients } from '../../main/services/clients';
import { addMaterial } from '../../main/services/materials';
import { materialJpeg, materialPdf } from '../fixtures/materials';
import { companyRecord } from '../fixtures/records';
import { openTestDesk, tempDir, TEST_PASSPHRASE } from '../helpers';

/** Every path in the folder with its mode and, for files, a hash of the bytes: equal means untouched. */
function snapshot(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [`${prefix || '.'} ${lstatSync(dir).mode.toString(8)}`];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const rel = prefix ? `${prefix}/${name}` : name;
    if (lstatSync(path).isDirectory()) out.push(...snapshot(path, rel));
    else out.push(`${rel} ${lstatSync(path).mode.toString(8)} ${createHash('sha256').update(readFileSync(path)).digest('hex')}`);
  }
  return out;
}

/** A closed data folder with one client and two encrypted material files. */
async function folderWithMaterials(): Promise<{ dataDir: string; hashes: string[] }> {
  const dataDir = tempDir();
  const desk = await openTestDesk(dataDir);
  const [c] = await createClients(desk, [clientRecordSchema.parse(companyRecord(1))]);
  const hashes = [
    (await addMaterial(desk, { entityId: c!.id, kind: 'other', fileName: '营业执照.jpg', data: await materialJpeg('licence scan') })).sha256,
    (await addMaterial(desk, { entityId: c!.id, kind: 'other', fileName: '授权书.pdf', data: await materialPdf('letter of authority') })).sha256,
  ];
  await desk.close();
  return { dataDir, hashes };
}

function removeDatabase(dataDir: string): void {
  for (const f of [DB_FILE_NAME, `${DB_FILE_NAME}-wal`, `${DB_FILE_NAME}-shm`]) rmSync(join(dataDir, f), { force: true });
}

async function openError(dataDir: string): Promise<DeskError> {
  try {
    await (await Desk.open({ dataDir, kdfLog2n: 12 })).close();
  } catch (err) {
    if (err instanceof DeskError) return err;
    throw err;
  }
  throw new Error('the folder was opened');
}

describe('a data folder that lost its database', () => {
  it('is refused with what is missing and how to restore, and nothing in it changes', async () => {
    const { dataDir, hashes } = await folderWithMaterials();
    removeDatabase(dataDir);
    const before = snapshot(dataDir);
    const err = await openError(dataDir);
    expect(err.code).toBe('DB_MISSING');
    expect(err.message).toContain(`缺少数据库文件 ${DB_FILE_NAME}`);
    expect(err.message).toContain(`密钥文件 ${KEYRING_FILE}`);
    expect(err.message).toContain('2 个材料文件');
    expect(err.message).toContain('backup restore');
    expect(snapshot(dataDir)).toEqual(before);
    expect(existsSync(join(dataDir, DB_FILE_NAME))).toBe(false);
    for (const h of hashes) expect(before.some((line) => line.includes(h))).toBe(true);
  });

  it('is refused when only the material files are left, even without the keyring', async () => {
    const { dataDir } = await folderWithMaterials();
    removeDatabase(dataDir);
    rmSync(join(dataDir, KEYRING_FILE));
    const before = snapshot(dataDir);
    expect((await openError(dataDir)).code).toBe('DB_MISSING');
    expect(snapshot(dataDir)).toEqual(before);
  });

  it('is refused by the CLI too, with the passphrase in the environment, and stays as it was', async () => {
    const { dataDir } = await folderWithMaterials();
    removeDatabase(dataDir);
    const before = snapshot(dataDir);
    const saved = process.env.BEIAN_DESK_PASSPHRASE;
    process.env.BEIAN_DESK_PASSPHRASE = TEST_PASSPHRASE;
    let err = '';
    try {
      const code = await runCli(['--data', dataDir, 'entity', 'list'], { out: () => undefined, err: (t) => (err += t) });
      expect(code).toBe(1);
    } finally {
      if (saved === undefined) delete process.env.BEIAN_DESK_PASSPHRASE;
      else process.env.BEIAN_DESK_PASSPHRASE = saved;
    }
    expect(err).toContain(`缺少数据库文件 ${DB_FILE_NAME}`);
    expect(snapshot(dataDir)).toEqual(before);
  });

  it('still lets a new, empty folder start', async () => {
    const desk = await openTestDesk(join(tempDir(), 'new-desk'));
    expect(desk.vault.state()).toBe('unlocked');
  });
});

describe('unreferenced material files', () => {
  it('are not swept in the run that created the database', async () => {
    const desk = await openTestDesk(join(tempDir(), 'fresh'));
    const stray = desk.files.put(Buffer.from('a file with no row yet'));
    expect((await desk.sweepFiles()).orphans).toBe(0);
    expect(desk.files.list()).toEqual([stray.sha256]);
  });

  it(`are set aside in quarantine, and removed only ${QUARANTINE_DAYS} days later`, async () => {
    const dataDir = tempDir();
    let now = Date.parse('2026-12-01T08:00:00Z');
    const clock = () => new Date(now);
    const desk = await openTestDesk(dataDir, { clock });
    const [c] = await createClients(desk, [clientRecordSchema.parse(companyRecord(1))]);
    const kept = await addMaterial(desk, { entityId: c!.id, kind: 'other', fileName: 'keep.jpg', data: await materialJpeg('keep') });
    const orphan = desk.files.put(Buffer.from('written, but its row never committed'));
    await desk.close();

    const reopened = await openTestDesk(dataDir, { clock });
    expect(reopened.files.list()).toEqual([kept.sha256]);
    expect(reopened.files.quarantined()).toEqual([orphan.sha256]);
    expect(existsSync(join(reopened.files.root, 'quarantine', '2026-12-01', orphan.sha256))).toBe(true);
    await reopened.close();

    now += (QUARANTINE_DAYS - 1) * 86_400_000;
    const later = await openTestDesk(dataDir, { clock });
    expect(later.files.quarantined()).toEqual([orphan.sha256]);
    await later.close();

    now += 2 * 86_400_000;
    const muchLater = await openTestDesk(dataDir, { clock });
    expect(muchLater.files.quarantined()).toEqual([]);
    expect(muchLater.files.list()).toEqual([kept.sha256]);
  });
});
