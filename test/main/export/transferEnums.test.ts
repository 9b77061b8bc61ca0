// A transfer archive is read against the desk's own enums: an order in a state this desk does not know,
// or a 授权码 of an unknown kind, is refused at reading, before anything is written (the store's columns
// hold only these values).
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { readTransferArchive, writeTransferArchive, type ArchivedClient, type ArchivedOrder } from '../../../main/export/transfer';
import { companyRecord } from '../../fixtures/records';
import { tempDir } from '../../helpers';

const PASS = 'transfer-pass-1';
const AT = '2026-03-01T17:30:00.000Z';

function orderIn(state: string, authCodeKind = '备案授权码'): ArchivedOrder {
  return {
    order: { type: '首次备案', provider: 'tencent', state, providerOrderNo: null, effectiveDate: null, change: {}, stateChangedAt: AT, smsDueAt: null, psbDueAt: null, closedAt: null, createdAt: AT, updatedAt: AT, websites: [0] },
    events: [{ at: AT, actor: '张三', from: null, to: '草稿', reason: '' }],
    links: [],
    overrides: [],
    rejections: [],
    gongan: [],
    authCodes: [{ kind: authCodeKind, code: 'ABC123', resource: 'ins-1', expiresOn: '2026-12-31', actor: '张三', createdAt: AT }],
  } as unknown as ArchivedOrder; // written as another desk (or a tampered file) might
}

async function archiveWith(order: ArchivedOrder): Promise<string> {
  const client: ArchivedClient = { record: clientRecordSchema.parse(companyRecord(1)), materials: [], filed: [], filingPassword: null, orders: [order] };
  const file = join(tempDir(), 'x.bdtransfer');
  writeFileSync(file, await writeTransferArchive([client], PASS, async () => new Uint8Array()));
  return file;
}

describe('order states and 授权码 kinds in a transfer archive', () => {
  it('reads an order in a state this desk knows', async () => {
    const { data } = await readTransferArchive(await archiveWith(orderIn('管局审核中')), PASS);
    expect(data.clients[0]!.orders[0]!.order.state).toBe('管局审核中');
    expect(data.clients[0]!.orders[0]!.authCodes[0]!.kind).toBe('备案授权码');
  });

  it('refuses an order in an unknown state', async () => {
    await expect(readTransferArchive(await archiveWith(orderIn('审核中')), PASS)).rejects.toMatchObject({ code: 'ARCHIVE_INVALID' });
  });

  it('refuses a state move to an unknown state', async () => {
    const order = orderIn('草稿');
    order.events.push({ at: AT, actor: '张三', from: '草稿', to: '办理中' as never, reason: '' });
    await expect(readTransferArchive(await archiveWith(order), PASS)).rejects.toMatchObject({ code: 'ARCHIVE_INVALID' });
  });

  it('refuses a 授权码 of an unknown kind', async () => {
    await expect(readTransferArchive(await archiveWith(orderIn('草稿', '授权码')), PASS)).rejects.toMatchObject({ code: 'ARCHIVE_INVALID' });
  });
});

describe('material kinds in a transfer archive', () => {
  const bytes = Buffer.from('方案书');
  const sha = createHash('sha256').update(bytes).digest('hex');
  async function archiveOfKind(kind: string): Promise<string> {
    const material = { sha256: sha, kind, fileName: '方案书.pdf', mime: 'application/pdf', person: null, website: null } as unknown as ArchivedClient['materials'][number];
    const client: ArchivedClient = { record: clientRecordSchema.parse(companyRecord(1)), materials: [material], filed: [], filingPassword: null, orders: [] };
    const file = join(tempDir(), 'kind.bdtransfer');
    writeFileSync(file, await writeTransferArchive([client], PASS, async () => bytes));
    return file;
  }

  it('reads the 网站建设方案书 (site-plan)', async () => {
    const { data } = await readTransferArchive(await archiveOfKind('site-plan'), PASS);
    expect(data.clients[0]!.materials.map((m) => m.kind)).toEqual(['site-plan']);
  });

  it('refuses a kind this desk does not know (a newer build’s), naming it and what to do', async () => {
    await expect(readTransferArchive(await archiveOfKind('future-kind'), PASS)).rejects.toMatchObject({
      code: 'ARCHIVE_INVALID',
      message: '传输文件内容不符合要求：材料类型“future-kind”本程序不认识（传输文件可能来自较新版本的备案助手），请先升级本程序再导入',
    });
  });
});
