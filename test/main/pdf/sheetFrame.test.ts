// A worker's renderer keeps what is the same from sheet to sheet (issue 20): the boxes' lines per layout
// variant, the cut of the sheet's own words per province and variant, the bold cut. A sheet must come out
// the same whatever the worker rendered before it, and put exactly the marks on the page that stock
// pdf-lib puts there (sheetReference.ts: the way the desk drew sheets before it wrote its own PDFs).
import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { SHEET_SIGNING } from '../../../main/pdf/layout';
import { extractSeal, extractSignature } from '../../../main/pdf/seal';
import { SheetRenderer } from '../../../main/pdf/sheet';
import type { SheetData } from '../../../main/pdf/sheetData';
import { stampPdf } from '../../../main/pdf/stamp';
import { penSignature, photographedSeal } from '../../fixtures/images';
import { tempDir } from '../../helpers';
import { referenceSheet } from './sheetReference';

const unit: SheetData = {
  variant: 'unit',
  fingerprint: false,
  pledge: false,
  personalLandline: false,
  copies: 2,
  provinceName: '北京市',
  steps: ['网站负责人签字', '加盖单位公章'],
  websiteName: '示例官网',
  values: { 'entity.name': '北京示例科技有限公司', 'site.name': '示例官网', 'site.domains': 'shili.cn' },
  warnings: [],
};

async function rendered(order: SheetData[]): Promise<Uint8Array[]> {
  const r = await SheetRenderer.create();
  try {
    const out: Uint8Array[] = [];
    for (const d of order) out.push(await r.render(d));
    return out;
  } finally {
    r.close();
  }
}

const person = (name: string, id: string, n: number) => ({
  [`principal.name`]: name,
  [`principal.cert`]: `居民身份证 ${id}`,
  [`principal.mobile`]: `1380013800${n}`,
  [`principal.email`]: `p${n}@example.cn`,
  [`sitePrincipal.name`]: name,
  [`sitePrincipal.cert`]: `居民身份证 ${id}`,
  [`sitePrincipal.mobile`]: `1370013700${n}`,
  [`sitePrincipal.email`]: `s${n}@example.cn`,
});

const common = {
  'site.preApprovals': '以上都不涉及',
  'site.languages': '中文简体、English',
  'site.ips': '203.0.113.10',
  'access.provider': '腾讯云计算（北京）有限责任公司',
  'access.method': '云接入',
  'access.location': '广东省',
  'verifier.name': '陈核验',
};

/** One sheet of each layout variant, with values that wrap, shrink, mix scripts and leave boxes empty. */
const VARIANTS: Record<string, SheetData> = {
  'unit, Guangdong, a 200-character address': {
    ...unit,
    provinceName: '广东省',
    steps: [...SHEET_SIGNING.steps.unit],
    websiteName: '示例000001官网',
    values: {
      ...common,
      ...person('李晓华', '440305198506125019', 1),
      'entity.name': '深圳市示例000001科技有限公司',
      'entity.nature': '企业',
      'entity.certType': '工商营业执照（统一社会信用代码证书）',
      'entity.certNumber': '91440300000000019B',
      'entity.certAddress': '深圳市南山区科技园路1号',
      'entity.mailingAddress': `广东省深圳市南山区${'科技园南区高新南一道某某大厦'.repeat(13)}1号A座1011室`,
      'entity.investor': '张三',
      'entity.region': '广东省深圳市南山区',
      'principal.officePhone': '086-0755-12345678',
      'site.name': '示例000001官网',
      'site.domains': 'shili000001.cn、shili000001.com.cn',
      'site.homepages': 'www.shili000001.cn',
      'site.serviceContent': '单位门户网站',
    },
  },
  'personal, Guangdong: the pledge page, an office phone': {
    ...unit,
    variant: 'personal',
    pledge: true,
    personalLandline: true,
    copies: 1,
    provinceName: '广东省',
    steps: [SHEET_SIGNING.steps.personal[0]!, SHEET_SIGNING.steps.pledge, ...SHEET_SIGNING.steps.personal.slice(1)],
    websiteName: '王小明的摄影博客',
    values: {
      ...common,
      ...person('王小明', '440305199003070110', 2),
      'entity.name': '王小明',
      'entity.nature': '个人',
      'entity.certType': '居民身份证',
      'entity.certNumber': '440305199003070110',
      'entity.mailingAddress': '广东省深圳市南山区某路1号2栋301室',
      'sitePrincipal.officePhone': '086-020-12345678',
      'site.name': '王小明的摄影博客',
      'site.domains': 'wxm-photo.cn',
      'site.serviceContent': '博客/个人空间',
      'access.provider': '',
      'access.location': '',
    },
  },
  'personal, Xinjiang: the fingerprint box': {
    ...unit,
    variant: 'personal',
    fingerprint: true,
    copies: 1,
    provinceName: '新疆维吾尔自治区',
    steps: [SHEET_SIGNING.steps.personal[0]!, SHEET_SIGNING.steps.fingerprint, ...SHEET_SIGNING.steps.personal.slice(1)],
    websiteName: '天山游记',
    values: { ...common, ...person('阿依古丽', '650102199003070018', 3), 'entity.name': '阿依古丽', 'site.name': '天山游记', 'site.domains': 'tianshan.cn' },
  },
  'unit, Jiangxi: the fingerprint box on a unit sheet': {
    ...unit,
    fingerprint: true,
    provinceName: '江西省',
    steps: [SHEET_SIGNING.steps.unit[0]!, SHEET_SIGNING.steps.fingerprint, ...SHEET_SIGNING.steps.unit.slice(1)],
    values: { ...common, ...person('赵六', '360102198001010011', 4), 'entity.name': '江西示例科技有限公司', 'site.name': '赣江在线', 'site.domains': 'ganjiang.cn、ganjiang.com' },
  },
};

/** The pages as pdftoppm draws them at 80 dpi (raw RGB), and the text pdftotext reads. */
function seen(pdf: Uint8Array): { pages: Promise<Buffer[]>; text: string } {
  const dir = tempDir();
  writeFileSync(join(dir, 's.pdf'), pdf);
  execFileSync('pdftoppm', ['-png', '-r', '80', join(dir, 's.pdf'), join(dir, 'p')]);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.png'))
    .sort();
  return { pages: Promise.all(files.map((f) => sharp(join(dir, f)).raw().toBuffer())), text: execFileSync('pdftotext', [join(dir, 's.pdf'), '-'], { encoding: 'utf8' }) };
}

/** Every character the PDF's fonts map glyphs to (their ToUnicode maps): what the file could show or give away. */
function fontCharacters(pdf: Uint8Array): string {
  const bytes = Buffer.from(pdf);
  let out = '';
  for (let at = bytes.indexOf('stream\n'); at >= 0; at = bytes.indexOf('stream\n', at + 1)) {
    const end = bytes.indexOf('endstream', at);
    let content: string;
    try {
      content = inflateSync(bytes.subarray(at + 7, end)).toString('latin1');
    } catch {
      continue; // not a compressed stream
    }
    if (!content.startsWith('/CIDInit')) continue;
    for (const m of content.matchAll(/<[0-9A-F]{4}> <([0-9A-F]+)>/g)) out += Buffer.from(m[1]!, 'hex').swap16().toString('utf16le');
  }
  return out;
}

async function expectSameMarks(fast: Uint8Array, stock: Uint8Array, label: string): Promise<void> {
  const a = seen(fast);
  const b = seen(stock);
  const [pa, pb] = await Promise.all([a.pages, b.pages]);
  expect(pa.length, label).toBe(pb.length);
  pa.forEach((page, i) => expect(page.equals(pb[i]!), `${label}, page ${i + 1}`).toBe(true));
  expect(a.text, label).toBe(b.text);
}

describe('the sheet frame kept per worker', () => {
  it('gives each variant its own boxes: a sheet is byte-identical after any other variant', async () => {
    const fingerprint: SheetData = { ...unit, fingerprint: true, provinceName: '新疆维吾尔自治区' };
    const personal: SheetData = { ...unit, variant: 'personal', personalLandline: true };
    const [unitAlone] = await rendered([unit]);
    const [fingerprintAlone] = await rendered([fingerprint]);
    const [personalAlone] = await rendered([personal]);
    const [f1, u1, p1, u2, f2] = await rendered([fingerprint, unit, personal, unit, fingerprint]);
    expect(Buffer.from(u1!).equals(Buffer.from(unitAlone!))).toBe(true);
    expect(Buffer.from(u2!).equals(Buffer.from(unitAlone!))).toBe(true);
    expect(Buffer.from(f1!).equals(Buffer.from(fingerprintAlone!))).toBe(true);
    expect(Buffer.from(f2!).equals(Buffer.from(fingerprintAlone!))).toBe(true);
    expect(Buffer.from(p1!).equals(Buffer.from(personalAlone!))).toBe(true);
    // and the variants do differ (the fingerprint box is part of the frame)
    expect(Buffer.from(fingerprintAlone!).equals(Buffer.from(unitAlone!))).toBe(false);
  });
});

describe('the sheet as the desk writes it, against stock pdf-lib', () => {
  it('renders every layout variant pixel-identical to pdf-lib drawing it, with the same text to copy', async () => {
    const r = await SheetRenderer.create();
    try {
      for (const [label, d] of Object.entries(VARIANTS)) await expectSameMarks(await r.render(d), await referenceSheet(d), label);
    } finally {
      r.close();
    }
  });

  it('draws the 草稿 mark on every page of a preview and takes a seal and signature the same way', async () => {
    const r = await SheetRenderer.create();
    try {
      const pledge = VARIANTS['personal, Guangdong: the pledge page, an office phone']!;
      await expectSameMarks(await r.render(pledge, { draft: true }), await referenceSheet(pledge, { draft: true }), 'preview, two pages');
      const seal = (await extractSeal(await photographedSeal())).png;
      const signature = (await extractSignature(await penSignature())).png;
      const sheet = VARIANTS['unit, Guangdong, a 200-character address']!;
      await expectSameMarks(await stampPdf(await r.render(sheet), { seal, signature }), await stampPdf(await referenceSheet(sheet), { seal, signature }), 'stamped');
    } finally {
      r.close();
    }
  });

  it('keeps a sheet small and its own: the fonts hold the characters of this sheet, none of the sheet before it', async () => {
    const [first, second] = await rendered([VARIANTS['unit, Guangdong, a 200-character address']!, { ...unit, values: { 'entity.name': '北京甲乙科技有限公司' } }]);
    expect(first!.byteLength).toBeLessThan(300 * 1024);
    expect(second!.byteLength).toBeLessThan(first!.byteLength);
    expect(fontCharacters(first!)).toContain('圳');
    expect(fontCharacters(second!)).toContain('甲');
    // 深圳 is on the Guangdong client's sheet only (its address), not in the Beijing sheet's words
    expect(fontCharacters(second!)).not.toContain('深');
    expect(fontCharacters(second!)).not.toContain('圳');
  });
});
