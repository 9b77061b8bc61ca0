// 已备案信息: what the 管局 has on record for a client, version by version. People are keyed by their
// stored id ("p12"), so the filed record and the current one name the same person the same way and a
// change order can compare them field by field.
import { z } from 'zod';
import type { ClientRecord } from './schemas';

export const FILED_ORIGINS = ['订单通过', '登记已备案', '迁移'] as const;
export type FiledOrigin = (typeof FILED_ORIGINS)[number];
export const FILED_STATUSES = ['已备案', '已注销'] as const;
export type FiledStatus = (typeof FILED_STATUSES)[number];

export type FiledPerson = ClientRecord['people'][number];
export type FiledWebsite = ClientRecord['websites'][number] & {
  /** The website row this filing belongs to; null once the row was deleted. */
  websiteId: number | null;
  /** The provider (接入商) the website is 接入 at. */
  provider: string;
  icpNumber: string;
};
export interface FiledRecord {
  entity: ClientRecord['entity'];
  people: FiledPerson[];
  websites: FiledWebsite[];
}

export interface FiledState {
  id: number;
  entityId: number;
  version: number;
  /** YYYY-MM-DD */
  filedAt: string;
  origin: FiledOrigin;
  orderId: number | null;
  status: FiledStatus;
  entityIcpNumber: string | null;
  /** Every provider the 主体 is 接入 at (seed 003: one 主体, several providers). */
  providers: string[];
  record: FiledRecord;
}

/** The key of a stored person in filed and current records alike. */
export const personKey = (personId: number | null) => (personId === null ? '' : `p${personId}`);

export const filedDifferenceSchema = z.object({
  /** 主体 / 负责人“张三” / 网站“官网” */
  area: z.string(),
  field: z.string(),
  label: z.string(),
  /** Values as shown: personal numbers masked. null: absent on that side. */
  filed: z.string().nullable(),
  current: z.string().nullable(),
});
export type FiledDifference = z.infer<typeof filedDifferenceSchema>;

const loose = z.record(z.string(), z.unknown());
/** 已备案信息 as screens get it (personal numbers masked), with its versions and the differences to now. */
export const filedOverviewSchema = z.object({
  filed: z
    .object({
      id: z.number(),
      entityId: z.number(),
      version: z.number(),
      filedAt: z.string(),
      origin: z.enum(FILED_ORIGINS),
      orderId: z.number().nullable(),
      status: z.enum(FILED_STATUSES),
      entityIcpNumber: z.string().nullable(),
      providers: z.array(z.string()),
      record: z.object({ entity: loose, people: z.array(loose), websites: z.array(loose) }),
    })
    .nullable(),
  versions: z.array(z.object({ version: z.number(), filedAt: z.string(), origin: z.enum(FILED_ORIGINS), orderId: z.number().nullable(), status: z.enum(FILED_STATUSES) })),
  differences: z.array(filedDifferenceSchema),
});
export type FiledOverview = z.infer<typeof filedOverviewSchema>;
