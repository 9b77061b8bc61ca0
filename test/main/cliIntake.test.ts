import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clientRecordSchema } from '../../main/domain/schemas';
import { rowsOfRecord } from '../../main/export/xlsxRecord';
import { layoutWorkbook } from '../../main/export/xlsxWorkbook';
import { companyRecord } from '../fixtures/records';
import { TEST_PASSPHRASE, tempDir } from '../helpers';
import { cli } from '../support/cliRun';

process.env.BEIAN_DESK_PASSPHRASE = TEST_PASSPHRASE;

describe('CLI: import xlsx / export xlsx', () => {
  it('checks a workbook with --dry-run without writing, imports it, and exports clients and orders', async () => {
    const data = tempDir();
    const file = join(data, 'clients.xlsx');
    const broken = clientRecordSchema.parse(companyRecord(2));
    broken.people[0]!.certNumber = `${broken.people[0]!.certNumber.slice(0, 17)}${broken.people[0]!.certNumber.endsWith('1') ? '2' : '1'}`;
    writeFileSync(file, await layoutWorkbook([rowsOfRecord(clientRecordSchema.parse(companyRecord(1))), rowsOfRecord(broken)], { example: true }));

    const dry = await cli(data, 'import', 'xlsx', file, '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('共 2 行');
    expect(dry.out).toMatch(/主体与负责人!P4（负责人证件号码） \[V-ID-02 阻断\]/);
    expect(JSON.parse((await cli(data, '--json', 'entity', 'list')).out).total).toBe(0);

    const result = join(data, 'result.xlsx');
    const done = await cli(data, 'import', 'xlsx', file, '--result', result);
    expect(done.code).toBe(0);
    expect(done.out).toContain('新建 1，更新 0，跳过 1');
    expect(existsSync(result)).toBe(true);
    expect(JSON.parse((await cli(data, '--json', 'entity', 'list')).out).total).toBe(1);

    const out = join(data, 'list.xlsx');
    expect((await cli(data, 'export', 'xlsx', '--clients', '--out', out)).out).toContain('已导出 1 个客户');
    expect(existsSync(out)).toBe(true);
    expect((await cli(data, 'export', 'xlsx', '--orders', '--out', join(data, 'orders.xlsx'))).code).toBe(0);
    expect((await cli(data, 'export', 'xlsx', '--out', out)).code).toBe(2);
  });

  it('refuses a file that is not a workbook with the reason', async () => {
    const data = tempDir();
    const file = join(data, 'x.xlsx');
    writeFileSync(file, 'not a workbook');
    const r = await cli(data, 'import', 'xlsx', file);
    expect(r.code).toBe(1);
    expect(r.err).toContain('不是 Excel 工作簿（.xlsx）');
  });
});
