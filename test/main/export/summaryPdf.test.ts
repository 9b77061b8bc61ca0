// The package's 提交清单.pdf as a reader sees it: poppler extracts its words with their positions.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { summaryPdf } from '../../../main/export/summaryPdf';
import { MM } from '../../../main/pdf/layout';
import { tempDir } from '../../helpers';

interface Word {
  page: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  text: string;
}

function read(pdf: Uint8Array): { words: Word[]; text: string; pages: number } {
  const file = join(tempDir(), 's.pdf');
  writeFileSync(file, pdf);
  const html = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
  const words: Word[] = [];
  let page = 0;
  for (const line of html.split('\n')) {
    if (line.includes('<page')) page++;
    const m = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)<\/word>/.exec(line);
    if (m) words.push({ page, x0: +m[1]!, y0: +m[2]!, x1: +m[3]!, y1: +m[4]!, text: m[5]! });
  }
  return { words, text: execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ''), pages: page };
}

describe('package summary PDF (提交清单.pdf)', () => {
  it('wraps a long title, the 网站 line of a company with three websites and long file paths inside the page, and goes on to a new page when one is full', async () => {
    const entity = '新疆维吾尔自治区乌鲁木齐市高新技术产业开发区示例信息科技股份有限公司第一分公司';
    const websites = [
      { name: '深圳市示例科技有限公司官方网站', domains: ['shenzhen-example-tech.com', 'shenzhen-example-tech.cn'] },
      { name: '示例科技在线商城', domains: ['example-tech-mall.com', 'example-tech-mall.cn'] },
      { name: '示例科技开发者社区', domains: ['developers.example-tech.com.cn'] },
    ];
    const files = Array.from({ length: 60 }, (_, n) => ({
      path: `${entity}-首次备案-订单7/腾讯云/${websites[n % 3]!.name}-幕布照片-网站负责人第${n + 1}号（补充材料，重新拍摄后上传）.jpg`,
      size: 200_000 + n,
      sha256: `${n}`.padStart(64, 'a'),
    }));
    const title = `备案提交包：${entity}（首次备案）`;
    const site = websites.map((w) => `${w.name}：${w.domains.join('、')}`).join('；');
    const pdf = await summaryPdf({ title, facts: [['订单', '#7　状态：资料准备'], ['主体', `${entity}（企业，新疆维吾尔自治区）`], ['网站', site]], files });
    const { words, text, pages } = read(pdf);
    const W = 210 * MM;
    const H = 297 * MM;
    const outside = words.filter((w) => w.x0 < 10 * MM || w.x1 > W - 10 * MM || w.y0 < 10 * MM || w.y1 > H - 10 * MM);
    expect(outside.map((w) => `p${w.page} ${w.text}`)).toEqual([]);
    // nothing cut off: every character of the title, the facts and every path is on a page
    for (const t of [title, entity, site, ...files.map((f) => f.path)]) expect(text, t).toContain(t.replace(/\s+/g, ''));
    expect(pages).toBeGreaterThan(1);
    // the file list's header heads each page the list goes on to
    expect(words.filter((w) => w.text === '大小').map((w) => w.page)).toEqual(Array.from({ length: pages }, (_, n) => n + 1));
    // the same input gives the same bytes
    expect(Buffer.from(await summaryPdf({ title, facts: [['订单', '#7　状态：资料准备'], ['主体', `${entity}（企业，新疆维吾尔自治区）`], ['网站', site]], files })).equals(Buffer.from(pdf))).toBe(true);
  });
});
