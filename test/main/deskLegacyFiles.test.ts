// A plaintext store from before encryption at rest (its material files in clear) in which one file has a
// flipped bit on disk. Found in review: setup rejected on that file, left the vault unlocked, every later
// unlock rejected the same way, and the other files stayed in clear for ever. Now: the damaged file is set
// aside (encrypted, in files/quarantine/<day>/) and named to the operator and in the client's 日志, the
// others are encrypted, and setup and unlock succeed.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { QUARANTINE_DAYS, Desk } from '../../main/desk';
import { DB_FILE_NAME, openDatabase } from '../../main/db/open';
import { listAudit } from '../../main/db/repositories/audit';
import { insertEntity, setEntityPrincipal } from '../../main/db/repositories/entities';
import { insertPerson } from '../../main/db/repositories/people';
import { plainCodec } from '../../main/db/sensitive';
import { sqliteDialect, sqliteKysely } from '../../main/db/dialect';
import { repoContext } from '../../main/db/repositories/context';
import { Store } from '../../main/db/store';
import { clientRecordSchema } from '../../main/domain/schemas';
import { FileStore, QUARANTINE_DIR } from '../../main/files/store';
import { readMaterial } from '../../main/services/materials';
import { sessionStatus, setupSession, unlockSession } from '../../main/services/session';
import { materialJpeg } from '../fixtures/materials';
import { companyRecord } from '../fixtures/records';
import { tempDir, TEST_PASSPHRASE } from '../helpers';

const MARK = '身份证人像面';
const CLOCK = () => new Date('2026-03-01T04:00:00Z');

/** Every file under a folder, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? filesUnder(join(dir, n)) : [join(dir, n)]));
}

/** The reviewer's store: one client, four ID photos in clear, the first in list order with one flipped bit. */
async function legacyStore() {
  const dataDir = tempDir();
  const raw = openDatabase(join(dataDir, DB_FILE_NAME));
  const store = new Store(sqliteDialect, sqliteKysely(raw), raw);
  const ctx = repoContext(store, plainCodec, 'old', () => '2026-01-01T00:00:00Z');
  const rec = clientRecordSchema.parse(companyRecord(3));
  const photos = await Promise.all(['A', 'B', 'C', 'D'].map((t) => materialJpeg(`${MARK}${t} `.repeat(500))));
  const items = photos.map((p) => ({ p, sha: createHash('sha256').update(p).digest('hex') })).sort((a, b) => (a.sha < b.sha ? -1 : 1));
  const ids: number[] = [];
  let entityId = 0;
  await store.tx(async () => {
    const { principal: _p, ...e } = rec.entity;
    entityId = (await insertEntity(ctx, { ...e, principalPersonId: null }))!;
    const { id: _key, ...person } = rec.people[0]!;
    const pid = await insertPerson(ctx, entityId, person);
    await setEntityPrincipal(ctx, entityId, pid);
    for (const [i, it] of items.entries()) {
      const r = raw.prepare("INSERT INTO material (entity_id, kind, file_name, sha256, size, mime, created_at) VALUES (?, 'id-front', ?, ?, ?, 'image/jpeg', 'x')").run(entityId, `人像面${i + 1}.jpg`, it.sha, it.p.length);
      ids.push(Number(r.lastInsertRowid));
    }
  });
  await store.close();
  const fs = new FileStore(join(dataDir, 'files'), () => Buffer.alloc(32));
  for (const [i, it] of items.entries()) {
    const path = fs.pathOf(it.sha);
    mkdirSync(dirname(path), { recursive: true });
    const bytes = Buffer.from(it.p);
    if (i === 0) bytes[bytes.length - 10]! ^= 1;
    writeFileSync(path, bytes);
  }
  return { dataDir, rec, items, ids, entityId };
}

describe('a legacy plaintext store with one damaged clear file', () => {
  it('sets it aside and names it, encrypts the other three, and sets up and unlocks', async () => {
    const { dataDir, rec, items, ids, entityId } = await legacyStore();
    const desk = await Desk.open({ dataDir, kdfLog2n: 12, clock: CLOCK, actor: 'tester' });
    try {
      const status = await setupSession(desk, TEST_PASSPHRASE);
      expect(status.state).toBe('unlocked');
      const where = `files/${QUARANTINE_DIR}/2026-03-01/`;
      expect(status.notices).toEqual([`客户“${rec.entity.name}”的材料“身份证人像面”（人像面1.jpg）的文件已损坏（与其记录不符），已加密移至数据目录的 ${where}（${QUARANTINE_DAYS} 天后删除），该材料已无法打开：请从备份恢复或重新上传`]);
      // never a 证件号码 in what the operator is told
      for (const n of [rec.entity.certNumber, rec.people[0]!.certNumber]) expect(status.notices!.join('')).not.toContain(n);
      // told once
      expect((await sessionStatus(desk)).notices).toBeUndefined();

      // no clear photo left anywhere in the data folder (the damaged one is set aside encrypted)
      expect(filesUnder(dataDir).filter((f) => readFileSync(f).includes(Buffer.from(MARK)))).toEqual([]);
      expect(desk.files.list().sort()).toEqual(items.slice(1).map((i) => i.sha).sort());
      expect(desk.files.quarantined()).toEqual([items[0]!.sha]);
      for (const [i, id] of ids.entries()) if (i > 0) expect((await readMaterial(desk, id)).data).toEqual(items[i]!.p);
      await expect(readMaterial(desk, ids[0]!)).rejects.toMatchObject({ code: 'FILE_TAMPERED' });

      // the client's 日志 names the damaged material
      const log = (await listAudit(desk.ctx, { entityId, limit: 50 })).filter((a) => a.action === 'material.damaged');
      expect(log).toMatchObject([{ targetType: 'material', targetId: ids[0], entityId, detail: { kind: 'id-front', quarantine: where } }]);

      // every later unlock succeeds, with nothing more to tell
      desk.vault.lock();
      const again = await unlockSession(desk, TEST_PASSPHRASE);
      expect(again.state).toBe('unlocked');
      expect(again.notices).toBeUndefined();
    } finally {
      await desk.close();
    }
  });

  it('stays locked when bringing the store up to date fails for another reason', async () => {
    const { dataDir } = await legacyStore();
    const desk = await Desk.open({ dataDir, kdfLog2n: 12, clock: CLOCK, actor: 'tester' });
    try {
      // a file store that cannot write (its temp folder taken away): not a damaged file, a failure to pass on
      const tmp = join(dataDir, 'files', 'tmp');
      rmSync(tmp, { recursive: true });
      writeFileSync(tmp, 'not a folder');
      await expect(desk.vault.setup(TEST_PASSPHRASE)).rejects.toThrow();
      expect(desk.vault.state()).toBe('locked');
      expect(() => desk.vault.derived()).toThrow(expect.objectContaining({ code: 'LOCKED' }));
    } finally {
      await desk.close();
    }
  });
});
