// API methods of the work after submission (issue 15): the 驳回 loop. Spread into the contract in
// contract.ts; kept here so the contract's own lines stay untouched.
import { z } from 'zod';
import type { MethodDefinitions } from './methodSpecs';
import { gonganFieldsSchema } from '../filings/gongan';
import { AUTH_CODE_KINDS } from '../domain/enums';

export { authCodeKindFor } from '../filings/authCodes';

export { GONGAN } from '../filings/gongan';

const id = (what: string) => z.number({ error: `缺少${what}编号` }).int().positive(`${what}编号无效`);

export const rejectionReasonInputSchema = z.strictObject({
  target: z.string().trim().min(1, '请选择驳回原因指向的字段或材料').max(120),
  kind: z.string().trim().min(1, '请选择驳回原因').max(40),
  text: z.string().trim().max(300, '原因说明不能超过 300 个字符').optional(),
});

export const reasonStateSchema = z.object({
  id: z.number(),
  round: z.number(),
  target: z.string(),
  targetLabel: z.string(),
  path: z.array(z.union([z.string(), z.number()])),
  kind: z.string(),
  kindLabel: z.string(),
  hint: z.string(),
  source: z.string(),
  text: z.string(),
  open: z.boolean(),
  changed: z.boolean(),
  resolvedAt: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  change: z.string().nullable(),
});

export const rejectionRoundSchema = z.object({ round: z.number(), stage: z.string(), providerText: z.string(), actor: z.string(), at: z.string(), reasons: z.array(reasonStateSchema) });

const gonganFollowUpSchema = z.object({
  websiteId: z.number(),
  websiteName: z.string(),
  state: z.enum(['待办理', '已完成']),
  prefilled: z.boolean(),
  fields: gonganFieldsSchema,
  problems: z.array(z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string() })),
  psbNumber: z.string().nullable(),
  doneAt: z.string().nullable(),
  doneBy: z.string().nullable(),
  profileSource: z.string(),
  /** the stored row's version the form is saved over; null while the form is only prefilled */
  rowVersion: z.number().nullable(),
});

const authCodeViewSchema = z.object({
  id: z.number(),
  kind: z.string(),
  code: z.string(),
  resource: z.string(),
  expiresOn: z.string(),
  state: z.enum(['expired', 'expiring', 'valid']),
  daysLeft: z.number(),
  message: z.string().nullable(),
  actor: z.string(),
  createdAt: z.string(),
});

export const followupMethods = {
  /** The catalog of common rejection reasons, each with the fields it can point at and its source. */
  'rejection.catalog': () => ({
    input: z.strictObject({}),
    output: z.array(z.object({ id: z.string(), label: z.string(), hint: z.string(), appliesTo: z.array(z.string()), source: z.string() })),
  }),
  /** Open 驳回 reasons of a client's open order, for the red marks on its forms. */
  'rejection.openOfEntity': () => ({
    input: z.strictObject({ entityId: id('客户') }),
    output: z.object({ orderId: z.number().nullable(), reasons: z.array(reasonStateSchema) }),
  }),
  /** 工作台: orders rejected and waiting on the agency to correct them. */
  'order.awaitingCorrection': () => ({
    input: z.strictObject({}),
    output: z.array(z.object({ orderId: z.number(), entityId: z.number(), entityName: z.string(), type: z.string(), state: z.string(), rejectedAt: z.string(), round: z.number(), open: z.number(), total: z.number() })),
  }),
  /** 公安备案 follow-ups of an approved order, one per website, prefilled until saved. */
  'gongan.ofOrder': () => ({ input: z.strictObject({ orderId: id('订单') }), output: z.array(gonganFollowUpSchema) }),
  /** Saved over the version gongan.ofOrder gave (null: the prefilled form, nothing saved yet); a stale save is refused with EDIT_CONFLICT. */
  'gongan.save': () => ({
    input: z.strictObject({
      orderId: id('订单'),
      websiteId: id('网站'),
      rowVersion: z.number({ error: '缺少记录版本，请重新打开后再保存' }).int().positive().nullable(),
      fields: gonganFieldsSchema,
    }),
    output: gonganFollowUpSchema,
  }),
  'gongan.complete': () => ({
    input: z.strictObject({ orderId: id('订单'), websiteId: id('网站'), psbNumber: z.string().trim().min(1, '请填写公安备案号').max(40) }),
    output: gonganFollowUpSchema,
  }),
  /** 备案授权码 / 备案服务号 of an order with their state (expired, expiring within the days set in 设置, valid). */
  'order.authCodes': () => ({ input: z.strictObject({ orderId: id('订单') }), output: z.array(authCodeViewSchema) }),
  'order.addAuthCode': () => ({
    input: z.strictObject({
      orderId: id('订单'),
      kind: z.enum(AUTH_CODE_KINDS, { error: '请选择备案授权码或备案服务号' }),
      code: z.string().trim().min(1, '请填写授权码或服务号').max(64, '不能超过 64 个字符'),
      resource: z.string().trim().min(1, '请填写对应的资源').max(200, '不能超过 200 个字符'),
      expiresOn: z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, '有效期至应为日期 YYYY-MM-DD'),
    }),
    output: authCodeViewSchema,
  }),
  'order.removeAuthCode': () => ({ input: z.strictObject({ orderId: id('订单'), id: id('授权码') }), output: z.object({ ok: z.literal(true) }) }),
} satisfies MethodDefinitions;
