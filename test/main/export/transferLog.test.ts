// A client's 日志 moves with it: the receiving desk shows the earlier entries (marked as carried, free
// text left behind) and records the import on the client; importing the same archive again repeats nothing.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listAudit } from '../../../main/db/repositories/audit';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { exportTransfer } from '../../../main/services/transferExport';
import { importTransfer } from '../../../main/services/transferImport';
import { createClients, revealClient } from '../../../main/services/clients';
import { openTestDesk, tempDir } from '../../helpers';
import { companyRecord } from '../../fixtures/records';

describe('the 日志 in a transfer', () => {
  it('carries the client’s entries without free text and records the import on the client, once', async () => {
    const a = await openTestDesk(undefined, { actor: '外勤电脑' });
    const [c] = await createClients(a, [clientRecordSchema.parse(companyRecord(1))]);
    await revealClient(a, c!.id, '核对王先生的证件');
    const file = join(tempDir(), 'x.bdtransfer');
    writeFileSync(file, await exportTransfer(a, [c!.id], 'transfer-pass-1'));

    const b = await openTestDesk();
    await importTransfer(b, file, 'transfer-pass-1');
    const log = await listAudit(b.ctx, { entityId: 1, limit: 50 });
    // the carried entries, and this desk's own creation of the client (through the clients service)
    expect(log.map((e) => e.action)).toEqual(['transfer.import', 'entity.reveal', 'entity.create', 'entity.create']);
    expect(log.filter((e) => e.action === 'entity.create').map((e) => [e.actor, e.detail.fromDesk ?? null])).toEqual(expect.arrayContaining([['tester', null], ['外勤电脑', '传输文件']]));
    expect(log[0]).toMatchObject({ actor: 'tester', targetType: 'entity', detail: { by: '新建客户', entries: 2 } });
    expect(log[1]).toMatchObject({ actor: '外勤电脑', detail: { people: 2, fromDesk: '传输文件' } });
    expect(JSON.stringify(log)).not.toContain('王先生');

    await importTransfer(b, file, 'transfer-pass-1');
    const again = await listAudit(b.ctx, { entityId: 1, limit: 50 });
    expect(again.map((e) => e.action)).toEqual(['transfer.import', 'transfer.import', 'entity.reveal', 'entity.create', 'entity.create']);
    expect(again[0]!.detail).toEqual({ by: '合并到已有客户', entries: 0 });
  });
});
