// Material bytes are shared by content (one file for the same 法人身份证 under two companies). Staging bytes
// that are already stored writes nothing, so between the stage and the commit of the row that will point at
// them the file must not be freed by a deletion of the other client that held the same bytes.
import { describe, expect, it } from 'vitest';
import type { Desk } from '../../../main/desk';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { createClients, deleteClient } from '../../../main/services/clients';
import { exportTransfer } from '../../../main/services/transferExport';
import { importTransfer } from '../../../main/services/transferImport';
import { addMaterial, readMaterial } from '../../../main/services/materials';
import { materialJpeg } from '../../fixtures/materials';
import { companyRecord } from '../../fixtures/records';
import { openTestDesk, tempDir } from '../../helpers';
import { archiveFile } from '../../support/leases';

/**
 * Runs `meanwhile` after the next stage() and before the transaction that follows it starts: a deletion
 * in another window, placed exactly in the gap.
 */
function betweenStageAndInsert(desk: Desk, meanwhile: () => Promise<unknown>): { ran: () => boolean } {
  const realStage = desk.blobs.stage.bind(desk.blobs);
  const realTx = desk.sql.tx.bind(desk.sql);
  let staged = false;
  let ran = false;
  (desk.blobs as { stage: typeof realStage }).stage = (data) => {
    staged = true;
    return realStage(data);
  };
  desk.sql.tx = (async (fn, options) => {
    if (staged && !ran) {
      ran = true;
      await meanwhile();
    }
    return await realTx(fn, options);
  }) as typeof desk.sql.tx;
  return { ran: () => ran };
}

describe('material bytes shared by two clients, one deleted while the other stores them', () => {
  it('a 法人身份证 added to B while A (holding the same scan) is deleted keeps its file', async () => {
    const desk = await openTestDesk();
    const [a, b] = await createClients(desk, [1, 2].map((n) => clientRecordSchema.parse(companyRecord(n))));
    const idCard = await materialJpeg('法人身份证正面 (same boss, two companies)');
    const first = await addMaterial(desk, { entityId: a!.id, kind: 'licence', fileName: '身份证.jpg', data: idCard });
    let deleted: unknown;
    const gap = betweenStageAndInsert(desk, async () => (deleted = await deleteClient(desk, a!.id)));
    const m = await addMaterial(desk, { entityId: b!.id, kind: 'licence', fileName: '身份证.jpg', data: idCard });
    expect(gap.ran()).toBe(true);
    // A's delete committed and freed nothing: the bytes were held for B's row
    expect(deleted).toEqual({ deletedId: a!.id, removedFiles: 0 });
    expect(m.sha256).toBe(first.sha256);
    expect(desk.files.has(m.sha256)).toBe(true);
    expect((await readMaterial(desk, m.id)).data.equals(idCard)).toBe(true);
    // and the hold ended with B's commit: deleting B now frees the file
    await expect(deleteClient(desk, b!.id)).resolves.toEqual({ deletedId: b!.id, removedFiles: 1 });
    expect(desk.files.has(m.sha256)).toBe(false);
  });

  it('another process (the CLI beside the app) removing the file between the stage and the commit: the bytes are written back after the commit', async () => {
    const desk = await openTestDesk();
    const [a, b] = await createClients(desk, [1, 2].map((n) => clientRecordSchema.parse(companyRecord(n))));
    const idCard = await materialJpeg('法人身份证正面 (same boss, two companies, two processes)');
    const first = await addMaterial(desk, { entityId: a!.id, kind: 'licence', fileName: '身份证.jpg', data: idCard });
    // the other process's deletion of A: its rows gone, its file removed, this process's hold unknown to it
    const gap = betweenStageAndInsert(desk, async () => {
      await desk.sql.tx(async () => desk.ctx.db.deleteFrom('material').where('id', '=', first.id).execute());
      desk.files.remove(first.sha256);
    });
    const m = await addMaterial(desk, { entityId: b!.id, kind: 'licence', fileName: '身份证.jpg', data: idCard });
    expect(gap.ran()).toBe(true);
    expect(desk.files.has(m.sha256)).toBe(true);
    expect((await readMaterial(desk, m.id)).data.equals(idCard)).toBe(true);
  });

  it('a material B would store but whose insert is refused is freed after all, once A is gone', async () => {
    const desk = await openTestDesk();
    const [a, b] = await createClients(desk, [1, 2].map((n) => clientRecordSchema.parse(companyRecord(n))));
    const idCard = await materialJpeg('法人身份证正面 shared');
    const first = await addMaterial(desk, { entityId: a!.id, kind: 'licence', fileName: '身份证.jpg', data: idCard });
    betweenStageAndInsert(desk, () => deleteClient(desk, a!.id));
    // B's insert is refused inside its transaction (a person of another client)
    await expect(addMaterial(desk, { entityId: b!.id, personId: 999_999, kind: 'licence', fileName: '身份证.jpg', data: idCard })).rejects.toThrow('所选负责人不属于该客户');
    expect(desk.files.has(first.sha256)).toBe(false);
  });

  it('a transfer import bringing the same scan while A is deleted keeps its file', async () => {
    const source = await openTestDesk();
    const [s] = await createClients(source, [clientRecordSchema.parse(companyRecord(2))]);
    const idCard = await materialJpeg('法人身份证正面 carried');
    await addMaterial(source, { entityId: s!.id, kind: 'licence', fileName: '身份证.jpg', data: idCard });
    const archive = archiveFile(await exportTransfer(source, [s!.id], 'transfer-pass-1'));

    const desk = await openTestDesk(tempDir());
    const [a] = await createClients(desk, [clientRecordSchema.parse(companyRecord(1))]);
    const held = await addMaterial(desk, { entityId: a!.id, kind: 'licence', fileName: '身份证.jpg', data: idCard });
    betweenStageAndInsert(desk, () => deleteClient(desk, a!.id));
    const r = await importTransfer(desk, archive, 'transfer-pass-1');
    expect(r.materials).toBe(1);
    expect(desk.files.has(held.sha256)).toBe(true);
  });
});
