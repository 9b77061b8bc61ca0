// Roles on a team server: every API method has its entry in the one role table, a 拍照点 is held to the
// photo desk and the curtain photos of its own orders (no personal number, no other order), an 操作员 to
// the client work, and whatever a logged-in operator does is logged under their name.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contract, type Method } from '../../../main/api/contract';
import { METHOD_ROLES } from '../../../main/api/roles';
import { PHOTO_SCOPE, PHOTO_UNSCOPED } from '../../../main/api/roleScope';
import { createAccount, setOrderAssignment, type Caller } from '../../../main/services/accounts';
import { companyRecord } from '../../fixtures/records';
import { materialJpeg } from '../../fixtures/materials';
import { tempDir, testRouter } from '../../helpers';

process.env.BEIAN_DESK_PASSWORD_LOG2N = '12';

const methods = Object.keys(contract) as Method[];

describe('the role table', () => {
  it('has an entry for every method of the contract, and none for a method that does not exist', () => {
    expect(methods.filter((m) => !Object.prototype.hasOwnProperty.call(METHOD_ROLES, m))).toEqual([]);
    expect(Object.keys(METHOD_ROLES).filter((m) => !(m in contract))).toEqual([]);
    for (const m of methods) expect(METHOD_ROLES[m].length, m).toBeGreaterThan(0);
  });

  it('gives 管理员 every method', () => {
    expect(methods.filter((m) => !METHOD_ROLES[m].includes('admin'))).toEqual([]);
  });

  it('keeps accounts, retention, deletion of clients, backups and the server key from 操作员', () => {
    for (const m of ['account.create', 'account.update', 'account.setPassword', 'account.unlock', 'retention.set', 'settings.update', 'entity.delete', 'backup.create', 'backup.restore', 'session.lock', 'session.changePassphrase', 'audit.operatorReport'] as Method[]) {
      expect(METHOD_ROLES[m], m).not.toContain('operator');
    }
    for (const m of ['entity.create', 'entity.update', 'order.create', 'order.advance', 'sheet.generate', 'order.export', 'entity.reveal'] as Method[]) expect(METHOD_ROLES[m], m).toContain('operator');
  });

  it('narrows or justifies every method open to 拍照点, and opens none that reveals or exports', () => {
    const photo = methods.filter((m) => METHOD_ROLES[m].includes('photo'));
    expect(photo.filter((m) => !(m in PHOTO_SCOPE) && !(m in PHOTO_UNSCOPED))).toEqual([]);
    expect([...Object.keys(PHOTO_SCOPE), ...Object.keys(PHOTO_UNSCOPED)].filter((m) => !photo.includes(m as Method))).toEqual([]);
    expect(photo.filter((m) => /reveal|export|Password|entity\.|person\.|material\.(read|list)|audit\./i.test(m))).toEqual([]);
  });
});

async function teamDesk() {
  const t = await testRouter();
  const { desk, router } = t;
  const as = (a: { id: number; username: string; displayName: string; role: Caller['role'] }): Caller => ({ accountId: a.id, username: a.username, displayName: a.displayName, role: a.role });
  const admin = as(await createAccount(desk, { username: 'admin', displayName: '管理员甲', role: 'admin', password: 'Admin-Pass-001' }));
  const operator = as(await createAccount(desk, { username: 'zhangwei', displayName: '张伟', role: 'operator', password: 'Oper-Pass-0001' }));
  const photo = as(await createAccount(desk, { username: 'paizhao', displayName: '拍照点一', role: 'photo', password: 'Photo-Pass-001' }));
  const ok = async <T>(p: Promise<{ ok: boolean; value?: unknown; error?: unknown }>) => {
    const r = await p;
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.value as T;
  };
  const c1 = await ok<{ id: number; personIds: Record<string, number> }>(router.invoke('entity.create', { record: companyRecord(901) }, operator));
  const c2 = await ok<{ id: number }>(router.invoke('entity.create', { record: companyRecord(902) }, operator));
  const o1 = await ok<{ id: number }>(router.invoke('order.create', { entityId: c1.id, type: '首次备案', provider: 'aliyun' }, operator));
  const o2 = await ok<{ id: number }>(router.invoke('order.create', { entityId: c2.id, type: '首次备案', provider: 'aliyun' }, operator));
  await setOrderAssignment(desk, o1.id, photo.accountId, true);
  return { ...t, admin, operator, photo, c1, c2, o1, o2 };
}

describe('a 拍照点 session', () => {
  it('is refused every personal number, every client and every order view', async () => {
    const { router, photo, c1, o1 } = await teamDesk();
    const personId = (await router.invoke('entity.get', { id: c1.id })) as { ok: true; value: { people: { id: number }[] } };
    const refusals = await Promise.all([
      router.invoke('entity.reveal', { id: c1.id }, photo),
      router.invoke('person.reveal', { id: personId.value.people[0]!.id }, photo),
      router.invoke('entity.get', { id: c1.id }, photo),
      router.invoke('entity.list', {}, photo),
      router.invoke('entity.export', { id: c1.id, reveal: true }, photo),
      router.invoke('export.clientsXlsx', { reveal: true }, photo),
      router.invoke('order.get', { id: o1.id }, photo),
      router.invoke('order.list', {}, photo),
      router.invoke('material.list', { entityId: c1.id }, photo),
      router.invoke('audit.list', {}, photo),
    ]);
    for (const r of refusals) expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(JSON.stringify(refusals)).toContain('拍照点账户不能使用');
  });

  it('is refused the photo desk, whose folder paths are the server’s own disk (no listing, no thumbnail, no write)', async () => {
    const { router, photo, operator } = await teamDesk();
    // a folder on the server that the 拍照点 was never given, e.g. an unpacked export with a client's picture
    const secretDir = join(tempDir(), '客户张三');
    mkdirSync(secretDir);
    const file = join(secretDir, '身份证正面.jpg');
    writeFileSync(file, await materialJpeg('id-front'));
    const outDir = join(tempDir(), 'anywhere');
    const refusals = {
      checkFolder: await router.invoke('photos.checkFolder', { dir: secretDir }, photo),
      recheck: await router.invoke('photos.recheck', { file, kind: 'id-front' }, photo),
      fix: await router.invoke('photos.fix', { files: [file], dir: secretDir, outDir, kind: 'curtain' }, photo),
    };
    for (const [m, r] of Object.entries(refusals)) {
      expect(r, m).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: `无权执行此操作：拍照点账户不能使用“photos.${m}”` } });
    }
    expect(existsSync(outDir)).toBe(false);
    // the same desk is still open to staff
    expect((await router.invoke('photos.recheck', { file, kind: 'id-front' }, operator)).ok).toBe(true);
  });

  it('sees only the orders given to it, with their curtain-photo slots only', async () => {
    const { router, photo, o1 } = await teamDesk();
    const r = (await router.invoke('photo.tasks', {}, photo)) as { ok: true; value: { orderId: number; slots: { id: string }[] }[] };
    expect(r.ok).toBe(true);
    expect(r.value.map((t) => t.orderId)).toEqual([o1.id]);
    expect(r.value[0]!.slots.length).toBeGreaterThan(0);
    expect(r.value[0]!.slots.every((s) => /^website:\d+:curtain$/.test(s.id))).toBe(true);
  });

  it('uploads a curtain photo to its own order, and nothing to another order or another slot', async () => {
    const { router, photo, o1, o2 } = await teamDesk();
    const tasks = (await router.invoke('photo.tasks', {}, photo)) as { ok: true; value: { slots: { id: string }[] }[] };
    const slot = tasks.value[0]!.slots[0]!.id;
    const jpeg = (await materialJpeg('curtain')).toString('base64');
    const own = await router.invoke('order.attach', { orderId: o1.id, slot, fileName: 'curtain.jpg', contentBase64: jpeg }, photo);
    expect(own.ok).toBe(true);
    const other = await router.invoke('order.attach', { orderId: o2.id, slot: slot.replace(/\d+/, '999'), fileName: 'curtain.jpg', contentBase64: jpeg }, photo);
    expect(other).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: '该订单未分配给此拍照点' } });
    const idSlot = await router.invoke('order.attach', { orderId: o1.id, slot: slot.replace('curtain', 'id-front'), fileName: 'id.jpg', contentBase64: jpeg }, photo);
    expect(idSlot).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: '拍照点只能上传幕布照片' } });
  });

  it('reads no job and cancels none (it starts none: the photo desk is staff only on a team server)', async () => {
    const { router, photo, operator } = await teamDesk();
    const job = (await router.invoke('rules.checkAll', {}, operator)) as { ok: true; value: { jobId: string } };
    expect(await router.invoke('jobs.get', { id: job.value.jobId }, photo)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await router.invoke('jobs.cancel', { id: job.value.jobId }, photo)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await router.invoke('jobs.get', { id: job.value.jobId }, operator)).ok).toBe(true);
  });
});

describe('an 操作员 session', () => {
  it('works on clients and orders but is refused account management, retention and deleting a client', async () => {
    const { router, operator, c1 } = await teamDesk();
    expect((await router.invoke('entity.reveal', { id: c1.id }, operator)).ok).toBe(true);
    for (const [m, input] of [
      ['account.create', { username: 'x1', displayName: 'X', role: 'admin', password: 'Some-Pass-0001', confirm: 'Some-Pass-0001' }],
      ['entity.delete', { id: c1.id }],
      ['retention.set', { entityId: c1.id, serviceEndedAt: null, retentionMonths: 12 }],
      ['settings.update', { retentionMonths: 1, rowVersion: 0 }],
    ] as const) {
      expect(await router.invoke(m, input, operator), m).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
  });
});

describe('the log on a team server', () => {
  it('names the logged-in operator of each request, in the audit log and the order history', async () => {
    const { desk, router, operator, admin, c1, o1 } = await teamDesk();
    await router.invoke('entity.reveal', { id: c1.id }, admin);
    const log = desk.sql.raw.prepare('SELECT actor, action FROM audit_log WHERE entity_id = ? ORDER BY id').all(c1.id) as { actor: string; action: string }[];
    expect(log.find((l) => l.action === 'entity.create')?.actor).toBe('张伟（zhangwei）');
    expect(log.find((l) => l.action === 'entity.reveal')?.actor).toBe('管理员甲（admin）');
    const events = desk.sql.raw.prepare('SELECT actor FROM order_event WHERE order_id = ?').all(o1.id) as { actor: string }[];
    expect(events.map((e) => e.actor)).toEqual(['张伟（zhangwei）']);
    // outside a request the desk's own operator applies again
    await router.invoke('entity.reveal', { id: c1.id });
    const last = desk.sql.raw.prepare('SELECT actor FROM audit_log ORDER BY id DESC LIMIT 1').get() as { actor: string };
    expect(last.actor).toBe('tester');
  });

  it('lists reveals and exports per operator, and one operator’s entries for 日志’s filter', async () => {
    const { router, operator, admin, c1 } = await teamDesk();
    await router.invoke('entity.reveal', { id: c1.id }, operator);
    await router.invoke('entity.reveal', { id: c1.id }, operator);
    await router.invoke('entity.export', { id: c1.id, reveal: true }, operator);
    await router.invoke('entity.reveal', { id: c1.id }, admin);
    const report = (await router.invoke('audit.operatorReport', {}, admin)) as { ok: true; value: { actor: string; reveals: number; exports: number }[] };
    expect(report.value.map(({ actor, reveals, exports }) => ({ actor, reveals, exports }))).toEqual([
      { actor: '张伟（zhangwei）', reveals: 2, exports: 1 },
      { actor: '管理员甲（admin）', reveals: 1, exports: 0 },
    ]);
    expect(await router.invoke('audit.operatorReport', {}, operator)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const operators = (await router.invoke('audit.operators', {}, operator)) as { ok: true; value: string[] };
    expect(operators.value).toContain('张伟（zhangwei）');
    const mine = (await router.invoke('audit.byOperator', { actor: '张伟（zhangwei）' }, operator)) as { ok: true; value: { actor: string }[] };
    expect(mine.value.length).toBeGreaterThanOrEqual(5);
    expect(mine.value.every((e) => e.actor === '张伟（zhangwei）')).toBe(true);
  });
});
