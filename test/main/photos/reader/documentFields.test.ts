// Lines as the recogniser gives them → proposed fields: the check-digit gate, the licence QR's agreement,
// dates and periods. No OCR here (see documentOcr.test.ts for real photos).
import { describe, expect, it } from 'vitest';
import { codeInQr, detectKind, documentFields, readPeriod, type ReadLine } from '../../../../main/photos/reader/documentFields';
import { FAKE_ID, FAKE_USCC, licenceQrText, wrongCheck } from '../../../fixtures/documents';
import { uscc } from '../../../fixtures/records';
import { checkResidentId, checkUscc } from '../../../../main/domain/identifiers';

/** A line at row `y` starting at `x`, about 24 px high, as wide as its text. */
function line(text: string, y: number, x = 90, confidence = 0.99): ReadLine {
  const w = [...text].length * 24;
  return { text, confidence, box: [[x, y], [x + w, y], [x + w, y + 24], [x, y + 24]] };
}

const licenceLines = (code = FAKE_USCC): ReadLine[] => [
  line('营业执照', 100, 400),
  line(`统一社会信用代码${code}`, 200),
  line('名称 深圳市星河示例科技有限公司', 275),
  line('类型 有限责任公司（自然人独资）', 330),
  line('法定代表人 林晓明', 388),
  line('注册资本 人民币壹佰万元整', 444),
  line('营业期限 2018年05月20日至2038年05月19日', 558),
  line('住所 深圳市南山区粤海街道科技', 612),
  line('园路18号', 650, 150),
  line('登记机关', 716, 700),
];
const read = (lines: ReadLine[], qrText: string | null = null, kind: 'licence' | 'id-front' | 'id-back' | null = null) => documentFields({ lines, width: 1100, height: 780, kind, qrText });
const value = (r: ReturnType<typeof read>, key: string) => r.proposals.find((p) => p.key === key)?.value;

describe('a 营业执照 read into fields', () => {
  it('proposes 单位名称, 统一社会信用代码, 住所 (with its wrapped line), 法定代表人, 类型 and 营业期限, each with its box and confidence', () => {
    const r = read(licenceLines(), licenceQrText(FAKE_USCC));
    expect(r.kind).toBe('licence');
    expect(value(r, 'name')).toBe('深圳市星河示例科技有限公司');
    expect(value(r, 'uscc')).toBe(FAKE_USCC);
    expect(value(r, 'address')).toBe('深圳市南山区粤海街道科技园路18号');
    expect(value(r, 'legalRep')).toBe('林晓明');
    expect(value(r, 'type')).toBe('有限责任公司（自然人独资）');
    expect(r.proposals.find((p) => p.key === 'term')?.fill).toEqual({ 'entity.certValidTo': '2038-05-19' });
    expect(r.proposals.find((p) => p.key === 'name')?.fill).toEqual({ 'entity.name': '深圳市星河示例科技有限公司' });
    const name = r.proposals.find((p) => p.key === 'name')!;
    // the value's box starts after the label 名称 and lies within the line
    expect(name.box.x).toBeGreaterThan(90 / 1100);
    expect(name.box.y).toBeCloseTo(275 / 780, 3);
    expect(name.confidence).toBe(0.99);
    const address = r.proposals.find((p) => p.key === 'address')!;
    expect(address.box.y + address.box.height).toBeCloseTo(674 / 780, 3);
    expect(r.qr).toEqual({ found: true, uscc: FAKE_USCC, agrees: true });
    expect(r.refusals).toEqual([]);
  });

  it('never proposes a 统一社会信用代码 whose check character fails, and says why', () => {
    const r = read(licenceLines(wrongCheck(FAKE_USCC)));
    expect(value(r, 'uscc')).toBeUndefined();
    expect(r.refusals.find((f) => f.key === 'uscc')?.reason).toMatch(/校验位不符/);
    expect(value(r, 'name')).toBe('深圳市星河示例科技有限公司');
  });

  it('never proposes a window of a 19-character misreading of the 统一社会信用代码 (one character read before it)', () => {
    const misread = `P${FAKE_USCC}`;
    expect(checkUscc(misread.slice(0, 18)).ok).toBe(true);
    const r = read(licenceLines(misread));
    expect(value(r, 'uscc')).toBeUndefined();
    expect(r.refusals.find((f) => f.key === 'uscc')?.reason).toBe('读出的统一社会信用代码有 19 位，应为 18 位（可能多读了字符），未采用，请对照执照逐位输入');
  });

  it('refuses the code when the licence QR carries another valid code (disagreement said, nothing proposed)', () => {
    const other = uscc('91110108MA00000017'.slice(0, 17));
    expect(other).not.toBe(FAKE_USCC);
    const r = read(licenceLines(), licenceQrText(other));
    expect(value(r, 'uscc')).toBeUndefined();
    expect(r.qr).toEqual({ found: true, uscc: other, agrees: false });
    expect(r.refusals.find((f) => f.key === 'uscc')?.reason).toMatch(/二维码中的代码不一致/);
  });

  it('proposes the code with a note when no QR code was read', () => {
    const r = read(licenceLines(), null);
    expect(value(r, 'uscc')).toBe(FAKE_USCC);
    expect(r.proposals.find((p) => p.key === 'uscc')?.note).toMatch(/未读到执照二维码/);
    expect(r.qr).toEqual({ found: false, uscc: null, agrees: null });
  });

  it('reads O and I where a code has only 0 and 1, and the check character still decides', () => {
    const misread = FAKE_USCC.replace(/0/g, 'O');
    expect(value(read(licenceLines(misread)), 'uscc')).toBe(FAKE_USCC);
  });

  it('on a tilted photo takes the value from the line beside its label when the recogniser cut them apart', () => {
    const lines = licenceLines().filter((l) => !l.text.startsWith('住所') && !l.text.startsWith('园路'));
    // the value line starts a little higher than its label (the photo is tilted), and wraps onto a second line
    lines.push(line('住所', 612, 90), line('深圳市南山区粤海街道科技', 606, 160), line('园路18号', 644, 160));
    const r = read(lines);
    expect(value(r, 'address')).toBe('深圳市南山区粤海街道科技园路18号');
    expect(r.proposals.find((p) => p.key === 'address')!.box.x).toBeCloseTo(160 / 1100, 3);
  });

  it('takes 长期 as the end of a 营业期限', () => {
    const lines = licenceLines().map((l) => (l.text.startsWith('营业期限') ? line('营业期限 2018年05月20日至长期', 558) : l));
    expect(read(lines).proposals.find((p) => p.key === 'term')?.fill).toEqual({ 'entity.certValidTo': '长期' });
  });
});

describe('a 身份证 read into fields', () => {
  const front = (number = FAKE_ID, birth = '出生 1990年3月7日') => [
    line('姓名 林晓明', 79, 59),
    line('性别 男 民族汉', 139, 61),
    line(birth, 200, 61),
    line('住址 广东省深圳市南山区桃源', 260, 61),
    line('街道龙珠大道88号', 301, 155),
    line(`公民身份号码 ${number}`, 434, 63),
  ];

  it('reads 姓名, 性别, 民族, 出生, 住址 and 公民身份号码 from the portrait side', () => {
    const r = read(front(), null, 'id-front');
    expect(r.kind).toBe('id-front');
    expect(Object.fromEntries(r.proposals.map((p) => [p.key, p.value]))).toEqual({
      name: '林晓明',
      sex: '男',
      ethnicity: '汉',
      birth: '1990-03-07',
      address: '广东省深圳市南山区桃源街道龙珠大道88号',
      number: FAKE_ID,
    });
    expect(r.proposals.find((p) => p.key === 'number')?.fill).toEqual({ 'person.certNumber': FAKE_ID });
    expect(r.proposals.find((p) => p.key === 'number')?.note).toBe('校验位正确');
    // 性别 and 民族 share a line: each box covers its own value, not the whole line
    const sex = r.proposals.find((p) => p.key === 'sex')!.box;
    const eth = r.proposals.find((p) => p.key === 'ethnicity')!.box;
    expect(sex.x + sex.width).toBeLessThanOrEqual(eth.x);
    expect(sex.width * 1100).toBeLessThan(48);
  });

  it('never lets a 住址 swallow the 公民身份号码 the recogniser cut from its label (tilted photo)', () => {
    // on a tilted card the number can come out as a line of its own, right under the address and indented like it
    const lines = [...front().slice(0, 5), line('公民身份号码', 434, 63), line(FAKE_ID, 340, 160)];
    const r = read(lines, null, 'id-front');
    expect(value(r, 'address')).toBe('广东省深圳市南山区桃源街道龙珠大道88号');
    expect(r.proposals.filter((p) => p.key !== 'number' && p.value.includes(FAKE_ID.slice(0, 6)))).toEqual([]);
  });

  it('never proposes a window of a 19-digit misreading, though its first 18 digits pass the check (the run is refused as too long)', () => {
    const misread = `${FAKE_ID.slice(0, 14)}9${FAKE_ID.slice(14)}`; // a stray 9 read after the birth date
    expect(checkResidentId(misread.slice(0, 18)).ok).toBe(true);
    const r = read(front(misread), null, 'id-front');
    expect(value(r, 'number')).toBeUndefined();
    expect(r.refusals).toEqual([expect.objectContaining({ key: 'number', reason: '读出的公民身份号码有 19 位，应为 18 位（可能多读了数字），未采用，请对照身份证逐位输入' })]);
  });

  it('never proposes a 公民身份号码 whose check character fails', () => {
    const r = read(front(wrongCheck(FAKE_ID)), null, 'id-front');
    expect(value(r, 'number')).toBeUndefined();
    expect(r.refusals).toEqual([expect.objectContaining({ key: 'number', reason: expect.stringMatching(/校验位不符/) })]);
    expect(value(r, 'name')).toBe('林晓明');
  });

  it('notes when the number’s birth date disagrees with the 出生 line', () => {
    const r = read(front(FAKE_ID, '出生 1990年8月7日'), null, 'id-front');
    expect(r.proposals.find((p) => p.key === 'number')?.note).toMatch(/出生日期.*不一致/);
  });

  it('reads 签发机关 and 有效期限 from the emblem side, filling 证件有效期 from and to', () => {
    const r = read([line('中华人民共和国', 98, 308), line('居民身份证', 170, 307), line('签发机关 深圳市公安局南山分局', 381, 151), line('有效期限 2015.03.07-2035.03.07', 441, 152)]);
    expect(r.kind).toBe('id-back');
    expect(value(r, 'authority')).toBe('深圳市公安局南山分局');
    expect(r.proposals.find((p) => p.key === 'validity')).toMatchObject({ value: '2015-03-07 至 2035-03-07', fill: { 'person.certValidFrom': '2015-03-07', 'person.certValidTo': '2035-03-07' } });
  });
});

describe('what is not a licence or ID card', () => {
  it('proposes nothing for text that is neither, and says so', () => {
    const r = read([line('欢迎光临', 100), line('今日特价 12 元', 200)], null, 'licence');
    expect(r.proposals).toEqual([]);
    expect(r.message).toMatch(/没有找到营业执照的字段/);
    expect(detectKind([line('欢迎光临', 100)])).toBeNull();
  });
});

describe('dates, periods and QR texts', () => {
  it('reads periods as printed on licences and ID cards', () => {
    expect(readPeriod('2015.03.07-长期')).toEqual({ from: '2015-03-07', to: '长期' });
    expect(readPeriod('2018年05月20日至2038年05月19日')).toEqual({ from: '2018-05-20', to: '2038-05-19' });
    expect(readPeriod('2015.02.30-2035.02.30')).toBeNull();
  });

  it('takes the code of a QR only when its check character holds', () => {
    expect(codeInQr(licenceQrText(FAKE_USCC))).toBe(FAKE_USCC);
    expect(codeInQr(licenceQrText(wrongCheck(FAKE_USCC)))).toBeNull();
    expect(codeInQr('https://example.cn/')).toBeNull();
  });
});
