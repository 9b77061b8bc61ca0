// §3.1 identifiers and the record's formats (V-ID-01..07, V-FMT-01..03, V-PER-03, V-ICP-01), case by case.
// Check digits by the formulas of shared/docs/domain.md §3.1 (GB 11643, GB 32100, GB 11714) and its
// test vectors (56365494-8, 911101085636549482); the day is 2026-11-24.
import { describe, expect, it } from 'vitest';
import { orgCodeValid } from '../../../main/rules/identifierRules';
import { enterprise, individual, type AnyRecord } from '../../fixtures/drafts';
import { residentId } from '../../fixtures/records';
import { ruleFindings, seen } from './ruleRun';

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** GB 32100 check character (domain.md V-ID-05: weights 3^(i-1) mod 31, c = 31 − Σ mod 31). */
function withUsccCheck(body17: string): string {
  let s = 0;
  for (let i = 0; i < 17; i++) s += USCC_CHARS.indexOf(body17[i]!) * (3 ** i % 31);
  return body17 + USCC_CHARS[(31 - (s % 31)) % 31];
}

const withEntityCert = (certType: string, certNumber: string, apply: (r: AnyRecord) => void = () => undefined) =>
  enterprise((r) => ((r.entity.certType = certType), (r.entity.certNumber = certNumber), apply(r)));
const LICENCE = '工商营业执照（统一社会信用代码证书）';

describe('the 组织机构代码 check (GB 11714)', () => {
  it('accepts the vectors of domain.md and codes whose check is X or 0', () => {
    expect(orgCodeValid('563654948')).toBe(true);
    expect(orgCodeValid('D2143569X')).toBe(true);
    expect(orgCodeValid('123456710')).toBe(true);
    expect(orgCodeValid('123456788')).toBe(true);
  });

  it('refuses a wrong check and anything but eight characters and a check', () => {
    expect(orgCodeValid('563654947')).toBe(false);
    expect(orgCodeValid('D21435690')).toBe(false);
    expect(orgCodeValid('12345671X')).toBe(false);
    expect(orgCodeValid('5636549488')).toBe(false);
    expect(orgCodeValid('56365494A')).toBe(false);
  });
});

describe('V-ID-01..03 居民身份证', () => {
  it('checks the 主办人’s own number first, then each 负责人’s, each with its label', () => {
    const f = ruleFindings(individual((r) => (r.entity.certNumber = r.people[0].certNumber = '340524198001010013')), 'V-ID-02');
    expect(seen(f)).toEqual([
      ['entity.certNumber', 'error', '主办人证件号码校验位不正确'],
      ['people.0.certNumber', 'error', '负责人“王小明”的证件号码校验位不正确'],
    ]);
    expect(f[0]!.hint).toContain('前 17 位');
  });

  it('V-ID-01: a number of another length or with a letter inside', () => {
    for (const number of ['34052419800101001', '3405241980010100100', '3405241980A101001X']) {
      const f = ruleFindings(individual((r) => (r.people[0].certNumber = number)), 'V-ID-01');
      expect(seen(f)).toEqual([['people.0.certNumber', 'error', '负责人“王小明”的证件号码应为 18 位：17 位数字加 1 位数字或 X']]);
      expect(f[0]!.hint).toContain('全角');
    }
    expect(ruleFindings(individual((r) => (r.people[0].certNumber = '34052419800101001X')), 'V-ID-01')).toEqual([]);
    // a wrong check digit or birth date is another rule's
    expect(ruleFindings(individual((r) => (r.people[0].certNumber = '340524198001010013')), 'V-ID-01')).toEqual([]);
    expect(ruleFindings(individual((r) => (r.people[0].certNumber = residentId('34052419900230001'))), 'V-ID-01')).toEqual([]);
  });

  it('V-ID-02 only for the check digit', () => {
    expect(ruleFindings(individual((r) => (r.people[0].certNumber = '34052419800101001X')), 'V-ID-02')).toEqual([]);
    expect(ruleFindings(individual((r) => (r.people[0].certNumber = '3405241980010100')), 'V-ID-02')).toEqual([]);
  });

  it('V-ID-03: a day that does not exist, or one after today, read back as a date', () => {
    const birth = (body17: string) => ruleFindings(individual((r) => (r.people[0].certNumber = residentId(body17))), 'V-ID-03');
    const label = '负责人“王小明”的证件号码中的出生日期（第 7–14 位）读作';
    expect(seen(birth('34052419900230001'))).toEqual([['people.0.certNumber', 'error', `${label} 1990-02-30，不是有效日期`]]);
    expect(seen(birth('34052419901301001'))).toEqual([['people.0.certNumber', 'error', `${label} 1990-13-01，不是有效日期`]]);
    expect(seen(birth('34052418790101001'))).toEqual([['people.0.certNumber', 'error', `${label} 1879-01-01，不是有效日期`]]);
    expect(seen(birth('34052420261125001'))).toEqual([['people.0.certNumber', 'error', `${label} 2026-11-25，晚于今天`]]);
    expect(birth('34052420261125001')[0]!.hint).toContain('19900230');
    expect(birth('34052418800101001')).toEqual([]);
    expect(birth('34052420261124001')).toEqual([]);
  });
});

describe('V-ID-04..07 统一社会信用代码 and old licences', () => {
  it('V-ID-04: the structure of an 18-character code', () => {
    for (const number of ['91440300MA5000001O', 'A440300103456789', '4403011034567890', '9144030012345671']) {
      const f = ruleFindings(withEntityCert(LICENCE, number), 'V-ID-04');
      expect(seen(f)).toEqual([['entity.certNumber', 'error', '统一社会信用代码应为 18 位，由数字和大写字母组成（不含 I、O、S、V、Z）']]);
      expect(f[0]!.hint).toContain('营业执照');
    }
  });

  it('V-ID-04 leaves an old 15-digit number to V-ID-07, and certificates of other kinds alone', () => {
    expect(ruleFindings(withEntityCert(LICENCE, '440301103456789'), 'V-ID-04')).toEqual([]);
    expect(ruleFindings(withEntityCert('组织机构代码证书', 'ABC', (r) => (r.entity.nature = '政府机关')), 'V-ID-04')).toEqual([]);
    expect(ruleFindings(withEntityCert(LICENCE, '911101085636549482'), 'V-ID-04')).toEqual([]);
  });

  it('V-ID-05: the check character, only on a code of the right structure and type', () => {
    const f = ruleFindings(withEntityCert(LICENCE, '911101085636549483'), 'V-ID-05');
    expect(seen(f)).toEqual([['entity.certNumber', 'error', '统一社会信用代码校验位不正确']]);
    expect(f[0]!.hint).toContain('第 18 位');
    expect(ruleFindings(withEntityCert(LICENCE, '91440300MA5000001O'), 'V-ID-05')).toEqual([]);
    expect(ruleFindings(withEntityCert('组织机构代码证书', '911101085636549483', (r) => (r.entity.nature = '政府机关')), 'V-ID-05')).toEqual([]);
    expect(ruleFindings(withEntityCert(LICENCE, '91350200776049653A'), 'V-ID-05')).toEqual([]);
  });

  it('V-ID-06: the embedded 组织机构代码, a warning, only on an otherwise valid code', () => {
    const broken = withUsccCheck('91440300123456719');
    const f = ruleFindings(withEntityCert(LICENCE, broken), 'V-ID-06');
    expect(seen(f)).toEqual([['entity.certNumber', 'warning', '统一社会信用代码第 9–17 位（组织机构代码）的校验位不符']]);
    expect(f[0]!.hint).toContain('与执照一致');
    expect(ruleFindings(withEntityCert(LICENCE, withUsccCheck('91440300123456710')), 'V-ID-06')).toEqual([]);
    expect(ruleFindings(withEntityCert('组织机构代码证书', broken, (r) => (r.entity.nature = '政府机关')), 'V-ID-06')).toEqual([]);
    expect(ruleFindings(withEntityCert(LICENCE, `${broken.slice(0, 17)}${broken.endsWith('1') ? '2' : '1'}`), 'V-ID-06')).toEqual([]);
  });

  it('V-ID-07: an old 15-digit number blocks in 黑龙江 and 河南, and warns elsewhere', () => {
    for (const [province, short] of [['黑龙江省', '黑龙江'], ['河南省', '河南']]) {
      const f = ruleFindings(withEntityCert(LICENCE, '440301103456789', (r) => (r.entity.province = province)), 'V-ID-07');
      expect(seen(f)).toEqual([['entity.certNumber', 'error', `${short}管局只接受三证合一的新版营业执照，15 位注册号不能备案`]]);
      expect(f[0]!.hint).toContain('18 位代码');
    }
    for (const province of ['广东省', '']) {
      expect(seen(ruleFindings(withEntityCert(LICENCE, '440301103456789', (r) => (r.entity.province = province)), 'V-ID-07'))).toEqual([['entity.certNumber', 'warning', '这是旧版 15 位工商注册号，部分管局不再接受']]);
    }
    expect(ruleFindings(withEntityCert(LICENCE, '044030110345678'), 'V-ID-07')).toEqual([]);
  });
});

describe('V-FMT-01 province, 主办者性质 and 证件类型', () => {
  it('asks for a province and a 性质 not yet chosen', () => {
    const f = ruleFindings(enterprise((r) => ((r.entity.province = ''), (r.entity.nature = ''))), 'V-FMT-01');
    expect(seen(f)).toEqual([
      ['entity.province', 'error', '请选择省份（备案归属地）'],
      ['entity.nature', 'error', '请选择主办者性质'],
    ]);
    expect(f[0]!.hint).toContain('通信地址');
    expect(f[1]!.hint).toContain('企业');
  });

  it('names a province that is none of the 31 and a 性质 it does not know', () => {
    const f = ruleFindings(enterprise((r) => ((r.entity.province = '广东'), (r.entity.nature = '公司'))), 'V-FMT-01');
    expect(seen(f)).toEqual([
      ['entity.province', 'error', '省份“广东”不是 31 个省级行政区之一'],
      ['entity.nature', 'error', '主办者性质“公司”无法识别'],
    ]);
    expect(f[0]!.hint).toContain('广东省');
    expect(f[1]!.hint).toMatch(/^可选：国防机构、政府机关、事业单位、企业、.*个人/);
  });

  it('names the certificate types a 性质 allows', () => {
    const f = ruleFindings(enterprise((r) => (r.entity.certType = '居民身份证')), 'V-FMT-01');
    expect(seen(f)).toEqual([['entity.certType', 'error', '主办者性质为“企业”时证件类型不能是“居民身份证”']]);
    expect(f[0]!.hint).toBe('可选：工商营业执照（统一社会信用代码证书）、外国企业常驻代表机构登记证');
  });

  it('names a 负责人 document of no known type, at that person', () => {
    const f = ruleFindings(enterprise((r) => (r.people[1].certType = '驾驶证')), 'V-FMT-01');
    expect(seen(f)).toEqual([['people.1.certType', 'error', '负责人证件类型“驾驶证”无法识别']]);
    expect(f[0]!.hint).toBe('可选：居民身份证、护照、台湾居民来往大陆通行证、港澳居民来往内地通行证、外国人永久居留身份证、港澳居民居住证、台湾居民居住证');
    expect(ruleFindings(enterprise(), 'V-FMT-01')).toEqual([]);
  });

  // an agency sheet without the column leaves the type blank: asked for, not called unrecognisable (“”无法识别)
  it('asks for a blank 证件类型 instead of naming an empty one', () => {
    const f = ruleFindings(
      enterprise((r) => ((r.entity.certType = ''), (r.people[1].certType = ' '))),
      'V-FMT-01',
    );
    expect(seen(f)).toEqual([
      ['entity.certType', 'error', '请选择主体证件类型'],
      ['people.1.certType', 'error', `请选择负责人“${enterprise().people[1].name}”的证件类型`],
    ]);
  });
});

describe('V-FMT-02 mobile and e-mail', () => {
  it('names the person whose mobile or e-mail does not fit', () => {
    const f = ruleFindings(enterprise((r) => ((r.people[0].mobile = '+8613800138000'), (r.people[0].email = 'zhang.example.cn'))), 'V-FMT-02');
    expect(seen(f)).toEqual([
      ['people.0.mobile', 'error', '负责人“张000001”的手机号码格式不正确'],
      ['people.0.email', 'error', '负责人“张000001”的电子邮箱格式不正确'],
    ]);
    expect(f[0]!.hint).toContain('不加 +86');
    expect(f[1]!.hint).toContain('管局通知');
  });

  it('takes an e-mail only as a whole: no space before or after, one @, a dot in the domain', () => {
    for (const email of ['zhang san@example.cn', 'zhang@example.cn x', 'zhang@example', 'zhang@@example.cn']) {
      expect(ruleFindings(enterprise((r) => (r.people[0].email = email)), 'V-FMT-02').map((f) => f.path.join('.'))).toEqual(['people.0.email']);
    }
    expect(ruleFindings(enterprise((r) => (r.people[0].email = 'zhang.san@mail.example.com.cn')), 'V-FMT-02')).toEqual([]);
  });
});

describe('V-PER-03 办公室电话', () => {
  it('asks for 086-区号-号码', () => {
    const f = ruleFindings(enterprise((r) => (r.people[0].officePhone = '0755-12345678')), 'V-PER-03');
    expect(seen(f)).toEqual([['people.0.officePhone', 'error', '负责人“张000001”的办公室电话格式应为 086-区号-号码']]);
    expect(f[0]!.hint).toContain('086-0755-12345678');
  });

  it('asks an enterprise for a real landline, not an empty field or a mobile', () => {
    for (const phone of ['', '13800138000', '086-13800138000']) {
      const f = ruleFindings(enterprise((r) => (r.people[1].officePhone = phone)), 'V-PER-03');
      expect(seen(f)).toEqual([['people.1.officePhone', 'error', '企业备案的负责人“李000001”须填写真实的固定电话作为办公室电话，不能留空或填手机号']]);
      expect(f[0]!.hint).toBe('格式 086-区号-号码');
    }
  });

  it('does not take a longer number that merely contains a mobile for one', () => {
    for (const phone of ['99913800138000', '13800138000999']) {
      expect(seen(ruleFindings(enterprise((r) => (r.people[0].officePhone = phone)), 'V-PER-03'))).toEqual([['people.0.officePhone', 'error', '负责人“张000001”的办公室电话格式应为 086-区号-号码']]);
    }
  });

  it('asks a personal filing for a landline in 天津 only', () => {
    const f = ruleFindings(individual((r) => (r.entity.province = '天津市')), 'V-PER-03');
    expect(seen(f)).toEqual([['people.0.officePhone', 'error', '天津个人备案须填写真实的固定电话（负责人“王小明”）']]);
    expect(ruleFindings(individual(), 'V-PER-03')).toEqual([]);
    expect(ruleFindings(individual((r) => (r.entity.province = '')), 'V-PER-03')).toEqual([]);
  });
});

describe('V-FMT-03 IP addresses', () => {
  it('names the site and the address', () => {
    const f = ruleFindings(enterprise((r) => (r.websites[0].ips = ['203.0.113.10', '203.0.113.300'])), 'V-FMT-03');
    expect(seen(f)).toEqual([['websites.0.ips.1', 'error', '网站“示例000001官网”的 IP 地址“203.0.113.300”格式不正确']]);
    expect(f[0]!.hint).toContain('公网 IP');
  });
});

describe('V-ICP-01 备案号 of the 主体 and of its websites', () => {
  it('names the website whose 备案号 is a 主体备案号', () => {
    const f = ruleFindings(enterprise((r) => ((r.entity.icpNumber = '粤ICP备12345678号'), (r.websites[0].icpNumber = '粤ICP备12345678号'))), 'V-ICP-01');
    expect(seen(f)).toEqual([['websites.0.icpNumber', 'error', '网站“示例000001官网”：“粤ICP备12345678号”是主体备案号，网站备案号须带“-序号”']]);
    expect(f[0]!.hint).toBe('如“粤ICP备12345678号-1”，序号见管局下发的网站备案号');
  });

  it('checks a website’s number against the province and the 主体备案号', () => {
    expect(seen(ruleFindings(enterprise((r) => (r.websites[0].icpNumber = '京ICP备12345678号-1')), 'V-ICP-01'))).toEqual([
      ['websites.0.icpNumber', 'error', '网站“示例000001官网”：网站备案号“京ICP备12345678号-1”以“京”开头，与客户的地域广东省（粤）不符'],
    ]);
    expect(seen(ruleFindings(enterprise((r) => ((r.entity.icpNumber = '粤ICP备12345678号'), (r.websites[0].icpNumber = '粤ICP备87654321号-1'))), 'V-ICP-01'))).toEqual([
      ['websites.0.icpNumber', 'error', '网站“示例000001官网”：网站备案号“粤ICP备87654321号-1”不属于主体备案号“粤ICP备12345678号”'],
    ]);
    expect(ruleFindings(enterprise((r) => ((r.entity.icpNumber = '粤ICP备12345678号'), (r.websites[0].icpNumber = '粤ICP备12345678号-2'))), 'V-ICP-01')).toEqual([]);
  });

  it('does not compare websites with a 主体备案号 that is itself wrong', () => {
    expect(seen(ruleFindings(enterprise((r) => ((r.entity.icpNumber = '粤ICP备123号'), (r.websites[0].icpNumber = '粤ICP备87654321号-1'))), 'V-ICP-01'))).toEqual([
      ['entity.icpNumber', 'error', '主体备案号“粤ICP备123号”格式不正确'],
    ]);
  });
});
