// What the API returns about stored clients: the schemas double as the router's output validation.
import { z } from 'zod';
import { MATERIAL_KIND_IDS } from './enums';

const stamps = { createdAt: z.string(), updatedAt: z.string() };
/** The row's version (optimistic concurrency, issue 14): an update names the version it read. */
const rowVersion = { rowVersion: z.number() };

export const personViewSchema = z.object({
  id: z.number(),
  entityId: z.number(),
  name: z.string(),
  certType: z.string(),
  certNumber: z.string(),
  certValidFrom: z.string().nullable(),
  certValidTo: z.string().nullable(),
  officePhone: z.string(),
  mobile: z.string(),
  emergencyPhone: z.string(),
  email: z.string(),
  ...stamps,
  /** When name, 证件类型 or 证件号码 last changed: the person's materials uploaded before it need uploading again. */
  identityChangedAt: z.string(),
  ...rowVersion,
});
export type PersonView = z.infer<typeof personViewSchema>;

export const websiteViewSchema = z.object({
  id: z.number(),
  entityId: z.number(),
  name: z.string(),
  domains: z.array(z.string()),
  homepages: z.array(z.string()),
  serviceContent: z.string(),
  preApprovals: z.array(z.string()),
  languages: z.array(z.string()),
  ips: z.array(z.string()),
  remark: z.string(),
  principalPersonId: z.number().nullable(),
  icpNumber: z.string().nullable(),
  ...stamps,
  ...rowVersion,
});
export type WebsiteView = z.infer<typeof websiteViewSchema>;

export const entityViewSchema = z.object({
  id: z.number(),
  province: z.string(),
  city: z.string(),
  district: z.string(),
  nature: z.string(),
  certType: z.string(),
  certNumber: z.string(),
  name: z.string(),
  certAddress: z.string(),
  investor: z.string(),
  mailingAddress: z.string(),
  remark: z.string(),
  icpNumber: z.string().nullable(),
  /** 营业期限 / 证件有效期止: YYYY-MM-DD or 长期 */
  certValidTo: z.string().nullable(),
  /** 经营范围, or null when not entered */
  businessScope: z.string().nullable(),
  principalPersonId: z.number().nullable(),
  people: z.array(personViewSchema),
  websites: z.array(websiteViewSchema),
  /** true when personal numbers in this view are masked (110***********002X) */
  masked: z.boolean(),
  serviceEndedAt: z.string().nullable(),
  retentionMonths: z.number().nullable(),
  ...stamps,
  ...rowVersion,
});
export type EntityView = z.infer<typeof entityViewSchema>;

export const entitySummarySchema = z.object({
  id: z.number(),
  name: z.string(),
  nature: z.string(),
  province: z.string(),
  city: z.string(),
  certType: z.string(),
  certNumberMasked: z.string(),
  icpNumber: z.string().nullable(),
  principalName: z.string().nullable(),
  websiteCount: z.number(),
  domains: z.array(z.string()),
  updatedAt: z.string(),
  /** Sealed fields of this row that failed to decrypt (damaged or tampered); absent when all opened. */
  damaged: z.array(z.object({ field: z.string(), label: z.string() })).optional(),
});
export type EntitySummary = z.infer<typeof entitySummarySchema>;

export const materialViewSchema = z.object({
  id: z.number(),
  entityId: z.number(),
  personId: z.number().nullable(),
  websiteId: z.number().nullable(),
  kind: z.enum(MATERIAL_KIND_IDS),
  fileName: z.string(),
  sha256: z.string(),
  size: z.number(),
  mime: z.string(),
  createdAt: z.string(),
});
export type MaterialView = z.infer<typeof materialViewSchema>;

export const auditEntrySchema = z.object({
  id: z.number(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.number().nullable(),
  entityId: z.number().nullable(),
  detail: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;
