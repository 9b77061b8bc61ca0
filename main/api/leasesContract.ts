// API methods of leases (issue 14, offline inside team mode): clients checked out to a field laptop,
// the laptop's 归还 archive, the check-in on the lender and the conflicts it leaves to settle. Spread into
// the contract in contract.ts; 管理员 and 操作员 may call them (roles.ts), 拍照点 not.
import { z } from 'zod';
import type { MethodDefinitions } from './methodSpecs';
import { archiveTooLarge, MAX_ARCHIVE_BASE64 } from './uploads';
import { checkinResultSchema, clientLeaseSchema, leaseConflictSchema, leaseIdSchema, leaseSummarySchema, SETTLE_CHOICES } from '../domain/leases';

const id = (what: string) => z.number({ error: `${what}编号应为数字` }).int().positive(`${what}编号无效`);
const passphrase = (label: string) => z.string({ error: `请输入${label}` }).min(1, `请输入${label}`).max(1024, `${label}过长`);
const dir = z.string().trim().min(1, '请填写输出目录').max(1000);
const archiveBase64 = z.string().max(MAX_ARCHIVE_BASE64, archiveTooLarge('lease.checkin')).regex(/^[A-Za-z0-9+/]*={0,2}$/, '文件内容编码无效');
const samePassphrase = { path: ['confirm'], message: '两次输入的传输密码不一致' };

export const leaseMethods = {
  /** Checks clients out to a named laptop: the check-out archive written into `dir`, the lease recorded. */
  'lease.checkout': () => ({
    input: z
      .strictObject({ entityIds: z.array(id('客户')).min(1, '请至少选择一个客户').max(10_000), deskName: z.string({ error: '请填写借用的电脑或拍照点名称' }).trim().min(1, '请填写借用的电脑或拍照点名称').max(50, '不能超过 50 个字符'), passphrase: passphrase('传输密码'), confirm: passphrase('确认传输密码'), dir })
      .refine((v) => v.passphrase === v.confirm, samePassphrase),
    output: z.object({ leaseId: z.string(), file: z.string(), bytes: z.number() }),
  }),
  'lease.list': () => ({ input: z.strictObject({}), output: z.array(leaseSummarySchema) }),
  /** The clients out on a lease now (all, or these): 出借中 in the list and on the client page. */
  'lease.ofClients': () => ({ input: z.strictObject({ entityIds: z.array(id('客户')).max(1000).optional() }), output: z.array(clientLeaseSchema) }),
  /** On the laptop: the 归还 archive of a lease it imported. */
  'lease.exportCheckin': () => ({
    input: z.strictObject({ leaseId: leaseIdSchema, passphrase: passphrase('传输密码'), confirm: passphrase('确认传输密码'), dir }).refine((v) => v.passphrase === v.confirm, samePassphrase),
    output: z.object({ file: z.string(), bytes: z.number() }),
  }),
  /** On the lender: the 归还 archive checked in by row versions. */
  'lease.checkin': () => ({ input: z.strictObject({ contentBase64: archiveBase64, passphrase: passphrase('传输密码') }), output: checkinResultSchema }),
  'lease.conflicts': () => ({
    input: z.strictObject({ leaseId: leaseIdSchema, revealPurpose: z.string().max(200, '用途不能超过 200 个字符').optional() }),
    output: z.array(leaseConflictSchema),
  }),
  'lease.settle': () => ({ input: z.strictObject({ conflictId: id('冲突'), keep: z.enum(SETTLE_CHOICES, { error: '请选择保留服务器版本或采用笔记本版本' }) }), output: z.object({ leaseClosed: z.boolean() }) }),
  'lease.cancel': () => ({ input: z.strictObject({ leaseId: leaseIdSchema }), output: z.object({ ok: z.literal(true) }) }),
} satisfies MethodDefinitions;
