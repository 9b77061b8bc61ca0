// Batches of 核验单 as an operator runs them: sheets of the same name, a folder that holds an earlier batch,
// a sheet too long for its box, and a seal that belongs to one client. (A batch that fails while sheets are in
// flight, with modules replaced: sheetsFailures.test.ts.)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { firstFreeName } from '../../../main/files/fileNames';
import { extractSeal, extractSignature } from '../../../main/pdf/seal';
import { previewStamp } from '../../../main/services/sheetTools';
import { batchSheets, generateSheet, stampSheet } from '../../../main/services/sheets';
import { addMaterial } from '../../../main/services/materials';
import { enterprise, individual } from '../../fixtures/drafts';
import { companyRecord, personId } from '../../fixtures/records';
import { photographedSeal, penSignature } from '../../fixtures/images';
import { sheetDesk, tooManyDomains } from '../../fixtures/sheetBatch';
import { tempDir } from '../../helpers';
import { describeEachStore } from '../../support/eachStore';

const control = { progress: () => undefined, cancelled: false };

/** Another person of the same name (王小明, another ID number) with a website of the same name. */
const anotherWangXiaoming = (site: string, domain: string) =>
  individual((r) => {
    r.entity.certNumber = r.people[0].certNumber = personId(8);
    Object.assign(r.websites[0], { name: site, domains: [domain], homepages: [`www.${domain}`] });
  });

const pdfsIn = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.pdf')).sort();

describeEachStore('batch of sheets', (openDesk) => {
  it('names the website, its client and the field of a sheet too long for its box', async () => {
    const { desk, websiteIds } = await sheetDesk(openDesk, [enterprise(), individual(tooManyDomains)]);
    await expect(batchSheets(desk, { websiteIds, outDir: tempDir(), combined: false }, control)).rejects.toThrow(
      /^网站“王小明的摄影博客”（客户“王小明”）的核验单：“网站域名”内容过长，核验单的方框放不下，请精简后再生成$/,
    );
  });

  it('writes two people’s sheets of the same name as two files, and never replaces a file an earlier batch left in the folder', async () => {
    const { desk, websiteIds } = await sheetDesk(openDesk, [individual((r) => (r.websites[0].name = '个人博客')), anotherWangXiaoming('个人博客', 'wxm-other.cn')]);
    const out = tempDir();
    const first = await batchSheets(desk, { websiteIds, outDir: out, combined: false }, control);
    expect(first.files.map((f) => basename(f))).toEqual(['核验单-王小明-个人博客.pdf', '核验单-王小明-个人博客-2.pdf']);
    expect(pdfsIn(out)).toHaveLength(2);
    const before = first.files.map((f) => readFileSync(f));

    // the same batch again, and a combined one twice: new files beside the old ones
    const again = await batchSheets(desk, { websiteIds, outDir: out, combined: false }, control);
    expect(again.files.map((f) => basename(f))).toEqual(['核验单-王小明-个人博客-3.pdf', '核验单-王小明-个人博客-4.pdf']);
    const combined = [await batchSheets(desk, { websiteIds, outDir: out, combined: true }, control), await batchSheets(desk, { websiteIds, outDir: out, combined: true }, control)];
    expect(combined.map((c) => basename(c.files[0]!))).toEqual(['核验单-合并打印-2个网站.pdf', '核验单-合并打印-2个网站-2.pdf']);
    expect(pdfsIn(out)).toHaveLength(6);
    first.files.forEach((f, i) => expect(readFileSync(f).equals(before[i]!)).toBe(true));
    for (const f of [...again.files, ...combined.map((c) => c.files[0]!)]) expect(existsSync(f)).toBe(true);
  });

  it('keeps two websites whose names differ only past what a file name keeps of them apart', async () => {
    const long = '示'.repeat(60);
    const { desk, websiteIds } = await sheetDesk(openDesk, [individual((r) => (r.websites[0].name = `${long}甲`)), anotherWangXiaoming(`${long}乙`, 'wxm-other.cn')]);
    const out = tempDir();
    const r = await batchSheets(desk, { websiteIds, outDir: out, combined: false }, control);
    expect(new Set(r.files).size).toBe(2);
    expect(pdfsIn(out)).toHaveLength(2);
  });

  it('writes a sheet whose client and website names are both as long as the record allows (100 Chinese characters each)', async () => {
    const { desk, websiteIds } = await sheetDesk(openDesk, [
      enterprise((r) => {
        r.entity.name = `${'深'.repeat(94)}有限公司`.slice(0, 98) + '公司';
        r.websites[0].name = '网'.repeat(100);
      }),
    ]);
    const out = tempDir();
    const r = await batchSheets(desk, { websiteIds, outDir: out, combined: false }, control);
    expect(pdfsIn(out)).toHaveLength(1);
    expect(Buffer.byteLength(basename(r.files[0]!))).toBeLessThanOrEqual(255);
  });

  it('says which character of which field the font cannot print, instead of printing a blank in its place', async () => {
    // 𠮷 (U+20BB7, CJK Extension B) is outside Noto Sans SC: a glyph-less character prints as nothing
    const { desk, websiteIds } = await sheetDesk(openDesk, [
      enterprise((r) => {
        r.entity.name = '深圳市𠮷祥餐饮有限公司';
        r.people[1].name = '李𠮷𪚥';
      }),
    ]);
    const site = companyRecord(1).websites![0]!.name;
    const expected = [
      `网站“${site}”的核验单：“主办者名称”中的“𠮷”（U+20BB7）不在核验单的字库里，印出来是空白：请打印后在该处手写补上，或向接入商确认该字的写法`,
      `网站“${site}”的核验单：“网站负责人姓名”中的“𠮷”（U+20BB7）、“𪚥”（U+2A6A5）不在核验单的字库里，印出来是空白：请打印后在该处手写补上，或向接入商确认该字的写法`,
    ];
    // (the website has no order yet: its sheet also warns of the blank provider boxes)
    const ofFont = (warnings: string[]) => warnings.filter((w) => w.includes('字库'));
    expect(ofFont((await generateSheet(desk, websiteIds[0]!)).warnings)).toEqual(expected);
    expect(ofFont((await batchSheets(desk, { websiteIds, outDir: tempDir(), combined: false }, control)).warnings)).toEqual(expected);
  });

  it('refuses a batch seal across clients and on a person’s sheets before writing anything; stamps one company’s sheets', async () => {
    const seal = (await extractSeal(await photographedSeal())).png;
    const { desk, websiteIds } = await sheetDesk(openDesk, [enterprise(), individual()]);
    const [company, person] = websiteIds as [number, number];
    const out = join(tempDir(), 'sheets');
    const { entity, websites } = companyRecord(1);

    await expect(batchSheets(desk, { websiteIds, outDir: out, combined: false, stamp: { seal } }, control)).rejects.toThrow(
      `所选网站属于多个客户（“${entity.name}”、“王小明”），不能批量加盖同一个公章：公章只能盖在它所属客户的核验单上。请按客户分别批量生成，或不加盖公章`,
    );
    await expect(batchSheets(desk, { websiteIds: [person], outDir: out, combined: false, stamp: { seal } }, control)).rejects.toThrow('客户“王小明”是个人，个人网站的核验单不加盖公章');
    expect(existsSync(out)).toBe(false);

    const stamped = await batchSheets(desk, { websiteIds: [company], outDir: out, combined: false, stamp: { seal } }, control);
    expect(stamped.files.map((f) => basename(f))).toEqual([`核验单-${entity.name}-${websites![0]!.name}-已盖章.pdf`]);
  });

  it('refuses a seal on a person’s sheet, stamped or previewed, and takes their signature', async () => {
    const seal = (await extractSeal(await photographedSeal())).png;
    const signature = (await extractSignature(await penSignature())).png;
    const { desk, websiteIds } = await sheetDesk(openDesk, [individual()]);
    const site = websiteIds[0]!;
    await expect(stampSheet(desk, site, { seal })).rejects.toThrow('个人网站的核验单不加盖公章');
    await expect(previewStamp(desk, site, { seal, signature })).rejects.toThrow('个人网站的核验单不加盖公章');
    const signed = await stampSheet(desk, site, { signature });
    expect(signed.material.kind).toBe('sheet-stamped');
  });

  // a stamped copy is stored as the website's 核验单（已盖章）, which the operator prints or uploads as the signed sheet
  // (the package draws its own): only a sheet may be its source, never another PDF of the website (a 域名证书
  // stamped would stand in for the 核验单)
  it('stamps a stored sheet of the website, and refuses another kind of material as its source', async () => {
    const signature = (await extractSignature(await penSignature())).png;
    const { desk, websiteIds } = await sheetDesk(openDesk, [individual()]);
    const site = websiteIds[0]!;
    const signed = await stampSheet(desk, site, { signature });
    const entityId = signed.material.entityId;
    const again = await stampSheet(desk, site, { signature, sourceMaterialId: signed.material.id });
    expect(again.material.kind).toBe('sheet-stamped');
    const cert = await addMaterial(desk, { entityId, websiteId: site, kind: 'domain-cert', fileName: '域名证书.pdf', data: signed.pdf });
    await expect(stampSheet(desk, site, { signature, sourceMaterialId: cert.id })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: '所选材料是“域名证书”，不是核验单：只能在生成的核验单（或已盖章的核验单）上盖章签名',
    });
  });
});

describe('file names', () => {
  it('numbers a taken name before its extension', () => {
    const taken = new Set(['a.pdf', 'a-2.pdf', 'b']);
    expect(firstFreeName('a.pdf', (c) => taken.has(c))).toBe('a-3.pdf');
    expect(firstFreeName('b', (c) => taken.has(c))).toBe('b-2');
    expect(firstFreeName('c.pdf', (c) => taken.has(c))).toBe('c.pdf');
  });
});
