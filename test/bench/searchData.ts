// The benchmark's clients and its search queries, shared with the test that holds the text index to the
// LIKE scan's answers (test/main/db/repositories/searchIndex.test.ts). Clients look like an agency's:
// company names from a city, a trade name and a trade, people with Chinese names, one to four
// websites with one or two domains each, about four in ten already filed with their 备案号; valid
// check digits throughout (test/fixtures/records.ts). Deterministic: client n is always the same.
import { clientRecordSchema, type ClientRecord } from '../../main/domain/schemas';
import { companyRecord, residentId, uscc } from '../fixtures/records';

const PLACES = [
  { province: '广东省', city: '深圳市', district: '南山区', abbr: '粤' },
  { province: '广东省', city: '广州市', district: '天河区', abbr: '粤' },
  { province: '浙江省', city: '杭州市', district: '西湖区', abbr: '浙' },
  { province: '四川省', city: '成都市', district: '武侯区', abbr: '川' },
  { province: '江苏省', city: '南京市', district: '鼓楼区', abbr: '苏' },
  { province: '湖北省', city: '武汉市', district: '洪山区', abbr: '鄂' },
] as const;
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志新晓云飞鹏宇浩然子涵欣怡思雨佳琪俊博文轩梓睿嘉';
const TRADE_NAMES = ['星辰', '华信', '博远', '睿智', '云帆', '汇通', '锦程', '天成', '鼎盛', '恒泰', '优品', '智联', '青禾', '墨染', '蓝海', '启明', '未来', '创想', '百川', '聚源'];
const TRADES = ['科技', '网络科技', '信息技术', '文化传媒', '电子商务', '教育科技', '餐饮管理', '贸易', '软件', '数据服务'];
const SITE_KINDS = ['官网', '商城', '博客', '资讯', '服务平台', '学习网'];
const SYLLABLES = ['xing', 'chen', 'hua', 'xin', 'bo', 'yuan', 'rui', 'zhi', 'yun', 'fan', 'hui', 'tong', 'jin', 'cheng', 'tian', 'ding', 'sheng', 'tai', 'you', 'pin', 'lian', 'qing', 'he', 'mo', 'lan', 'hai', 'qi', 'ming'];
const TLDS = ['cn', 'com', 'com.cn', 'net', 'top'];

/** mulberry32: the same numbers for the same client on every run and machine. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, list: readonly T[] | string): T => list[Math.floor(r() * list.length)] as T;

/** A 居民身份证号 of its own for person k: birth days from 1960 on, a thousand people per day. */
function idNumber(k: number): string {
  const birth = new Date(Date.UTC(1960, 0, 1) + Math.floor(k / 1000) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  return residentId(`440305${birth}${String(k % 1000).padStart(3, '0')}`);
}

function personName(r: () => number): string {
  return pick<string>(r, SURNAMES) + pick<string>(r, GIVEN) + (r() < 0.6 ? pick<string>(r, GIVEN) : '');
}

/** Client n (from 1) of the benchmark's store. */
export function benchRecord(n: number): ClientRecord {
  const r = random(n * 2654435761);
  const base = clientRecordSchema.parse(companyRecord(n));
  const place = pick(r, PLACES);
  const trade = pick(r, TRADE_NAMES) + pick(r, TRADE_NAMES);
  const filed = r() < 0.4;
  const icp = `${place.abbr}ICP备${2015 + (n % 11)}${String(n).padStart(6, '0')}号`;
  const label = `${pick(r, SYLLABLES)}${pick(r, SYLLABLES)}${n.toString(36)}`;
  base.entity = {
    ...base.entity,
    province: place.province,
    city: place.city,
    district: place.district,
    certNumber: uscc(`9144030${String(n).padStart(9, '0')}0`),
    name: `${place.city}${trade}${pick(r, TRADES)}有限公司`,
    investor: '',
    icpNumber: filed ? icp : null,
  };
  base.people = base.people.map((p, i) => ({ ...p, name: personName(r), certNumber: idNumber(n * 2 + i) }));
  base.entity.investor = base.people[0]!.name;
  const sites = 1 + Math.floor(r() * 4);
  base.websites = Array.from({ length: sites }, (_, i) => {
    const domains = Array.from({ length: r() < 0.3 ? 2 : 1 }, (_, d) => `${label}${i ? `-${i}` : ''}.${TLDS[(n + i + d) % TLDS.length]}`);
    return {
      ...base.websites[0]!,
      name: `${trade}${pick(r, SITE_KINDS)}`,
      domains,
      homepages: [`www.${domains[0]}`],
      icpNumber: filed ? `${icp}-${i + 1}` : null,
    };
  });
  return base;
}

/** A query kind of the benchmark: its label and the text it searches for in run i over `clients` clients. */
export interface SearchQuery {
  kind: string;
  text(i: number, clients: number): string;
  /** Exact personal numbers: found through their blind index, never a text index. */
  personal?: boolean;
}

const nth = (i: number, clients: number) => 1 + ((i * 7919) % clients);

export const SEARCH_QUERIES: readonly SearchQuery[] = [
  { kind: 'domain', text: (i, c) => benchRecord(nth(i, c)).websites[0]!.domains[0]! },
  { kind: 'name fragment', text: (i, c) => benchRecord(nth(i, c)).entity.name.slice(3, 7) },
  { kind: 'person name', text: (i, c) => benchRecord(nth(i, c)).people[1]!.name },
  { kind: '备案号', text: (i, c) => `ICP备${2015 + (nth(i, c) % 11)}${String(nth(i, c)).padStart(6, '0')}` },
  { kind: 'no match', text: (i) => `nothing-${i}.cn` },
  { kind: 'broad, 1 char', text: (i) => pick<string>(random(i), '科网州') },
  { kind: 'broad, 2 chars', text: (i) => pick(random(i), ['科技', '有限', 'cn']) },
  { kind: 'narrow, 2 chars', text: (i) => pick(random(i), ['墨染', '吕芳', 'q-']) },
  { kind: 'full ID number', text: (i, c) => benchRecord(nth(i, c)).people[0]!.certNumber, personal: true },
  { kind: 'mobile', text: (i, c) => benchRecord(nth(i, c)).people[1]!.mobile, personal: true },
];
