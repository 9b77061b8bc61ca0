// Every data file in resources/data/ is checked when it loads: the shipped files pass, a broken copy is
// refused with a message naming the file and the field.
import { describe, expect, it } from 'vitest';
import photoProfiles from '../../../resources/data/photo-profiles.json';
import providers from '../../../resources/data/providers.json';
import provinces from '../../../resources/data/provinces.json';
import tlds from '../../../resources/data/tlds.json';
import { loadDataFile } from '../../../main/domain/dataFiles';
import { provinceByName, PROVINCES, PROVINCES_FILE_SCHEMA } from '../../../main/domain/provinces';
import { PHOTO_PROFILES_SCHEMA, thresholdsFor } from '../../../main/photos/profiles';
import { PROVIDERS_FILE_SCHEMA } from '../../../main/providers/profiles';
import { TLDS_SCHEMA } from '../../../main/rules/facts';

const copy = <T>(v: T): T => structuredClone(v);

describe('data files in resources/data/', () => {
  it('loads every shipped file', () => {
    expect(() => loadDataFile('providers.json', PROVIDERS_FILE_SCHEMA, providers)).not.toThrow();
    expect(() => loadDataFile('photo-profiles.json', PHOTO_PROFILES_SCHEMA, photoProfiles)).not.toThrow();
    expect(() => loadDataFile('provinces.json', PROVINCES_FILE_SCHEMA, provinces)).not.toThrow();
    expect(() => loadDataFile('tlds.json', TLDS_SCHEMA, tlds)).not.toThrow();
  });

  it('refuses a provider profile without its package folder, naming the file and the field', () => {
    const broken = copy(providers) as { profiles: Record<string, Record<string, unknown>> };
    delete broken.profiles.tencent!.folder;
    expect(() => loadDataFile('providers.json', PROVIDERS_FILE_SCHEMA, broken)).toThrow(/数据文件 providers\.json 内容有误（profiles\.tencent\.folder：/);
  });

  it('refuses a photo limit of the wrong kind and a photo format the checks cannot read', () => {
    const limit = copy(photoProfiles) as { defaults: Record<string, Record<string, unknown>> };
    limit.defaults.curtain!.maxBytes = '2 MB';
    expect(() => loadDataFile('photo-profiles.json', PHOTO_PROFILES_SCHEMA, limit)).toThrow(/photo-profiles\.json 内容有误（defaults\.curtain\.maxBytes：/);
    const format = copy(photoProfiles) as { defaults: Record<string, { formats: string[] }> };
    format.defaults.sheet!.formats.push('pdf');
    expect(() => loadDataFile('photo-profiles.json', PHOTO_PROFILES_SCHEMA, format)).toThrow(/defaults\.sheet\.formats\.\d/);
  });

  it('refuses a province list with a province missing or a wrong GB code', () => {
    const short = copy(provinces);
    short.provinces.pop();
    expect(() => loadDataFile('provinces.json', PROVINCES_FILE_SCHEMA, short)).toThrow(/provinces\.json 内容有误（provinces：须列出 31 个省级行政区/);
    const code = copy(provinces);
    code.provinces[0]!.gbCode = '1';
    expect(() => loadDataFile('provinces.json', PROVINCES_FILE_SCHEMA, code)).toThrow(/provinces\.0\.gbCode：须为两位/);
  });

  it('refuses a pledge whose required clause is not in its text, or a pledge written as a bare sentence', () => {
    const tianjin = provinces.provinces.findIndex((p) => p.name === '天津市');
    const clause = copy(provinces) as { provinces: { rules: { personalPledgeRemark: unknown } }[] };
    clause.provinces[tianjin]!.rules.personalPledgeRemark = { text: '本网站是个人网站，不含有企业、单位等非个人网站的信息。', mustContain: ['加入黑名单'] };
    expect(() => loadDataFile('provinces.json', PROVINCES_FILE_SCHEMA, clause)).toThrow(new RegExp(`provinces\\.${tianjin}\\.rules\\.personalPledgeRemark：承诺语的每个必含片段须出自承诺全文`));
    const bare = copy(provinces) as { provinces: { rules: { personalPledgeRemark: unknown } }[] };
    bare.provinces[tianjin]!.rules.personalPledgeRemark = '本网站是个人网站';
    expect(() => loadDataFile('provinces.json', PROVINCES_FILE_SCHEMA, bare)).toThrow(/personalPledgeRemark/);
  });

  it('refuses a 域名证书 rule the checklist could not read: no count, a count of 0, an unknown way to count, a misspelt key', () => {
    const jiangsu = provinces.provinces.findIndex((p) => p.name === '江苏省');
    for (const rule of [{ countedOver: 'site', personalOnly: false }, { minDomains: 0, countedOver: 'site', personalOnly: false }, { minDomains: 1, countedOver: '主体', personalOnly: false }, { minDomains: 1, countedOver: 'site', personalOnly: false, min: 1 }, 1]) {
      const broken = copy(provinces) as { provinces: { rules: { domainCertificate: unknown } }[] };
      broken.provinces[jiangsu]!.rules.domainCertificate = rule;
      expect(() => loadDataFile('provinces.json', PROVINCES_FILE_SCHEMA, broken)).toThrow(new RegExp(`provinces\\.${jiangsu}\\.rules\\.domainCertificate`));
    }
  });

  it('refuses a TLD written without its leading dot', () => {
    const broken = copy(tlds);
    broken.notFileable.push('com');
    expect(() => loadDataFile('tlds.json', TLDS_SCHEMA, broken)).toThrow(/tlds\.json 内容有误（notFileable\.\d+：须为以点开头的后缀/);
  });

  it('lets a provider profile decide its own photo limits, the defaults filling the rest', () => {
    const data = copy(photoProfiles) as unknown as { providers: Record<string, { thresholds?: unknown }> };
    data.providers.aliyun!.thresholds = { curtain: { maxBytes: 5 * 1024 * 1024 } };
    const parsed = loadDataFile('photo-profiles.json', PHOTO_PROFILES_SCHEMA, data);
    expect(parsed.providers.aliyun!.thresholds?.curtain?.maxBytes).toBe(5 * 1024 * 1024);
    // the shipped file: Tencent's sourced 2 MB JPEG limit, and a provider without a profile falls back to 通用
    expect(thresholdsFor('curtain', 'tencent').t).toMatchObject({ formats: ['jpeg'], maxBytes: 2_000_000 });
    expect(thresholdsFor('curtain', 'unknown-provider')).toMatchObject({ providerName: '通用', sourced: false });
  });
});

describe('provinceByName', () => {
  it('finds each of the 31 by its full name, as a search of the list does, and nothing else', () => {
    for (const p of PROVINCES) expect(provinceByName(p.name)).toBe(PROVINCES.find((q) => q.name === p.name));
    for (const name of ['', '广东', 'guangdong', '广东省 ', '__proto__', 'constructor']) expect(provinceByName(name)).toBeUndefined();
  });
});
