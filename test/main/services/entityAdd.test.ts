// A new client from the CLI or the API gets the findings the form shows while it is typed (V-DOM-11: a
// domain another client holds), and a 主体 already held as a client (same 主体证件号码) is refused.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { entityFieldsOf } from '../../../main/db/repositories/entities';
import { createClients, getClientClear, updateClientEntity } from '../../../main/services/clients';
import { companyRecord } from '../../fixtures/records';
import { tempDir, TEST_PASSPHRASE, testRouter } from '../../helpers';
import { describeEachStore, type OpenDesk, storeArgs } from '../../support/eachStore';
import { cliArgs } from '../../support/cliRun';

process.env.BEIAN_DESK_PASSPHRASE = TEST_PASSPHRASE;

const cli = (store: string[], ...args: string[]) => cliArgs([...store, ...args]);

function recordFile(dir: string, name: string, record: unknown): string {
  const f = join(dir, name);
  writeFileSync(f, JSON.stringify(record));
  return f;
}

const countClients = async (store: string[]) => JSON.parse((await cli(store, '--json', 'entity', 'list')).out).total as number;

/** An empty store for the CLI: a folder to put record files in, and the arguments naming the store. */
async function cliStore(openDesk: OpenDesk) {
  const desk = await openDesk();
  const store = storeArgs(desk);
  await desk.close();
  return { dir: tempDir(), store };
}

describeEachStore('entity add', (openDesk) => {
  it('prints the V-DOM-11 finding when another client already holds the domain, as the form does', async () => {
    const { dir, store } = await cliStore(openDesk);
    expect((await cli(store, 'entity', 'add', '--file', recordFile(dir, 'a.json', companyRecord(1)))).code).toBe(0);
    const second = companyRecord(2, { domains: ['shili000001.cn'] });
    const r = await cli(store, 'entity', 'add', '--file', recordFile(dir, 'b.json', second));
    expect(r.code).toBe(0); // saved, as in the UI: findings do not block saving
    expect(r.out).toContain('已新建客户 #2');
    expect(r.out).toMatch(/\[阻断\] V-DOM-11 {2}websites\.0\.domains\.0: 域名“shili000001\.cn”已登记在客户“深圳市示例000001科技有限公司”（编号 1）名下/);
    const json = JSON.parse((await cli(store, '--json', 'entity', 'add', '--file', recordFile(dir, 'c.json', companyRecord(3, { domains: ['shili000001.com.cn'] })))).out);
    expect(json.check.findings.filter((f: { ruleId: string }) => f.ruleId === 'V-DOM-11')).toHaveLength(1);
    expect(json.check.counts.error).toBeGreaterThan(0);
  });

  it('gives through the API the same findings as the form’s live check of the same record', async () => {
    const { desk, router } = await testRouter(await openDesk());
    await createClients(desk, [clientRecordSchema.parse(companyRecord(1))]);
    const record = companyRecord(2, { domains: ['shili000001.cn', 'new-site.cn'] });
    const typed = await router.invoke('rules.check', { record, entityId: null });
    const created = await router.invoke('entity.create', { record });
    expect(created.ok && typed.ok).toBe(true);
    if (!created.ok || !typed.ok) return;
    expect((created.value as { check: unknown }).check).toEqual(typed.value);
    expect((typed.value as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId)).toContain('V-DOM-11');
  });

  it('refuses the same 主体证件号码 as an existing client, eight times over, naming that client and not the number', async () => {
    const { dir, store } = await cliStore(openDesk);
    const file = recordFile(dir, 'a.json', companyRecord(1));
    expect((await cli(store, 'entity', 'add', '--file', file)).code).toBe(0);
    const sameEntityOtherSite = companyRecord(1, { domains: ['another-site.cn'] });
    for (let i = 0; i < 8; i++) {
      const r = await cli(store, 'entity', 'add', '--file', i % 2 ? file : recordFile(dir, 'b.json', sameEntityOtherSite));
      expect(r.code).toBe(1);
      expect(r.err).toContain('错误（CONFLICT）：该主体证件号码已登记为客户“深圳市示例000001科技有限公司”（编号 1）');
      expect(r.err).toContain('entity.certNumber');
      expect(r.err).not.toContain(companyRecord(1).entity.certNumber);
    }
    expect(await countClients(store)).toBe(1);
  });

  it('refuses giving a client the 主体证件号码 of another, through the API as well', async () => {
    const { desk, router } = await testRouter(await openDesk());
    const [a, b] = await createClients(desk, [clientRecordSchema.parse(companyRecord(1)), clientRecordSchema.parse(companyRecord(2))]);
    const again = await router.invoke('entity.create', { record: companyRecord(1, { domains: ['x-other.cn'] }) });
    // the path starts at the method's input, as its validation's do: the new-client form puts it on the field
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: [{ path: ['record', 'entity', 'certNumber'] }] } });
    const fields = { ...entityFieldsOf(await getClientClear(desk, b!.id)), certNumber: (await getClientClear(desk, a!.id)).certNumber };
    await expect(updateClientEntity(desk, b!.id, fields)).rejects.toThrow(/已登记为客户“深圳市示例000001科技有限公司”（编号 1）/);
    // its own number is of course fine
    expect((await updateClientEntity(desk, a!.id, entityFieldsOf(await getClientClear(desk, a!.id)))).id).toBe(a!.id);
    await expect(createClients(desk, [clientRecordSchema.parse(companyRecord(3)), clientRecordSchema.parse(companyRecord(3, { domains: ['y.cn'] }))])).rejects.toThrow(/已登记为客户/);
  });
});
