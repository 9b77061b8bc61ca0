// PostgreSQL's own tools for a team database's backup: pg_dump and pg_restore, found the way the test
// cluster finds its binaries (BEIAN_DESK_PG_BINDIR, pg_config --bindir, Debian's versioned folders,
// PATH), the one matching the server's major version first. The connection is handed over in the
// environment and the password in a private PGPASSFILE (without a password in the address or PGPASSWORD,
// the password file pg itself reads: PGPASSFILE, else ~/.pgpass): nothing secret is on a command line (visible to
// every user in the process list) or in what is printed.
import { execFileSync, spawn } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { parse } from 'pg-connection-string';
import { DeskError } from '../domain/errors';

export type PgToolName = 'pg_dump' | 'pg_restore';

export interface PgTool {
  path: string;
  /** Major version from `--version` (16 for "pg_restore (PostgreSQL) 16.4"). */
  major: number;
  version: string;
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
    // Stryker disable next-line BlockStatement: equivalent, describe() passes over a file it cannot run as well (this only spares the spawn)
  } catch {
    // Stryker disable next-line BooleanLiteral: equivalent, as above
    return false;
  }
}

function describe(path: string): PgTool | null {
  try {
    // Stryker disable next-line ArrayDeclaration: equivalent, with any stdio given execFileSync keeps stderr off the desk's, and stdin ends at once either way
    const out = execFileSync(path, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 });
    const m = /(\d+)(?:\.(\d+))?/.exec(out.replace(/^[^)]*\)/, ''));
    return m ? { path, major: Number(m[1]), version: m[0] } : null;
  } catch {
    return null;
  }
}

/** Candidate folders, in order: the one named by BEIAN_DESK_PG_BINDIR alone, else pg_config's, Debian's (newest first), PATH. */
function candidateDirs(env: NodeJS.ProcessEnv): string[] {
  if (env.BEIAN_DESK_PG_BINDIR) return [env.BEIAN_DESK_PG_BINDIR];
  // Stryker disable next-line ArrayDeclaration: equivalent, a starting entry is a relative folder that holds no tool (as for PATH below)
  const dirs: string[] = [];
  try {
    const bindir = execFileSync('pg_config', ['--bindir'], {
      encoding: 'utf8',
      // Stryker disable next-line ArrayDeclaration: equivalent, as in describe(): with any stdio given execFileSync keeps stderr off the desk's
      stdio: ['ignore', 'pipe',
        // Stryker disable next-line StringLiteral: equivalent, '' is taken as 'pipe': stderr is caught and dropped instead of ignored
        'ignore'],
    }).trim();
    if (bindir) dirs.push(bindir);
  } catch {
    // no pg_config (libpq-dev not installed): look further
  }
  const debianRoot = '/usr/lib/postgresql';
  if (existsSync(debianRoot)) {
    const versions = readdirSync(debianRoot).filter((x) => /^\d+(\.\d+)?$/.test(x));
    // Stryker disable next-line ArrowFunction,ArithmeticOperator,MethodExpression: equivalent from PostgreSQL 10 on (one folder per major; only 9.x had two): findPgTool chooses by major version
    versions.sort((a, b) => Number(b) - Number(a));
    for (const v of versions) dirs.push(join(debianRoot, v, 'bin'));
  }
  // Stryker disable next-line StringLiteral: equivalent, any other text for a missing PATH names a relative folder that holds no tool
  for (const dir of (env.PATH ?? '').split(delimiter)) if (dir) dirs.push(dir);
  return [...new Set(dirs)];
}

/**
 * The tool to use against a server of `serverMajor`: the same major version if one is installed, else
 * the newest found (the caller judges an older one). Refused, saying what to install, when there is none.
 */
export function findPgTool(name: PgToolName, serverMajor: number, env: NodeJS.ProcessEnv = process.env): PgTool {
  const found = candidateDirs(env)
    .map((d) => join(d, name))
    .filter(executable)
    .map(describe)
    .filter((t): t is PgTool => t !== null);
  const best = found.find((t) => t.major === serverMajor) ?? [...found].sort((a, b) => b.major - a.major)[0];
  if (!best) {
    throw new DeskError(
      'NOT_ON_TEAM_DATABASE',
      `找不到 PostgreSQL 的 ${name}：团队数据库的备份与恢复需要它。请安装 PostgreSQL ${serverMajor} 的客户端工具（Debian/Ubuntu：apt-get install postgresql-client-${serverMajor}），或用环境变量 BEIAN_DESK_PG_BINDIR 指定其 bin 目录`,
    );
  }
  return best;
}

/** pg_dump cannot read a newer server; a newer pg_dump can, and then needs as new a pg_restore. */
export function dumpVersionProblem(tool: PgTool, serverMajor: number): { refuse?: string; warn?: string } {
  if (tool.major < serverMajor) {
    return {
      refuse: `${tool.path} 的版本（${tool.version}）低于团队数据库服务器的版本（${serverMajor}）：pg_dump 不能备份更新版本的服务器，未写出备份。请安装 PostgreSQL ${serverMajor} 的客户端工具（Debian/Ubuntu：apt-get install postgresql-client-${serverMajor}），或用 BEIAN_DESK_PG_BINDIR 指定其 bin 目录`,
    };
  }
  if (tool.major > serverMajor) {
    return { warn: `注意：pg_dump 的版本（${tool.version}）与团队数据库服务器的版本（${serverMajor}）不同。备份可以使用，但恢复时需要 ${tool.major} 或更新版本的 pg_restore` };
  }
  return {};
}

const quotePgpass = (v: string) => v.replace(/\\/g, '\\\\').replace(/:/g, '\\:');

/**
 * The environment that points libpq at the database of `url` (PGHOST, PGPORT, PGUSER, PGDATABASE, TLS
 * settings), the password in a PGPASSFILE written owner-only into `privateDir`; the caller removes it.
 * PG* variables of the calling shell are dropped so they cannot redirect the tool elsewhere.
 */
export function connectionEnv(url: string, privateDir: string, passFileName: string): { env: NodeJS.ProcessEnv; database: string } {
  const c = parse(url);
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PG')));
  const set = (key: string, v: unknown) => {
    if (typeof v === 'string' && v !== '') env[key] = v;
  };
  set('PGHOST', c.host);
  set('PGPORT', c.port);
  set('PGUSER', c.user);
  set('PGDATABASE', c.database);
  const extra = c as unknown as Record<string, unknown>;
  set('PGSSLMODE', extra.sslmode);
  set('PGSSLROOTCERT', extra.sslrootcert);
  set('PGSSLCERT', extra.sslcert);
  set('PGSSLKEY', extra.sslkey);
  const passFile = join(privateDir, passFileName);
  // the password the desk's own connection uses (pg reads PGPASSWORD when the address has none — an address
  // on the command line never has one, databaseArgv.ts), in a file of its own: never in the tool's environment
  const password = c.password || process.env.PGPASSWORD;
  writeFileSync(passFile, password ? `*:*:*:*:${quotePgpass(password)}\n` : '', { mode: 0o600, flag: 'wx' });
  env.PGPASSFILE = password ? passFile : (process.env.PGPASSFILE ?? join(homedir(), '.pgpass'));
  env.PGCONNECT_TIMEOUT = env.PGCONNECT_TIMEOUT ?? '15';
  if (!c.database) throw new DeskError('BAD_REQUEST', '团队数据库地址中缺少数据库名（postgres://用户:密码@主机:端口/数据库）');
  return { env, database: c.database };
}

/** Runs a tool to its end; a failure is told with the tool's own last words (which never hold the password). */
export async function runPgTool(tool: PgTool, args: string[], env: NodeJS.ProcessEnv, what: string): Promise<string> {
  return await new Promise<string>((resolve, reject) => {
    const child = spawn(tool.path, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (e) => reject(new DeskError('INTERNAL', `无法运行 ${tool.path}：${e.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0) return resolve(Buffer.concat(out).toString('utf8'));
      const said = Buffer.concat(err).toString('utf8').trim().split('\n').slice(-3).join(' ').slice(0, 600);
      reject(new DeskError('INTERNAL', `${what}失败（${tool.path} ${signal ? `被信号 ${signal} 终止` : `退出码 ${code}`}）：${said || '没有输出'}`));
    });
  });
}
