import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import sharp from 'sharp';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chinaDateTime } from '../../main/domain/dates';
import { change, enterprise, individual } from '../fixtures/drafts';
import { goodMaterial, groupPhoto } from '../fixtures/materials';
import { companyRecord, personId } from '../fixtures/records';
import { openTestDesk, TEST_PASSPHRASE, tempDir } from '../helpers';
import { auditTrail } from '../../main/services/clients';
import { fillSmallDisk, mountSmallDisk, smallDisksAvailable, unmountSmallDisk } from '../support/smallDisk';
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

describe('CLI output files', () => {
  async function deskWithClient(): Promise<string> {
    const data = tempDir();
    expect((await cli(data, 'entity', 'add', '--file', writeJson(data, 'c.json', companyRecord(1)))).code).toBe(0);
    return data;
  }
  const sealPng = async (dir: string) => {
    const seal = join(dir, 'seal.png');
    await sharp({ create: { width: 300, height: 300, channels: 4, background: { r: 220, g: 0, b: 0, alpha: 1 } } }).png().toFile(seal);
    return seal;
  };
  /** A refusal the operator can act on: Chinese, no English errno text, no temp file's name, not the catch-all. */
  const expectChineseRefusal = (r: { code: number; err: string }) => {
    expect(r.code).toBe(1);
    expect(r.err).not.toContain('INTERNAL');
    expect(r.err).not.toMatch(/E[A-Z]{3,}:|illegal operation|no such file|\.part/);
    expect(r.err).toMatch(/[\u4e00-\u9fff]/);
  };

  it('never replaces an existing file unless --force says so', async () => {
    const data = await deskWithClient();
    const other = join(data, 'client-2.json');
    writeFileSync(other, '{"keep":"me"}');
    for (const args of [['sheet', '1', '--out', other], ['entity', 'export', '1', '--out', other]]) {
      const r = await cli(data, ...args);
      expect(r.code, args[0]).toBe(1);
      expect(r.err).toContain(`文件已存在：${other}；请换一个文件名，或加 --force 覆盖它`);
      expect(readFileSync(other, 'utf8')).toBe('{"keep":"me"}');
    }
    expect(readdirSync(data).filter((f) => f.endsWith('.part'))).toEqual([]);
    // asked before the work: an Excel import is not committed only to have its result file refused
    const workbook = join(data, 'clients.xlsx');
    expect((await cli(data, 'export', 'xlsx', '--orders', '--out', workbook)).code).toBe(0);
    const imported = await cli(data, 'import', 'xlsx', workbook, '--result', other);
    expect(imported.code).toBe(1);
    expect(imported.err).toContain(`文件已存在：${other}`);
    expect((await cli(data, 'export', 'xlsx', '--orders', '--out', workbook)).err).toContain(`文件已存在：${workbook}`);
    expect((await cli(data, 'entity', 'export', '1', '--out', other, '--force')).code).toBe(0);
    expect(JSON.parse(readFileSync(other, 'utf8')).entity.name).toBe(companyRecord(1).entity.name);
  }, 60_000);

  it('sheet and sheets say what a sheet leaves blank, as the desk’s 核验单 page does', async () => {
    const data = await deskWithClient();
    // the client has no filing order yet: nobody knows its 接入服务提供者
    const warning = `网站“${companyRecord(1).websites![0]!.name}”的核验单：不知道该网站的接入商（还没有包含它的备案订单）：核验单上的“接入服务提供者”和“服务器放置地点”留空，请先新建备案订单并选择接入商`;
    const one = await cli(data, 'sheet', '1', '--out', join(data, 'one.pdf'));
    expect([one.code, one.out.split('\n').filter((l) => l.includes('核验单：'))]).toEqual([0, [warning]]);
    expect(JSON.parse((await cli(data, '--json', 'sheet', '1', '--out', join(data, 'two.pdf'))).out).warnings).toEqual([warning]);
    const batch = await cli(data, 'sheets', '--entity', '1', '--out', join(data, 'batch'));
    expect([batch.code, batch.out.split('\n').filter((l) => l.includes('核验单：'))]).toEqual([0, [warning]]);
  }, 60_000);

  it('stamp and seal extract never write over their own input, not even with --force (“原文件不变”)', async () => {
    const data = await deskWithClient();
    const pdf = join(data, 'sheet.pdf');
    expect((await cli(data, 'sheet', '1', '--out', pdf)).code).toBe(0);
    const before = readFileSync(pdf);
    const seal = await sealPng(data);
    const sealBefore = readFileSync(seal);
    for (const args of [['stamp', pdf, '--out', pdf, '--seal', seal], ['stamp', pdf, '--out', pdf, '--seal', seal, '--force'], ['seal', 'extract', seal, '--out', seal, '--force']]) {
      const r = await cli(data, ...args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.err).toContain('输出文件就是输入文件');
    }
    expect(readFileSync(pdf).equals(before)).toBe(true);
    expect(readFileSync(seal).equals(sealBefore)).toBe(true);
    expect((await cli(data, 'stamp', pdf, '--out', join(data, 'stamped.pdf'), '--seal', seal)).code).toBe(0);
  }, 60_000);

  it('an output path that is a folder or in a missing folder is told in Chinese, not as 内部错误 or errno text', async () => {
    const data = await deskWithClient();
    for (const args of [['entity', 'export', '1', '--out', data], ['entity', 'export', '1', '--out', join(data, 'nope', 'c.json')], ['sheet', '1', '--out', data]]) {
      const r = await cli(data, ...args);
      expectChineseRefusal(r);
    }
    expect((await cli(data, 'entity', 'export', '1', '--out', data)).err).toContain(`输出路径是文件夹，不是文件：${data}`);
    expect((await cli(data, 'entity', 'export', '1', '--out', join(data, 'nope', 'c.json'))).err).toContain(`输出文件夹不存在：${join(data, 'nope')}`);
  }, 60_000);

  it('stamp --dx/--dy take a plain number of millimetres within the bound, else a usage error', async () => {
    const data = await deskWithClient();
    const pdf = join(data, 'sheet.pdf');
    expect((await cli(data, 'sheet', '1', '--out', pdf)).code).toBe(0);
    const seal = await sealPng(data);
    for (const [flag, value] of [['--dx', '5mm'], ['--dy', 'abc'], ['--dx', '51'], ['--dy', 'Infinity']]) {
      const r = await cli(data, 'stamp', pdf, '--out', join(data, 'o.pdf'), '--seal', seal, flag!, value!);
      expect(r.code, `${flag} ${value}`).toBe(2);
      expect(r.err).toContain(`${flag} 应为 −50 到 50 之间的毫米数`);
    }
    expect(existsSync(join(data, 'o.pdf'))).toBe(false);
    expect((await cli(data, 'stamp', pdf, '--out', join(data, 'o.pdf'), '--seal', seal, '--dx', '-2.5', '--dy', '5')).code).toBe(0);
  }, 60_000);

  it('transfer export counts and packs a client named twice once', async () => {
    const data = await deskWithClient();
    process.env.BEIAN_DESK_TRANSFER_PASSPHRASE = 'transfer-pass-1';
    try {
      const out = join(data, 't.bdtransfer');
      const r = await cli(data, 'transfer', 'export', '--entity', '1', '1', '--out', out);
      expect(r.code).toBe(0);
      expect(r.out).toContain('已导出 1 个客户');
      const imported = await cli(tempDir(), '--json', 'transfer', 'import', out);
      expect(JSON.parse(imported.out)).toMatchObject({ created: 1, merged: 0 });
    } finally {
      delete process.env.BEIAN_DESK_TRANSFER_PASSPHRASE;
    }
  }, 60_000);

  it.runIf(smallDisksAvailable())('transfer export onto a full disk: refused, no file, and no client logged as exported', async () => {
    const data = await deskWithClient();
    process.env.BEIAN_DESK_TRANSFER_PASSPHRASE = 'transfer-pass-1';
    const disk = mountSmallDisk(1);
    try {
      fillSmallDisk(disk, 1);
      const out = join(disk, 't.bdtransfer');
      const r = await cli(data, 'transfer', 'export', '--entity', '1', '--out', out);
      expect(r.code).not.toBe(0);
      expect(r.err).toContain('磁盘');
      expect(existsSync(out)).toBe(false);
    } finally {
      unmountSmallDisk(disk);
      delete process.env.BEIAN_DESK_TRANSFER_PASSPHRASE;
    }
    const desk = await openTestDesk(data);
    expect((await auditTrail(desk, { entityId: 1, limit: 50 })).filter((a) => a.action === 'transfer.export')).toEqual([]);
  }, 60_000);
});

describe('CLI bad arguments', () => {
  it('tells commander\'s usage errors in Chinese, naming the command\'s --help, exit 2 (with --json too)', async () => {
    const cases: [string[], string][] = [
      [['bogus'], '没有这个命令：bogus；用法见 beian-desk --help'],
      [['entit'], '没有这个命令：entit（是否想输入 entity？）'],
      [['entity', 'show'], '缺少参数 <id>；用法见 beian-desk entity show --help'],
      [['entity', 'list', '--bogus'], '没有这个选项：--bogus；用法见 beian-desk entity list --help'],
      [['entity', 'show', '1', '2'], '参数过多：应为 1 个，收到 2 个'],
      [['entity', 'add'], '缺少必需的选项 --file <file>；用法见 beian-desk entity add --help'],
      [['entity', 'list', '--limit'], '选项 --limit <n> 后面缺少取值'],
    ];
    for (const [args, said] of cases) {
      for (const argv of [args, ['--json', ...args]]) {
        const r = await cliArgs(argv);
        expect(r.code, argv.join(' ')).toBe(2);
        expect(r.err, argv.join(' ')).toContain(said);
        expect(r.err).not.toMatch(/error:|unknown|missing|too many|not specified|argument/i);
      }
    }
  });

  it('a count that is not a number is a usage error saying so (not “应为数字，收到的是数字”)', async () => {
    const data = tempDir();
    for (const [args, said] of [[['entity', 'list', '--limit', 'abc'], '条数应为正整数：abc'], [['search', 'x', '--limit', '0'], '条数应为正整数：0'], [['entity', 'list', '--offset', '1.5'], '跳过条数应为非负整数：1.5']] as const) {
      const r = await cli(data, ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toContain(said);
    }
  });

  it('an id is digits only: 0x1, 1e0 or " 1 " is a usage error, not client #1 (entity delete is irreversible)', async () => {
    const data = tempDir();
    expect((await cli(data, 'entity', 'add', '--file', writeJson(data, 'c.json', companyRecord(1)))).code).toBe(0);
    for (const id of ['0x1', '1e0', ' 1 ', '01', '99999999999999999']) {
      const r = await cli(data, 'entity', 'delete', id, '--yes');
      expect(r.code, id).toBe(2);
      expect(r.err).toContain(`客户编号应为正整数：${id}`);
    }
    expect(JSON.parse((await cli(data, '--json', 'entity', 'list')).out).total).toBe(1);
  });

  it('a missing file is 找不到, a name that is not UTF-8 says to rename it, a GBK record says it is not UTF-8', async () => {
    const dir = tempDir();
    const missing = join(dir, 'missing.json');
    expect((await cliArgs(['check', missing])).err).toContain(`找不到文件：${missing}`);
    // a GBK name (张三.jpg unpacked from a Windows zip): node hands the program U+FFFD for its bytes
    mkdirSync(join(dir, 'gbk'));
    writeFileSync(Buffer.from(`${join(dir, 'gbk')}/\xd5\xc5\xc8\xfd.json`, 'latin1'), '{}');
    const garbled = join(dir, 'gbk', '\uFFFD\uFFFD\uFFFD\uFFFD.json');
    const r = await cliArgs(['check', garbled]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('文件名不是 UTF-8 编码（如 Windows 压缩包解出的 GBK 文件名），请重命名后再试');
    // a record saved as GBK: one refusal for the file, not a garbled message for each field
    const record = JSON.stringify(companyRecord(1)).replace(companyRecord(1).people[0]!.name, '\u0000');
    const [before, after] = record.split('\u0000');
    const gbkFile = join(dir, 'gbk.json');
    writeFileSync(gbkFile, Buffer.concat([Buffer.from(before!), Buffer.from([0xd5, 0xc5, 0xc8, 0xfd]), Buffer.from(after!)]));
    for (const args of [['check', gbkFile], ['--data', join(dir, 'data'), 'entity', 'add', '--file', gbkFile]]) {
      const g = await cliArgs(args);
      expect(g.code, args[0]).toBe(1);
      expect(g.err).toContain(`文件不是 UTF-8 编码：${gbkFile}`);
    }
  });

  it('a certificate start that is no calendar day (2015-02-30) or 长期 is flagged by check and refused by entity add', async () => {
    const data = tempDir();
    for (const from of ['2015-02-30', '长期']) {
      const rec = JSON.parse(JSON.stringify(companyRecord(7)));
      rec.people[0].certValidFrom = from;
      const f = writeJson(data, 'r.json', rec);
      const checked = await cli(data, '--json', 'check', f);
      expect(checked.code, from).toBe(1);
      expect((JSON.parse(checked.out) as { findings: { path: unknown[]; ruleId: string }[] }).findings).toContainEqual(expect.objectContaining({ ruleId: 'V-ID-08', path: ['people', 0, 'certValidFrom'] }));
      const added = await cli(data, 'entity', 'add', '--file', f);
      expect(added.code, from).toBe(1);
      expect(added.err).toContain('record.people.0.certValidFrom: 证件有效期起');
    }
    expect(JSON.parse((await cli(data, '--json', 'entity', 'list')).out).total).toBe(0);
  });
});
