import { describe, expect, it } from 'vitest';
import { asciiDomainOf, checkResidentId, checkUscc, ENTITY_ICP_RE, homepageHost, isIpAddress, maskNumber, mayHoldPersonalNumber, normalizeNumber, toAsciiDomain, WEBSITE_ICP_RE } from '../../../main/domain/identifiers';

describe('居民身份证号 (V-ID-01..03)', () => {
  it('accepts a number with a correct check digit (V-ID-02 vector)', () => {
    const r = checkResidentId('34052419800101001X');
    expect(r).toEqual({ ok: true, info: { birthDate: '1980-01-01', male: true, provinceCode: '34' } });
  });
  it('accepts a lowercase x as X', () => {
    expect(checkResidentId('34052419800101001x').ok).toBe(true);
  });
  it('refuses a wrong check digit', () => {
    expect(checkResidentId('340524198001010013')).toEqual({ ok: false, problem: 'checkDigit' });
  });
  it('refuses an impossible or future birth date', () => {
    expect(checkResidentId('340524198002300012')).toEqual({ ok: false, problem: 'birthDate' });
    expect(checkResidentId('340524209901010012', new Date('2026-01-01'))).toEqual({ ok: false, problem: 'birthDate' });
  });
  it('refuses wrong length and letters in the body', () => {
    expect(checkResidentId('3405241980010100')).toEqual({ ok: false, problem: 'length' });
    expect(checkResidentId('34052419800101A01X')).toEqual({ ok: false, problem: 'format' });
  });
});

describe('统一社会信用代码 (V-ID-04, V-ID-05)', () => {
  it.each(['911101085636549482', '91350200776049653A', '91440101MA5CJQ4N59'])('accepts %s', (code) => {
    expect(checkUscc(code)).toEqual({ ok: true });
  });
  it('refuses a wrong check character and forbidden letters', () => {
    expect(checkUscc('911101085636549483')).toEqual({ ok: false, problem: 'checkDigit' });
    expect(checkUscc('91110108563654948I')).toEqual({ ok: false, problem: 'format' });
  });
});

describe('domains, homepages and IPs', () => {
  it('normalises registered domains and IDN', () => {
    expect(toAsciiDomain('Example.CN')).toBe('example.cn');
    expect(toAsciiDomain('中文.中国')).toBe('xn--fiq228c.xn--fiqs8s');
  });
  it('reads the full stops a Chinese input method types (。 ． ｡) as dots, as IDNA does', () => {
    expect(toAsciiDomain('例子。中国')).toBe('xn--fsqu00a.xn--fiqs8s');
    expect(toAsciiDomain('示例．公司')).toBe(toAsciiDomain('示例.公司'));
    expect(homepageHost('www｡shili。cn')).toBe('www.shili.cn');
  });
  it.each(['http://example.cn', 'example', 'exa mple.cn', '-bad.cn', '1.2.3.4', 'a/b.cn', ''])('refuses %s', (d) => {
    expect(toAsciiDomain(d)).toBeNull();
  });
  it('gives a domain already in its filed form the answer the URL parser gives it (generated names)', () => {
    // the URL parser's way, which every name the quick way does not take still goes through
    const byUrl = asciiDomainOf;
    const edges = ['a.b', 'example.cn', 'www.example.com.cn', 'a.0x', 'a.0x1f', 'a.0x1g', 'a.123', '1.2.3.4', '1.2.3.x', 'a.017', 'ab--cd.cn',
      'xn--fiq228c.xn--fiqs8s', 'xn--abc.cn', 'xn--.cn', 'a-.cn', '-a.cn', 'a..cn', '.a.cn', 'a.cn.', `${'a'.repeat(63)}.cn`, `${'a'.repeat(64)}.cn`,
      `${'abcdefghi.'.repeat(25)}cn`, `${'abcdefghi.'.repeat(24)}abcdefgh.cn`, `${'abcdefghi.'.repeat(24)}abcdefghij.cn`, `${'abcdefghi.'.repeat(25)}abc`, `${'abcdefghi.'.repeat(25)}abcd`, 'a.b-c', 'a.b-', 'a.9a', 'a.e1'];
    let seed = 20261206;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const generated = Array.from({ length: 20_000 }, () => {
      const n = 1 + Math.floor(next() * 14);
      return Array.from({ length: n }, () => 'ab0x19-.-.'[Math.floor(next() * 10)]).join('');
    });
    const differ = [...edges, ...generated].filter((d) => toAsciiDomain(d) !== byUrl(d));
    expect(differ).toEqual([]);
    // the generated names include plenty the quick way answers (accepted ones), and plenty refused
    expect(generated.filter((d) => byUrl(d) === d).length).toBeGreaterThan(1000);
  });
  it('takes the host of a homepage URL', () => {
    expect(homepageHost('www.example.cn')).toBe('www.example.cn');
    expect(homepageHost('https://www.example.cn/index.html')).toBe('www.example.cn');
  });
  it('recognises IPv4 and IPv6', () => {
    expect(isIpAddress('203.0.113.10')).toBe(true);
    expect(isIpAddress('2001:db8::1')).toBe(true);
    expect(isIpAddress('256.1.1.1')).toBe(false);
    expect(isIpAddress('example.cn')).toBe(false);
  });
});

describe('备案号 formats (§7)', () => {
  it.each(['京ICP备12034000号', '蜀ICP备2025128270号', '京ICP证030367号', '川ICP备12345678号'])('entity number %s', (n) => {
    expect(ENTITY_ICP_RE.test(n)).toBe(true);
  });
  it.each(['京ICP备12034000号-2', '蜀ICP备2025128270号-1', '京ICP证040867号-3'])('website number %s', (n) => {
    expect(WEBSITE_ICP_RE.test(n)).toBe(true);
  });
  it('refuses a 增值电信 licence number and an unknown prefix', () => {
    expect(ENTITY_ICP_RE.test('粤B2-20090059')).toBe(false);
    expect(ENTITY_ICP_RE.test('港ICP备12345678号')).toBe(false);
  });
});

it('masks a number: at most the first three and last four characters shown, never fewer than four hidden', () => {
  expect(maskNumber('11010519491231002X')).toBe('110***********002X');
  expect(maskNumber('13800138000')).toBe('138****8000');
  // short 证件号码: never fewer than four hidden (3 + 4 shown left one or two to guess)
  expect(maskNumber('08123456')).toBe('08****56');
  expect(maskNumber('E12345678')).toBe('E1****678');
  expect(maskNumber('H123456789')).toBe('H12****789');
  expect(maskNumber('1234567')).toBe('*******');
  for (let n = 8; n <= 18; n++) expect(maskNumber('9'.repeat(n)).replace(/[^*]/g, '').length).toBeGreaterThanOrEqual(4);
});

describe('published check-digit examples and deliberate normalisation', () => {
  it('accepts GB 11643’s own example number 11010519491231002X', () => {
    expect(checkResidentId('11010519491231002X')).toEqual({ ok: true, info: { birthDate: '1949-12-31', male: false, provinceCode: '11' } });
  });
  it.each([
    ['911101085636549482', '腾讯云计算（北京）有限责任公司, printed in seed S4'],
    ['914403001922038216', '华为技术有限公司, public business registration'],
  ])('accepts the public 统一社会信用代码 %s (%s)', (code) => {
    expect(checkUscc(code)).toEqual({ ok: true });
  });
  it('normalises a lowercase x, full-width digits and spaces; refuses what stays wrong', () => {
    expect(normalizeNumber(' １１０１０５ 19491231 002x ')).toBe('11010519491231002X');
    expect(checkResidentId('１１０１０５１９４９１２３１００２ｘ').ok).toBe(true);
    expect(checkResidentId('110105 1949 1231 002X').ok).toBe(true);
    expect(checkResidentId('11010519490230002X')).toEqual({ ok: false, problem: 'birthDate' });
    expect(checkResidentId('11010519491231002')).toEqual({ ok: false, problem: 'length' });
    expect(checkResidentId('1101051949123100２X1')).toEqual({ ok: false, problem: 'length' });
    expect(checkUscc('９１１１０１０８５６３６５４９４８２')).toEqual({ ok: true });
  });
});

describe('a text that may hold a personal number (kept out of the client list’s address)', () => {
  it.each([
    ['11010519491231002X', 'a 身份证号'],
    ['１１０１０５１９４９１２３１００２ｘ', 'the same, full-width'],
    ['110105 1949 1231 002x', 'the same, in groups'],
    ['11010519', 'the start of one (place and birth year)'],
    ['13800138000', 'a 手机号'],
    ['138-0013-8000', 'one with hyphens'],
    ['138.0013.8000', 'one with dots'],
    ['E12345678', 'a passport number'],
    ['wxm@example.cn', 'an e-mail'],
    ['wxm＠example', 'a full-width @'],
    ['440***0073', 'a masked number: its visible digits'],
    ['粤ICP备12345678号', 'a 备案号 (six digits: no loss to keep out)'],
  ])('%s (%s): yes', (text) => {
    expect(mayHoldPersonalNumber(text)).toBe(true);
  });
  it.each([
    ['深圳市示例科技有限公司', 'a client’s name'],
    ['王小明', 'a person’s name'],
    ['wxm-photo.cn', 'a domain'],
    ['shop2024.com', 'a domain with a year'],
    ['0073', 'the last digits a masked number shows'],
    ['', 'nothing'],
  ])('%s (%s): no', (text) => {
    expect(mayHoldPersonalNumber(text)).toBe(false);
  });
});
