// A worker's renderer draws the boxes' lines and fills once per layout variant and reuses them (issue 20):
// a sheet must come out the same whatever the worker rendered before it.
import { describe, expect, it } from 'vitest';
import { SheetRenderer } from '../../../main/pdf/sheet';
import type { SheetData } from '../../../main/pdf/sheetData';

const unit: SheetData = {
  variant: 'unit',
  fingerprint: false,
  pledge: false,
  personalLandline: false,
  copies: 2,
  provinceName: '北京市',
  steps: ['网站负责人签字', '加盖单位公章'],
  websiteName: '示例官网',
  values: { entityName: '北京示例科技有限公司', websiteName: '示例官网', domains: 'shili.cn' },
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
