import { expect, it } from 'vitest';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { createClients } from '../../../main/services/clients';
import { checkClient } from '../../../main/services/checks';
import { companyRecord, filedRecord } from '../../fixtures/records';
import { testRouter } from '../../helpers';
import { describeEachStore, type OpenDesk } from '../../support/eachStore';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A filed client: nothing left to submit, so no material is asked for. */
const filed = (n: number, overrides: Parameters<typeof companyRecord>[1] = {}) => clientRecordSchema.parse(filedRecord(companyRecord(n, overrides), n));

/**
 * 600 filed clients and two not ready: enough for a run on the worker pool (from 500 clients), the API's job as it
 * goes in the product. The two tests running it ask for the same records: the second desk is a copy of the first's
 * store (eachStore.ts openSeededDesk), not written again.
 */
function manyClients() {
  const good = Array.from({ length: 600 }, (_, i) => filed(i + 1));
  const bad = filed(900);
  bad.websites[0]!.homepages = ['www.elsewhere.cn'];
  // rules in order, but not one material for its 首次备案: not ready either
  const noMaterial = clientRecordSchema.parse(companyRecord(901));
  return [...good, bad, noMaterial];
}

describeEachStore('checks through the API', (openDesk, _dialect, openSeededDesk) => {
  it('checks a draft as typed and a stored client, with cross-client domain findings', async () => {
    const { router, desk } = await testRouter(await openDesk());
    await createClients(desk, [clientRecordSchema.parse(companyRecord(1))]);
    const draft = companyRecord(2, { domains: ['shili000001.cn'] });
    const r = await router.invoke('rules.check', { record: draft });
    expect(r.ok).toBe(true);
    const findings = r.ok ? (r.value as { findings: { ruleId: string; message: string }[] }).findings : [];
    expect(findings.find((f) => f.ruleId === 'V-DOM-11')?.message).toContain('深圳市示例000001科技有限公司');
    // a half-typed record is read, not refused
    const partial = await router.invoke('rules.check', { record: { entity: { name: '示' } } });
    expect(partial.ok).toBe(true);
    expect((await checkClient(desk, 1)).findings.some((f) => f.ruleId === 'V-DOM-11')).toBe(false);
  });

  it('checks all clients as a job with progress, and lists those not ready: rules, and materials for the filing still to do', async () => {
    const { router } = await testRouter((await openSeededDesk(manyClients())).desk);
    const started = await router.invoke('rules.checkAll', {});
    const jobId = started.ok ? (started.value as { jobId: string }).jobId : '';
    let status: { state: string; done: number; total: number; result: { checked: number; notReady: { name: string }[] } | null } | undefined;
    // polled until it ends, not for a fixed number of rounds: a team database under load takes longer
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
      const s = await router.invoke('jobs.get', { id: jobId });
      status = s.ok ? (s.value as typeof status) : undefined;
      if (status?.state !== 'running') break;
      await wait(20);
    }
    expect(status).toMatchObject({ state: 'done', done: 602, total: 602 });
    expect(status!.result!.notReady.map((c) => c.name)).toEqual(['深圳市示例000900科技有限公司', '深圳市示例000901科技有限公司']);
  }, 120_000);

  it('lists clients that only have warnings apart from those not ready (检查全部客户)', async () => {
    const { router, desk } = await testRouter(await openDesk());
    const risky = filed(7, { name: '深圳市示例投资管理有限公司' });
    risky.entity.investor = '王大明'; // 法人 is not the 负责人: V-PER-02 warns
    const bad = filed(8);
    bad.websites[0]!.homepages = ['www.elsewhere.cn'];
    await createClients(desk, [filed(6), risky, bad]);
    const riskyCheck = await checkClient(desk, 2);
    expect(riskyCheck.counts).toMatchObject({ error: 0 });
    expect(riskyCheck.counts.warning).toBeGreaterThan(0);
    const started = await router.invoke('rules.checkAll', {});
    const jobId = started.ok ? (started.value as { jobId: string }).jobId : '';
    let status: { state: string; result: { day: string; warnedCount: number; notReady: { name: string }[]; warned: { name: string; top: { severity: string }[] }[] } | null } | undefined;
    // polled until it ends, not for a fixed number of rounds: a team database under load takes longer
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
      const s = await router.invoke('jobs.get', { id: jobId });
      status = s.ok ? (s.value as typeof status) : undefined;
      if (status?.state !== 'running') break;
      await wait(20);
    }
    expect(status!.result!.notReady.map((c) => c.name)).toEqual(['深圳市示例000008科技有限公司']);
    expect(status!.result!.warned.map((c) => c.name)).toEqual(['深圳市示例投资管理有限公司']);
    expect(status!.result!.warned[0]!.top[0]!.severity).toBe('warning');
    // the further pages are read from the kept verdicts of the run's day: the same clients
    expect(await router.invoke('rules.checkAllPage', { group: 'warned', day: status!.result!.day })).toEqual({ ok: true, value: { total: status!.result!.warnedCount, items: status!.result!.warned } });
    expect(await router.invoke('rules.checkAllPage', { group: 'notReady', day: '5 December' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('stops promptly when cancelled', async () => {
    const { router } = await testRouter((await openSeededDesk(manyClients())).desk);
    const started = await router.invoke('rules.checkAll', {});
    const jobId = started.ok ? (started.value as { jobId: string }).jobId : '';
    await router.invoke('jobs.cancel', { id: jobId });
    // the job ends at its next client; how long one client takes depends on the store and the load
    let s = await router.invoke('jobs.get', { id: jobId });
    for (const deadline = Date.now() + 10_000; s.ok && (s.value as { state: string }).state === 'running' && Date.now() < deadline; ) {
      await wait(20);
      s = await router.invoke('jobs.get', { id: jobId });
    }
    expect(s).toMatchObject({ ok: true, value: { state: 'cancelled', total: 602 } });
    expect(s.ok && (s.value as { done: number }).done).toBeLessThan(602);
    expect(await router.invoke('jobs.get', { id: '0000000000000000' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  }, 120_000);
});
