// The CLI of the work after submission (issue 15): `order reject` with structured reasons.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../main/cli';
import { individual } from './../fixtures/drafts';
import { TEST_PASSPHRASE, tempDir } from '../helpers';

async function cli(dataDir: string, ...args: string[]) {
  let out = '';
  let err = '';
  process.env.BEIAN_DESK_PASSPHRASE = TEST_PASSPHRASE;
  const code = await runCli(['--data', dataDir, ...args], { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('order reject', () => {
  it('records a 初审驳回 with FIELD:KIND:TEXT reasons and refuses resubmission until the field changed', async () => {
    const data = tempDir();
    const { filing: _f, ...record } = individual();
    const file = join(data, 'c.json');
    writeFileSync(file, JSON.stringify(record));
    const added = JSON.parse((await cli(data, '--json', 'entity', 'add', '--file', file)).out) as { id: number; websiteIds: number[] };
    const w = added.websiteIds[0]!;
    await cli(data, 'order', 'create', '--entity', String(added.id), '--type', '注销网站', '--provider', 'tencent');
    for (const to of ['待提交', '初审中']) expect((await cli(data, 'order', 'advance', '1', '--to', to)).code).toBe(0);

    const usage = await cli(data, 'order', 'reject', '1', '--text', '驳回', '--reason', `website.${w}.name:no-such-kind:x`);
    expect(usage.code).toBe(2);
    expect(usage.err).toContain('应为 字段:原因:说明');
    const wrongField = await cli(data, 'order', 'reject', '1', '--text', '驳回', '--reason', 'website.999.name:name-content-mismatch:x');
    expect(wrongField.code).toBe(1);
    expect(wrongField.err).toContain('该客户或订单没有“website.999.name”');

    const r = await cli(data, 'order', 'reject', '1', '--text', '网站名称与内容不符，地址不详', '--reason', `website.${w}.name:name-content-mismatch:名称与内容不符`, 'entity.mailingAddress:address-not-detailed:请写到门牌号');
    expect(r.code).toBe(0);
    expect(r.out).toContain('订单 #1 初审驳回（第 1 轮）');
    expect(r.out).toMatch(/✗ 网站“.*”的网站名称——网站名称与网站内容不符：名称与内容不符/);
    expect(r.out).toContain('✗ 主体的通信地址——通信地址不够详细：请写到门牌号');
    const again = await cli(data, 'order', 'advance', '1', '--to', '待提交');
    expect(again.code).toBe(1);
    expect(again.err).toContain('2 个驳回原因对应的内容还没有修改');
  }, 60_000);
});
