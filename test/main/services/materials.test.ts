// Material slots take only what they are for: every file is read by content before it is stored, by
// every route a material enters (API upload, order checklist, CLI attach), and the CLI never follows a
// symbolic link to whatever it points at.
import { symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { expect, it } from 'vitest';
import { runCli } from '../../../main/cli';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { insertMaterial } from '../../../main/db/repositories/materials';
import { exportTransfer } from '../../../main/services/transferExport';
import { importTransfer } from '../../../main/services/transferImport';
import { createClients } from '../../../main/services/clients';
import { addMaterial, listMaterials } from '../../../main/services/materials';
import { attachToOrder, createOrder, getOrder } from '../../../main/services/orders';
import { individual } from '../../fixtures/drafts';
import { idScan, materialJpeg, materialPdf } from '../../fixtures/materials';
import { IPHONE_HEIC } from '../../fixtures/heic';
import { pixelBombPng } from '../../fixtures/photos';
import { companyRecord } from '../../fixtures/records';
import { tempDir, TEST_PASSPHRASE, testRouter } from '../../helpers';
import { describeEachStore, type OpenDesk, storeArgs } from '../../support/eachStore';

// The CLI unlocks with this, whatever the shell has set.
process.env.BEIAN_DESK_PASSPHRASE = TEST_PASSPHRASE;

const SHADOW = Buffer.from('root:$6$saltsalt$0123456789abcdef:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n');

/** Files that must never be stored as an ID photo, each with what the refusal must say. */
async function notAnIdPhoto(): Promise<[string, Buffer, RegExp][]> {
  const jpeg = await sharp({ create: { width: 800, height: 500, channels: 3, background: '#88aacc', noise: { type: 'gaussian', mean: 128, sigma: 30 } } }).jpeg().toBuffer();
  return [
    ['a PDF', await materialPdf('contract'), /须为图片.*所选文件是PDF/],
    ['a pixel bomb', pixelBombPng(), /解压炸弹/],
    ['a truncated JPEG', jpeg.subarray(0, Math.floor(jpeg.length * 0.6)), /损坏或不完整/],
    ['a text file (/etc/shadow)', SHADOW, /既不是图片也不是 PDF/],
    ['an SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="800" height="500"><rect width="800" height="500"/></svg>'), /既不是图片也不是 PDF/],
    // an iPhone's default format: told for what it is, not as a damaged file or as neither image nor PDF
    ['an iPhone HEIC photo', IPHONE_HEIC, /^“[^”]+”：这是 HEIC 格式的照片（苹果手机默认格式），备案助手无法读取：请转换为 JPG/],
    ['a JPEG header followed by garbage', Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), SHADOW]), /不是可读取的图片|损坏/],
    // an image the consoles do not take is named as such, not as "neither image nor PDF"
    ['a TIFF scan', await sharp({ create: { width: 60, height: 40, channels: 3, background: '#ffffff' } }).tiff().toBuffer(), /^“[^”]+”：图片格式 TIFF 不受支持，请转换为 JPG 或 PNG$/],
    ['a GIF', await sharp({ create: { width: 60, height: 40, channels: 3, background: '#ffffff' } }).gif().toBuffer(), /图片格式 GIF 不受支持，请转换为 JPG 或 PNG/],
    ['a BMP', Buffer.concat([Buffer.from('BM'), Buffer.alloc(60)]), /图片格式 BMP 不受支持，请转换为 JPG 或 PNG/],
  ];
}

async function clientDesk(openDesk: OpenDesk) {
  const desk = await openDesk();
  const [c] = await createClients(desk, [clientRecordSchema.parse(companyRecord(1))]);
  return { desk, clientId: c!.id, personId: c!.personIds.p1! };
}

describeEachStore('material content check', (openDesk) => {
  it('refuses for the ID-photo slot a PDF, a pixel bomb, a truncated JPEG, a text file, an SVG, a HEIC photo and a TIFF/GIF/BMP, storing nothing', async () => {
    const { desk, clientId, personId } = await clientDesk(openDesk);
    for (const [what, data, message] of await notAnIdPhoto()) {
      await expect(addMaterial(desk, { entityId: clientId, personId, kind: 'id-front', fileName: '身份证.jpg', data }), what).rejects.toMatchObject({
        code: expect.stringMatching(/^FILE_(INVALID|TOO_LARGE)$/),
        message: expect.stringMatching(message),
      });
    }
    expect(await listMaterials(desk, clientId)).toEqual([]);
    expect(desk.files.list()).toEqual([]);
  });

  it('stores a real JPEG or PNG photo with the type read from its content, not its name', async () => {
    const { desk, clientId, personId } = await clientDesk(openDesk);
    const png = await sharp({ create: { width: 60, height: 40, channels: 3, background: '#c03030' } }).png().toBuffer();
    expect(await addMaterial(desk, { entityId: clientId, personId, kind: 'id-front', fileName: '身份证.pdf', data: await materialJpeg('front') })).toMatchObject({ mime: 'image/jpeg' });
    expect(await addMaterial(desk, { entityId: clientId, kind: 'seal', fileName: '公章.jpg', data: png })).toMatchObject({ mime: 'image/png' });
    // a right-to-left override would show “照片\u202Egpj.exe” as “照片exe.jpg”
    expect(await addMaterial(desk, { entityId: clientId, kind: 'other', fileName: '照片\u202Egpj.exe', data: png })).toMatchObject({ fileName: '照片_gpj.exe' });
  });

  it('takes only a whole PDF for a 核验单 PDF slot: not an image, not a file cut short, not a bare PDF header', async () => {
    const { desk, clientId } = await clientDesk(openDesk);
    const pdf = await materialPdf('核验单');
    const add = (data: Buffer) => addMaterial(desk, { entityId: clientId, kind: 'sheet-pdf', fileName: '核验单.pdf', data });
    await expect(add(await materialJpeg('scan'))).rejects.toThrow(/须为PDF，所选文件是图片/);
    await expect(add(pdf.subarray(0, pdf.length - 30))).rejects.toThrow(/PDF 已损坏或不完整/);
    await expect(add(pdf.subarray(0, Math.floor(pdf.length * 0.7)))).rejects.toThrow(/PDF 已损坏或不完整/);
    await expect(add(Buffer.from('%PDF-1.4\n%%EOF\n'))).rejects.toThrow(/PDF 已损坏或不完整/);
    expect(await add(pdf)).toMatchObject({ kind: 'sheet-pdf', mime: 'application/pdf' });
    // the signed-sheet scan and other documents may be either
    expect(await addMaterial(desk, { entityId: clientId, kind: 'domain-cert', fileName: '域名证书.pdf', data: await materialPdf('域名证书') })).toMatchObject({ mime: 'application/pdf' });
    expect(await addMaterial(desk, { entityId: clientId, kind: 'other', fileName: '说明.jpg', data: await materialJpeg('说明') })).toMatchObject({ mime: 'image/jpeg' });
    await expect(addMaterial(desk, { entityId: clientId, kind: 'other', fileName: '说明.txt', data: Buffer.from('纯文本说明') })).rejects.toThrow(/既不是图片也不是 PDF/);
  });

  it('refuses the same files through the API upload and the order checklist, and the slot stays missing', async () => {
    const { desk, router } = await testRouter(await openDesk());
    const { filing: _f, ...rec } = individual();
    const [c] = await createClients(desk, [clientRecordSchema.parse(rec)]);
    const order = await createOrder(desk, { entityId: c!.id, type: '首次备案', provider: 'tencent' });
    const slot = (await getOrder(desk, order.id)).checklist.find((s) => s.kind === 'id-front')!;
    for (const [what, data] of await notAnIdPhoto()) {
      const contentBase64 = data.toString('base64');
      const viaUpload = await router.invoke('material.add', { entityId: c!.id, personId: slot.personId, kind: 'id-front', fileName: 'id.jpg', contentBase64 });
      expect(viaUpload, what).toMatchObject({ ok: false, error: { code: expect.stringMatching(/^FILE_/) } });
      const viaChecklist = await router.invoke('order.attach', { orderId: order.id, slot: slot.id, fileName: 'id.jpg', contentBase64 });
      expect(viaChecklist, what).toMatchObject({ ok: false, error: { code: expect.stringMatching(/^FILE_/) } });
    }
    await expect(attachToOrder(desk, order.id, slot.id, { fileName: 'id.jpg', data: SHADOW })).rejects.toThrow(/既不是图片也不是 PDF/);
    expect((await getOrder(desk, order.id)).checklist.find((s) => s.id === slot.id)!.status).toBe('missing');
    expect(desk.files.list()).toEqual([]);
  });
});

describeEachStore('materials from a transfer archive', (openDesk) => {
  it('refuses an archive whose ID photo is not an image, as if uploaded, and imports nothing', async () => {
    // a desk from before the content check: a text file was stored as an ID photo
    const { desk: old, clientId, personId } = await clientDesk(openDesk);
    const sha256 = old.files.put(SHADOW).sha256;
    await old.sql.tx(() => insertMaterial(old.ctx, { entityId: clientId, personId, websiteId: null, kind: 'id-front', fileName: '身份证.jpg', sha256, size: SHADOW.length, mime: 'image/jpeg' }));
    const file = join(tempDir(), 'old.bdtransfer');
    writeFileSync(file, await exportTransfer(old, [clientId], 'transfer-pass-1'));
    const fresh = await openDesk();
    await expect(importTransfer(fresh, file, 'transfer-pass-1')).rejects.toMatchObject({ code: 'ARCHIVE_INVALID', message: expect.stringContaining('既不是图片也不是 PDF') });
    expect(await fresh.sql.db.selectFrom('entity').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst()).toEqual({ n: 0 });
    expect(fresh.files.list()).toEqual([]);
  });
});

describeEachStore('CLI material attach', (openDesk) => {
  async function cliDesk() {
    const desk = await openDesk();
    const { dataDir } = desk;
    const cliStore = storeArgs(desk);
    const { filing: _f, ...rec } = individual();
    const [c] = await createClients(desk, [clientRecordSchema.parse(rec)]);
    const order = await createOrder(desk, { entityId: c!.id, type: '首次备案', provider: 'tencent' });
    const slot = (await getOrder(desk, order.id)).checklist.find((s) => s.kind === 'id-front')!.id;
    await desk.close();
    const cli = async (...args: string[]) => {
      let out = '';
      let err = '';
      const code = await runCli([...cliStore, ...args], { out: (t) => (out += t), err: (t) => (err += t) });
      return { code, out, err };
    };
    return { dataDir, orderId: String(order.id), slot, cli };
  }

  it('does not follow a symbolic link named like a photo, and the checklist still shows the slot missing', async () => {
    const { dataDir, orderId, slot, cli } = await cliDesk();
    // a real photo behind the link: what is refused is the link, whatever it points at
    const target = join(dataDir, 'elsewhere.jpg');
    writeFileSync(target, await materialJpeg('somebody else'));
    const link = join(dataDir, '身份证正面.jpg');
    symlinkSync(target, link);
    const r = await cli('material', 'attach', link, '--order', orderId, '--slot', slot);
    expect(r.code).toBe(1);
    expect(r.err).toContain('符号链接');
    expect(r.err).toContain(link);
    const checklist = await cli('order', 'checklist', orderId);
    expect(checklist.out).toMatch(/✗ 缺少 {2}person:\d+:id-front/);
  });

  it('refuses a file over 50 MB before reading it', async () => {
    const { dataDir, orderId, slot, cli } = await cliDesk();
    const big = join(dataDir, 'big.jpg');
    writeFileSync(big, '');
    truncateSync(big, 60 * 1024 * 1024); // sparse: nothing is written
    const r = await cli('material', 'attach', big, '--order', orderId, '--slot', slot);
    expect(r.code).toBe(1);
    expect(r.err).toContain('错误（FILE_TOO_LARGE）：材料文件过大（60.0 MB），不能超过 50 MB');
  });

  it('refuses a PDF in the ID-photo slot and stores a real photo', async () => {
    const { dataDir, orderId, slot, cli } = await cliDesk();
    const pdf = join(dataDir, 'id.jpg');
    writeFileSync(pdf, await materialPdf('not a photo'));
    const refused = await cli('material', 'attach', pdf, '--order', orderId, '--slot', slot);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('须为图片');
    const photo = join(dataDir, 'photo.jpg');
    writeFileSync(photo, await idScan(0));
    expect((await cli('material', 'attach', photo, '--order', orderId, '--slot', slot)).code).toBe(0);
    expect((await cli('order', 'checklist', orderId)).out).toMatch(/✓ 已有 {2}person:\d+:id-front/);
  });
});
