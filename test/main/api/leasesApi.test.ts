// Leases through the API of a team server: 操作员 lends clients and checks them in, 拍照点 may not; the
// check-in archive arrives as an upload, like a transfer archive.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createAccount, type Caller } from '../../../main/services/accounts';
import { getClientClear } from '../../../main/services/clients';
import { companyRecord } from '../../fixtures/records';
import { openTestDesk, tempDir, testRouter } from '../../helpers';
import { importTransfer } from '../../../main/services/transferImport';

process.env.BEIAN_DESK_PASSWORD_LOG2N = '12';
const PASS = 'transfer-pass-1';

const as = (a: { id: number; username: string; displayName: string; role: Caller['role'] }): Caller => ({ accountId: a.id, username: a.username, displayName: a.displayName, role: a.role });

describe('the lease methods', () => {
  it('let an 操作员 lend a client, list it 出借中 and check it back in; refuse a 拍照点', async () => {
    const { desk, router } = await testRouter();
    const operator = as(await createAccount(desk, { username: 'zhangwei', displayName: '张伟', role: 'operator', password: 'Oper-Pass-0001' }));
    const photo = as(await createAccount(desk, { username: 'paizhao', displayName: '拍照点一', role: 'photo', password: 'Photo-Pass-001' }));
    const made = await router.invoke('entity.create', { record: companyRecord(71) }, operator);
    if (!made.ok) throw new Error(JSON.stringify(made.error));
    const entityId = (made.value as { id: number }).id;

    for (const r of [await router.invoke('lease.list', {}, photo), await router.invoke('lease.checkout', { entityIds: [entityId], deskName: '笔记本', passphrase: PASS, confirm: PASS, dir: tempDir() }, photo)]) {
      expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(await router.invoke('lease.checkout', { entityIds: [entityId], deskName: ' ', passphrase: PASS, confirm: PASS, dir: tempDir() }, operator)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const out = await router.invoke('lease.checkout', { entityIds: [entityId], deskName: '外勤笔记本', passphrase: PASS, confirm: PASS, dir: tempDir() }, operator);
    if (!out.ok) throw new Error(JSON.stringify(out.error));
    const { leaseId, file } = out.value as { leaseId: string; file: string };
    expect(file).toContain('备案助手出借-外勤笔记本-1个客户-');
    expect(await router.invoke('lease.ofClients', { entityIds: [entityId] }, operator)).toMatchObject({ ok: true, value: [{ entityId, desk: '外勤笔记本', operator: '张伟（zhangwei）', side: 'lent' }] });
    const audit = await router.invoke('audit.list', { entityId, limit: 20 }, operator);
    expect(JSON.stringify(audit)).toContain('lease.checkout');

    const laptop = await openTestDesk();
    await importTransfer(laptop, file, PASS);
    const { router: laptopRouter } = await testRouter(laptop);
    const back = await laptopRouter.invoke('lease.exportCheckin', { leaseId, passphrase: PASS, confirm: PASS, dir: tempDir() });
    if (!back.ok) throw new Error(JSON.stringify(back.error));
    expect(await laptopRouter.invoke('lease.list', {})).toMatchObject({ ok: true, value: [{ leaseId, side: 'borrowed', state: 'returned' }] });

    const contentBase64 = readFileSync((back.value as { file: string }).file).toString('base64');
    expect(await router.invoke('lease.checkin', { contentBase64, passphrase: PASS }, operator)).toMatchObject({ ok: true, value: { clients: 1, conflicts: 0, closed: true } });
    expect(await router.invoke('lease.list', {}, operator)).toMatchObject({ ok: true, value: [{ leaseId, side: 'lent', state: 'returned', returnedBy: '张伟（zhangwei）' }] });
    expect((await getClientClear(desk, entityId)).name).toBeTruthy();
  }, 60_000);
});
