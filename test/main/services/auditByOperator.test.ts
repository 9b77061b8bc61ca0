// 操作员报告: what it counts as a reveal (personal values shown in clear) or an export (carried out of the
// desk). Every action the core logs is classified here, so a new one cannot be left out of the report
// unnoticed; and an operator's 出借 and 盖章 show in it.
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXPORT_ACTIONS, REVEAL_ACTIONS } from '../../../main/domain/accounts';
import { AUDIT_ACTIONS } from '../../../main/domain/labels';
import type { Caller } from '../../../main/services/accounts';
import { extractSeal } from '../../../main/pdf/seal';
import { photographedSeal } from '../../fixtures/images';
import { companyRecord } from '../../fixtures/records';
import { tempDir, testRouter } from '../../helpers';
import { CORE_DIR, coreSources } from '../../support/coreSources';

/** Logged actions that neither show personal values in clear nor carry them out, and why. */
const NEITHER: Record<string, string> = {
  'entity.create': 'a write; shows nothing',
  'entity.update': 'a write (masked form)',
  'entity.delete': 'a write',
  'entity.import': 'data coming in',
  'entity.retention': 'a setting',
  'entity.serviceEnded': 'a state change',
  'entity.filingPassword': 'stores the password; does not show it (查看 is entity.revealFilingPassword)',
  'person.create': 'a write',
  'person.update': 'a write',
  'person.delete': 'a write',
  'website.create': 'a write',
  'website.update': 'a write',
  'website.delete': 'a write',
  'material.create': 'a file coming in',
  'material.delete': 'a write',
  'material.damaged': 'a damaged file set aside at unlock: nothing shown, nothing carried out',
  'order.create': 'a write',
  'order.advance': 'a state change',
  'order.update': 'a write',
  'order.acceptPhoto': 'a decision on a photo check; shows no personal value',
  'order.link': 'a material of the client put to an order slot; shows and carries out nothing',
  'order.authCode.add': 'the provider’s 授权码, no personal value',
  'order.authCode.remove': 'a write',
  'order.assign': 'gives an order to a 拍照点; its curtain slots carry no personal number',
  'order.unassign': 'a write',
  'order.rejections': 'a laptop’s 驳回 rounds written back at 归还',
  'transfer.import': 'data coming in',
  'clients.importXlsx': 'data coming in',
  'filed.record': 'a write',
  'gongan.save': 'a write',
  'gongan.complete': 'a state change',
  'gongan.remove': 'a write',
  'backup.restore': 'into a new data folder, on the same machine; it comes in, it shows nothing',
  'desk.moveToServer': 'the store copied into the team database, which holds it encrypted like the desk did',
  'desk.operator': 'the name the log gives whoever works at this desk changed; no client data moves',
  'settings.update': 'a setting',
  'sheetSettings.update': 'a setting',
  'account.create': 'account management',
  'account.update': 'account management',
  'account.password': 'account management (no password is logged)',
  'account.unlock': 'account management',
  'account.login': 'a session',
  'account.logout': 'a session',
  'account.lockedOut': 'a refusal',
  'lease.borrow': 'data coming in (the laptop side of 出借)',
  'lease.checkin': 'data coming back (归还)',
  'lease.settle': 'a decision between two versions; showing them in clear is lease.reveal',
  'lease.cancel': 'a state change',
};

/**
 * Audit actions written without a string literal, per file and expression: what they can be. A new such
 * expression fails the test until it is listed here.
 */
const COMPUTED: Record<string, string[] | RegExp> = {
  "services/accounts.ts: assigned ? 'order.assign' : 'order.unassign'": ['order.assign', 'order.unassign'],
  'services/settingsSave.ts: `${form.target}.update`': ['settings.update', 'sheetSettings.update'],
  'services/leaseCheckin.ts: `${target}.update`': ['entity.update', 'person.update', 'website.update'],
  // entry(action, detail) logs each follow-up the laptop changed
  'services/leaseFollowUps.ts: string': /\bentry\('([a-zA-Z.]+)'/g,
  'services/leaseFollowUps.ts: action': /\bentry\('([a-zA-Z.]+)'/g,
  // entries carried from another desk keep the action that desk logged (one of these same actions)
  'export/transferLog.ts: z.string().regex(/^[a-zA-Z.]{3': [],
  'export/transferLog.ts: a.action': [],
  'export/transferLog.ts: action': [],
  'export/transferLog.ts: e.action': [],
  'db/repositories/audit.ts: e.action': [],
  'db/repositories/audit.ts: r.action': [],
  'db/repositories/audit.ts: string; targetType: string; detail: Record<string': [],
};

/** Every audit action the core can write: literals, and the computed ones above. */
function loggedActions(): { actions: Set<string>; unlisted: string[]; seen: Set<string> } {
  const actions = new Set<string>();
  const unlisted: string[] = [];
  const seen = new Set<string>();
  for (const { file, text: source } of coreSources()) {
    if (!/appendAudit(Once)?\(|insertCarriedAudit\(|insertInto\('audit_log'\)/.test(source)) continue;
    for (const m of source.matchAll(/\baction(?::\s*(`[^`]*`|[^,}\n]+))?\s*[,}]/g)) {
      const expr = (m[1] ?? 'action').trim();
      const literal = /^'([a-zA-Z.]+)'$/.exec(expr);
      if (literal) {
        actions.add(literal[1]!);
        continue;
      }
      const key = `${relative(CORE_DIR, file).split('\\').join('/')}: ${expr}`;
      const known = COMPUTED[key];
      seen.add(key);
      if (!known) unlisted.push(key);
      else if (Array.isArray(known)) known.forEach((a) => actions.add(a));
      else for (const a of source.matchAll(known)) actions.add(a[1]!);
    }
  }
  return { actions, unlisted, seen };
}

describe('操作员报告’s reveals and exports', () => {
  it('classifies every action the core logs as a reveal, an export, or neither with a reason', () => {
    const { actions, unlisted, seen } = loggedActions();
    expect(unlisted).toEqual([]);
    expect(Object.keys(COMPUTED).filter((k) => !seen.has(k))).toEqual([]);
    expect(actions.size).toBeGreaterThan(50);
    const reveal = new Set<string>(REVEAL_ACTIONS);
    const exported = new Set<string>(EXPORT_ACTIONS);
    const classified = (a: string) => [reveal.has(a), exported.has(a), a in NEITHER].filter(Boolean).length;
    expect([...actions].filter((a) => classified(a) !== 1)).toEqual([]);
    // and nothing listed that the core never logs (a misspelt name would count nothing)
    expect([...REVEAL_ACTIONS, ...EXPORT_ACTIONS, ...Object.keys(NEITHER)].filter((a) => !actions.has(a))).toEqual([]);
    // every logged action has its name in the 日志 too
    expect([...actions].filter((a) => !AUDIT_ACTIONS[a])).toEqual([]);
  });

  it('counts an operator’s 出借 and 盖章 as exports, the stamped sheet once', async () => {
    const { router } = await testRouter();
    const op: Caller = { accountId: 2, username: 'op', displayName: '操作员甲', role: 'operator' };
    const admin: Caller = { accountId: 1, username: 'admin', displayName: '管理员', role: 'admin' };
    const ok = async <T>(p: Promise<{ ok: boolean; value?: unknown; error?: unknown }>) => {
      const r = await p;
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      return r.value as T;
    };
    const c = await ok<{ id: number }>(router.invoke('entity.create', { record: companyRecord(903) }, op));
    const entity = await ok<{ websites: { id: number }[] }>(router.invoke('entity.get', { id: c.id }, op));
    await ok(router.invoke('lease.checkout', { entityIds: [c.id], deskName: '外勤笔记本', passphrase: 'transfer-pass-1', confirm: 'transfer-pass-1', dir: tempDir() }, op));
    const { png } = await extractSeal(await photographedSeal());
    await ok(router.invoke('sheet.stamp', { websiteId: entity.websites[0]!.id, sealBase64: png.toString('base64') }, op));
    const report = await ok<{ actor: string; reveals: number; exports: number; entries: { action: string }[] }[]>(router.invoke('audit.operatorReport', {}, admin));
    const row = report.find((r) => r.actor === '操作员甲（op）')!;
    expect(row.entries.map((e) => e.action).sort()).toEqual(['lease.checkout', 'sheet.stamp']);
    expect([row.reveals, row.exports]).toEqual([0, 2]);
  }, 60_000);
});
