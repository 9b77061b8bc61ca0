import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import sharp from 'sharp';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chinaDateTime } from '../../main/domain/dates';
import { change, enterprise, individual } from '../fixtures/drafts';
import { goodMaterial, groupPhoto } from '../fixtures/materials';
import { companyRecord, personId } from '../fixtures/records';
import { TEST_PASSPHRASE, tempDir } from '../helpers';
import { cli, cliArgs } from '../support/cliRun';
import { folderWithDamagedClientTable } from '../support/damagedStore';

process.env.BEIAN_DESK_PASSPHRASE = TEST_PASSPHRASE;

function writeJson(dir: string, name: string, value: unknown): string {
  const f = join(dir, name);
  writeFileSync(f, JSON.stringify(value));
  return f;
}

describe('CLI', () => {
  it('adds, lists, shows, searches and exports a client with --json', async () => {
    const data = tempDir();
    const file = writeJson(data, 'c.json', companyRecord(1));
    const added = await cli(data, '--json', 'entity', 'add', '--file', file);
    expect(added.code).toBe(0);
    const created = JSON.parse(added.out) as { id: number; personIds: Record<string, number>; websiteIds: number[] };
    expect(created).toMatchObject({ id: 1, personIds: { p1: 1, p2: 2 }, websiteIds: [1], check: { counts: { error: 0 } } });

    const listed = JSON.parse((await cli(data, '--json', 'entity', 'list')).out);
    expect(listed.total).toBe(1);
    expect(listed.items[0].id).toBe(1);

    const found = JSON.parse((await cli(data, '--json', 'search', 'shili000001.com.cn')).out);
    expect(found.items.map((i: { id: number }) => i.id)).toEqual([1]);

    const exported = JSON.parse((await cli(data, 'entity', 'export', '1', '--reveal')).out);
    expect(exported).toEqual(JSON.parse(JSON.stringify(companyRecord(1))));

    const masked = JSON.parse((await cli(data, 'entity', 'export', '1')).out);
    expect(masked.people[0].mobile).toBe('138****0001');
    const shown = await cli(data, 'entity', 'show', '1');
    expect(shown.out).toContain('深圳市示例000001科技有限公司');
    expect(shown.out).not.toContain(personId(1)); // masked in text output
  });

  it('adds a website to an existing client, naming its principal as in the export', async () => {
    const data = tempDir();
    await cli(data, 'entity', 'add', '--file', writeJson(data, 'c.json', companyRecord(1)));
    const site = { name: '示例商城', domains: ['shop-shili.cn', 'shop-shili.com'], homepages: ['www.shop-shili.cn'], serviceContent: '网络购物', languages: ['中文简体'], principal: 'p2' };
    const r = await cli(data, '--json', 'website', 'add', '--entity', '1', '--file', writeJson(data, 'w.json', site));
    expect(r.code).toBe(0);
    const w = JSON.parse(r.out);
    expect(w.id).toBe(2);
    expect(w.domains).toEqual(['shop-shili.cn', 'shop-shili.com']);
    expect(w.principalPersonId).toBe(2);
  });

  it('exits 1 with field paths on refused input, leaving the store unchanged', async () => {
    const data = tempDir();
    const bad = companyRecord(1);
    bad.people[0]!.mobile = '999';
    const r = await cli(data, 'entity', 'add', '--file', writeJson(data, 'bad.json', bad));
    expect(r.code).toBe(1);
    expect(r.err).toContain('record.people.0.mobile: 手机号码应为 11 位数字');
    expect(JSON.parse((await cli(data, '--json', 'entity', 'list')).out).total).toBe(0);
    const notJson = writeJson(data, 'x.json', 1);
    writeFileSync(notJson, '{ not json');
    expect((await cli(data, 'entity', 'add', '--file', notJson)).code).toBe(1);
    expect((await cli(data, 'entity', 'show', '77')).code).toBe(1);
    const json = await cli(data, '--json', 'entity', 'show', '77');
    expect(JSON.parse(json.err)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('exits 2 on usage errors', async () => {
    const data = tempDir();
    expect((await cli(data, 'entity', 'add')).code).toBe(2);
    expect((await cli(data, 'entity', 'show', 'abc')).code).toBe(2);
    expect((await cli(data, 'no-such-command')).code).toBe(2);
    expect((await cli(data, 'entity', 'delete', '1')).code).toBe(2);
  });

  it('refuses a mistyped photo --kind as usage, in photos fix as in photos check, before touching a photo', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.png'), await sharp({ create: { width: 900, height: 600, channels: 3, background: '#c9a' } }).png().toBuffer());
    for (const args of [['photos', 'check', join(dir, 'a.png')], ['photos', 'fix', join(dir, 'a.png'), '--out', join(dir, 'out')]]) {
      const r = await cli(join(dir, 'data'), ...args, '--kind', 'idfront');
      expect(r.code, args[1]).toBe(2);
      expect(r.err, args[1]).toContain('照片类型应为：curtain | id-front | id-back | licence | sheet');
    }
    expect(existsSync(join(dir, 'out'))).toBe(false);
  }, 60_000);

  it('writes an export file through a temp name', async () => {
    const data = tempDir();
    await cli(data, 'entity', 'add', '--file', writeJson(data, 'c.json', companyRecord(3)));
    const out = join(data, 'export.json');
    expect((await cli(data, 'entity', 'export', '1', '--out', out)).code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).entity.name).toBe('深圳市示例000003科技有限公司');
  });

  it('deletes a client only with --yes', async () => {
    const data = tempDir();
    await cli(data, 'entity', 'add', '--file', writeJson(data, 'c.json', companyRecord(3)));
    expect((await cli(data, 'entity', 'delete', '1', '--yes')).code).toBe(0);
    expect(JSON.parse((await cli(data, '--json', 'entity', 'list')).out).total).toBe(0);
  });

  it('backs up, verifies and restores through the CLI, and lists clients due for deletion', async () => {
    const data = tempDir();
    await cli(data, 'entity', 'add', '--file', writeJson(data, 'c.json', companyRecord(4)));
    const file = join(tempDir(), 'x.bdbackup');
    const made = await cli(data, '--json', 'backup', 'create', '--out', file);
    expect(made.code).toBe(0);
    expect(JSON.parse(made.out)).toMatchObject({ file, verified: true });
    expect((await cli(data, 'backup', 'verify', file)).out).toContain('备份完好');
    // the manifest keeps the instant in UTC; the operator reads it in China time
    const { createdAt } = JSON.parse((await cli(data, '--json', 'backup', 'verify', file)).out) as { createdAt: string };
    expect((await cli(data, 'backup', 'verify', file)).out).toContain(`备份完好：创建于 ${chinaDateTime(createdAt, true)}（北京时间），`);
    const target = join(tempDir(), 'restored');
    expect((await cli(target, 'backup', 'restore', file)).code).toBe(0);
    expect(JSON.parse((await cli(target, '--json', 'entity', 'list')).out).total).toBe(1);
    expect((await cli(target, 'backup', 'restore', file)).code).toBe(1); // not empty any more
    expect((await cli(data, 'retention', 'due')).out).toContain('没有到期的客户');
    expect((await cli(data, 'entity', 'delete', '1', '--yes', '--reason', '随便')).code).toBe(2);
  });

  it('validates single values and checks record files, exit 0 when clean and 1 when blocked', async () => {
    const data = tempDir();
    expect((await cli(data, 'validate', 'id', '11010519491231002X')).code).toBe(0);
    const bad = await cli(data, '--json', 'validate', 'uscc', '911101085636549483');
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.out)).toMatchObject({ valid: false, findings: [{ ruleId: 'V-ID-05', severity: 'error' }] });
    expect((await cli(data, 'validate', 'domain', 'x.hk', '--province', '火星')).code).toBe(2);
    expect((await cli(data, 'validate', 'phone', '1')).code).toBe(2);

    const hunan = change(enterprise((r) => (r.entity.province = '湖南省')), '变更主体', (r) => {
      r.people[0].name = '赵新';
      r.entity.investor = '赵新';
    });
    const out = await cli(data, 'check', writeJson(data, 'hunan.json', hunan));
    expect(out.code).toBe(1);
    expect(out.out).toContain('V-CHG-03');
    expect(out.out).toContain('变更备案');
    const clean = await cli(data, '--json', 'check', writeJson(data, 'clean.json', enterprise()));
    expect(clean.code).toBe(0);
    expect(JSON.parse(clean.out).counts.error).toBe(0);
  });

  it('shows a failing photo in the order checklist and accepts it only with a reason', async () => {
    const data = tempDir();
    const { filing: _f, ...record } = individual();
    await cli(data, 'entity', 'add', '--file', writeJson(data, 'c.json', record));
    await cli(data, 'order', 'create', '--entity', '1', '--type', '首次备案', '--provider', 'tencent');
    const slots = JSON.parse((await cli(data, '--json', 'order', 'checklist', '1')).out) as { id: string; kind: string }[];
    for (const s of slots) {
      const file = join(data, `${s.kind}.jpg`);
      writeFileSync(file, s.kind === 'curtain' ? await groupPhoto() : await goodMaterial(s.kind));
      expect((await cli(data, 'material', 'attach', file, '--order', '1', '--slot', s.id)).code).toBe(0);
    }
    const curtain = slots.find((s) => s.kind === 'curtain')!.id;
    expect((await cli(data, 'order', 'checklist', '1')).out).toContain(`✗ 照片不通过  ${curtain}`);
    expect((await cli(data, 'order', 'accept-photo', '1', '--slot', curtain, '--reason', ' ')).code).toBe(1);
    const accepted = await cli(data, 'order', 'accept-photo', '1', '--slot', curtain, '--reason', '人工核对为本人');
    expect(accepted.out).toContain('已接受：王小明的摄影博客：网站负责人王小明的幕布照片（照片检查不通过，已由');
    expect((await cli(data, 'order', 'checklist', '1')).out).toContain(`✓ 已接受  ${curtain}`);
  }, 90_000);
});

describe('CLI search from standard input', () => {
  const withInput = (dataDir: string, input: string, ...args: string[]) => cliArgs(['--data', dataDir, ...args], input);

  it('takes a full 证件号码 on standard input (`search -`), so it never appears in the process list', async () => {
    const data = tempDir();
    await cli(data, 'entity', 'add', '--file', writeJson(data, 'c.json', companyRecord(1)));
    await cli(data, 'entity', 'add', '--file', writeJson(data, 'd.json', companyRecord(2)));
    const r = await withInput(data, `${personId(1)}\n`, '--json', 'search', '-');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).items.map((i: { id: number }) => i.id)).toEqual([1]);
    expect(r.err).toBe('');
    expect((await withInput(data, '\n', 'search', '-')).code).toBe(2);
  });

  it('says so in the help, and hints at it when a full number is typed on the command line, without echoing it', async () => {
    const data = tempDir();
    const help = await cli(data, 'search', '--help');
    expect(help.out.replace(/\s+/g, '')).toContain('text为-时从标准输入读取');
    const typed = await cli(data, 'search', personId(1));
    expect(typed.code).toBe(0);
    expect(typed.err).toContain('search -');
    expect(typed.err).not.toContain(personId(1));
  });
});

describe('CLI on a store the disk or another program refuses', () => {
  it('a damaged page met while unlocking (outside any API method): a damaged database to restore from a backup, not 内部错误', async () => {
    const dir = await folderWithDamagedClientTable();
    const r = await cli(dir, 'entity', 'list');
    expect(r.code).toBe(1);
    expect(r.err).toContain(`数据目录“${dir}”中的数据库已损坏（SQLITE_CORRUPT），无法继续使用，请从备份恢复`);
    expect(r.err).not.toMatch(/内部错误/);
  });
});
