import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import yazl from 'yazl';
import { describe, expect, it } from 'vitest';
import { SafeArchive } from '../../../main/backup/archive';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { exportTransfer } from '../../../main/services/transferExport';
import { importTransfer } from '../../../main/services/transferImport';
import { createClients, listClients, getClientClear } from '../../../main/services/clients';
import { addMaterial, listMaterials, readMaterial } from '../../../main/services/materials';
import { materialJpeg, materialPdf } from '../../fixtures/materials';
import { companyRecord } from '../../fixtures/records';
import { openTestDesk, tempDir } from '../../helpers';
import { deflatedZeros, writeCraftedZip } from '../backup/craftZip';

const PASS = 'transfer-pass-1';

async function writeZip(file: string, entries: [string, Buffer, boolean?][]) {
  await new Promise<void>((ok, fail) => {
    const z = new yazl.ZipFile();
    for (const [name, data, compress] of entries) z.addBuffer(data, name, { compress: compress ?? true });
    z.outputStream.pipe(createWriteStream(file)).on('close', () => ok()).on('error', fail);
    z.end();
  });
}

describe('transfer between desks', () => {
  it('moves clients with their materials to another desk, and a second import adds no duplicates', async () => {
    const a = await openTestDesk();
    const [c1, c2] = await createClients(a, [clientRecordSchema.parse(companyRecord(1)), clientRecordSchema.parse(companyRecord(2))]);
    const photo = await materialJpeg('幕布照片字节'.repeat(1000));
    await addMaterial(a, { entityId: c1!.id, personId: c1!.personIds.p2!, websiteId: c1!.websiteIds[0]!, kind: 'curtain', fileName: '幕布.jpg', data: photo });
    const archive = await exportTransfer(a, [c1!.id, c2!.id], PASS);
    expect(archive.includes(Buffer.from('幕布照片字节'))).toBe(false); // encrypted inside
    const file = join(tempDir(), 'x.bdtransfer');
    writeFileSync(file, archive);

    const b = await openTestDesk(); // another machine: its own data key
    const r1 = await importTransfer(b, file, PASS);
    expect(r1).toMatchObject({ created: 2, merged: 0, materials: 1 });
    const imported = await listClients(b, { offset: 0, limit: 10, sortBy: 'name', sortDir: 'asc' });
    expect(imported.total).toBe(2);
    const e = await getClientClear(b, imported.items[0]!.id);
    expect(e.people).toHaveLength(2);
    const m = (await listMaterials(b, e.id))[0]!;
    expect((await readMaterial(b, m.id)).data.equals(photo)).toBe(true);
    expect(m.personId).toBe(e.people[1]!.id);

    const r2 = await importTransfer(b, file, PASS);
    expect(r2).toMatchObject({ created: 0, merged: 2, people: 0, websites: 0, materials: 0 });
    expect((await listClients(b, { offset: 0, limit: 10, sortBy: 'name', sortDir: 'asc' })).total).toBe(2);
    await expect(importTransfer(b, file, 'wrong-passphrase')).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
  });

  it('carries the 网站建设方案书 (site-plan) as that kind', async () => {
    const a = await openTestDesk();
    const [c] = await createClients(a, [clientRecordSchema.parse(companyRecord(1))]);
    const plan = await materialPdf('网站建设方案书');
    await addMaterial(a, { entityId: c!.id, kind: 'site-plan', fileName: '方案书.pdf', data: plan });
    const file = join(tempDir(), 'plan.bdtransfer');
    writeFileSync(file, await exportTransfer(a, [c!.id], PASS));
    const b = await openTestDesk();
    expect(await importTransfer(b, file, PASS)).toMatchObject({ created: 1, materials: 1 });
    const e = (await listClients(b, { offset: 0, limit: 10, sortBy: 'name', sortDir: 'asc' })).items[0]!;
    const [m] = await listMaterials(b, e.id);
    expect([m!.kind, m!.personId, m!.websiteId, m!.mime]).toEqual(['site-plan', null, null, 'application/pdf']);
    expect((await readMaterial(b, m!.id)).data.equals(plan)).toBe(true);
  });

  it('refuses an archive with ../evil and writes nothing outside (or inside) the data folder', async () => {
    const dir = tempDir();
    const file = join(dir, 'evil.bdtransfer');
    await writeZip(file, [['transfer-key.json', Buffer.from('{}')], ['XXXXXXXX', Buffer.from('boom')]]);
    const bytes = readFileSync(file);
    let at = bytes.indexOf('XXXXXXXX');
    while (at >= 0) {
      bytes.write('../evil1', at, 'latin1');
      at = bytes.indexOf('XXXXXXXX', at + 1);
    }
    writeFileSync(file, bytes);
    const desk = await openTestDesk();
    const before = readdirSync(desk.dataDir).sort();
    await expect(importTransfer(desk, file, PASS)).rejects.toMatchObject({ code: 'ARCHIVE_INVALID', message: expect.stringContaining('../evil1') });
    expect(existsSync(join(dir, '..', 'evil1'))).toBe(false);
    expect(readdirSync(desk.dataDir).sort()).toEqual(before);
    expect(desk.files.list()).toEqual([]);
  });

  it('refuses an entry that would expand to 4 GB, and one that lies about its size, each for that reason', async () => {
    const desk = await openTestDesk();
    const dir = tempDir();
    // A real key file, so the passphrase is right and each archive gets as far as its bomb.
    const real = join(dir, 'real.bdtransfer');
    writeFileSync(real, await exportTransfer(await openTestDesk(), [], PASS));
    const archive = await SafeArchive.open(real, { label: '传输文件', allowed: () => true, limits: { maxEntryBytes: 1e6, maxTotalBytes: 1e7, maxEntries: 10 } });
    const keyFile = (await archive.read(archive.entries.get('transfer-key.json')!, 1e6)).data;
    archive.close();

    // declared 4 GB (the size fields set, as a zip bomb would declare)
    const big = join(dir, 'big.bdtransfer');
    writeCraftedZip(big, [{ name: 'transfer-key.json', stored: keyFile }, { name: 'transfer.json', deflated: deflatedZeros(1), declaredSize: 0xfffffff0 }]);
    await expect(importTransfer(desk, big, PASS)).rejects.toMatchObject({
      code: 'ARCHIVE_INVALID',
      message: `传输文件中的“transfer.json”解压后有 ${0xfffffff0} 字节，超过单个文件的上限 ${60 * 1024 * 1024} 字节（可能是压缩炸弹），已拒绝，未解压`,
    });
    // declares 1000 bytes, expands to 20 MB
    const liar = join(dir, 'liar.bdtransfer');
    writeCraftedZip(liar, [{ name: 'transfer-key.json', stored: keyFile }, { name: 'transfer.json', deflated: deflatedZeros(20), declaredSize: 1000 }]);
    await expect(importTransfer(desk, liar, PASS)).rejects.toMatchObject({ code: 'ARCHIVE_INVALID', message: '传输文件中的“transfer.json”解压后超过了声明的大小（可能是压缩炸弹），已停止解压' });
    expect(desk.files.list()).toEqual([]);
  });

  it('refuses a well-formed name that is not part of a transfer file', async () => {
    const file = join(tempDir(), 'notes.bdtransfer');
    await writeZip(file, [['transfer-key.json', Buffer.from('{}')], ['transfer.json', Buffer.from('{}')], ['notes.txt', Buffer.from('x')]]);
    const desk = await openTestDesk();
    await expect(importTransfer(desk, file, PASS)).rejects.toMatchObject({ code: 'ARCHIVE_INVALID', message: '传输文件中含有不允许的文件名：“notes.txt”（不属于此类文件），已拒绝，未写入任何文件' });
  });
});

describe('transfer through the API', () => {
  it('exports to a folder as a job and imports an uploaded file, removing its temp copy', async () => {
    const { createRouter } = await import('../../../main/api/router');
    const a = await openTestDesk();
    const [c] = await createClients(a, [clientRecordSchema.parse(companyRecord(5))]);
    const dir = tempDir();
    const ra = createRouter(a, () => undefined);
    const exported = await ra.invoke('transfer.export', { entityIds: [c!.id], passphrase: PASS, confirm: PASS, dir });
    const jobId = (exported as { value: { jobId: string } }).value.jobId;
    await expect.poll(async () => ((await ra.invoke('jobs.get', { id: jobId })) as { value: { state: string } }).value.state).toBe('done');
    const status = (await ra.invoke('jobs.get', { id: jobId })) as { value: { result: { file: string; clients: number } } };
    expect(status.value.result).toMatchObject({ file: join(dir, readdirSync(dir)[0]!), clients: 1, files: 0 });
    const file = status.value.result.file;
    const b = await openTestDesk();
    const rb = createRouter(b, () => undefined);
    const content = readFileSync(file).toString('base64');
    expect(await rb.invoke('transfer.import', { contentBase64: content, passphrase: 'not-the-one' })).toMatchObject({ ok: false, error: { code: 'WRONG_PASSPHRASE' } });
    expect(await rb.invoke('transfer.import', { contentBase64: content, passphrase: PASS })).toMatchObject({ ok: true, value: { created: 1 } });
    expect(readdirSync(join(b.files.root, 'tmp'))).toEqual([]);
  });
});
