// The CLI: the same API router as the UI, for scripts and batch work.
// Exit codes: 0 done, 1 refused (bad input, not found, conflict), 2 usage.
// Only what every command needs is imported here: `--help` and the commands that never open the store
// load no database, PDF, image or OCR code. Each command imports its own modules when it runs.
import { Command, CommanderError } from 'commander';
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { removeTempFilesInFlight, writeFileAtomic, writeNewFileAtomic } from './files/atomicWrite';
import { fileSystemError } from './files/outputFolder';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DeskError } from './domain/errors';
import { storeError } from './db/storeError';
import { type ErrorBody, errorBody } from './api/errors';
import type { Method, MethodInput } from './api/contract';
import type { Router } from './api/router';
import type { Desk } from './desk';
import { DELETION_REASONS, FILING_TYPES, isPhotoKind, PHOTO_KINDS, type DeletionReason, type FilingType, type PhotoKind } from './domain/enums';
import { AUTH_CODE_KINDS, ORDER_STATES, REVIEW_REJECTION, type OrderState } from './domain/enums';
import { DOCUMENT_KINDS, type DocumentKind } from './domain/documentKinds';
import type { EntitySummary, EntityView } from './domain/views';
import { resolveDataDir } from './paths';
import { SEVERITY_LABELS, type Finding } from './rules/types';
import { VALIDATE_KINDS, type ValidateKind } from './rules/validateKinds';
import type { Ask } from './secrets/unlockForCli';
import { ACCOUNT_ROLES, ROLE_LABELS, type AccountRole } from './domain/accountRoles';
import { MAX_STAMP_OFFSET_MM } from './domain/stampOffset';
// The kinds' ids for the help text only, read from the catalog file itself: filings/rejectionReasons.ts
// validates the catalog (zod) when a command uses it.
import rejectionCatalog from '../resources/data/rejectionReasons.json';

const REJECTION_KIND_IDS = rejectionCatalog.kinds.map((k) => k.id);

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Asks for a secret on the terminal; absent when there is none (scripts then use BEIAN_DESK_PASSPHRASE). */
  ask?: Ask;
  /** Standard input, whole: `search -` reads what to search for from it. */
  stdin?: () => Promise<string>;
}

/** The input was read fine and found not valid: exit 1 with the findings already printed. */
class Invalid extends Error {}

class Refused extends Error {
  constructor(readonly body: ErrorBody) {
    super(body.message);
  }
}

async function readProcessStdin(): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of process.stdin) parts.push(c as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

const processIo: CliIo = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  stdin: readProcessStdin,
  // the prompt package is loaded when a passphrase is actually asked for
  ...(process.stdin.isTTY ? { ask: async (q: string) => (await import('./secrets/prompt')).promptHidden(q) } : {}),
};

/**
 * Reads a file the operator named, never through a symbolic link: a link named like a photo can point
 * at any file this account may read (/etc/shadow, another client's folder). The link is refused by
 * name (lstat), and the open itself does not follow one (O_NOFOLLOW), so a link swapped in between is
 * refused too.
 */
function readOperatorFile(file: string, what: string, maxBytes = Infinity): Buffer {
  let fd: number;
  try {
    const st = lstatSync(file);
    if (st.isSymbolicLink()) throw new Refused({ code: 'FILE_INVALID', message: `${what}是符号链接，为防止读到链接指向的其他文件而拒绝：${file}；请直接指定原文件` });
    if (!st.isFile()) throw new Refused({ code: 'FILE_INVALID', message: `${what}不是普通文件：${file}` });
    fd = openSync(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch (err) {
    if (err instanceof Refused) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw new Refused({ code: 'FILE_INVALID', message: `${what}是符号链接，为防止读到链接指向的其他文件而拒绝：${file}；请直接指定原文件` });
    if (code === 'ENOENT') throw new Refused({ code: 'FILE_INVALID', message: notFoundMessage(file, what) });
    throw new Refused({ code: 'FILE_INVALID', message: `无法读取${what}：${file}` });
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new Refused({ code: 'FILE_INVALID', message: `${what}不是普通文件：${file}` });
    // refused before it is read into memory
    if (st.size > maxBytes) throw new Refused({ code: 'FILE_TOO_LARGE', message: `${what}过大（${(st.size / 1048576).toFixed(1)} MB），不能超过 ${(maxBytes / 1048576).toFixed(0)} MB：${file}` });
    return readFileSync(fd);
  } catch (err) {
    if (err instanceof Refused) throw err;
    throw new Refused({ code: 'FILE_INVALID', message: `无法读取${what}：${file}` });
  } finally {
    closeSync(fd);
  }
}

/**
 * Why a file the operator named is not there. A name that is not UTF-8 (a GBK name unpacked from a Windows
 * zip) reaches node with U+FFFD in place of its bytes and can never be opened by that string: renaming is the
 * only way, and saying 找不到 would send the operator looking for a file that is right there.
 */
function notFoundMessage(file: string, what: string): string {
  if (file.includes('\uFFFD')) return `文件名不是 UTF-8 编码（如 Windows 压缩包解出的 GBK 文件名），请重命名后再试：${file}`;
  return `找不到${what}：${file}`;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = utf8.decode(readOperatorFile(file, '文件'));
  } catch (err) {
    if (err instanceof Refused) throw err;
    // read as UTF-8, a GBK record (saved by Excel or Notepad in a Chinese Windows) gives garbled names that the field checks then refuse one by one
    throw new Refused({ code: 'FILE_INVALID', message: `文件不是 UTF-8 编码：${file}；请用 UTF-8 编码另存后再试（如记事本“另存为”时选择 UTF-8）` });
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    // JSON.parse explains in English: the operator gets the file and what to look for instead.
    throw new Refused({ code: 'FILE_INVALID', message: `文件不是有效的 JSON：${file}；请检查括号、引号和逗号是否完整` });
  }
}

/** Whether two names are one file: the same name, or a link (symbolic or hard) to it. */
function sameFile(a: string, b: string): boolean {
  if (resolve(a) === resolve(b)) return true;
  const sa = statSync(a, { throwIfNoEntry: false });
  const sb = statSync(b, { throwIfNoEntry: false });
  return Boolean(sa && sb && sa.dev === sb.dev && sa.ino === sb.ino);
}

/** An output that would replace the command's own input (`stamp sheet.pdf --out sheet.pdf`): refused even with --force, the input being what the command reads. */
function refuseOutIsInput(input: string, out: string): void {
  if (sameFile(input, out)) throw new Refused({ code: 'CONFLICT', message: `输出文件就是输入文件：${out}；原文件保持不变，请用 --out 指定另一个文件名` });
}

/**
 * Writes a command's output file (temp name, then into place). An existing file is never replaced unless
 * --force says so: an output name typed by mistake (another client's export, the scan just stamped) is lost
 * for good otherwise. What the system refuses is told in Chinese, naming the folder, not the temp file.
 */
function writeOut(file: string, data: Uint8Array, o: { force?: boolean; input?: string }): void {
  const folder = checkOut(file, o);
  let written = true;
  try {
    if (o.force) writeFileAtomic(file, data);
    else written = writeNewFileAtomic([file], data) !== null;
  } catch (err) {
    const known = fileSystemError(err, folder);
    throw new Refused(known ? errorBody(known) : { code: 'FILE_INVALID', message: `无法写入 ${file}：请检查文件夹是否可写、磁盘是否已满后重试` });
  }
  if (!written) throw existing(file);
}

const existing = (file: string) => new Refused({ code: 'CONFLICT', message: `文件已存在：${file}；请换一个文件名，或加 --force 覆盖它` });

/**
 * What writeOut refuses, asked before the command does its work (an Excel import committed and then its
 * result file refused, a 核验单 rendered for nothing); writeOut asks again, and its exclusive create stays the
 * last word on a file made meanwhile. Returns the output's folder.
 */
function checkOut(file: string, o: { force?: boolean; input?: string }): string {
  if (o.input) refuseOutIsInput(o.input, file);
  const st = statSync(file, { throwIfNoEntry: false });
  // told up front: the rename would say EISDIR, naming the temp file
  if (st?.isDirectory()) throw new Refused({ code: 'FILE_INVALID', message: `输出路径是文件夹，不是文件：${file}；请在文件夹后加上文件名` });
  if (st && !o.force) throw existing(file);
  const folder = dirname(resolve(file));
  const parent = statSync(folder, { throwIfNoEntry: false });
  if (!parent) throw new Refused({ code: 'FILE_INVALID', message: `输出文件夹不存在：${folder}；请先创建它，或换一个位置` });
  if (!parent.isDirectory()) throw new Refused({ code: 'FILE_INVALID', message: `输出路径中的“${folder}”是文件，不是文件夹：${file}` });
  return folder;
}

/** Digits only: Number() also reads 0x4, 1e0 and ' 4 ' as numbers, and `entity delete 0x4 --yes` deleted client #4. */
function positiveId(raw: string, label: string): number {
  const n = /^[1-9]\d{0,15}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n)) throw new CommanderError(2, 'beian.usage', `${label}编号应为正整数：${raw}`);
  return n;
}

/** A count option's parser (--limit, --offset): whole digits, else a usage error naming the option. */
const countOption = (label: string, zeroAllowed: boolean) => (raw: string): number => {
  const n = /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
  if (Number.isNaN(n) || (!zeroAllowed && n === 0)) throw new CommanderError(2, 'beian.usage', `${label}应为${zeroAllowed ? '非负' : '正'}整数：${raw}`);
  return n;
};

/** `stamp --dx/--dy`: millimetres, a plain number within the bound the API also takes (5mm or abc were placed as 0). */
function offsetOption(raw: string, flag: string): number {
  const n = /^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!(Math.abs(n) <= MAX_STAMP_OFFSET_MM)) throw new CommanderError(2, 'beian.usage', `${flag} 应为 −${MAX_STAMP_OFFSET_MM} 到 ${MAX_STAMP_OFFSET_MM} 之间的毫米数（不带单位），如 ${flag} 5 或 ${flag} -2.5：收到 ${raw}`);
  return n;
}

/** `--kind` of the photo commands: a photo kind, or nothing (then each file's name decides). */
function photoKindOption(raw: string | undefined): PhotoKind | undefined {
  if (raw === undefined) return undefined;
  if (!isPhotoKind(raw)) throw new CommanderError(2, 'beian.usage', `照片类型应为：${PHOTO_KINDS.join(' | ')}（收到 ${raw}）`);
  return raw;
}

/** The command a command line names (`beian-desk entity show`), for the hint to its --help. */
function commandPath(program: Command, argv: string[]): string {
  const names = [program.name()];
  let at = program;
  for (const word of argv) {
    const sub = at.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (!sub) continue;
    names.push(sub.name());
    at = sub;
  }
  return names.join(' ');
}

/** Commander's usage errors in Chinese, from their code; the names it quotes (an option, an argument) are taken from its message. */
function usageMessage(err: CommanderError, command: string): string {
  const quoted = /'([^']*)'/.exec(err.message)?.[1] ?? '';
  const suggested = /\(Did you mean (.+)\?\)/.exec(err.message)?.[1];
  const didYouMean = suggested ? `（是否想输入 ${suggested}？）` : '';
  const help = `；用法见 ${command} --help`;
  switch (err.code) {
    case 'commander.unknownCommand':
      return `没有这个命令：${quoted}${didYouMean}${help}`;
    case 'commander.unknownOption':
      return `没有这个选项：${quoted}${didYouMean}${help}`;
    case 'commander.missingArgument':
      return `缺少参数 <${quoted}>${help}`;
    case 'commander.missingMandatoryOptionValue':
      return `缺少必需的选项 ${quoted}${help}`;
    case 'commander.optionMissingArgument':
      return `选项 ${quoted} 后面缺少取值${help}`;
    case 'commander.excessArguments': {
      const [, expected, got] = /Expected (\d+) argument.* got (\d+)/.exec(err.message) ?? [];
      return `参数过多${expected ? `：应为 ${expected} 个，收到 ${got} 个` : ''}（含空格的参数请加引号）${help}`;
    }
    case 'commander.conflictingOption':
      return `选项不能同时使用${help}`;
    default:
      return `命令行有误${help}`;
  }
}

function formatError(e: ErrorBody): string {
  const lines = [`错误（${e.code}）：${e.message}`];
  for (const d of e.details ?? []) lines.push(`  - ${d.path.join('.')}: ${d.message}`);
  return `${lines.join('\n')}\n`;
}

function summaryLine(s: EntitySummary): string {
  const damaged = s.damaged?.length ? `  ⚠ ${s.damaged.map((d) => d.label).join('、')}已损坏（请从备份恢复）` : '';
  return `${String(s.id).padStart(6)}  ${s.name}  ${s.nature}  ${s.province}${s.city}  ${s.certNumberMasked}  ${s.domains.join(', ')}${s.icpNumber ? `  ${s.icpNumber}` : ''}${damaged}`;
}

function entityText(e: EntityView, maskNumber: (v: string) => string): string {
  const principal = (id: number | null) => e.people.find((p) => p.id === id)?.name ?? '（未指定）';
  const lines = [
    `客户 #${e.id}  ${e.name}`,
    `  主办者性质：${e.nature}    地域：${e.province} ${e.city} ${e.district}`,
    `  证件：${e.certType} ${maskNumber(e.certNumber)}`,
    `  主体负责人：${principal(e.principalPersonId)}    主体备案号：${e.icpNumber ?? '—'}`,
    `  负责人（${e.people.length}）：`,
    ...e.people.map((p) => `    #${p.id} ${p.name}  ${p.certType} ${maskNumber(p.certNumber)}  手机 ${maskNumber(p.mobile)}`),
    `  网站（${e.websites.length}）：`,
    ...e.websites.map((w) => `    #${w.id} ${w.name}  ${w.domains.join(', ')}  负责人 ${principal(w.principalPersonId)}${w.icpNumber ? `  ${w.icpNumber}` : ''}`),
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * What a command failed on that no layer said in Chinese: the store's own refusal (a full disk, a damaged file,
 * another writer) or the system's about a folder, naming it; else 内部错误 (a lower layer's message may
 * quote personal values).
 */
function notDeskError(err: unknown, dataDir: string): ErrorBody {
  const known = storeError(err, dataDir) ?? fileSystemError(err);
  return known ? errorBody(known) : { code: 'INTERNAL', message: '内部错误，操作未完成' };
}

export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  let desk: Desk | undefined;
  let router: Router | undefined;
  const program = new Command();
  const json = () => Boolean(program.opts().json);
  const open = async (): Promise<Router> => {
    if (!router) {
      const dataDir = resolveDataDir(program.opts().data as string | undefined);
      // the store's code is loaded only after the derivation has begun
      (await import('./secrets/keyAhead')).deriveKeyAhead(dataDir, process.env.BEIAN_DESK_PASSPHRASE);
      const [{ openNamedStore }, { Desk }, { unlockFromEnvOrPrompt }, { migrationProgressPrinter }] = await Promise.all([
        import('./db/storeLocation'),
        import('./desk'),
        import('./secrets/unlockForCli'),
        import('./db/migrations/progressText'),
      ]);
      const onMigrationProgress = migrationProgressPrinter((t) => io.err(t));
      const store = await openNamedStore(program.opts().database as string | undefined, onMigrationProgress);
      desk = await Desk.open({ dataDir, ...(store ? { store } : {}), onMigrationProgress });
      // the key is derived off this thread (Vault.unlock): the router, every service and the contract's
      // schemas load meanwhile instead of after it
      const [, { createRouter }] = await Promise.all([unlockFromEnvOrPrompt(desk, process.env, io.ask), import('./api/router')]);
      // a damaged material file set aside while unlocking (Desk.encryptLegacyData) is told before the command's output
      for (const n of desk.takeNotices()) io.err(`注意：${n}\n`);
      router = createRouter(desk, (l) => io.err(`${l}\n`));
    }
    return router;
  };
  async function call<M extends Method>(method: M, input: MethodInput<M>) {
    const r = await (await open()).invoke(method, input);
    if (!r.ok) throw new Refused(r.error);
    return r.value as import('./api/contract').MethodOutput<M>;
  }
  const print = (value: unknown, text: string) => io.out(json() ? `${JSON.stringify(value, null, 2)}\n` : text);

  program
    .name('beian-desk')
    .description('备案助手命令行：与界面共用同一套数据与校验')
    .option('--data <dir>', '数据目录（默认 BEIAN_DESK_DATA 或系统用户数据目录）')
    .option('--database <url>', '团队数据库 postgres://…（默认：数据目录中的 SQLite 数据库；密钥与材料文件仍在数据目录）')
    .option('--json', '以 JSON 输出')
    .exitOverride()
    // commander's own error lines are English: silenced here, and told in Chinese from the error's code (usageMessage)
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s), outputError: () => undefined });
  // a database password in argv is readable by every local user: refused before any command runs
  program.hook('preAction', async () => {
    const database = program.opts().database as string | undefined;
    if (database) (await import('./db/databaseArgv')).refusePasswordInArgv(database);
  });

  const entity = program.command('entity').description('客户（主体）');
  entity
    .command('add')
    .description('从客户记录 JSON 新建客户（主体、负责人与网站一次写入）')
    .requiredOption('--file <file>', '客户记录 JSON（见 record-format.md）')
    .action(async (o: { file: string }) => {
      const created = await call('entity.create', { record: readJsonFile(o.file) as MethodInput<'entity.create'>['record'] });
      const { counts, findings } = created.check;
      // the same findings the form shows while typing; saving is not blocked by them
      const found = findings.length ? `阻断 ${counts.error} · 警告 ${counts.warning} · 提示 ${counts.info}\n${findingLines(findings)}\n` : '';
      print(created, `已新建客户 #${created.id}（负责人 ${Object.keys(created.personIds).length} 位，网站 ${created.websiteIds.length} 个）\n${found}`);
    });
  entity
    .command('list')
    .description('列出客户')
    .option('--limit <n>', '条数', countOption('条数', false), 100)
    .option('--offset <n>', '跳过条数', countOption('跳过条数', true), 0)
    .action(async (o: { limit: number; offset: number }) => {
      const page = await call('entity.list', { limit: o.limit, offset: o.offset });
      print(page, `共 ${page.total} 个客户\n${page.items.map(summaryLine).join('\n')}${page.items.length ? '\n' : ''}`);
    });
  entity
    .command('show <id>')
    .description('显示一个客户')
    .action(async (id: string) => {
      const e = await call('entity.get', { id: positiveId(id, '客户') });
      const { maskNumber } = await import('./domain/identifiers');
      print(e, entityText(e, maskNumber));
    });
  entity
    .command('export <id>')
    .description('以客户记录格式导出；证件号码、手机号、邮箱默认打码，--reveal 导出明文（记入日志）')
    .option('--out <file>', '写入文件（默认输出到终端）')
    .option('--force', '输出文件已存在时覆盖它')
    .option('--reveal', '导出完整的个人信息（可再次导入；请妥善保管）')
    .action(async (id: string, o: { out?: string; force?: boolean; reveal?: boolean }) => {
      if (o.out) checkOut(o.out, o);
      const { record } = await call('entity.export', { id: positiveId(id, '客户'), reveal: Boolean(o.reveal) });
      const text = `${JSON.stringify(record, null, 2)}\n`;
      if (o.out) {
        writeOut(o.out, Buffer.from(text, 'utf8'), o);
        io.out(json() ? `${JSON.stringify({ id: Number(id), file: o.out })}\n` : `已导出到 ${o.out}\n`);
      } else io.out(text);
    });
  entity
    .command('delete <id>')
    .description('删除客户及其全部负责人、网站与材料文件')
    .option('--yes', '确认删除')
    .option('--reason <reason>', `删除原因：${DELETION_REASONS.join(' / ')}`, '其他')
    .action(async (id: string, o: { yes?: boolean; reason: string }) => {
      const n = positiveId(id, '客户');
      if (!o.yes) throw new CommanderError(2, 'beian.usage', '删除不可恢复：请加 --yes 确认');
      if (!(DELETION_REASONS as readonly string[]).includes(o.reason)) throw new CommanderError(2, 'beian.usage', `删除原因应为：${DELETION_REASONS.join(' / ')}`);
      const r = await call('entity.delete', { id: n, reason: o.reason as DeletionReason });
      print(r, `已删除客户 #${r.deletedId}（释放材料文件 ${r.removedFiles} 个）\n`);
    });

  program
    .command('website')
    .description('网站')
    .command('add')
    .description('为已有客户新增网站（文件为记录格式中的一个网站；principal 为负责人编号 p1… 或数字编号）')
    .requiredOption('--entity <id>', '客户编号')
    .requiredOption('--file <file>', '网站 JSON')
    .action(async (o: { entity: string; file: string }) => {
      const entityId = positiveId(o.entity, '客户');
      const raw = readJsonFile(o.file);
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Refused({ code: 'FILE_INVALID', message: '网站文件应为一个 JSON 对象' });
      const { principal, ...website } = raw as Record<string, unknown>;
      const owner = await call('entity.get', { id: entityId });
      let principalPersonId: number | undefined;
      if (typeof principal === 'number') principalPersonId = principal;
      else if (typeof principal === 'string' && /^p\d+$/.test(principal)) principalPersonId = owner.people[Number(principal.slice(1)) - 1]?.id;
      else if (principal === undefined || principal === '同主体负责人') principalPersonId = owner.principalPersonId ?? undefined;
      if (principalPersonId === undefined) throw new Refused({ code: 'VALIDATION', message: `网站负责人“${String(principal)}”不在该客户的负责人中`, details: [{ path: ['principal'], message: '应为 p1、p2… 或负责人编号' }] });
      const w = await call('website.create', { entityId, website: { ...website, principalPersonId } as MethodInput<'website.create'>['website'] });
      print(w, `已为客户 #${entityId} 新增网站 #${w.id}（${w.domains.join(', ')}）\n`);
    });

  program
    .command('search <text>')
    .description('按名称、域名、备案号、负责人姓名或完整证件号码/手机号搜索客户；text 为 - 时从标准输入读取（完整证件号码/手机号请这样传入，命令行参数会出现在进程列表中）')
    .option('--limit <n>', '条数', countOption('条数', false), 50)
    .action(async (arg: string, o: { limit: number }) => {
      let text = arg;
      if (arg === '-') {
        // on a terminal, asked without echo; from a pipe, its first line
        if (io.ask) text = (await io.ask('要搜索的内容（输入不显示）：')).trim();
        else if (io.stdin) text = (await io.stdin()).split(/\r?\n/)[0]!.trim();
        else throw new CommanderError(2, 'beian.usage', '没有可读取的标准输入');
        if (!text) throw new CommanderError(2, 'beian.usage', '标准输入为空：请输入要搜索的内容，例如 echo 名称 | beian-desk search -');
      } else if (/\d{11,}|\d{17}[\dXx]/.test(arg.replace(/[\s-]/g, ''))) {
        // the number is already in the process list; say how to avoid it next time, without repeating it
        io.err('提示：命令行参数会出现在进程列表中，本机其他用户可以看到。完整证件号码或手机号请改用 search -，从标准输入读取\n');
      }
      const page = await call('entity.list', { query: text, limit: o.limit });
      print(page, `找到 ${page.totalCapped ? `超过 ${page.total}` : page.total} 个客户\n${page.items.map(summaryLine).join('\n')}${page.items.length ? '\n' : ''}`);
    });

  const findingLines = (findings: Finding[]) =>
    findings.map((f) => `[${SEVERITY_LABELS[f.severity]}] ${f.ruleId}  ${f.path.join('.')}: ${f.message}${f.hint ? `\n        → ${f.hint}` : ''}`).join('\n');

  program
    .command('validate <kind> <value>')
    .description(`校验单个值：${VALIDATE_KINDS.join(' | ')}；无阻断问题时退出码 0，否则 1`)
    .option('--province <province>', '省份（全称、简称或备案号简称，如 京）')
    .option('--provider <provider>', '接入商，如 tencent')
    .action(async (kind: string, value: string, o: { province?: string; provider?: string }) => {
      const { resolveProvince, validateValue } = await import('./rules/validate');
      if (!(VALIDATE_KINDS as readonly string[]).includes(kind)) throw new CommanderError(2, 'beian.usage', `校验类型应为：${VALIDATE_KINDS.join(' | ')}`);
      if (o.province && !resolveProvince(o.province)) throw new CommanderError(2, 'beian.usage', `无法识别的省份：${o.province}`);
      const findings = validateValue(kind as ValidateKind, value, o);
      const valid = !findings.some((f) => f.severity === 'error');
      print({ kind, value, valid, findings }, valid && !findings.length ? '有效\n' : `${valid ? '有效（有提示）' : '无效'}\n${findingLines(findings)}\n`);
      if (!valid) throw new Invalid();
    });

  program
    .command('check <file>')
    .description('按备案规则检查一个客户记录 JSON（可含 filing.type 与变更前的 filing.before）；有阻断问题时退出码 1')
    .option('--with-store', '同时对照数据目录中的其他客户（如同一域名登记在两个客户名下）')
    .action(async (file: string, o: { withStore?: boolean }) => {
      const raw = readJsonFile(file);
      if (o.withStore) await open();
      const { checkDraft } = await import('./services/checks');
      const r = await checkDraft(o.withStore ? desk! : null, raw);
      const text = r.findings.length
        ? `阻断 ${r.counts.error} · 警告 ${r.counts.warning} · 提示 ${r.counts.info}\n${findingLines(r.findings)}\n`
        : '未发现问题\n';
      print(r, text);
      if (r.counts.error > 0) throw new Invalid();
    });

  const readBytes = (file: string, what: string) => readOperatorFile(file, what);

  program
    .command('sheet <websiteId>')
    .description('生成一个网站的《网站备案信息真实性核验单》PDF（含个人信息，生成记入日志）')
    .requiredOption('--out <file>', '输出 PDF')
    .option('--force', '输出文件已存在时覆盖它')
    .option('--draft', '带“草稿”水印的预览')
    .action(async (websiteId: string, o: { out: string; force?: boolean; draft?: boolean }) => {
      checkOut(o.out, o);
      await open();
      const { generateSheet } = await import('./services/sheets');
      const r = await generateSheet(desk!, positiveId(websiteId, '网站'), { draft: Boolean(o.draft) });
      writeOut(o.out, r.pdf, o);
      // what the sheet leaves blank or cannot print is said here as on the desk's 核验单 page, not printed silently
      print({ file: o.out, bytes: r.pdf.byteLength, copies: r.copies, warnings: r.warnings }, `已生成 ${o.out}（${Math.ceil(r.pdf.byteLength / 1024)} KB，打印 ${r.copies} 份）\n${r.warnings.map((w) => `${w}\n`).join('')}`);
    });
  program
    .command('sheets')
    .description('批量生成核验单：订单或客户的全部网站，每个网站一个 PDF，或 --combined 合并为一个打印文件（按份数重复）')
    .option('--order <id>', '订单编号：该订单涉及的网站')
    .option('--entity <ids...>', '客户编号（可多个）：其全部网站')
    .requiredOption('--out <dir>', '输出目录')
    .option('--combined', '合并为一个打印文件')
    .option('--seal <png>', '同时加盖公章（PNG，透明背景）')
    .action(async (o: { order?: string; entity?: string[]; out: string; combined?: boolean; seal?: string }) => {
      if (!o.order && !o.entity) throw new CommanderError(2, 'beian.usage', '请用 --order 或 --entity 指定网站');
      await open();
      const websiteIds = o.order ? (await call('order.get', { id: positiveId(o.order, '订单') })).websiteIds : await websitesOfClients(o.entity ?? []);
      const { batchSheets } = await import('./services/sheets');
      const r = await batchSheets(desk!, { websiteIds, outDir: o.out, combined: Boolean(o.combined), ...(o.seal ? { stamp: { seal: readBytes(o.seal, '公章图片') } } : {}) }, {
        progress: (done, total) => { if (!json()) io.err(`\r已生成 ${done}/${total}`); },
        cancelled: false,
      });
      if (!json()) io.err('\n');
      print(r, `已生成 ${r.sheets} 个网站的核验单，${r.files.length} 个文件，共 ${(r.bytes / 1048576).toFixed(1)} MB：${o.out}\n${r.warnings.map((w) => `${w}\n`).join('')}`);
    });
  /** Every website of the clients named on the command line; an unknown client is refused by its number. */
  async function websitesOfClients(ids: string[]): Promise<number[]> {
    const { getEntity } = await import('./db/repositories/entities');
    const out: number[] = [];
    for (const id of ids) {
      const e = await getEntity(desk!.ctx, positiveId(id, '客户'));
      if (!e) throw new Refused({ code: 'NOT_FOUND', message: `客户（编号 ${id}）不存在` });
      out.push(...e.websites.map((w) => w.id));
    }
    return out;
  }
  program
    .command('stamp <pdf>')
    .description('在核验单（生成或扫描的 PDF）上加盖公章和/或签名，输出新文件，原文件不变')
    .requiredOption('--out <file>', '输出 PDF（不能是原文件）')
    .option('--force', '输出文件已存在时覆盖它')
    .option('--seal <png>', '公章 PNG（可先用 seal extract 从照片提取）')
    .option('--signature <png>', '签名 PNG')
    .option('--dx <mm>', `公章向右移动（毫米，±${MAX_STAMP_OFFSET_MM} 以内）`, (v) => offsetOption(v, '--dx'), 0)
    .option('--dy <mm>', `公章向下移动（毫米，±${MAX_STAMP_OFFSET_MM} 以内）`, (v) => offsetOption(v, '--dy'), 0)
    .action(async (pdfFile: string, o: { out: string; force?: boolean; seal?: string; signature?: string; dx: number; dy: number }) => {
      checkOut(o.out, { ...o, input: pdfFile });
      const { stampPdf } = await import('./pdf/stamp');
      const pdf = await stampPdf(readBytes(pdfFile, 'PDF'), {
        ...(o.seal ? { seal: readBytes(o.seal, '公章图片') } : {}),
        ...(o.signature ? { signature: readBytes(o.signature, '签名图片') } : {}),
        sealOffset: { dx: o.dx, dy: o.dy },
      }).catch((err: unknown) => {
        throw err instanceof DeskError ? new Refused(errorBody(err)) : err;
      });
      writeOut(o.out, pdf, { ...o, input: pdfFile });
      print({ file: o.out, bytes: pdf.byteLength }, `已盖章：${o.out}\n`);
    });
  program
    .command('seal')
    .description('公章与签名图片')
    .command('extract <image>')
    .description('从公章（红色）或签名（--signature）的照片/扫描件中提取透明背景的 PNG')
    .requiredOption('--out <png>', '输出 PNG（不能是原图）')
    .option('--force', '输出文件已存在时覆盖它')
    .option('--signature', '提取签名（深色笔迹）而不是红色公章')
    .action(async (image: string, o: { out: string; force?: boolean; signature?: boolean }) => {
      checkOut(o.out, { ...o, input: image });
      const input = readBytes(image, '图片');
      const { extractSeal, extractSignature } = await import('./pdf/seal');
      const r = await (o.signature ? extractSignature(input) : extractSeal(input)).catch((err: unknown) => {
        throw err instanceof DeskError ? new Refused(errorBody(err)) : err;
      });
      writeOut(o.out, r.png, { ...o, input: image });
      print({ file: o.out, width: r.width, height: r.height }, `已提取：${o.out}（${r.width}×${r.height}）\n`);
    });

  const order = program.command('order').description('备案订单');
  order
    .command('create')
    .description('为客户新建备案订单（同一主体同时只能有一个进行中的订单）')
    .requiredOption('--entity <id>', '客户编号')
    .requiredOption('--type <type>', `备案类型：${FILING_TYPES.join(' / ')}`)
    .requiredOption('--provider <id>', '接入商，如 tencent、aliyun、qingcloud、generic')
    .option('--website <ids...>', '涉及的网站编号（默认按类型选择）')
    .option('--effective <date>', '变更生效日期 YYYY-MM-DD（变更须提前 30 日申请）')
    .option('--new-legal-rep', '变更：主体负责人（法定代表人）已更换')
    .option('--new-site-principal', '变更：网站负责人已更换')
    .option('--new-licence', '变更：主体证件已换发')
    .option('--origin <here|elsewhere>', '新增网站：原备案在本接入商（here）或不在（elsewhere）；不填按已备案信息')
    .action(async (o: { entity: string; type: string; provider: string; website?: string[]; effective?: string; newLegalRep?: boolean; newSitePrincipal?: boolean; newLicence?: boolean; origin?: string }) => {
      if (!(FILING_TYPES as readonly string[]).includes(o.type)) throw new CommanderError(2, 'beian.usage', `备案类型应为：${FILING_TYPES.join(' / ')}`);
      if (o.origin !== undefined && !['here', 'elsewhere'].includes(o.origin)) throw new CommanderError(2, 'beian.usage', '--origin 应为 here（原备案在本接入商）或 elsewhere（原备案不在本接入商）');
      const r = await call('order.create', {
        entityId: positiveId(o.entity, '客户'),
        type: o.type as FilingType,
        provider: o.provider,
        ...(o.website ? { websiteIds: o.website.map((w) => positiveId(w, '网站')) } : {}),
        effectiveDate: o.effective ?? null,
        change: { principalReplaced: !!o.newLegalRep, websitePrincipalReplaced: !!o.newSitePrincipal, licenceChanged: !!o.newLicence, ...(o.origin ? { originElsewhere: o.origin === 'elsewhere' } : {}) },
      });
      print(r, `已新建订单 #${r.id}（${r.type}，${r.provider}，状态：${r.state}）\n`);
    });
  order
    .command('advance <id>')
    .description('变更订单状态；非法的状态变化会被拒绝并说明原因')
    .requiredOption('--to <state>', `目标状态：${ORDER_STATES.join(' / ')}`)
    .option('--reason <text>', '原因或备注（如驳回理由）')
    .option('--provider-order <no>', '接入商的备案订单号')
    .option('--icp <number>', '通过时：主体备案号')
    .option('--site-icp <pairs...>', '通过时：网站备案号，形如 网站编号=粤ICP备12345678号-1')
    .option('--confirm', '注销主体 / 注销网站 / 取消接入：确认已了解后果（提交初审时必需）')
    .action(async (id: string, o: { to: string; reason?: string; providerOrder?: string; icp?: string; siteIcp?: string[]; confirm?: boolean }) => {
      if (!(ORDER_STATES as readonly string[]).includes(o.to)) throw new CommanderError(2, 'beian.usage', `状态应为：${ORDER_STATES.join(' / ')}`);
      const websiteIcpNumbers = Object.fromEntries((o.siteIcp ?? []).map((p) => p.split('=') as [string, string]));
      const r = await call('order.advance', {
        id: positiveId(id, '订单'),
        to: o.to as OrderState,
        ...(o.reason ? { reason: o.reason } : {}),
        ...(o.providerOrder ? { providerOrderNo: o.providerOrder } : {}),
        ...(o.icp ? { entityIcpNumber: o.icp } : {}),
        ...(o.siteIcp ? { websiteIcpNumbers } : {}),
        ...(o.confirm ? { confirmedConsequence: true } : {}),
      });
      print(r, `订单 #${r.id} 状态：${r.state}\n`);
    });
  order
    .command('checklist <id>')
    .description('订单的材料清单：必需、已有、需更新')
    .action(async (id: string) => {
      const r = await call('order.get', { id: positiveId(id, '订单') });
      const mark = { present: '✓ 已有', missing: '✗ 缺少', stale: '! 需确认', failed: '✗ 照片不通过', accepted: '✓ 已接受', unchecked: '? 未检查' } as const;
      const lines = r.checklist.map((c) => `${mark[c.status]}  ${c.id}  ${c.label}${c.note ? `（${c.note}）` : ''}\n        ${c.why}`);
      print(r.checklist, `订单 #${r.id} ${r.type} · ${r.entityName} · ${r.state}\n${lines.join('\n') || '本类型无需上传材料'}\n`);
    });
  order
    .command('accept-photo <id>')
    .description('接受照片检查不通过的材料（检测可能误判）：须写明理由，记入订单历史和提交包')
    .requiredOption('--slot <slot>', '材料项编号（见 order checklist），如 website:3:curtain')
    .requiredOption('--reason <text>', '接受的理由')
    .action(async (id: string, o: { slot: string; reason: string }) => {
      const r = await call('order.acceptPhoto', { orderId: positiveId(id, '订单'), slot: o.slot, reason: o.reason });
      print(r, `已接受：${r.label}（${r.note}）\n`);
    });
  order
    .command('list')
    .description('列出订单（逾期的排在前面）')
    .option('--open', '只看进行中的订单')
    .action(async (o: { open?: boolean }) => {
      const rows = await call('order.list', { openOnly: Boolean(o.open) });
      print(rows, `${rows.map((r) => `${String(r.id).padStart(6)}  ${r.overdue ? '逾期 ' : ''}${r.state}  ${r.type}  ${r.provider}  ${r.entityName}`).join('\n')}${rows.length ? '\n' : '没有订单\n'}`);
    });

  // 驳回 with structured reasons (issue 15): FIELD:KIND:TEXT, the kind from the catalog of common reasons
  order
    .command('reject <id>')
    .description('记录驳回（初审驳回 / 复审驳回（退回重新拍照）/ 管局驳回）：驳回原文和按字段的原因；原因对应的内容修改前不能重新提交')
    .requiredOption('--text <原文>', '接入商或管局的驳回原文')
    .option('--reason <FIELD:KIND:TEXT...>', `驳回原因，可多个：字段 entity.mailingAddress / website.<网站编号>.name / person.<负责人编号>.certNumber / slot.<材料项编号>；原因：${REJECTION_KIND_IDS.join(' / ')}`)
    .option('--at <stage>', '初审、复审 或 管局（默认按订单当前状态）')
    .action(async (id: string, o: { text: string; reason?: string[]; at?: string }) => {
      const { parseReasonArg, REJECTION_KINDS } = await import('./filings/rejectionReasons');
      const reasons = (o.reason ?? []).map((arg) => {
        const r = parseReasonArg(arg);
        if (!r) throw new CommanderError(2, 'beian.usage', `驳回原因“${arg}”应为 字段:原因:说明，原因为：${REJECTION_KINDS.map((k) => k.id).join(' / ')}`);
        return { target: r.target, kind: r.kind, ...(r.text ? { text: r.text } : {}) };
      });
      if (o.at && !['初审', '复审', '管局'].includes(o.at)) throw new CommanderError(2, 'beian.usage', '--at 应为 初审、复审 或 管局');
      const orderId = positiveId(id, '订单');
      const { state } = await call('order.get', { id: orderId });
      // the 复审's 驳回 is its 重拍: back to 待拍照核验, recorded as a 复审驳回 round (services/rejections.ts)
      const at = o.at ?? (['管局审核中', '待短信核验'].includes(state) ? '管局' : state === REVIEW_REJECTION.from ? '复审' : '初审');
      // 初审中 → 待拍照核验 is a move of its own (初审 passed): taken for a 复审驳回 it moved the order on and recorded nothing
      if (at === '复审' && state !== REVIEW_REJECTION.from) throw new Refused({ code: 'VALIDATION', message: `订单 #${orderId} 当前为“${state}”，不在${REVIEW_REJECTION.from}，不能记录复审驳回；未做任何改动` });
      const to: OrderState = at === '管局' ? '管局驳回' : at === '复审' ? REVIEW_REJECTION.to : '初审驳回';
      await call('order.advance', { id: orderId, to, reason: o.text, reasons });
      const r = await call('order.get', { id: orderId });
      const round = r.rejections.at(-1);
      if (!round) throw new Refused({ code: 'INTERNAL', message: `订单 #${r.id} 已改为“${r.state}”，但没有记录驳回轮次` });
      const moved = at === '复审' ? `，退回${REVIEW_REJECTION.to}：请重新拍照` : '';
      print(round, `订单 #${r.id} ${round.stage}（第 ${round.round} 轮）${moved}\n${round.reasons.map((x) => `  ✗ ${x.targetLabel}——${x.kindLabel}${x.text ? `：${x.text}` : ''}`).join('\n') || '  （未指明字段）'}\n`);
    });

  // 公安备案 after approval (issue 15): the summary to copy from, and 已完成 with the 公安备案号
  order
    .command('gongan <id>')
    .description('已通过订单的公安备案跟进：每个网站的公安备案信息摘要（预填）和问题；--done 记录公安备案号')
    .option('--website <id>', '网站编号（订单有多个网站时与 --done 一起用）')
    .option('--done <公安备案号>', '标记已完成，如 粤公网安备44030002017573号')
    .action(async (id: string, o: { website?: string; done?: string }) => {
      const orderId = positiveId(id, '订单');
      let rows = await call('gongan.ofOrder', { orderId });
      if (o.done) {
        if (!o.website && rows.length > 1) throw new CommanderError(2, 'beian.usage', `订单有 ${rows.length} 个网站，请用 --website 指定`);
        const websiteId = o.website ? positiveId(o.website, '网站') : rows[0]!.websiteId;
        await call('gongan.complete', { orderId, websiteId, psbNumber: o.done });
        rows = await call('gongan.ofOrder', { orderId });
      }
      const yes = (b: boolean) => (b ? '是' : '否');
      const text = rows.map((r) => {
        const f = r.fields;
        const lines = [
          `网站 ${r.websiteId}「${r.websiteName}」 ${r.state}${r.psbNumber ? ` ${r.psbNumber}` : ''}${r.prefilled ? '（预填，未保存）' : ''}`,
          `  网站名称：${f.siteName}`,
          `  是否有工信部备案号：${yes(f.hasIcpNumber)} ${f.icpNumber}`,
          `  网站开通日期：${f.openedOn}`,
          `  主域名：${f.mainDomain}`,
          `  从域名：${f.otherDomains.join('、') || '无'}`,
          `  IP：${f.ips.join('、') || '（未填）'}`,
          `  网络接入服务商：${f.accessProvider.name}｜所属地区管辖 ${f.accessProvider.jurisdiction}｜所属区域 ${f.accessProvider.region}｜接入方式 ${f.accessProvider.accessMethod}`,
          `  域名注册服务商：${f.domainRegistrar.name}｜所属地区管辖 ${f.domainRegistrar.jurisdiction}｜所属区域 ${f.domainRegistrar.region}`,
          `  互联网交互服务：${yes(f.interactive)}；服务类型：${f.serviceTypes.join('、') || '无'}`,
          `  危险物品信息发布：${yes(f.dangerousGoods.length > 0)}${f.dangerousGoods.length ? `（${f.dangerousGoods.join('、')}）` : ''}`,
          `  前置许可：${yes(f.permits.length > 0)}${f.permits.length ? `（${f.permits.join('、')}）` : ''}`,
          `  网站语种：${f.languages.join('、')}`,
          `  依据：${r.profileSource}`,
          ...r.problems.map((p) => `  ✗ ${p.message}`),
        ];
        return lines.join('\n');
      });
      print(rows, `${text.join('\n\n')}\n`);
    });

  // 备案授权码 / 备案服务号 of an order (issue 15)
  order
    .command('auth-code <id>')
    .description('记录订单的备案授权码（腾讯云）或备案服务号（阿里云）：对应资源和有效期；不带 --code 时列出')
    .option('--code <code>', '授权码或服务号（按原样保存）')
    .option('--resource <text>', '对应的资源（实例 ID、公网 IP）')
    .option('--expires <date>', '有效期至 YYYY-MM-DD')
    .option('--kind <kind>', '备案授权码 或 备案服务号（默认按接入商）')
    .action(async (id: string, o: { code?: string; resource?: string; expires?: string; kind?: string }) => {
      const orderId = positiveId(id, '订单');
      if (o.code) {
        const { authCodeKindFor } = await import('./filings/authCodes');
        const kind = o.kind ?? authCodeKindFor((await call('order.get', { id: orderId })).provider) ?? '备案授权码';
        if (!(AUTH_CODE_KINDS as readonly string[]).includes(kind)) throw new CommanderError(2, 'beian.usage', `--kind 应为：${AUTH_CODE_KINDS.join(' / ')}`);
        await call('order.addAuthCode', { orderId, kind: kind as (typeof AUTH_CODE_KINDS)[number], code: o.code, resource: o.resource ?? '', expiresOn: o.expires ?? '' });
      }
      const codes = await call('order.authCodes', { orderId });
      const mark = { expired: '✗ 已过期', expiring: '! 即将过期', valid: '✓ 有效' } as const;
      print(codes, `${codes.map((c) => `${mark[c.state]}  ${c.kind} ${c.code}  ${c.resource}  有效期至 ${c.expiresOn}${c.message ? `\n    ${c.message}` : ''}`).join('\n') || '没有备案授权码或备案服务号'}\n`);
    });

  program
    .command('export <orderId>')
    .description('导出订单的提交包（zip：按接入商命名的材料、核验单、manifest.json、提交清单.pdf）；有阻断问题时拒绝并列出原因，不写任何文件。export xlsx --clients|--orders --out FILE：导出 Excel（客户列表默认打码，--reveal 明文并记入日志；--query 只导出搜索到的客户）')
    .option('--provider <id>', '按此接入商的命名规则（默认订单的接入商）')
    .requiredOption('--out <file>', '输出 zip 文件')
    .option('--force', '输出文件已存在时覆盖它')
    .option('--clients', 'export xlsx：客户列表')
    .option('--orders', 'export xlsx：备案订单')
    .option('--query <text>', 'export xlsx --clients：只导出搜索到的客户')
    .option('--reveal', 'export xlsx --clients：明文导出证件号码和手机号码（记入每个客户的日志）')
    .action(async (orderId: string, o: { provider?: string; out: string; force?: boolean; clients?: boolean; orders?: boolean; query?: string; reveal?: boolean }) => {
      if (orderId === 'xlsx') return exportXlsx(o);
      const id = positiveId(orderId, '订单');
      checkOut(o.out, o);
      await open();
      const { buildPackage } = await import('./services/packages');
      const r = await buildPackage(desk!, id, o.provider, (pkg) => {
        writeOut(o.out, pkg.zip, o);
        return () => rmSync(o.out, { force: true });
      }).catch((err: unknown) => {
        throw err instanceof DeskError ? new Refused(errorBody(err)) : err;
      });
      print({ file: o.out, bytes: r.zip.byteLength, files: r.files }, `已导出 ${o.out}（${r.files.length} 个文件，${(r.zip.byteLength / 1048576).toFixed(1)} MB）\n`);
    });

  const transfer = program.command('transfer').description('在两台电脑之间转移客户（传输文件用传输密码加密）');
  const transferPass = async (confirm: boolean) => {
    const env = process.env.BEIAN_DESK_TRANSFER_PASSPHRASE;
    if (env) return env;
    if (!io.ask) throw new Refused({ code: 'VALIDATION', message: '请在终端中运行以输入传输密码，或设置 BEIAN_DESK_TRANSFER_PASSPHRASE' });
    const p = await io.ask('传输密码（至少 8 个字符，导入时需要）：');
    if (confirm && (await io.ask('再次输入传输密码：')) !== p) throw new Refused({ code: 'VALIDATION', message: '两次输入的传输密码不一致' });
    return p;
  };
  transfer
    .command('export')
    .description('导出一个或多个客户及其材料到一个加密的传输文件')
    .requiredOption('--entity <ids...>', '客户编号')
    .requiredOption('--out <file>', '传输文件（.bdtransfer）')
    .option('--force', '输出文件已存在时覆盖它')
    .action(async (o: { entity: string[]; out: string; force?: boolean }) => {
      // a client named twice goes into the file once (it was packed twice and counted twice)
      const ids = [...new Set(o.entity.map((id) => positiveId(id, '客户')))];
      checkOut(o.out, o);
      await open();
      const pass = await transferPass(true);
      const { exportTransfer } = await import('./services/transferExport');
      const zip = await exportTransfer(desk!, ids, pass, (bytes) => {
        writeOut(o.out, bytes, o);
        return () => rmSync(o.out, { force: true });
      });
      print({ file: o.out, bytes: zip.byteLength, clients: ids.length }, `已导出 ${ids.length} 个客户到 ${o.out}（${(zip.byteLength / 1048576).toFixed(1)} MB）\n`);
    });
  transfer
    .command('import <file>')
    .description('导入传输文件：先完整校验（路径、大小、密码、哈希、格式），再合并，不产生重复')
    .action(async (file: string) => {
      await open();
      const { importTransfer } = await import('./services/transferImport');
      const r = await importTransfer(desk!, file, await transferPass(false));
      print(r, `导入完成：新建客户 ${r.created} 个，合并 ${r.merged} 个；新增负责人 ${r.people}、网站 ${r.websites}、材料 ${r.materials}、订单 ${r.orders}、已备案信息 ${r.filed} 个版本\n`);
    });

  /** A photo or a folder's photos, and the entries left out of it; a path that is not there, or holds no photo, refused. */
  const photoFolderOf = async (path: string) => {
    const { photoFolder } = await import('./photos/batch');
    let folder: ReturnType<typeof photoFolder>;
    try {
      folder = photoFolder(path);
    } catch {
      throw new Refused({ code: 'FILE_INVALID', message: `找不到文件或文件夹：${path}` });
    }
    if (!folder.files.length && !folder.skipped.length) throw new Refused({ code: 'FILE_INVALID', message: `文件夹中没有照片（JPG/PNG 等）：${path}` });
    return folder;
  };

  const photos = program.command('photos').description('照片检查与修复（幕布照片、证件、执照、核验单扫描件）');
  photos
    .command('check <path>')
    .description('检查一张照片或一个文件夹；每张照片一条结果：readable format bytes dimensions orientation blur exposure background face duplicate colour；有不通过时退出码 1')
    .option('--kind <kind>', `照片类型：${PHOTO_KINDS.join(' | ')}（默认按文件名推断，否则 curtain）`)
    .option('--provider <id>', '接入商（决定限制，如 tencent 的 JPG ≤ 2 MB）', 'tencent')
    .action(async (path: string, o: { kind?: string; provider: string }) => {
      const kind = photoKindOption(o.kind);
      const { checkPhotos, inferKind, skippedReport } = await import('./photos/batch');
      const { files, skipped } = await photoFolderOf(path);
      const checked = files.length ? await checkPhotos(files, { ...(kind ? { kind } : {}), provider: o.provider }, { progress: () => undefined, cancelled: false }) : [];
      // entries left out (a link, a name that is not UTF-8, a FIFO …) are told as failed, as the photo desk shows them
      const reports = [...checked, ...skipped.map((e) => skippedReport(e, kind ?? inferKind(e.file, 'curtain')))];
      const out = reports.map((r) => ({ file: r.file, kind: r.kind, status: r.status, checks: r.checks.map(({ id, status, value, threshold, message }) => ({ id, status, value, threshold, message })) }));
      const mark = { pass: '✓', warn: '!', fail: '✗' } as const;
      print(out, out.map((r) => `${mark[r.status]} ${r.file}（${r.kind}）\n${r.checks.filter((c) => c.status !== 'pass').map((c) => `    ${mark[c.status]} ${c.id}: ${c.message}`).join('\n')}`).join('\n') + '\n');
      if (reports.some((r) => r.status === 'fail')) throw new Invalid();
    });
  photos
    .command('fix <path>')
    .description('修复到输出目录（原图不变）：按 EXIF 转正、转为 JPEG、去除全部元数据、压缩到接入商限制以内；不改变画面')
    .requiredOption('--out <dir>', '输出目录')
    .option('--kind <kind>', `照片类型：${PHOTO_KINDS.join(' | ')}（默认按文件名推断，否则 curtain）`)
    .option('--provider <id>', '接入商', 'tencent')
    .option('--watermark [text]', '身份证、营业执照复印件加用途水印（幕布照片、核验单不加）')
    .action(async (path: string, o: { out: string; kind?: string; provider: string; watermark?: string | boolean }) => {
      const chosen = photoKindOption(o.kind);
      const { fixPhotos } = await import('./services/photos');
      const { files, skipped } = await photoFolderOf(path);
      // the same repair as the photo desk's: each photo under its path relative to the folder given, never over a file
      const dir = statSync(path).isDirectory() ? path : dirname(path);
      const fixed = files.length ? await fixPhotos(files, dir, o.out, { ...(chosen ? { kind: chosen } : {}), provider: o.provider, ...(o.watermark ? { watermark: o.watermark } : {}) }) : [];
      const results = [...fixed, ...skipped.map((e) => ({ file: e.file, out: null, bytes: 0, error: e.reason }))];
      print(results, results.map((r) => (r.error ? `✗ ${r.file}: ${r.error}` : `✓ ${r.file} → ${r.out}（${Math.ceil(r.bytes / 1024)} KB）`)).join('\n') + '\n');
      if (results.some((r) => r.error)) throw new Invalid();
    });

  program
    .command('material')
    .description('材料')
    .command('attach <file>')
    .description('为订单的一个材料项上传文件（文件只存一份，订单引用它）')
    .requiredOption('--order <id>', '订单编号')
    .requiredOption('--slot <slot>', '材料项编号（见 order checklist）')
    .action(async (file: string, o: { order: string; slot: string }) => {
      const { MAX_MATERIAL_BYTES } = await import('./services/materialContent');
      const data = readOperatorFile(file, '材料文件', MAX_MATERIAL_BYTES);
      const m = await call('order.attach', { orderId: positiveId(o.order, '订单'), slot: o.slot, fileName: file.split(/[\\/]/).pop()!, contentBase64: data.toString('base64') });
      print(m, `已添加材料 #${m.id}（${m.fileName}）\n`);
    });

  program
    .command('retention')
    .description('个人信息保留期限（PIPL）')
    .command('due')
    .description('列出超过保留期限、应删除个人信息的客户')
    .action(async () => {
      const due = await call('retention.due', {});
      print(
        due,
        due.length
          ? `${due.length} 个客户已到期：\n${due.map((d) => `${String(d.id).padStart(6)}  ${d.name}  服务结束 ${d.serviceEndedAt}  保留 ${d.retentionMonths} 个月  到期 ${d.dueDate}`).join('\n')}\n删除：npm run cli -- entity delete ID --yes --reason 保留期限届满\n`
          : '没有到期的客户\n',
      );
    });

  const backup = program.command('backup').description('备份与恢复（备份文件仍是加密的）');
  backup
    .command('create')
    .description('写出一份一致的备份（数据库在线备份 + 密钥文件 + 加密的材料文件），并校验')
    .requiredOption('--out <file>', '备份文件路径（.bdbackup）')
    .action(async (o: { out: string }) => {
      await open();
      const { createBackup } = await import('./backup/backup');
      const r = await createBackup(desk!, o.out);
      print(r, `已写出并校验备份：${r.file}（${(r.bytes / 1048576).toFixed(1)} MB，材料文件 ${r.materialFiles} 个）\n${(r.warnings ?? []).map((w) => `${w}\n`).join('')}`);
    });
  backup
    .command('verify <file>')
    .description('校验备份文件的完整性')
    .action(async (file: string) => {
      const [{ verifyBackupIn }, { chinaDateTime }] = await Promise.all([import('./backup/backup'), import('./domain/dates')]);
      // its private copy goes into the data folder's tmp/backup (swept after a kill), not the OS temp folder
      const { manifest } = await verifyBackupIn(resolveDataDir(program.opts().data as string | undefined), file);
      print({ ok: true, createdAt: manifest.createdAt, entries: manifest.entries.length }, `备份完好：创建于 ${chinaDateTime(manifest.createdAt, true)}（北京时间），共 ${manifest.entries.length} 个文件\n`);
    });
  backup
    .command('restore <file>')
    .description('恢复到一个空的数据目录（--data 指定），较旧版本的备份会自动升级；团队数据库的备份另需 --database 指定一个空的团队数据库')
    .action(async (file: string) => {
      const dataDir = resolveDataDir(program.opts().data as string | undefined);
      const database = program.opts().database as string | undefined;
      const { isPostgresUrl } = await import('./db/openPostgres');
      if (database && isPostgresUrl(database)) {
        const { restoreTeamBackup } = await import('./backup/teamBackup');
        const t = await restoreTeamBackup(file, dataDir, database);
        print(t, `已恢复团队数据库 ${t.database}（材料 ${t.materialFiles} 个），密钥文件在 ${t.dataDir}；用原数据密码启动：npm run server -- --data ${t.dataDir} --database …\n${(t.warnings ?? []).map((w) => `${w}\n`).join('')}`);
        return;
      }
      const { restoreBackup } = await import('./backup/backup');
      const r = await restoreBackup(file, dataDir);
      print(r, `已恢复到 ${r.dataDir}（材料文件 ${r.materialFiles} 个）；使用原数据密码解锁\n`);
    });

  program
    .command('passphrase')
    .description('数据密码')
    .command('change')
    .description('修改数据密码（只重新包装密钥，不重写数据）；脚本可用 BEIAN_DESK_PASSPHRASE 与 BEIAN_DESK_NEW_PASSPHRASE')
    .action(async () => {
      await open();
      const current = process.env.BEIAN_DESK_PASSPHRASE ?? (io.ask ? await io.ask('当前数据密码：') : '');
      let next = process.env.BEIAN_DESK_NEW_PASSPHRASE;
      if (!next) {
        if (!io.ask) throw new Refused({ code: 'VALIDATION', message: '请在终端中运行，或设置 BEIAN_DESK_NEW_PASSPHRASE' });
        next = await io.ask('新数据密码（至少 8 个字符）：');
        if ((await io.ask('再次输入新数据密码：')) !== next) throw new Refused({ code: 'VALIDATION', message: '两次输入的新密码不一致' });
      }
      await call('session.changePassphrase', { current, next, confirm: next });
      print({ ok: true }, '数据密码已修改\n');
    });

  // ---- team server accounts (issue 14): the password is asked on the terminal (twice) or read as the
  // first line of standard input — never an argument, which shell history and the process list keep ----
  const readNewPassword = async (): Promise<string> => {
    if (io.ask) {
      const first = await io.ask('密码（至少 10 个字符）：');
      if ((await io.ask('再次输入密码：')) !== first) throw new Refused({ code: 'VALIDATION', message: '两次输入的密码不一致' });
      return first;
    }
    if (!io.stdin) throw new Refused({ code: 'VALIDATION', message: '请在终端中运行，或从标准输入提供密码（第一行）' });
    const line = (await io.stdin()).split(/\r?\n/)[0] ?? '';
    if (!line) throw new Refused({ code: 'VALIDATION', message: '标准输入的第一行应为密码' });
    return line;
  };
  const accountByName = async (username: string) => {
    const found = (await call('account.list', {})).find((a) => a.username === username.trim().toLowerCase());
    if (!found) throw new Refused({ code: 'NOT_FOUND', message: `没有用户名为“${username}”的账户` });
    return found;
  };
  const account = program.command('account').description('团队服务器的操作员账户（npm run server）');
  account
    .command('add')
    .description('新建账户；密码在终端提示时输入，或由标准输入的第一行提供')
    .requiredOption('--username <name>', '登录用户名（字母开头，字母、数字、点、下划线、短横线）')
    .requiredOption('--name <displayName>', '姓名（日志中显示）')
    .option('--role <role>', 'admin 管理员 / operator 操作员 / photo 拍照点', 'operator')
    .action(async (o: { username: string; name: string; role: string }) => {
      if (!(ACCOUNT_ROLES as readonly string[]).includes(o.role)) throw new CommanderError(2, 'beian.usage', '角色应为 admin（管理员）、operator（操作员）或 photo（拍照点）');
      await open();
      const password = await readNewPassword();
      const a = await call('account.create', { username: o.username, displayName: o.name, role: o.role as AccountRole, password, confirm: password });
      print(a, `已新建账户 ${a.username}（${a.displayName}，${ROLE_LABELS[a.role]}）\n`);
    });
  account
    .command('list')
    .description('列出账户')
    .action(async () => {
      const [list, { chinaDateTime }] = await Promise.all([call('account.list', {}), import('./domain/dates')]);
      print(list, list.map((a) => `${a.username}  ${a.displayName}  ${ROLE_LABELS[a.role]}${a.disabled ? '  已停用' : ''}${a.lockedUntil ? `  锁定至 ${chinaDateTime(a.lockedUntil)}（北京时间）` : ''}\n`).join('') || '尚无账户\n');
    });
  account
    .command('password <username>')
    .description('重设账户密码（结束其登录会话并解除锁定）')
    .action(async (username: string) => {
      const a = await accountByName(username);
      const password = await readNewPassword();
      await call('account.setPassword', { id: a.id, password, confirm: password });
      print({ ok: true }, `已重设 ${a.username} 的密码\n`);
    });

  // ---- moving a single desk up to a team database (services/moveToServer.ts): --database names the
  // EMPTY target here, the desk is the data folder's own SQLite file ----
  program
    .command('move-to-server')
    .description('把单机数据目录（--data）的全部数据复制到一个空的团队数据库（--database postgres://…）：一次事务，逐表核对行数与摘要；单机数据不改动')
    .action(async () => {
      const database = program.opts().database as string | undefined;
      const { isPostgresUrl } = await import('./db/openPostgres');
      if (!database || !isPostgresUrl(database)) throw new CommanderError(2, 'beian.usage', '请用 --database postgres://用户@主机:端口/数据库 指定一个空的团队数据库（密码放在 PGPASSWORD 或 PGPASSFILE 中）');
      const dataDir = resolveDataDir(program.opts().data as string | undefined);
      const [{ hasDatabase }, { Desk }, { unlockFromEnvOrPrompt }, { migrationProgressPrinter }, { moveDeskToServer }] = await Promise.all([
        import('./files/dataFolder'),
        import('./desk'),
        import('./secrets/unlockForCli'),
        import('./db/migrations/progressText'),
        import('./services/moveToServer'),
      ]);
      if (!hasDatabase(dataDir)) throw new Refused({ code: 'NOT_FOUND', message: `数据目录 ${dataDir} 里没有单机数据库，没有可迁移的数据` });
      desk = await Desk.open({ dataDir, onMigrationProgress: migrationProgressPrinter((t) => io.err(t)) });
      if (desk.vault.state() === 'uninitialised') throw new Refused({ code: 'SETUP_REQUIRED', message: '该数据目录尚未设置数据密码，没有可迁移的数据' });
      await unlockFromEnvOrPrompt(desk, process.env, io.ask);
      let shownTable = '';
      const r = await moveDeskToServer(desk, database, {
        onProgress: (p) => {
          // one line per table and phase, then its count as it grows (a large table prints every batch)
          const line = `${p.phase} ${p.label}（${p.table}）：${p.done}/${p.total}\n`;
          if (p.done > 0 || shownTable !== `${p.phase}${p.table}`) io.err(line);
          shownTable = `${p.phase}${p.table}`;
        },
      });
      const counts = r.tables.filter((t) => t.rows > 0).map((t) => `${t.label} ${t.rows}`).join('、');
      print(
        r,
        `已迁移到团队数据库 ${r.database}，逐表核对行数与内容摘要一致：${counts || '（没有数据行）'}；材料 ${r.materials} 份（${r.chunks} 块，原样复制的加密内容）。\n` +
          `单机数据目录未改动。团队服务器使用同一数据目录中的密钥文件，用同一数据密码启动：\n` +
          `  npm run server -- --data ${dataDir} --database ${r.database} --listen 地址:端口 --tls-self-signed\n` +
          `（团队数据库里还没有管理员账户时，先运行 npm run cli -- --data ${dataDir} --database … account add --role admin --username … --name …）\n` +
          `此后请只通过团队服务器使用这些数据：不加 --database 打开的单机数据库停留在迁移前的样子，不会与团队数据库同步。\n`,
      );
    });

  // ---- Excel intake and export (services/intake.ts, services/xlsxExport.ts) ----
  const importCmd = program.command('import').description('导入客户');
  importCmd
    .command('xlsx <file>')
    .description('从 Excel 导入客户（模板或已保存列对应的表格）：逐行检查，只导入没有阻断问题的行')
    .option('--dry-run', '只检查并列出问题，不写入')
    .option('--all', '导入所有记录格式有效的行（有规则阻断的也导入，与表单保存一致）')
    .option('--update', '主体证件号码已是客户时更新该客户（默认跳过）')
    .option('--result <file>', '写出带“结果”列的工作簿')
    .option('--force', '结果文件已存在时覆盖它')
    .action(async (file: string, o: { dryRun?: boolean; all?: boolean; update?: boolean; result?: string; force?: boolean }) => {
      if (o.result) checkOut(o.result, { ...o, input: file });
      await open();
      const [{ MAX_XLSX_BYTES }, { commitXlsx, findingLines: intakeFindingLines, previewXlsx }] = await Promise.all([import('./export/xlsxGuard'), import('./services/intake')]);
      const data = readOperatorFile(file, 'Excel 文件', MAX_XLSX_BYTES);
      const control = { progress: () => {}, cancelled: false };
      const preview = await previewXlsx(desk!, { fileName: basename(file), data }, control);
      if (preview.needsMapping) {
        throw new Refused({ code: 'VALIDATION', message: `表头与导入模板不符，也没有保存过这组表头的列对应：请先在界面中（客户 → 导入 Excel）导入一次并确认列对应，或改用模板（表头：${preview.needsMapping.headers.slice(0, 6).join('、')}…）` });
      }
      const lines = intakeFindingLines(preview);
      const t = preview.totals;
      const head = `共 ${t.rows} 行：新客户 ${t.new}，已是客户 ${t.update}；有阻断问题 ${t.blocked} 行，仅有警告 ${t.warned} 行\n`;
      if (o.dryRun) {
        print({ totals: t, rows: preview.rows, fileFindings: preview.fileFindings }, `${head}${lines.map((l) => `  ${l}\n`).join('')}（--dry-run：未写入）\n`);
        return;
      }
      const r = await commitXlsx(desk!, { token: preview.token, mode: o.all ? 'all' : 'valid', update: Boolean(o.update) }, control);
      if (o.result) writeOut(o.result, Buffer.from(r.resultBase64, 'base64'), { ...o, input: file });
      const { resultBase64: _b, ...shown } = r;
      print(shown, `${head}新建 ${r.created}，更新 ${r.updated}，跳过 ${r.skipped}，失败 ${r.failed}\n${r.rows.filter((x) => x.outcome !== 'created' && x.outcome !== 'updated').map((x) => `  第 ${x.row} 行 ${x.name}：${x.message}\n`).join('')}${o.result ? `结果文件：${o.result}\n` : ''}`);
    });
  /** `export xlsx …` shares the word with `export <orderId>` (the submission package), which hands it here. */
  const exportXlsx = async (o: { clients?: boolean; orders?: boolean; query?: string; reveal?: boolean; out: string; force?: boolean }) => {
    if (Boolean(o.clients) === Boolean(o.orders)) throw new CommanderError(2, 'beian.usage', '请指定 --clients 或 --orders 之一');
    checkOut(o.out, o);
    await open();
    const { exportClientListXlsx, exportOrdersXlsx } = await import('./services/xlsxExport');
    const f = o.clients ? await exportClientListXlsx(desk!, { query: o.query, reveal: Boolean(o.reveal) }) : await exportOrdersXlsx(desk!, { openOnly: false });
    writeOut(o.out, Buffer.from(f.contentBase64, 'base64'), o);
    print({ file: o.out, count: f.count }, `已导出 ${f.count} ${o.clients ? '个客户' : '个订单'}到 ${o.out}${o.reveal ? '（明文，已记入日志）' : ''}\n`);
  };

  // ---- Licence and ID card photos → proposed fields (services/documentIntake.ts) ----
  program
    .command('intake')
    .description('证件识别')
    .command('ocr <files...>')
    .description('识别营业执照、身份证照片（本机离线），列出可采用的字段、置信度和位置；号码打码显示；不写入任何数据')
    .option('--kind <kind>', `证件类型：${DOCUMENT_KINDS.join(' | ')}（默认按照片文字判断）`)
    .action(async (files: string[], o: { kind?: string }) => {
      if (o.kind && !(DOCUMENT_KINDS as readonly string[]).includes(o.kind)) throw new CommanderError(2, 'beian.usage', `证件类型应为：${DOCUMENT_KINDS.join(' | ')}`);
      const [{ MAX_DOCUMENT_BYTES }, { readDocumentPhotos }, { documentReadingForTerminal }] = await Promise.all([
        import('./photos/reader/readDocument'),
        import('./services/documentIntake'),
        import('./services/documentReadingText'),
      ]);
      const photos = files.map((f) => ({ fileName: f, data: readOperatorFile(f, '照片', MAX_DOCUMENT_BYTES), kind: (o.kind as DocumentKind | undefined) ?? null }));
      const results = await readDocumentPhotos(photos, { progress: () => undefined, cancelled: false });
      const shown = results.map((r) => documentReadingForTerminal(r));
      print(shown.map(({ text: _t, ...rest }) => rest), shown.map((r) => r.text).join(''));
      if (results.some((r) => r.error)) throw new Invalid();
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0) return 0;
      if (err.code === 'beian.usage') io.err(`${err.message}\n`);
      else if (err.code !== 'commander.help') io.err(`${usageMessage(err, commandPath(program, argv))}\n`);
      return 2;
    }
    if (err instanceof Invalid) return 1;
    const body: ErrorBody = err instanceof Refused ? err.body : err instanceof DeskError ? errorBody(err) : notDeskError(err, resolveDataDir(program.opts().data as string | undefined));
    io.err(json() ? `${JSON.stringify({ ok: false, error: body })}\n` : formatError(body));
    return 1;
  } finally {
    await desk?.close();
  }
}

/**
 * Exits once stdout and stderr have taken everything written: into a pipe a write is queued when the pipe is
 * full (64 KiB), and process.exit then drops the rest — `--json entity list | cat` lost half its output and
 * still exited 0. An empty write's callback comes after those before it.
 */
function exitWhenWritten(code: number): void {
  process.exitCode = code;
  let waiting = 2;
  for (const stream of [process.stdout, process.stderr]) {
    stream.write('', () => {
      if (--waiting === 0) process.exit(code);
    });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  // a reader that went away (`| head`) fails the writes after it: nothing more to tell, and not a crash
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
  // Ctrl-C or a kill while an output is written: its temp file beside the output (a client's data in clear)
  // is removed, not left hidden in the operator's folder. 128 + the signal's number, as a shell reports it.
  const interrupted = (code: number) => () => {
    removeTempFilesInFlight();
    process.exit(code);
  };
  process.once('SIGINT', interrupted(130));
  process.once('SIGTERM', interrupted(143));
  void runCli(process.argv.slice(2)).then(exitWhenWritten);
}
