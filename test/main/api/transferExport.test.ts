import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { createClients } from '../../../main/services/clients';
import { companyRecord } from '../../fixtures/records';
import { tempDir, testRouter } from '../../helpers';

describe('transfer export', () => {
  it('refuses a confirmation that differs from the transfer passphrase, and writes nothing', async () => {
    const { router, desk } = await testRouter();
    const [c] = await createClients(desk, [clientRecordSchema.parse(companyRecord(5))]);
    const dir = tempDir();
    const r = await router.invoke('transfer.export', { entityIds: [c!.id], passphrase: 'transfer-pass-1', confirm: 'transfer-pass-2', dir });
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '两次输入的传输密码不一致', details: [{ path: ['confirm'] }] } });
    expect(readdirSync(dir)).toEqual([]);
  });
});
