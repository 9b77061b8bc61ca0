// API methods of team mode (issue 14): operator accounts, 拍照点 assignments, and the log by operator.
// Spread into the contract in contract.ts; who may call what is the role table in roles.ts.
import { z } from 'zod';
import type { MethodDefinitions } from './methodSpecs';
import { accountViewSchema, ACCOUNT_ROLES, displayNameSchema, passwordSchema, roleSchema, usernameSchema } from '../domain/accounts';
import { PHOTO_CHECK_STATUSES } from '../domain/enums';
import { auditEntrySchema } from '../domain/views';

const id = (what: string) => z.number({ error: `缺少${what}编号` }).int().positive(`${what}编号无效`);
const callerSchema = z.object({ accountId: z.number(), username: z.string(), displayName: z.string(), role: z.enum(ACCOUNT_ROLES) });
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

export const accountMethods = {
  /** Who is logged in (null on the single desk, which has no accounts) and whether this is a team server. */
  'account.me': () => ({ open: true as const, input: z.strictObject({}), output: z.object({ teamMode: z.boolean(), caller: callerSchema.nullable() }) }),
  'account.list': () => ({ input: z.strictObject({}), output: z.array(accountViewSchema) }),
  'account.create': () => ({
    input: z
      .strictObject({ username: usernameSchema, displayName: displayNameSchema, role: roleSchema, password: passwordSchema, confirm: z.string({ error: '请再次输入密码' }) })
      .refine((v) => v.password === v.confirm, { path: ['confirm'], message: '两次输入的密码不一致' }),
    output: accountViewSchema,
  }),
  'account.update': () => ({
    input: z.strictObject({ id: id('账户'), displayName: displayNameSchema.optional(), role: roleSchema.optional(), disabled: z.boolean().optional() }),
    output: accountViewSchema,
  }),
  'account.setPassword': () => ({
    input: z
      .strictObject({ id: id('账户'), password: passwordSchema, confirm: z.string({ error: '请再次输入密码' }) })
      .refine((v) => v.password === v.confirm, { path: ['confirm'], message: '两次输入的密码不一致' }),
    output: accountViewSchema,
  }),
  'account.unlock': () => ({ input: z.strictObject({ id: id('账户') }), output: accountViewSchema }),
  /** The 拍照点 accounts an order is given to (its curtain photos). */
  'order.assignments': () => ({ input: z.strictObject({ orderId: id('订单') }), output: z.array(accountViewSchema) }),
  'order.assign': () => ({ input: z.strictObject({ orderId: id('订单'), accountId: id('账户'), assigned: z.boolean() }), output: z.array(accountViewSchema) }),
  /** A 拍照点's work: the orders it is given, each with its curtain-photo slots only. */
  'photo.tasks': () => ({
    input: z.strictObject({}),
    output: z.array(
      z.object({
        orderId: z.number(),
        entityName: z.string(),
        type: z.string(),
        state: z.string(),
        slots: z.array(z.object({ id: z.string(), label: z.string(), status: z.string(), note: z.string(), photoStatus: z.enum([...PHOTO_CHECK_STATUSES, 'unchecked']).nullable() })),
        /** what keeps the order from being read in full (a damaged scan or field), to pass on to an operator */
        problem: z.string().nullable(),
      }),
    ),
  }),
  /** Everyone the log names, for 日志's operator filter. */
  'audit.operators': () => ({ input: z.strictObject({}), output: z.array(z.string()) }),
  /** The whole log of one operator (any client), newest first. */
  'audit.byOperator': () => ({ input: z.strictObject({ actor: z.string().trim().min(1, '请选择操作员').max(120), limit: z.number().int().min(1).max(1000).default(200) }), output: z.array(auditEntrySchema) }),
  /** Per operator: how often they revealed personal values and exported data in the period, with the entries. */
  'audit.operatorReport': () => ({
    input: z.strictObject({ from: isoDay.optional(), to: isoDay.optional() }),
    output: z.array(z.object({ actor: z.string(), reveals: z.number(), exports: z.number(), entries: z.array(auditEntrySchema) })),
  }),
} satisfies MethodDefinitions;
