// One record reader: `check FILE` and `entity add --file` accept and refuse the same change records.
// `filing.before` is a record without `filing`; its formatVersion is optional and, when present, equal to
// the outer one. A record added with `filing.before` gets that as its filed state.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { latestFiled } from '../../main/db/repositories/filed';
import { change, individual, type AnyRecord } from '../fixtures/drafts';
import { openTestDesk, TEST_PASSPHRASE, tempDir } from '../helpers';
import { cli as cliOn } from '../support/cliRun';

process.env.BEIAN_DESK_PASSPHRASE = TEST_PASSPHRASE;

async function cli(dataDir: string, ...args: string[]) {
  const { code, out, err } = await cliOn(dataDir, ...args);
  return { code, out: out + err };
}

const mobileChange = () => {
  const r = change(individual(), '变更备案', (x) => (x.people[0].mobile = '13912345678'));
  r.filing.provider = 'tencent';
  return r;
};

const cases: [string, (r: AnyRecord) => void, boolean, string][] = [
  ['before with formatVersion 1', () => undefined, true, ''],
  ['before without formatVersion', (r) => delete r.filing.before.formatVersion, true, ''],
  ['before with formatVersion 2', (r) => (r.filing.before.formatVersion = 2), false, 'formatVersion'],
  ['before carrying a filing of its own', (r) => (r.filing.before.filing = { type: '首次备案', provider: 'tencent' }), false, 'filing'],
];

describe('one record reader for check and entity add', () => {
  it.each(cases)('%s', async (_what, edit, accepted, says) => {
    const dir = tempDir();
    const record = mobileChange();
    edit(record);
    const file = join(dir, 'r.json');
    writeFileSync(file, JSON.stringify(record));
    const checked = await cli(join(dir, 'data'), 'check', file);
    const added = await cli(join(dir, 'data'), 'entity', 'add', '--file', file);
    expect([checked.code === 0, added.code === 0], `${checked.out}\n${added.out}`).toEqual([accepted, accepted]);
    if (!accepted) {
      expect(checked.out).toContain(says);
      expect(added.out).toContain(says);
    }
  });

  it('records filing.before as the filed state of the added client', async () => {
    const dir = tempDir();
    const file = join(dir, 'r.json');
    writeFileSync(file, JSON.stringify(mobileChange()));
    const dataDir = join(dir, 'data');
    expect((await cli(dataDir, 'entity', 'add', '--file', file)).code).toBe(0);
    const desk = await openTestDesk(dataDir);
    const f = (await latestFiled(desk.ctx, 1))!;
    expect(f).toMatchObject({ origin: '登记已备案', entityIcpNumber: '粤ICP备12345678号', providers: ['tencent'] });
    expect(f.record.people[0]!.mobile).toBe('13800138007');
    expect(f.record.websites[0]).toMatchObject({ websiteId: 1, icpNumber: '粤ICP备12345678号-1' });
  });
});
