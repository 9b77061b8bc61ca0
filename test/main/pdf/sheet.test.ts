// The 核验单 as a reader sees it: poppler renders it and extracts its text with positions.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { MM, SHEET_LAYOUT } from '../../../main/pdf/layout';
import { SHEET_FIELD_LABELS } from '../../../main/pdf/sheetData';
import { extractSeal, extractSignature } from '../../../main/pdf/seal';
import { overlapWarning, sealOverSignature, stampPdf, stampsOverFingerprint } from '../../../main/pdf/stamp';
import { createClients, getClientClear } from '../../../main/services/clients';
import { writeSheetSettings } from '../../../main/db/repositories/settings';
import { createOrder } from '../../../main/services/orders';
import { batchSheets, generateSheet, sheetFileName } from '../../../main/services/sheets';
import { updateSheetSettingsForTest } from '../../fixtures/sheetSettings';
import { enterprise, individual } from '../../fixtures/drafts';
import { companyRecord, personId } from '../../fixtures/records';
import { photographedSeal, penSignature } from '../../fixtures/images';
import { openTestDesk, tempDir } from '../../helpers';

const LONG_ADDRESS = `广东省深圳市南山区${'科技园南区高新南一道某某大厦'.repeat(13)}1号A座1011室`; // 200 characters, the most the record allows

async function store(records: Record<string, unknown>[]) {
  const desk = await openTestDesk();
  await updateSheetSettingsForTest(desk);
  const created = await createClients(
    desk,
    records.map((r) => {
      const { filing: _f, ...rest } = r as { filing?: unknown };
      return clientRecordSchema.parse(rest);
    }),
  );
  return { desk, created };
}

function pdfText(pdf: Uint8Array): string {
  const dir = tempDir();
  writeFileSync(join(dir, 's.pdf'), pdf);
  return execFileSync('pdftotext', ['-raw', join(dir, 's.pdf'), '-'], { encoding: 'utf8' });
}

interface Word {
  text: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  page: number;
}

function pdfWords(pdf: Uint8Array): Word[] {
  const dir = tempDir();
  writeFileSync(join(dir, 's.pdf'), pdf);
  const html = execFileSync('pdftotext', ['-bbox', join(dir, 's.pdf'), '-'], { encoding: 'utf8' });
  const words: Word[] = [];
  let page = 0;
  for (const line of html.split('\n')) {
    if (line.includes('<page')) page++;
    const m = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)<\/word>/.exec(line);
    if (m) words.push({ x0: +m[1]!, y0: +m[2]!, x1: +m[3]!, y1: +m[4]!, text: m[5]!, page });
  }
  return words;
}

const squash = (s: string) => s.replace(/\s+/g, '');

describe('核验单 generation', () => {
  it('prints every filled value, Chinese included, and keeps a 200-character address inside its box', async () => {
    const { desk, created } = await store([enterprise((r) => (r.entity.mailingAddress = LONG_ADDRESS))]);
    expect(LONG_ADDRESS.length).toBe(200);
    await createOrder(desk, { entityId: created[0]!.id, type: '首次备案', provider: 'tencent' });
    const { pdf, warnings } = await generateSheet(desk, created[0]!.websiteIds[0]!);
    expect(warnings).toEqual([]);
    const text = squash(pdfText(pdf));
    const e = await getClientClear(desk, created[0]!.id);
    const site = e.websites[0]!;
    const expected = [e.name, e.certNumber, e.certAddress, e.investor, LONG_ADDRESS, ...e.people.flatMap((p) => [p.name, p.certNumber, p.mobile, p.email, p.officePhone]), site.name, ...site.domains, ...site.homepages, site.serviceContent, '以上都不涉及', '腾讯云计算（北京）有限责任公司', '陈核验'];
    for (const v of expected.filter(Boolean)) expect(text, v).toContain(squash(v));

    // the address: every word of it lies inside the 通信地址 value box
    const box = SHEET_LAYOUT.boxes.find((b) => b.field === 'entity.mailingAddress')!;
    const inBox = (w: Word) => w.x0 >= box.x * MM - 0.5 && w.x1 <= (box.x + box.w) * MM + 0.5 && w.y0 >= box.y * MM - 0.5 && w.y1 <= (box.y + box.h) * MM + 0.5;
    const addressWords = pdfWords(pdf).filter((w) => w.text.includes('高新南一道') || w.text.includes('1号A座1011室'));
    expect(addressWords.length).toBeGreaterThan(1);
    for (const w of addressWords) expect(inBox(w), `${w.text} at ${w.x0},${w.y0}`).toBe(true);
  });

  it('draws no text outside the boxes, the title lines and the checklist strip', async () => {
    const { desk, created } = await store([enterprise((r) => (r.entity.mailingAddress = LONG_ADDRESS))]);
    const { pdf } = await generateSheet(desk, created[0]!.websiteIds[0]!);
    const rects = [...SHEET_LAYOUT.boxes, SHEET_LAYOUT.checklist, { x: 0, y: 0, w: 210, h: SHEET_LAYOUT.copiesNote.y + 3 }];
    const inside = (w: Word) => rects.some((r) => w.x0 >= r.x * MM - 1 && w.x1 <= (r.x + r.w) * MM + 1 && w.y0 >= r.y * MM - 1 && w.y1 <= (r.y + r.h) * MM + 1);
    const outside = pdfWords(pdf).filter((w) => w.page === 1 && !inside(w));
    expect(outside.map((w) => w.text)).toEqual([]);
  });

  it('gives a Guangdong personal sheet the declaration page, a Xinjiang one the fingerprint box, a Beijing unit sheet neither', async () => {
    // one 主体 is one client: the Xinjiang individual is another person
    const { desk, created } = await store([individual(), individual((r) => ((r.entity.province = '新疆维吾尔自治区'), (r.entity.certNumber = r.people[0].certNumber = personId(8)))), enterprise((r) => (r.entity.province = '北京市'))]);
    const [gd, xj, bj] = await Promise.all(created.map((c) => generateSheet(desk, c.websiteIds[0]!)));
    const gdText = pdfText(gd!.pdf);
    expect(gdText).toContain('网站负责人手抄承诺');
    expect(squash(gdText)).toContain('承诺本网站是个人网站');
    expect(gdText).not.toContain('手印');
    expect(gd!.copies).toBe(1);
    const xjText = pdfText(xj!.pdf);
    expect(xjText).toContain('手印');
    expect(xjText).not.toContain('手抄承诺');
    const bjText = pdfText(bj!.pdf);
    expect(bjText).not.toContain('手印');
    expect(bjText).not.toContain('手抄承诺');
    expect(squash(bjText)).toContain('加盖单位公章');
    expect(squash(bjText)).toContain('日期留空');
    expect(bj!.copies).toBe(2);
  });

  it('renders with pdftoppm, stays small, and is byte-identical when generated twice', async () => {
    const { desk, created } = await store([enterprise()]);
    const a = await generateSheet(desk, created[0]!.websiteIds[0]!);
    const b = await generateSheet(desk, created[0]!.websiteIds[0]!);
    expect(Buffer.from(a.pdf).equals(Buffer.from(b.pdf))).toBe(true);
    expect(a.pdf.byteLength).toBeLessThan(300 * 1024);
    const dir = tempDir();
    writeFileSync(join(dir, 's.pdf'), a.pdf);
    execFileSync('pdftoppm', ['-r', '40', '-png', join(dir, 's.pdf'), join(dir, 'p')]);
    const png = readdirSync(dir).find((f) => f.endsWith('.png'))!;
    const meta = await sharp(join(dir, png)).metadata();
    expect([meta.width, meta.height]).toEqual([331, 468]);
  });

  it('asks for a check mark (✓), not the radical sign √ that prints with a bar over it', async () => {
    const { desk, created } = await store([enterprise()]);
    const text = squash(pdfText((await generateSheet(desk, created[0]!.websiteIds[0]!)).pdf));
    expect(text).toContain('在□内打✓');
    expect(text).not.toContain('√');
  });

  it('sets each check box level with its text, and the personal sheet its one box where the row starts', async () => {
    const { desk, created } = await store([enterprise(), individual()]);
    const [unit, personal] = await Promise.all(created.map((c) => generateSheet(desk, c.websiteIds[0]!)));
    const boxes = SHEET_LAYOUT.boxes.filter((b) => b.kind === 'checkbox');
    const levelWithBox = (pdf: Uint8Array, label: string) => {
      const word = pdfWords(pdf).find((w) => w.page === 1 && w.text === label)!;
      const box = boxes.find((b) => b.label === label && word.x0 >= (b.x + b.w) * MM && word.x0 <= (b.x + b.w + 3) * MM)!;
      expect(box, label).toBeDefined();
      return Math.abs((word.y0 + word.y1) / 2 - (box.y + box.h / 2) * MM) / MM;
    };
    for (const label of ['单位证件资质', '个人证件资质', '联系方式报备信息是否正确', '网站名称报备信息是否规范']) expect(levelWithBox(unit!.pdf, label), label).toBeLessThan(0.4);
    const first = SHEET_LAYOUT.boxes.find((b) => b.id === 'cb-contact')!;
    const personalBox = pdfWords(personal!.pdf).find((w) => w.page === 1 && w.text === '个人证件资质')!;
    expect(personalBox.x0 / MM).toBeCloseTo(first.x + first.w + 1.2, 0);
    expect(levelWithBox(personal!.pdf, '个人证件资质')).toBeLessThan(0.4);
  });

  it('leaves room for a hand-written date in 核验日期 and 签字日期', () => {
    for (const field of ['verifier.date', 'signing.date']) expect(SHEET_LAYOUT.boxes.find((b) => b.field === field)!.w, field).toBeGreaterThanOrEqual(25);
  });

  it('refuses a value too long for its box instead of cutting it', async () => {
    const label = (i: number, k: number) => `l${i}${k}`.padEnd(60, 'x');
    const domains = Array.from({ length: 10 }, (_, i) => `${label(i, 1)}.${label(i, 2)}.${label(i, 3)}.${label(i, 4)}.cn`); // 10 domains of 245 characters
    const { desk, created } = await store([enterprise((r) => ((r.websites[0].domains = domains), (r.websites[0].homepages = [`www.${domains[0]}`])))]);
    // named as the operator knows the field, not by the layout's box (v-domains) or the data's key (site.domains)
    await expect(generateSheet(desk, created[0]!.websiteIds[0]!)).rejects.toThrow(/^“网站域名”内容过长，核验单的方框放不下，请精简后再生成$/);
  });

  it('has a name for every field the layout prints, and tells 主体负责人 from 网站负责人', () => {
    const fields = SHEET_LAYOUT.boxes.flatMap((b) => (b.field ? [b.field] : []));
    expect(fields.filter((f) => !SHEET_FIELD_LABELS[f])).toEqual([]);
    const labels = fields.map((f) => SHEET_FIELD_LABELS[f]);
    expect(new Set(labels).size).toBe(labels.length);
  });
});

describe('seal, signature and stamping', () => {
  it('extracts a photographed red seal: paper transparent, red strokes kept, black print dropped', async () => {
    const { png, width, height } = await extractSeal(await photographedSeal());
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    expect(info.channels).toBe(4);
    const px = (x: number, y: number) => data.subarray((y * width + x) * 4, (y * width + x) * 4 + 4);
    expect(px(0, 0)[3]).toBe(0);
    expect(px(width - 1, height - 1)[3]).toBe(0);
    let opaqueRed = 0;
    let opaqueOther = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3]! < 200) continue;
      if (data[i]! > 150 && data[i + 1]! < 90 && data[i + 2]! < 90) opaqueRed++;
      else opaqueOther++;
    }
    expect(opaqueRed).toBeGreaterThan(5000);
    expect(opaqueOther).toBe(0);
    // trimmed to the seal, not the whole photo (the black print at the left is gone)
    expect(width).toBeLessThan(600);
  });

  it('extracts a pen signature and refuses an image with no ink or that is not an image', async () => {
    expect((await extractSignature(await penSignature())).width).toBeGreaterThan(300);
    const blank = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#ffffff' } }).png().toBuffer();
    await expect(extractSeal(blank)).rejects.toThrow('没有找到印章');
    await expect(extractSeal(Buffer.from('not an image'))).rejects.toMatchObject({ code: 'FILE_INVALID' });
    const jpeg = await photographedSeal();
    await expect(extractSeal(jpeg.subarray(0, jpeg.length / 3))).rejects.toMatchObject({ code: 'FILE_INVALID' });
  });

  it('stamps the seal at its anchor and refuses a broken PDF', async () => {
    const { desk, created } = await store([enterprise()]);
    const { pdf } = await generateSheet(desk, created[0]!.websiteIds[0]!);
    const { png } = await extractSeal(await photographedSeal());
    const stamped = await stampPdf(pdf, { seal: png });
    expect(stamped.byteLength).toBeGreaterThan(pdf.byteLength);
    const dir = tempDir();
    writeFileSync(join(dir, 's.pdf'), stamped);
    execFileSync('pdftoppm', ['-r', '50', '-png', join(dir, 's.pdf'), join(dir, 'p')]);
    const file = join(dir, readdirSync(dir).find((f) => f.endsWith('.png'))!);
    const a = SHEET_LAYOUT.anchors.seal;
    const scale = 50 / 25.4;
    const { data, info } = await sharp(file).extract({ left: Math.round(a.x * scale), top: Math.round(a.y * scale), width: Math.round(a.w * scale), height: Math.round(a.h * scale) }).raw().toBuffer({ resolveWithObject: true });
    let red = 0;
    for (let i = 0; i < data.length; i += info.channels) if (data[i]! > 170 && data[i + 1]! < 120 && data[i + 2]! < 120) red++;
    expect(red).toBeGreaterThan(100);
    await expect(stampPdf(Buffer.from('%PDF-1.4 broken'), { seal: png })).rejects.toMatchObject({ code: 'FILE_INVALID' });
    await expect(stampPdf(pdf, {})).rejects.toThrow('请至少提供公章或签名图片');
  });

  it('keeps an unmoved seal off the signature, and measures the overlap when the seal is moved onto it', async () => {
    const seal = (await extractSeal(await photographedSeal())).png;
    const signature = (await extractSignature(await penSignature())).png;
    const owner = SHEET_LAYOUT.boxes.find((b) => b.id === 'sig-owner')!;
    for (const a of [SHEET_LAYOUT.anchors.seal, SHEET_LAYOUT.anchors.signature]) expect(a.x >= owner.x && a.x + a.w <= owner.x + owner.w).toBe(true);
    expect(sealOverSignature({ seal, signature })).toBe(0);
    expect(overlapWarning(0)).toBeNull();
    const moved = sealOverSignature({ seal, signature, sealOffset: { dx: -40, dy: 0 } });
    expect(moved).toBeGreaterThan(0.3);
    expect(overlapWarning(moved)).toMatch(/公章与签名重叠（盖住签名约 \d+%）/);
    expect(sealOverSignature({ seal })).toBe(0);
  });

  it('leaves the 手印 box of a Xinjiang or Jiangxi sheet free of an unmoved seal and signature, and warns when a stamp is moved onto it', async () => {
    const seal = (await extractSeal(await photographedSeal())).png;
    const signature = (await extractSignature(await penSignature())).png;
    const { desk, created } = await store([enterprise((r) => (r.entity.province = '新疆维吾尔自治区')), individual((r) => (r.entity.province = '江西省'))]);
    const fp = SHEET_LAYOUT.boxes.find((b) => b.id === 'fp-owner')!;
    const owner = SHEET_LAYOUT.boxes.find((b) => b.id === 'sig-owner')!;
    // the box lies in the 网站负责人签字 box, beside the signature
    expect(fp.x >= owner.x && fp.x + fp.w <= owner.x + owner.w).toBe(true);
    for (const c of created) {
      const { pdf } = await generateSheet(desk, c.websiteIds[0]!);
      const dir = tempDir();
      writeFileSync(join(dir, 's.pdf'), await stampPdf(pdf, { seal, signature }));
      execFileSync('pdftoppm', ['-r', '80', '-png', '-f', '1', '-l', '1', join(dir, 's.pdf'), join(dir, 'p')]);
      const file = join(dir, readdirSync(dir).find((f) => f.endsWith('.png'))!);
      const s = 80 / 25.4;
      const { data, info } = await sharp(file).extract({ left: Math.round(fp.x * s), top: Math.round(fp.y * s), width: Math.round(fp.w * s), height: Math.round(fp.h * s) }).raw().toBuffer({ resolveWithObject: true });
      let red = 0;
      let ink = 0;
      for (let i = 0; i < data.length; i += info.channels) {
        if (data[i]! > 170 && data[i + 1]! < 120 && data[i + 2]! < 120) red++;
        // the signature's dark strokes (the box's own dashed border and 手印 label are grey)
        if (data[i]! < 60 && data[i + 1]! < 60 && data[i + 2]! < 60) ink++;
      }
      expect(red, 'seal in the 手印 box').toBe(0);
      expect(ink, 'signature in the 手印 box').toBe(0);
    }
    expect(stampsOverFingerprint({ seal, signature }, { fingerprint: true })).toEqual({ seal: 0, signature: 0 });
    expect(overlapWarning(sealOverSignature({ seal, signature }), stampsOverFingerprint({ seal, signature }, { fingerprint: true }))).toBeNull();
    // the seal moved left onto the box: warned, on a fingerprint sheet only
    const moved = { seal, signature, sealOffset: { dx: -12, dy: 0 } };
    const over = stampsOverFingerprint(moved, { fingerprint: true });
    expect(over.seal).toBeGreaterThan(0.3);
    expect(overlapWarning(sealOverSignature(moved), over)).toMatch(/公章盖住手印框约 \d+%：.*请移动公章，让出手印框/);
    expect(stampsOverFingerprint(moved, { fingerprint: false })).toEqual({ seal: 0, signature: 0 });
    // the signature moved right onto it as well: both named
    const both = stampsOverFingerprint({ ...moved, signatureOffset: { dx: 15, dy: 0 } }, { fingerprint: true });
    expect(both.signature).toBeGreaterThan(0);
    expect(overlapWarning(0, both)).toMatch(/公章盖住手印框约 \d+%，签名盖住手印框约 \d+%：.*请移动公章和签名/);
  });
});

describe('provider facts on the sheet', () => {
  const providerLine = (pdf: Uint8Array) => /接入服务提供者(.*?)接入方式/.exec(squash(pdfText(pdf)))?.[1];
  const locationLine = (pdf: Uint8Array) => /服务器放置地点(.*?)IP地址/.exec(squash(pdfText(pdf)))?.[1];

  it('prints each order’s own 接入服务提供者: 阿里云 for the Aliyun order, 腾讯云 for the Tencent one', async () => {
    const { desk, created } = await store([enterprise(), enterprise((r) => ((r.entity.name = '深圳市示例第二科技有限公司'), (r.websites[0].name = '示例第二官网'), (r.entity.certNumber = companyRecord(2).entity.certNumber)))]);
    await createOrder(desk, { entityId: created[0]!.id, type: '首次备案', provider: 'aliyun' });
    await createOrder(desk, { entityId: created[1]!.id, type: '首次备案', provider: 'tencent' });
    const ali = await generateSheet(desk, created[0]!.websiteIds[0]!);
    const tencent = await generateSheet(desk, created[1]!.websiteIds[0]!);
    expect(providerLine(ali.pdf)).toBe('阿里云计算有限公司');
    expect(providerLine(tencent.pdf)).toBe('腾讯云计算（北京）有限责任公司');
    // the test settings give Tencent's server location only: the Aliyun sheet says its box is blank
    expect(locationLine(tencent.pdf)).toBe('广东省');
    expect(locationLine(ali.pdf)).toBe('');
    expect(ali.warnings).toEqual([`网站“${(await getClientClear(desk, created[0]!.id)).websites[0]!.name}”的核验单：阿里云的服务器放置地点未填写：核验单上此栏留空，请在 核验单 → 设置 中按所购服务器的地域为阿里云填写`]);
    expect(tencent.warnings).toEqual([]);
  });

  it('uses the settings only as a per-provider override, and warns instead of printing a blank box silently', async () => {
    const { desk, created } = await store([enterprise()]);
    const site = created[0]!.websiteIds[0]!;
    const none = await generateSheet(desk, site);
    expect(none.provider).toBeNull();
    expect(providerLine(none.pdf)).toBe('');
    expect(none.warnings.join('')).toContain('不知道该网站的接入商（还没有包含它的备案订单）：核验单上的“接入服务提供者”和“服务器放置地点”留空');

    const qing = await generateSheet(desk, site, { provider: 'qingcloud' });
    expect(providerLine(qing.pdf)).toBe('');
    expect(qing.warnings.join('')).toContain('青云的接入服务提供者全称没有来源可查');

    await desk.sql.tx(() => writeSheetSettings(desk.ctx, { accessMethod: '云接入', verifierName: '陈核验', providers: { qingcloud: { providerName: '北京示例青云接入有限公司', serverLocation: '北京市' } } }));
    const overridden = await generateSheet(desk, site, { provider: 'qingcloud' });
    expect([providerLine(overridden.pdf), locationLine(overridden.pdf), overridden.warnings]).toEqual(['北京示例青云接入有限公司', '北京市', []]);
    // the override of one provider never reaches another provider's sheet
    const tencent = await generateSheet(desk, site, { provider: 'tencent' });
    expect(providerLine(tencent.pdf)).toBe('腾讯云计算（北京）有限责任公司');
    expect(locationLine(tencent.pdf)).toBe('');
  });
});

describe('batch', () => {
  it('writes one file per website or one print file with every copy, and stops when cancelled', async () => {
    const { desk, created } = await store([enterprise(), individual(), enterprise((r) => ((r.websites[0].name = '示例科技第二官网'), (r.entity.certNumber = companyRecord(2).entity.certNumber)))]);
    const websiteIds = created.flatMap((c) => c.websiteIds);
    const out = tempDir();
    const per = await batchSheets(desk, { websiteIds, outDir: out, combined: false }, { progress: () => undefined, cancelled: false });
    expect(per.files).toHaveLength(3);
    expect(readdirSync(out).filter((f) => f.endsWith('.part'))).toEqual([]);
    const combinedDir = tempDir();
    const comb = await batchSheets(desk, { websiteIds, outDir: combinedDir, combined: true }, { progress: () => undefined, cancelled: false });
    expect(comb.files).toHaveLength(1);
    expect(basename(comb.files[0]!)).toBe('核验单-合并打印-3个网站.pdf');
    const info = execFileSync('pdfinfo', [comb.files[0]!], { encoding: 'utf8' });
    // two unit sheets × 2 copies + one Guangdong personal sheet (2 pages) × 1 copy
    expect(info).toMatch(/Pages:\s+6/);
    const cancelled = await batchSheets(desk, { websiteIds, outDir: tempDir(), combined: false }, { progress: () => undefined, cancelled: true });
    expect(cancelled.sheets).toBe(0);
    const logged = desk.sql.raw.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'sheet.generate'").get() as { n: number };
    expect(logged.n).toBeGreaterThan(0);
    expect(readFileSync(per.files[0]!).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
