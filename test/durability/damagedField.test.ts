// Issue 11, major: one sealed value that fails its authentication (DATA_TAMPERED — a changed character in
// the database, say) is refused, never shown, but it must not take the rest of the desk with it: the
// client list shows every other client and marks the damaged one, and opening that client names what is
// damaged and how to get it back.
import { describe, expect, it } from 'vitest';
import type { MethodOutput } from '../../main/api/contract';
import { runCli } from '../../main/cli';
import type { Desk } from '../../main/desk';
import { clientRecordSchema } from '../../main/domain/schemas';
import { createClients } from '../../main/services/clients';
import { companyRecord, personId } from '../fixtures/records';
import { openTestDesk, tempDir, TEST_PASSPHRASE, testRouter } from '../helpers';

const CLIENTS = 9;

async function deskWithClients(dataDir = tempDir()): Promise<Desk> {
  const desk = await openTestDesk(dataDir);
  await createClients(desk, Array.from({ length: CLIENTS }, (_, i) => clientRecordSchema.parse(companyRecord(i + 1))));
  return desk;
}

/** Changes one character of a sealed value in the database, as a disk error or a hand edit would. */
function changeOneCharacter(desk: Desk, table: 'entity' | 'person', column: string, id: number): void {
  const { v } = desk.sql.raw.prepare(`SELECT ${column} AS v FROM ${table} WHERE id = ?`).get(id) as { v: string };
  const at = 20;
  const changed = v.slice(0, at) + (v[at] === 'A' ? 'B' : 'A') + v.slice(at + 1);
  desk.sql.raw.prepare(`UPDATE ${table} SET ${column} = ? WHERE id = ?`).run(changed, id);
}

const name = (n: number) => `深圳市示例${String(n).padStart(6, '0')}科技有限公司`;

describe('one damaged sealed field', () => {
  it('is refused as DATA_TAMPERED when read, never shown', async () => {
    const desk = await deskWithClients();
    changeOneCharacter(desk, 'entity', 'cert_number_sealed', 4);
    const { v } = desk.sql.raw.prepare('SELECT cert_number_sealed AS v FROM entity WHERE id = 4').get() as { v: string };
    expect(() => desk.ctx.codec.open('cert', v)).toThrow(expect.objectContaining({ code: 'DATA_TAMPERED' }));
  });

  it('leaves every other client in the list and marks the damaged one with its field', async () => {
    const desk = await deskWithClients();
    changeOneCharacter(desk, 'entity', 'cert_number_sealed', 4);
    const { router } = await testRouter(desk);
    const r = await router.invoke('entity.list', { limit: 50, sortBy: 'name', sortDir: 'asc' });
    if (!r.ok) throw new Error(r.error.message);
    const page = r.value as MethodOutput<'entity.list'>;
    expect(page.total).toBe(CLIENTS);
    expect(page.items.map((i) => i.name)).toEqual(Array.from({ length: CLIENTS }, (_, i) => name(i + 1)));
    const damaged = page.items.filter((i) => i.damaged?.length);
    expect(damaged).toEqual([expect.objectContaining({ id: 4, name: name(4), certNumberMasked: '', damaged: [{ field: 'certNumber', label: '主体证件号码' }] })]);
    for (const i of page.items.filter((i) => i.id !== 4)) expect(i.certNumberMasked).toMatch(/^914\*+[0-9A-Z]{4}$/);
  });

  it('opening the damaged client names the client and field and points to a backup; the others open', async () => {
    const desk = await deskWithClients();
    changeOneCharacter(desk, 'entity', 'cert_number_sealed', 4);
    changeOneCharacter(desk, 'person', 'mobile_sealed', 4 * 2 - 1);
    const { router } = await testRouter(desk);
    const r = await router.invoke('entity.get', { id: 4 });
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: 'DATA_TAMPERED',
        details: [{ path: ['certNumber'] }, { path: ['people', 0, 'mobile'] }],
      },
    });
    const message = !r.ok ? r.error.message : '';
    expect(message).toContain(`客户 #4“${name(4)}”`);
    expect(message).toContain('主体证件号码、负责人“张000004”的手机号码无法解密');
    expect(message).toContain('从备份恢复');
    expect(message).not.toContain(personId(4));
    for (const id of [1, 3, 5, 9]) expect((await router.invoke('entity.get', { id })).ok).toBe(true);
  });

  it('a damaged field of a person leaves the list whole and is named when the client is opened', async () => {
    const desk = await deskWithClients();
    // client 6 has people 11 (p1) and 12 (p2)
    changeOneCharacter(desk, 'person', 'cert_number_sealed', 12);
    const { router } = await testRouter(desk);
    const list = await router.invoke('entity.list', { limit: 50 });
    expect(list).toMatchObject({ ok: true, value: { total: CLIENTS } });
    const r = await router.invoke('entity.get', { id: 6 });
    expect(r).toMatchObject({ ok: false, error: { code: 'DATA_TAMPERED', details: [{ path: ['people', 1, 'certNumber'] }] } });
    expect(!r.ok && r.error.message).toContain('负责人“李000006”的证件号码无法解密');
  });

  it('entity list on the command line prints every client and marks the damaged one', async () => {
    const dataDir = tempDir();
    const desk = await deskWithClients(dataDir);
    changeOneCharacter(desk, 'entity', 'cert_number_sealed', 7);
    await desk.close();
    const saved = process.env.BEIAN_DESK_PASSPHRASE;
    process.env.BEIAN_DESK_PASSPHRASE = TEST_PASSPHRASE;
    let out = '';
    try {
      expect(await runCli(['--data', dataDir, 'entity', 'list'], { out: (t) => (out += t), err: () => undefined })).toBe(0);
    } finally {
      if (saved === undefined) delete process.env.BEIAN_DESK_PASSPHRASE;
      else process.env.BEIAN_DESK_PASSPHRASE = saved;
    }
    expect(out).toContain(`共 ${CLIENTS} 个客户`);
    const lines = out.split('\n').filter((l) => l.includes('深圳市示例'));
    expect(lines).toHaveLength(CLIENTS);
    expect(lines.filter((l) => l.includes('⚠'))).toEqual([expect.stringContaining(name(7))]);
    expect(lines.find((l) => l.includes(name(7)))).toContain('主体证件号码已损坏（请从备份恢复）');
  });
});
