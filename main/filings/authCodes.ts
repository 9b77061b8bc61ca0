// 备案授权码 (Tencent: a resource bought under another account, S3/S4 “其他关联账号申请的备案授权码”) and
// 备案服务号 (Aliyun): the code an order files against, the resource it covers and its expiry. No source
// gives a format for either, so the code is free text, stored as given; its expiry is read like a
// certificate's (main/domain/validity.ts): expired the day after, warned within the days set in 设置.
import type { AuthCodeKind } from '../domain/enums';
import { validityOn } from '../domain/validity';

/** The provider's name for it: Tencent 备案授权码, Aliyun 备案服务号; others are asked. */
export function authCodeKindFor(provider: string): AuthCodeKind | null {
  if (provider === 'tencent') return '备案授权码';
  if (provider === 'aliyun') return '备案服务号';
  return null;
}

export interface AuthCodeInput {
  kind: AuthCodeKind;
  code: string;
  resource: string;
  expiresOn: string;
}

/** What is wrong with a typed code, per field; empty when it can be stored. */
export function authCodeInputProblems(i: AuthCodeInput): { path: string[]; message: string }[] {
  const out: { path: string[]; message: string }[] = [];
  if (!i.code.trim()) out.push({ path: ['code'], message: `请填写${i.kind}` });
  else if (i.code.trim().length > 64) out.push({ path: ['code'], message: `${i.kind}不能超过 64 个字符` });
  if (!i.resource.trim()) out.push({ path: ['resource'], message: `请填写${i.kind}对应的资源（如云服务器实例 ID 或公网 IP）` });
  const v = validityOn(i.expiresOn, new Date(), 0);
  if (v.state === 'missing') out.push({ path: ['expiresOn'], message: `请填写${i.kind}的有效期至` });
  else if (v.state === 'unreadable' || v.state === 'longTerm') out.push({ path: ['expiresOn'], message: '有效期至应为日期 YYYY-MM-DD' });
  return out;
}

export type AuthCodeState = 'expired' | 'expiring' | 'valid';

/** The code's state on `today`: expired after its last day, expiring when fewer than `warnDays` days are left. */
export function authCodeState(expiresOn: string, today: Date, warnDays: number): { state: AuthCodeState; daysLeft: number } {
  const v = validityOn(expiresOn, today, warnDays);
  if (v.state === 'expired' || v.state === 'expiring' || v.state === 'valid') return { state: v.state, daysLeft: v.daysLeft };
  // stored codes always carry a readable date (authCodeInputProblems); anything else cannot be trusted
  return { state: 'expired', daysLeft: -1 };
}

export function authCodeMessage(kind: string, code: string, resource: string, s: { state: AuthCodeState; daysLeft: number }, expiresOn: string): string | null {
  if (s.state === 'expired') return `${kind}“${code}”（${resource}）已于 ${expiresOn} 过期：请向资源所属账号重新申请后再提交`;
  if (s.state === 'expiring') return `${kind}“${code}”（${resource}）将于 ${expiresOn} 过期（还剩 ${s.daysLeft} 天）：管局审核可能需要数周，请尽早提交或续期`;
  return null;
}
