// Reminders the seeds make about the filed site and the filing province: the homepage footer carries the
// 备案号 linked to the MIIT (seeds 000, 002), in 江苏 the 版权所有 names the 主办单位 (002), and the filing
// province follows the 主办单位通信地址 (000) — an address in another province is an error.
import { PROVINCES } from '../domain/provinces';
import type { Rule } from './types';

/** The province an address names first (full name or its short form), or null when it names none. */
export function provinceOfAddress(address: string): string | null {
  const a = address.trim();
  const hit = PROVINCES.find((p) => a.startsWith(p.name) || a.startsWith(p.short));
  return hit?.name ?? null;
}

export const reminderRules: Rule[] = [
  {
    id: 'V-SITE-01',
    scope: 'website',
    severity: 'info',
    title: '首页底部悬挂备案号并链接到工信部',
    source: '青云《变更备案》（网站首页下方中央放置网站备案号，链接至 https://beian.miit.gov.cn/）；腾讯云《变更备案》',
    devSource: 'seed 002（S2）；seed 000（S0）',
    check: (ctx) =>
      ctx.record.websites.length
        ? [{ path: ['websites'], message: '备案通过后，须在网站首页底部中央放置网站备案号，并链接到 https://beian.miit.gov.cn/', hint: '每个网站各放自己的网站备案号（主体备案号-序号）' }]
        : [],
  },
  {
    id: 'V-SITE-02',
    scope: 'website',
    severity: 'info',
    title: '江苏：页面底部“版权所有”须为主办单位',
    source: '青云《变更备案》（江苏省：网页下方须添加版权所有，版权所有单位与备案主办单位名称一致）',
    devSource: 'seed 002（S2）',
    provinces: ['江苏省'],
    check: (ctx) =>
      ctx.record.websites.length
        ? [{ path: ['websites'], message: `江苏：网页底部须注明“版权所有”，且版权所有者须为主办单位“${ctx.record.entity.name || '主办单位'}”`, hint: '与备案主办单位名称完全一致' }]
        : [],
  },
  {
    id: 'V-ADDR-01',
    scope: 'entity',
    severity: 'error',
    title: '通信地址须在备案省份内',
    source: '腾讯云《变更备案》（备案归属地由主办单位通信地址决定）',
    devSource: 'seed 000（S0）',
    check: (ctx) => {
      const named = provinceOfAddress(ctx.record.entity.mailingAddress);
      if (!named || !ctx.province || named === ctx.province.name) return [];
      return [{ path: ['entity', 'mailingAddress'], message: `通信地址在${named}，与备案地域${ctx.province.name}不符：备案归属地由主办单位通信地址决定`, hint: `在${named}备案（先注销此处的备案），或填写${ctx.province.name}境内的通信地址` }];
    },
  },
];
