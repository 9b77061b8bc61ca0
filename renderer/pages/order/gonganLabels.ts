// The 公安备案 summary as label/value lines, in the platform form's order: shared by the panel and the
// printable page so both read the same.
import type { MethodOutput } from '../../../main/api/contract';

export type FollowUp = MethodOutput<'gongan.ofOrder'>[number];

const yes = (b: boolean) => (b ? '是' : '否');
const withList = (items: string[]) => (items.length ? `是（${items.join('、')}）` : '否');

export function gonganLines(f: FollowUp['fields']): [string, string][] {
  return [
    ['网站名称', f.siteName],
    ['是否有工信部备案号', `${yes(f.hasIcpNumber)}${f.icpNumber ? `　${f.icpNumber}` : ''}`],
    ['网站开通日期', f.openedOn],
    ['主域名', f.mainDomain],
    ['从域名', f.otherDomains.join('、') || '无'],
    ['IP', f.ips.join('、')],
    ['网络接入服务商名称', f.accessProvider.name],
    ['接入商所属地区管辖', f.accessProvider.jurisdiction],
    ['接入商所属区域', f.accessProvider.region],
    ['网站接入方式', f.accessProvider.accessMethod],
    ['域名注册服务商名称', f.domainRegistrar.name],
    ['域名商所属地区管辖', f.domainRegistrar.jurisdiction],
    ['域名服务商所属区域', f.domainRegistrar.region],
    ['是否提供互联网交互服务', yes(f.interactive)],
    ['服务类型', f.serviceTypes.join('、') || '无'],
    ['互联网危险物品信息发布', withList(f.dangerousGoods)],
    ['相关前置许可', withList(f.permits)],
    ['网站语种', f.languages.join('、')],
  ];
}
