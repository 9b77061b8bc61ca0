// The CLI gives the same verdicts as the forms: a full-width ID is imported normalised, an expired ID
// blocks `check`, and `validate icp` names a 经营许可证 as such.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { enterprise } from '../fixtures/drafts';
import { companyRecord } from '../fixtures/records';
import { TEST_PASSPHRASE, tempDir } from '../helpers';
import { cli as cliOn } from '../support/cliRun';

process.env.BEIAN_DESK_PASSPHRASE = TEST_PASSPHRASE;

async function cli(dataDir: string, ...args: string[]) {
  const { code, all } = await cliOn(dataDir, ...args);
  return { code, out: all };
}

const fullWidth = (s: string) => [...s].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('');

describe('CLI and the filing rules', () => {
  it('imports a full-width ID as ASCII', async () => {
    const data = tempDir();
    const rec = companyRecord(3);
    const id = rec.people[0]!.certNumber;
    rec.people[0]!.certNumber = fullWidth(id);
    const file = join(data, 'c.json');
    writeFileSync(file, JSON.stringify(rec));
    expect((await cli(data, '--json', 'entity', 'add', '--file', file)).code).toBe(0);
    const exported = JSON.parse((await cli(data, 'entity', 'export', '1', '--reveal')).out) as { people: { certNumber: string }[] };
    expect(exported.people[0]!.certNumber).toBe(id);
  });

  it('refuses an expired ID in check, naming the rule and the date', async () => {
    const data = tempDir();
    const file = join(data, 'r.json');
    writeFileSync(file, JSON.stringify(enterprise((r) => (r.people[0].certValidTo = '2020-01-01'))));
    const r = await cli(data, 'check', file);
    expect(r.code).toBe(1);
    expect(r.out).toContain('[阻断] V-ID-08');
    expect(r.out).toContain('有效期至 2020-01-01');
  });

  it('names a 经营许可证 in validate icp', async () => {
    const r = await cli(tempDir(), 'validate', 'icp', '粤B2-20090059', '--province', '广东');
    expect(r.code).toBe(1);
    expect(r.out).toContain('是增值电信业务经营许可证编号，不是备案号');
  });
});
