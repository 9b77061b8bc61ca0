// Material bytes on both stores: files in the data folder on a SQLite desk, encrypted chunks in the
// database on a team database (files/materialBlobs.ts). Everything that reads a material reads it the
// same way on both; on PostgreSQL nothing lands in the data folder's files/, the chunks are written with
// the material row and go with it, and a changed, missing or reordered chunk is refused.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { CHUNK } from '../../../main/secrets/fileCrypto';
import { createClients, deleteClient, removeWebsite } from '../../../main/services/clients';
import { addMaterial, listMaterials, readMaterial, removeMaterial } from '../../../main/services/materials';
import { buildPackage } from '../../../main/services/packages';
import { checkMaterial } from '../../../main/services/photos';
import { exportPersonData } from '../../../main/services/retention';
import { saveGeneratedSheet } from '../../../main/services/sheets';
import { exportTransfer } from '../../../main/services/transferExport';
import { importTransfer } from '../../../main/services/transferImport';
import { createOrder } from '../../../main/services/orders';
import { individual } from '../../fixtures/drafts';
import { fillOrder, idScan, materialJpeg, withComment } from '../../fixtures/materials';
import { companyRecord } from '../../fixtures/records';
import { damageMaterialBytes } from '../../support/damageMaterial';
import { describeEachStore, type OpenDesk } from '../../support/eachStore';
import type { Desk } from '../../../main/desk';
import { writeFileSync } from 'node:fs';
import { tempDir, TEST_PASSPHRASE } from '../../helpers';
import { insertMaterial } from '../../../main/db/repositories/materials';

const TRANSFER_PASS = 'transfer-pass-Strong-2026';

function storedFiles(desk: Desk): string[] {
  return readdirSync(desk.files.root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /^[0-9a-f]{64}$/.test(e.name) && /^[0-9a-f]{2}$/.test(relative(desk.files.root, e.parentPath)))
    .map((e) => join(e.parentPath, e.name));
}

async function chunkRows(desk: Desk, materialId?: number): Promise<number> {
  let q = desk.sql.db.selectFrom('material_chunk').select((eb) => eb.fn.countAll<number>().as('n'));
  if (materialId !== undefined) q = q.where('material_id', '=', materialId);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/** A real JPEG of about 300 KB (five sealed chunks and a header). */
async function largeJpeg(label: string): Promise<Buffer> {
  return withComment(await materialJpeg(label), randomBytes(5 * CHUNK - 1000));
}

async function oneClient(openDesk: OpenDesk) {
  const desk = await openDesk();
  const [c] = await createClients(desk, [clientRecordSchema.parse(companyRecord(1))]);
  return { desk, clientId: c!.id, personId: c!.personIds.p1! };
}

describeEachStore('material bytes', (openDesk, dialect) => {
  const inDatabase = dialect === 'postgres';

  /** A bad sector or a sync tool: one byte of a material's stored bytes changed, where this desk keeps them. */
  async function damage(desk: Desk, materialId: number, sha256: string): Promise<void> {
    await damageMaterialBytes(desk, materialId, sha256);
    await expect(readMaterial(desk, materialId)).rejects.toMatchObject({ code: 'FILE_TAMPERED', message: expect.stringContaining('请从备份恢复或重新上传') });
  }

  it('stores a damaged material uploaded again so it opens, and keeps it when the damaged entry is deleted', async () => {
    const { desk, clientId } = await oneClient(openDesk);
    const photo = await materialJpeg('幕布照片');
    const first = await addMaterial(desk, { entityId: clientId, kind: 'curtain', fileName: '幕布.jpg', data: photo });
    await damage(desk, first.id, first.sha256);
    // what the refusal asks for: the same photo uploaded again, the damaged entry deleted
    const again = await addMaterial(desk, { entityId: clientId, kind: 'curtain', fileName: '幕布.jpg', data: photo });
    await removeMaterial(desk, first.id);
    expect((await readMaterial(desk, again.id)).data.equals(photo)).toBe(true);
  });

  it('ends two uploads at once of a damaged material’s bytes with both opening', async () => {
    const { desk, clientId } = await oneClient(openDesk);
    const data = await largeJpeg('营业执照');
    const first = await addMaterial(desk, { entityId: clientId, kind: 'licence', fileName: '执照.jpg', data });
    await damage(desk, first.id, first.sha256);
    const both = await Promise.all([1, 2].map((n) => addMaterial(desk, { entityId: clientId, kind: 'licence', fileName: `执照${n}.jpg`, data })));
    for (const m of both) expect((await readMaterial(desk, m.id)).data.equals(data)).toBe(true);
    if (!inDatabase) expect((await readMaterial(desk, first.id)).data.equals(data)).toBe(true); // one file for the three rows
  });

  it('stores a transfer\'s material whose bytes this desk holds damaged so it opens', async () => {
    const from = await oneClient(openDesk);
    const photo = await materialJpeg('幕布照片');
    await addMaterial(from.desk, { entityId: from.clientId, kind: 'curtain', fileName: '幕布.jpg', data: photo });
    const file = join(tempDir(), 'move.bdtransfer');
    writeFileSync(file, await exportTransfer(from.desk, [from.clientId], TRANSFER_PASS));

    const desk = await openDesk();
    const [own] = await createClients(desk, [clientRecordSchema.parse(companyRecord(2))]);
    const mine = await addMaterial(desk, { entityId: own!.id, kind: 'curtain', fileName: '幕布.jpg', data: photo });
    await damage(desk, mine.id, mine.sha256);
    expect((await importTransfer(desk, file, TRANSFER_PASS)).materials).toBe(1);
    const moved = await desk.sql.db.selectFrom('material').select('id').where('id', '!=', mine.id).where('kind', '=', 'curtain').executeTakeFirstOrThrow();
    expect((await readMaterial(desk, moved.id)).data.equals(photo)).toBe(true);
  }, 60_000);

  it('keeps a several-chunk material where the desk keeps bytes, encrypted, and reads it back whole', async () => {
    const { desk, clientId } = await oneClient(openDesk);
    expect(desk.blobs.where).toBe(inDatabase ? 'database' : 'files');
    const data = await largeJpeg('licence');
    const m = await addMaterial(desk, { entityId: clientId, kind: 'licence', fileName: '执照.jpg', data });
    expect((await readMaterial(desk, m.id)).data.equals(data)).toBe(true);
    if (inDatabase) {
      expect(storedFiles(desk)).toEqual([]);
      expect(await chunkRows(desk, m.id)).toBe(1 + Math.ceil(data.length / CHUNK));
      const rows = await desk.sql.db.selectFrom('material_chunk').select('data').where('material_id', '=', m.id).execute();
      const probe = data.subarray(CHUNK + 100, CHUNK + 164);
      expect(rows.some((r) => Buffer.from(r.data).includes(probe))).toBe(false); // encrypted at rest
    } else {
      expect(storedFiles(desk)).toHaveLength(1);
      expect(await chunkRows(desk)).toBe(0);
    }
  });

  it('writes nothing when the material row’s transaction fails', async () => {
    const { desk, clientId } = await oneClient(openDesk);
    await expect(
      addMaterial(desk, { entityId: clientId, kind: 'licence', fileName: '执照.jpg', data: await largeJpeg('x') }, () => Promise.reject(new Error('slot link failed'))),
    ).rejects.toThrow('slot link failed');
    expect(await listMaterials(desk, clientId)).toEqual([]);
    expect(await chunkRows(desk)).toBe(0);
    expect(storedFiles(desk)).toEqual([]);
  });

  it('frees the bytes when a material, a website or a whole client is deleted, and keeps what another client still uses', async () => {
    const desk = await openDesk();
    const [a, b] = await createClients(desk, [clientRecordSchema.parse(companyRecord(1)), clientRecordSchema.parse(companyRecord(2))]);
    const shared = await largeJpeg('shared');
    const one = await addMaterial(desk, { entityId: a!.id, kind: 'licence', fileName: '执照.jpg', data: await materialJpeg('one') });
    const siteOfA = (await desk.sql.db.selectFrom('website').select('id').where('entity_id', '=', a!.id).executeTakeFirstOrThrow()).id;
    await addMaterial(desk, { entityId: a!.id, websiteId: siteOfA, kind: 'other', fileName: '网站.jpg', data: await materialJpeg('site') });
    await addMaterial(desk, { entityId: a!.id, personId: a!.personIds.p1!, kind: 'id-front', fileName: '身份证.jpg', data: shared });
    const kept = await addMaterial(desk, { entityId: b!.id, kind: 'other', fileName: 'x.jpg', data: shared });
    expect((await removeMaterial(desk, one.id)).removedFiles).toBe(1);
    expect((await removeWebsite(desk, siteOfA)).removedFiles).toBe(1);
    expect((await deleteClient(desk, a!.id)).removedFiles).toBe(0);
    expect((await listMaterials(desk, b!.id)).map((m) => m.id)).toEqual([kept.id]);
    if (inDatabase) {
      expect(await chunkRows(desk)).toBe(await chunkRows(desk, kept.id));
      expect(await chunkRows(desk, kept.id)).toBeGreaterThan(1);
    } else {
      expect(storedFiles(desk)).toHaveLength(1);
    }
    expect((await readMaterial(desk, kept.id)).data.equals(shared)).toBe(true);
    expect((await deleteClient(desk, b!.id)).removedFiles).toBe(1);
    expect(await chunkRows(desk)).toBe(0);
    expect(storedFiles(desk)).toEqual([]);
  });

  it('serves photo checks, the person export, a generated sheet and a transfer to another desk from the same bytes', async () => {
    const { desk, clientId, personId } = await oneClient(openDesk);
    const scan = await idScan(1);
    const m = await addMaterial(desk, { entityId: clientId, personId, kind: 'id-front', fileName: '身份证.jpg', data: scan });
    expect(await checkMaterial(desk, m.id)).not.toBeNull();
    const exported = await exportPersonData(desk, personId);
    expect(exported.materials.map((x) => Buffer.from(x.contentBase64, 'base64').equals(scan))).toEqual([true]);
    const websiteId = (await desk.sql.db.selectFrom('website').select('id').where('entity_id', '=', clientId).executeTakeFirstOrThrow()).id;
    const sheet = await saveGeneratedSheet(desk, websiteId);
    expect((await readMaterial(desk, sheet.id)).data.subarray(0, 5).toString()).toBe('%PDF-');

    const file = join(tempDir(), 'move.bdtransfer');
    writeFileSync(file, await exportTransfer(desk, [clientId], TRANSFER_PASS));
    const other = await openDesk();
    expect((await importTransfer(other, file, TRANSFER_PASS)).materials).toBe(2);
    const [moved] = (await listMaterials(other, (await other.sql.db.selectFrom('entity').select('id').executeTakeFirstOrThrow()).id)).filter((x) => x.kind === 'id-front');
    expect((await readMaterial(other, moved!.id)).data.equals(scan)).toBe(true);
    if (inDatabase) expect(storedFiles(other)).toEqual([]);
  }, 60_000);

  it('builds a submission package from the stored materials', async () => {
    const desk = await openDesk();
    const { filing: _f, ...rec } = individual();
    const [c] = await createClients(desk, [clientRecordSchema.parse(rec)]);
    const o = await createOrder(desk, { entityId: c!.id, type: '首次备案', provider: 'tencent' });
    await fillOrder(desk, o.id);
    const pkg = await buildPackage(desk, o.id);
    expect(pkg.files.length).toBeGreaterThanOrEqual(5);
    if (inDatabase) expect(storedFiles(desk)).toEqual([]);
  }, 60_000);

  if (inDatabase) {
    it('takes the files of materials stored before migration 0012 into the database at unlock, and drops the files', async () => {
      const { desk, clientId } = await oneClient(openDesk);
      const data = await largeJpeg('from the folder');
      // as a team desk wrote it before: the file in the data folder, the row without chunks
      const { sha256, size } = desk.files.put(data);
      const id = await insertMaterial(desk.ctx, { entityId: clientId, personId: null, websiteId: null, kind: 'licence', fileName: '执照.jpg', sha256, size, mime: 'image/jpeg' });
      expect((await readMaterial(desk, id)).data.equals(data)).toBe(true); // read from the folder meanwhile
      desk.vault.lock();
      await desk.vault.unlock(TEST_PASSPHRASE);
      expect(await chunkRows(desk, id)).toBe(1 + Math.ceil(data.length / CHUNK));
      expect(storedFiles(desk)).toEqual([]);
      expect((await readMaterial(desk, id)).data.equals(data)).toBe(true);
    });

    it('refuses a material whose chunk was changed, removed or moved, naming no bytes', async () => {
      const { desk, clientId } = await oneClient(openDesk);
      const data = await largeJpeg('tamper');
      const m = await addMaterial(desk, { entityId: clientId, kind: 'licence', fileName: '执照.jpg', data });
      const original = await desk.sql.db.selectFrom('material_chunk').selectAll().where('material_id', '=', m.id).orderBy('seq').execute();
      const restore = async () => {
        await desk.sql.db.deleteFrom('material_chunk').where('material_id', '=', m.id).execute();
        await desk.sql.db.insertInto('material_chunk').values(original).execute();
      };
      const refused = () => expect(readMaterial(desk, m.id)).rejects.toMatchObject({ code: 'FILE_TAMPERED', message: expect.stringContaining('已损坏或被篡改') });

      const changed = Buffer.from(original[2]!.data);
      changed[10] = (changed[10] ?? 0) ^ 1;
      await desk.sql.db.updateTable('material_chunk').set({ data: changed }).where('material_id', '=', m.id).where('seq', '=', 2).execute();
      await refused();
      await restore();
      expect((await readMaterial(desk, m.id)).data.equals(data)).toBe(true);

      await desk.sql.db.deleteFrom('material_chunk').where('material_id', '=', m.id).where('seq', '=', original.length - 1).execute();
      await refused();
      await restore();

      for (const [from, to] of [[1, 1000], [2, 1], [1000, 2]] as const) {
        await sql`UPDATE material_chunk SET seq = ${to} WHERE material_id = ${m.id} AND seq = ${from}`.execute(desk.sql.db);
      }
      await refused();
    });
  }
});
