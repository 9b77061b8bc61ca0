// The two material byte stores (files/materialBlobs.ts) asked directly, without the services above them:
// what each answers when bytes are missing, cut, swapped or damaged, whether it says it holds encrypted
// bytes, and how the team database takes over a data folder's files from before migration 0012.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../../main/db/openPostgres';
import { insertMaterial } from '../../../main/db/repositories/materials';
import type { Desk } from '../../../main/desk';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { CHUNK } from '../../../main/secrets/fileCrypto';
import { createClients } from '../../../main/services/clients';
import { companyRecord } from '../../fixtures/records';
import { openTestDesk, tempDir } from '../../helpers';
import { createTestDatabase, describePostgres } from '../../support/pgTestDatabase';

const NOT_FOUND = { code: 'NOT_FOUND', message: '材料文件不存在（可能已被删除）' };
const TAMPERED = { code: 'FILE_TAMPERED', message: '材料文件已损坏或被篡改，已拒绝打开；请从备份恢复或重新上传' };

async function clientOf(desk: Desk): Promise<number> {
  const [c] = await createClients(desk, [clientRecordSchema.parse(companyRecord(1))]);
  return c!.id;
}

/** A material row for `data` and its bytes, stored as the services do: staged first, attached in the row's transaction. */
async function stored(desk: Desk, entityId: number, data: Buffer): Promise<number> {
  const { sha256, size } = desk.blobs.stage(data);
  const id = await desk.sql.tx(async () => {
    const mid = await insertMaterial(desk.ctx, { entityId, personId: null, websiteId: null, kind: 'other', fileName: 'x.bin', sha256, size, mime: 'application/octet-stream' });
    await desk.blobs.attach(mid, data);
    return mid;
  });
  desk.blobs.unhold([sha256]);
  return id;
}

/** A material row whose bytes sit in the data folder only, as a team desk wrote them before migration 0012. */
async function fromBefore0012(desk: Desk, entityId: number, data: Buffer): Promise<{ id: number; sha256: string }> {
  const { sha256, size } = desk.files.put(data);
  const id = await insertMaterial(desk.ctx, { entityId, personId: null, websiteId: null, kind: 'other', fileName: 'x.bin', sha256, size, mime: 'application/octet-stream' });
  return { id, sha256 };
}

async function chunkCount(desk: Desk, materialId: number): Promise<number> {
  return (await desk.sql.db.selectFrom('material_chunk').select('seq').where('material_id', '=', materialId).execute()).length;
}

describe('material bytes in the data folder (a desk on its own SQLite file)', () => {
  it('say they hold encrypted bytes once one material is stored, move nothing at unlock, and free what they are told', async () => {
    const desk = await openTestDesk();
    expect(desk.blobs.where).toBe('files');
    expect(await desk.blobs.holdsEncrypted()).toBe(false);
    const a = desk.blobs.stage(randomBytes(1000));
    const b = desk.blobs.stage(randomBytes(1000));
    expect(await desk.blobs.holdsEncrypted()).toBe(true);
    expect(await desk.blobs.adoptFolderFiles()).toBe(0);
    desk.blobs.unhold([a.sha256, b.sha256]); // no row came to point at them
    expect(desk.blobs.release([a.sha256, b.sha256, 'cd'.repeat(32)])).toBe(2);
    expect(desk.files.has(a.sha256)).toBe(false);
    expect(await desk.blobs.holdsEncrypted()).toBe(false);
  });
});

describe('bytes staged for a row not yet committed (a desk on its own SQLite file)', () => {
  it('are left alone by release() until every stage of them is unheld', async () => {
    const desk = await openTestDesk();
    const data = randomBytes(1000);
    const first = desk.blobs.stage(data);
    const again = desk.blobs.stage(data); // already stored: nothing written, held once more
    expect(again.sha256).toBe(first.sha256);
    expect(desk.blobs.release([first.sha256])).toBe(0);
    desk.blobs.unhold([first.sha256]);
    expect(desk.blobs.release([first.sha256])).toBe(0);
    expect(desk.files.has(first.sha256)).toBe(true);
    desk.blobs.unhold([first.sha256]);
    desk.blobs.unhold([first.sha256]); // one unhold too many changes nothing
    expect(desk.blobs.release([first.sha256])).toBe(1);
    expect(desk.files.has(first.sha256)).toBe(false);
    // held again after being freed: staged anew, written anew
    const third = desk.blobs.stage(data);
    expect(desk.files.has(third.sha256)).toBe(true);
    expect(desk.blobs.release([third.sha256])).toBe(0);
  });

  it('are written back by restore() when another process removed their file, and only then', async () => {
    const desk = await openTestDesk();
    const data = randomBytes(1000);
    const { sha256 } = desk.blobs.stage(data);
    expect(desk.blobs.restore(data, sha256)).toBe(false);
    desk.files.remove(sha256); // the other process: it knows nothing of this one's hold
    expect(desk.files.has(sha256)).toBe(false);
    expect(desk.blobs.restore(data, sha256)).toBe(true);
    expect((await desk.blobs.read(sha256)).equals(data)).toBe(true);
    expect(desk.blobs.restore(data, sha256)).toBe(false);
  });

  it('are written back by restore() when their file no longer opens to them (damaged between the stage and the commit)', async () => {
    const desk = await openTestDesk();
    const data = randomBytes(CHUNK + 1000);
    const { sha256 } = desk.blobs.stage(data);
    const path = desk.files.pathOf(sha256);
    const bytes = readFileSync(path);
    bytes[bytes.length - 40] = (bytes[bytes.length - 40] ?? 0) ^ 0xff;
    writeFileSync(path, bytes);
    await expect(desk.blobs.read(sha256)).rejects.toMatchObject(TAMPERED);
    expect(desk.blobs.restore(data, sha256)).toBe(true);
    expect((await desk.blobs.read(sha256)).equals(data)).toBe(true);
    expect(desk.blobs.restore(data, sha256)).toBe(false);
    desk.blobs.unhold([sha256]);
  });
});

describePostgres('material bytes in the team database', () => {
  async function teamDesk(): Promise<Desk> {
    const opened = await openTestDesk(tempDir(), { store: await openPostgresStore((await createTestDatabase()).url, { poolSize: 2 }) });
    expect(opened.blobs.where).toBe('database');
    return opened;
  }

  it('have nothing to restore: the chunks were written in the row\'s own transaction', async () => {
    const desk = await teamDesk();
    expect(desk.blobs.restore(randomBytes(100), 'ab'.repeat(32))).toBe(false);
  });

  it('an unknown hash, or text that is no hash at all, is a missing file (the folder is not asked for a name it cannot hold)', async () => {
    const desk = await teamDesk();
    const hex = 'ab'.repeat(32);
    for (const asked of [hex, `x${hex}`, `${hex}x`, hex.toUpperCase(), '../etc/passwd']) {
      await expect(desk.blobs.read(asked), asked).rejects.toMatchObject(NOT_FOUND);
    }
  });

  it('are written only inside the material row\'s transaction', async () => {
    const desk = await teamDesk();
    const entityId = await clientOf(desk);
    const data = randomBytes(100);
    const { sha256, size } = desk.blobs.stage(data);
    const id = await insertMaterial(desk.ctx, { entityId, personId: null, websiteId: null, kind: 'other', fileName: 'x.bin', sha256, size, mime: 'application/octet-stream' });
    await expect(desk.blobs.attach(id, data)).rejects.toThrow('材料内容必须与材料记录在同一事务中写入');
    expect(await chunkCount(desk, id)).toBe(0);
  });

  it('refuse a material left with its header alone, or holding another material\'s pieces', async () => {
    const desk = await teamDesk();
    const entityId = await clientOf(desk);
    const data = randomBytes(2 * CHUNK + 10);
    const id = await stored(desk, entityId, data);
    const sha = desk.blobs.stage(data).sha256;
    expect((await desk.blobs.read(sha)).equals(data)).toBe(true);
    expect(desk.blobs.release([sha, 'ef'.repeat(32)])).toBe(2);

    // the pieces of another material, sealed with the same key: each opens, the whole is not these bytes
    const other = randomBytes(2 * CHUNK + 10);
    const otherId = await stored(desk, entityId, other);
    const otherPieces = await desk.sql.db.selectFrom('material_chunk').select(['seq', 'data']).where('material_id', '=', otherId).orderBy('seq').execute();
    await desk.sql.db.deleteFrom('material_chunk').where('material_id', '=', id).execute();
    await desk.sql.db.insertInto('material_chunk').values(otherPieces.map((p) => ({ material_id: id, seq: p.seq, data: Buffer.from(p.data) }))).execute();
    await expect(desk.blobs.read(sha)).rejects.toMatchObject(TAMPERED);

    // the header alone
    await desk.sql.db.deleteFrom('material_chunk').where('material_id', '=', id).where('seq', '>', 0).execute();
    await expect(desk.blobs.read(sha)).rejects.toMatchObject(TAMPERED);
  });

  it('open the bytes from another material holding them when one material\'s copy is damaged, and refuse only when every copy is', async () => {
    const desk = await teamDesk();
    const entityId = await clientOf(desk);
    const data = randomBytes(2 * CHUNK + 10);
    const ids = [await stored(desk, entityId, data), await stored(desk, entityId, data), await stored(desk, entityId, data)];
    const sha = createHash('sha256').update(data).digest('hex');
    const damage = async (id: number) => {
      const row = await desk.sql.db.selectFrom('material_chunk').select('data').where('material_id', '=', id).where('seq', '=', 2).executeTakeFirstOrThrow();
      const changed = Buffer.from(row.data);
      changed[5] = (changed[5] ?? 0) ^ 1;
      await desk.sql.db.updateTable('material_chunk').set({ data: changed }).where('material_id', '=', id).where('seq', '=', 2).execute();
    };
    await damage(ids[0]!);
    await damage(ids[1]!);
    expect((await desk.blobs.read(sha)).equals(data)).toBe(true);
    await damage(ids[2]!);
    await expect(desk.blobs.read(sha)).rejects.toMatchObject(TAMPERED);
  });

  it('refuse an empty material cut to its header, and a piece renumbered past the end although the order is kept', async () => {
    const desk = await teamDesk();
    const entityId = await clientOf(desk);
    const emptyId = await stored(desk, entityId, Buffer.alloc(0));
    const emptySha = desk.blobs.stage(Buffer.alloc(0)).sha256;
    expect(await desk.blobs.read(emptySha)).toEqual(Buffer.alloc(0));
    await desk.sql.db.deleteFrom('material_chunk').where('material_id', '=', emptyId).where('seq', '>', 0).execute();
    await expect(desk.blobs.read(emptySha)).rejects.toMatchObject(TAMPERED);

    const data = randomBytes(CHUNK + 10);
    const id = await stored(desk, entityId, data);
    const sha = desk.blobs.stage(data).sha256;
    expect(await chunkCount(desk, id)).toBe(3);
    await desk.sql.db.updateTable('material_chunk').set({ seq: 7 }).where('material_id', '=', id).where('seq', '=', 2).execute();
    await expect(desk.blobs.read(sha)).rejects.toMatchObject(TAMPERED);
  });

  it('say they hold encrypted bytes when a chunk is stored, or a file from before migration 0012 still is', async () => {
    const desk = await teamDesk();
    const entityId = await clientOf(desk);
    expect(await desk.blobs.holdsEncrypted()).toBe(false);
    await fromBefore0012(desk, entityId, randomBytes(500));
    expect(await desk.blobs.holdsEncrypted()).toBe(true);

    const chunksOnly = await teamDesk();
    await stored(chunksOnly, await clientOf(chunksOnly), randomBytes(500));
    expect(await chunksOnly.blobs.holdsEncrypted()).toBe(true);
  });

  it('take over the folder\'s files, one material each, dropping a file once every material with its bytes is moved; a damaged file stays where it is', async () => {
    const desk = await teamDesk();
    const entityId = await clientOf(desk);
    const shared = randomBytes(CHUNK + 5);
    const first = await fromBefore0012(desk, entityId, shared);
    const second = await fromBefore0012(desk, entityId, shared);
    const damagedBytes = randomBytes(300);
    const damaged = await fromBefore0012(desk, entityId, damagedBytes);
    const file = desk.files.pathOf(damaged.sha256);
    const cut = readFileSync(file);
    writeFileSync(file, cut.subarray(0, cut.length - 1));

    expect(await desk.blobs.adoptFolderFiles()).toBe(2);
    expect(await chunkCount(desk, first.id)).toBe(1 + Math.ceil(shared.length / CHUNK));
    expect(await chunkCount(desk, second.id)).toBe(1 + Math.ceil(shared.length / CHUNK));
    expect(desk.files.has(first.sha256)).toBe(false);
    expect((await desk.blobs.read(first.sha256)).equals(shared)).toBe(true);

    expect(await chunkCount(desk, damaged.id)).toBe(0);
    expect(existsSync(file)).toBe(true);
    await expect(desk.blobs.read(damaged.sha256)).rejects.toMatchObject({ code: expect.stringMatching(/TAMPERED/) });
    // asked again, nothing is left to move
    expect(await desk.blobs.adoptFolderFiles()).toBe(0);
  });
});
