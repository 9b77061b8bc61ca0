// Acceptance of the PIPL issue: no personal number in clear anywhere on disk, yet exact search works;
// an old plaintext store is encrypted on first unlock; a tampered file is refused; a deleted client
// leaves none of its numbers or photo bytes under the data folder.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Desk } from '../../../main/desk';
import { DB_FILE_NAME, openDatabase } from '../../../main/db/open';
import { insertEntity, setEntityPrincipal } from '../../../main/db/repositories/entities';
import { insertPerson } from '../../../main/db/repositories/people';
import { refreshSearchIndex } from '../../../main/db/repositories/searchIndex';
import { plainCodec } from '../../../main/db/sensitive';
import { sqliteDialect, sqliteKysely } from '../../../main/db/dialect';
import { repoContext } from '../../../main/db/repositories/context';
import { Store } from '../../../main/db/store';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { FileStore } from '../../../main/files/store';
import { createClients, deleteClient, listClients } from '../../../main/services/clients';
import { addMaterial, readMaterial } from '../../../main/services/materials';
import { materialJpeg } from '../../fixtures/materials';
import { companyRecord, personId } from '../../fixtures/records';
import { openTestDesk, tempDir, TEST_PASSPHRASE } from '../../helpers';

function everyFile(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

/** Which of the needles occur in any file under dir (as UTF-8 bytes, like `strings` would show). */
function findInFolder(dir: string, needles: string[]): string[] {
  const blobs = everyFile(dir).map((f) => readFileSync(f));
  return needles.filter((n) => blobs.some((b) => b.includes(Buffer.from(n, 'utf8'))));
}

const PHOTO = await materialJpeg('身份证人像面 像素数据 '.repeat(4000));

describe('personal data at rest', () => {
  it('keeps ID and mobile numbers out of the database file and WAL, yet finds a client by them', async () => {
    const dataDir = tempDir();
    const desk = await openTestDesk(dataDir);
    const records = Array.from({ length: 20 }, (_, i) => clientRecordSchema.parse(companyRecord(i + 1)));
    await createClients(desk, records);
    const numbers = records.flatMap((r) => r.people.flatMap((p) => [p.certNumber, p.mobile]));
    expect(findInFolder(dataDir, numbers)).toEqual([]);
    const hit = await listClients(desk, { text: personId(7), offset: 0, limit: 10, sortBy: 'name', sortDir: 'asc' });
    expect(hit.items.map((i) => i.name)).toEqual(['深圳市示例000007科技有限公司']);
    const byMobile = await listClients(desk, { text: '13800000012', offset: 0, limit: 10, sortBy: 'name', sortDir: 'asc' });
    expect(byMobile.total).toBe(1);
  });

  it('encrypts a plaintext store from before encryption on the first unlock', async () => {
    const dataDir = tempDir();
    // A store as the first version wrote it: values sealed by the plain codec, files in clear.
    const raw = openDatabase(join(dataDir, DB_FILE_NAME));
    const store = new Store(sqliteDialect, sqliteKysely(raw), raw);
    const ctx = repoContext(store, plainCodec, 'old', () => '2026-01-01T00:00:00Z');
    const rec = clientRecordSchema.parse(companyRecord(3));
    const sha = createHash('sha256').update(PHOTO).digest('hex');
    await store.tx(async () => {
      const { principal: _p, ...e } = rec.entity;
      const id = (await insertEntity(ctx, { ...e, principalPersonId: null }))!;
      const { id: _key, ...person } = rec.people[0]!;
      const pid = await insertPerson(ctx, id, person);
      await setEntityPrincipal(ctx, id, pid);
      await refreshSearchIndex(ctx, id);
      raw.prepare("INSERT INTO material (entity_id, kind, file_name, sha256, size, mime, created_at) VALUES (?, 'id-front', 'a.jpg', ?, ?, 'image/jpeg', 'x')").run(id, sha, PHOTO.length);
    });
    await store.close();
    const legacyPath = new FileStore(join(dataDir, 'files'), () => Buffer.alloc(32)).pathOf(sha);
    mkdirSync(dirname(legacyPath), { recursive: true });
    writeFileSync(legacyPath, PHOTO);
    expect(findInFolder(dataDir, [rec.people[0]!.certNumber, rec.people[0]!.mobile])).not.toEqual([]);

    const desk = await Desk.open({ dataDir, kdfLog2n: 12 });
    await desk.vault.setup(TEST_PASSPHRASE);
    expect(findInFolder(dataDir, [rec.people[0]!.certNumber, rec.people[0]!.mobile])).toEqual([]);
    expect(findInFolder(join(dataDir, 'files'), ['身份证人像面'])).toEqual([]);
    expect((await listClients(desk, { text: rec.people[0]!.certNumber, offset: 0, limit: 5, sortBy: 'name', sortDir: 'asc' })).total).toBe(1);
    expect((await readMaterial(desk, 1)).data.equals(PHOTO)).toBe(true);
    await desk.close();
  });

  it('refuses a tampered or truncated material file instead of showing it', async () => {
    const desk = await openTestDesk();
    const [c] = await createClients(desk, [clientRecordSchema.parse(companyRecord(1))]);
    const m = await addMaterial(desk, { entityId: c!.id, kind: 'id-front', fileName: 'id.jpg', data: PHOTO });
    const path = desk.files.pathOf(m.sha256);
    const bytes = readFileSync(path);
    bytes[bytes.length - 40]! ^= 0x01;
    writeFileSync(path, bytes);
    await expect(readMaterial(desk, m.id)).rejects.toThrow('材料文件已损坏或被篡改');
    writeFileSync(path, bytes.subarray(0, 70_000));
    await expect(readMaterial(desk, m.id)).rejects.toThrow('材料文件已损坏或被篡改');
  });

  it('empties the WAL on deletion: the deleted client’s name, sealed numbers and their lookup keys are gone while the desk is still open', async () => {
    const dataDir = tempDir();
    const desk = await openTestDesk(dataDir);
    const [gone] = await createClients(desk, [clientRecordSchema.parse(companyRecord(1)), clientRecordSchema.parse(companyRecord(2))]);
    // What an attacker reading the disk would look for: the stored forms, not only the clear values.
    const stored = [
      ...(desk.sql.raw.prepare('SELECT cert_number_sealed AS s, cert_number_index AS i FROM entity WHERE id = ?').all(gone!.id) as { s: string; i: string }[]).flatMap((r) => [r.s, r.i]),
      ...(desk.sql.raw.prepare('SELECT cert_number_sealed, cert_number_index, mobile_sealed, mobile_index, email_sealed, email_index FROM person WHERE entity_id = ?').all(gone!.id) as Record<string, string>[]).flatMap((r) => Object.values(r)),
    ];
    expect(stored).toHaveLength(2 + 2 * 6);
    const wal = join(dataDir, `${DB_FILE_NAME}-wal`);
    // Before the deletion the WAL does hold them: the check below would see them if they stayed.
    expect(findInFolder(dataDir, ['深圳市示例000001科技有限公司', ...stored])).toHaveLength(1 + stored.length);
    await deleteClient(desk, gone!.id);
    expect(findInFolder(dataDir, ['深圳市示例000001科技有限公司', ...stored])).toEqual([]);
    expect(statSync(wal).size).toBe(0);
    // the other client is still there, found by its number
    expect((await listClients(desk, { text: personId(2), offset: 0, limit: 5, sortBy: 'name', sortDir: 'asc' })).total).toBe(1);
  });

  it('leaves none of a deleted client’s numbers or photo bytes anywhere under the data folder', async () => {
    const dataDir = tempDir();
    const desk = await openTestDesk(dataDir);
    const [gone] = await createClients(desk, [clientRecordSchema.parse(companyRecord(1)), clientRecordSchema.parse(companyRecord(2))]);
    await addMaterial(desk, { entityId: gone!.id, kind: 'id-front', fileName: 'id.jpg', data: PHOTO });
    const rec = clientRecordSchema.parse(companyRecord(1));
    const numbers = rec.people.flatMap((p) => [p.certNumber, p.mobile, p.email]);
    await deleteClient(desk, gone!.id);
    await desk.close();
    expect(findInFolder(dataDir, [...numbers, '身份证人像面', '深圳市示例000001科技有限公司', 'shili000001.cn'])).toEqual([]);
  });
});
