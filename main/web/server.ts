// `npm run server`: the desk's web host as the agency's team server. It alone opens the store and holds
// the data key (unlocked at start, kept unlocked), operators log in with their accounts, and off this
// machine it speaks only TLS — a certificate the agency supplies, or a self-signed one whose fingerprint
// the desks pin.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { refusePasswordInArgv } from '../db/databaseArgv';
import { DeskError } from '../domain/errors';
import type { Desk } from '../desk';
import { resolveDataDir } from '../paths';
import { deriveKeyAhead } from '../secrets/keyAhead';
import { unlockFromEnvOrPrompt } from '../secrets/unlockForCli';
import type { ServerCertificate } from './certificate';
import { assertTlsOffLoopback, parseListen } from './listen';
import { closeOnSignals, rendererDirOf } from './hostProcess';
// parentPipe (and zod with it) is loaded only for a server started by a desk (--secrets-stdin)
import type { PipedSecrets } from './parentPipe';

const USAGE = `用法：npm run server -- --listen 地址:端口 [--data 目录] [--database 数据库] [--tls-cert 证书.pem --tls-key 私钥.pem | --tls-self-signed]`;
const HELP = `
  --listen 地址:端口     监听地址；本机以外的地址必须使用 TLS（127.0.0.1:0 选一个空闲端口）
  --data 目录            数据目录（默认 BEIAN_DESK_DATA 或系统用户数据目录）
  --database 数据库      团队数据库 postgres://用户@主机:5432/数据库，不含密码：密码由 PGPASSWORD 或 PGPASSFILE 提供（默认：数据目录中的 SQLite 数据库）
  --tls-cert / --tls-key 机构自己的证书与私钥（PEM）
  --tls-self-signed      在数据目录的 tls/ 中生成并沿用自签名证书
  --renderer 目录        界面文件（默认 out/renderer）
  --secrets-stdin        由桌面版启动：数据密码与数据库地址从标准输入的第一行（JSON）读取，标准输入关闭时服务器停止
数据密码在启动时于终端输入，或由 BEIAN_DESK_PASSPHRASE 提供；服务器需要至少一个账户（npm run cli -- account add --role admin …）。
`;
const SESSION_SWEEP_MS = 10 * 60_000;

function fail(message: string, code = 1): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

/** The desk the server runs over: the data folder's SQLite file, or the team database a postgres:// URL names. */
async function openStore(database: string | undefined, dataDir: string): Promise<Desk> {
  const [{ Desk }, { openNamedStore }, { migrationProgressPrinter }] = await Promise.all([import('../desk'), import('../db/storeLocation'), import('../db/migrations/progressText')]);
  const onMigrationProgress = migrationProgressPrinter((t) => process.stdout.write(t));
  let store;
  try {
    store = await openNamedStore(database, onMigrationProgress);
  } catch (err) {
    fail(err instanceof DeskError ? err.message : String(err), 2);
  }
  return await Desk.open({ dataDir, ...(store ? { store } : {}), onMigrationProgress });
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        data: { type: 'string' },
        database: { type: 'string' },
        listen: { type: 'string' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        'tls-self-signed': { type: 'boolean' },
        renderer: { type: 'string' },
        'secrets-stdin': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    fail(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`, 2);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n${HELP}`);
    process.exit(0);
  }
  try {
    // a password on the command line is readable by every local user (the pipe of --secrets-stdin is not)
    refusePasswordInArgv(values.database);
  } catch (err) {
    fail(err instanceof DeskError ? err.message : String(err), 2);
  }
  if (!values.listen) fail(`请用 --listen 指定监听地址，例如 --listen 192.168.1.10:8443\n${USAGE}`, 2);
  if (Boolean(values['tls-cert']) !== Boolean(values['tls-key'])) fail('--tls-cert 与 --tls-key 需同时给出', 2);
  if (values['tls-cert'] && values['tls-self-signed']) fail('请在 --tls-cert/--tls-key 与 --tls-self-signed 中选择一种', 2);
  let listen: { host: string; port: number };
  try {
    listen = parseListen(values.listen);
    // refused before anything is opened or generated
    assertTlsOffLoopback(listen.host, Boolean(values['tls-cert'] || values['tls-self-signed']));
  } catch (err) {
    fail(err instanceof DeskError ? err.message : String(err), 2);
  }

  // started by a desk (teamServerProcess.ts): the secrets come through the pipe, never argv or the environment
  let piped: PipedSecrets | undefined;
  const pipe = values['secrets-stdin'] ? await import('./parentPipe') : undefined;
  if (pipe) {
    try {
      piped = await pipe.readSecretsLine(process.stdin);
    } catch (err) {
      fail(err instanceof DeskError ? err.message : String(err), 2);
    }
  }
  const database = piped?.database ?? values.database;

  const dataDir = resolveDataDir(values.data);
  let desk: Desk;
  const loadServing = () => Promise.all([import('../api/router'), import('../api/accountsHandlers'), import('../services/accounts'), import('./host'), import('../db/storeLocation')]);
  let serving: ReturnType<typeof loadServing> | undefined;
  try {
    // the store's code is loaded only after the derivation has begun (imports in openStore)
    deriveKeyAhead(dataDir, piped ? piped.passphrase : process.env.BEIAN_DESK_PASSPHRASE);
    desk = await openStore(database, dataDir);
    // the prompt package and the certificate maker (below) are loaded only when they are used
    const unlocked = piped
      ? unlockFromEnvOrPrompt(desk, { BEIAN_DESK_PASSPHRASE: piped.passphrase })
      : unlockFromEnvOrPrompt(desk, process.env, process.stdin.isTTY ? async (q) => (await import('../secrets/prompt')).promptHidden(q) : undefined);
    // the key is derived off this thread (Vault.unlock): the router, every service and the contract's
    // schemas load meanwhile instead of after it
    serving = loadServing();
    await Promise.all([unlocked, serving]);
  } catch (err) {
    fail(err instanceof DeskError ? err.message : '无法打开数据目录');
  }
  const [{ createRouter }, { teamModeFlag }, { hasAccounts, sweepSessions }, { startWebHost }, { redactDatabaseUrl }] = await serving;
  desk.keepUnlocked = true;
  if (!(await hasAccounts(desk))) {
    await desk.close();
    fail(
      `该数据目录还没有任何账户。请先创建第一个管理员（密码在提示时输入，不写在命令行上）：\n` +
        `  npm run cli -- --data ${JSON.stringify(dataDir)}${database ? ` --database ${JSON.stringify(redactDatabaseUrl(database))}` : ''} account add --role admin --username 用户名 --name 姓名`,
    );
  }

  let certificate: ServerCertificate | undefined;
  try {
    // the certificate code (and the self-signed maker's ASN.1 packages) only for a server that speaks TLS
    if (values['tls-cert'] && values['tls-key']) certificate = (await import('./certificate')).loadCertificate(resolve(values['tls-cert']), resolve(values['tls-key']));
    else if (values['tls-self-signed']) certificate = await (await import('./certificate')).selfSignedCertificate(dataDir, listen.host);
  } catch (err) {
    await desk.close();
    fail(err instanceof DeskError ? err.message : '无法准备 TLS 证书');
  }

  const rendererDir = rendererDirOf(values.renderer);
  teamModeFlag.on = true;
  let host;
  try {
    host = await startWebHost({
      router: createRouter(desk),
      rendererDir,
      port: listen.port,
      team: { desk, host: listen.host, ...(certificate ? { tls: { cert: certificate.cert, key: certificate.key } } : {}) },
    });
  } catch (err) {
    await desk.close();
    const code = (err as NodeJS.ErrnoException).code;
    fail(err instanceof DeskError ? err.message : code === 'EADDRINUSE' ? `端口 ${listen.port} 已被占用` : code === 'EADDRNOTAVAIL' ? `本机没有地址 ${listen.host}` : '服务启动失败');
  }
  // a failed sweep (the store busy) is retried at the next tick; it must not stop the server
  const sweep = setInterval(() => void sweepSessions(desk).catch(() => process.stderr.write('清理过期登录会话失败，将稍后重试\n')), SESSION_SWEEP_MS);
  sweep.unref();

  process.stdout.write(`数据目录：${dataDir}\n`);
  if (desk.sql.dialect.name === 'postgres' && database) process.stdout.write(`团队数据库：${redactDatabaseUrl(database)}\n`);
  if (certificate) {
    const { certificateEnd } = await import('./certificate');
    process.stdout.write(`TLS 证书${certificate.selfSigned ? '（自签名）' : ''}有效期至 ${certificateEnd(certificate.validTo)}\n`);
    process.stdout.write(`证书指纹 SHA-256：${certificate.fingerprint256}\n`);
    if (certificate.selfSigned) process.stdout.write('请在各终端首次连接时核对并固定此指纹。\n');
  }
  process.stdout.write(`备案助手团队服务器已启动：${host.url}\n`);
  const stop = closeOnSignals(host, desk, () => clearInterval(sweep));
  if (piped && pipe) {
    process.stdout.write(pipe.readyLine({ url: host.url, fingerprint256: certificate?.fingerprint256 ?? null, validTo: certificate?.validTo ?? null, selfSigned: Boolean(certificate?.selfSigned) }));
    pipe.stopWhenParentGoes(process.stdin, stop);
  }
}

void main();
