// A team database's password never comes from the command line: every local user can read a process's
// arguments (/proc/<pid>/cmdline, ps). `--database` takes an address without one; the password comes from
// PGPASSWORD or a password file (PGPASSFILE, else ~/.pgpass), which the pg driver reads itself, or — for a
// server started from 设置 — through the desk's pipe (--secrets-stdin). Loaded by the CLI before any
// database code, so it stays small.
import { DeskError } from '../domain/errors';

const POSTGRES_URL = /^postgres(?:ql)?:\/\//i;

/**
 * Whether a postgres:// address carries a password (user:password@ or ?password=, as pg-connection-string
 * reads them). Node's URL parser, not pg's: the server loads no package before it opens the store.
 */
export function databaseUrlHasPassword(url: string): boolean {
  if (!POSTGRES_URL.test(url)) return false;
  try {
    const u = new URL(url);
    return u.password !== '' || Boolean(u.searchParams.get('password'));
  } catch {
    // an address the parser refuses is refused later by the opener; the user:password@ form is looked at here
    return /\/\/[^/@]*:[^/@]+@/.test(url) || /[?&]password=[^&]/.test(url);
  }
}

export const PASSWORD_IN_ARGV_MESSAGE =
  '数据库地址中含有密码：命令行参数本机的其他用户都能读到（进程列表、/proc/…/cmdline），未打开数据库。' +
  '请去掉地址中的密码（--database postgres://用户@主机:5432/数据库），把密码放在环境变量 PGPASSWORD 中，' +
  '或写进 PGPASSFILE 指定的密码文件（每行 主机:端口:数据库:用户:密码，权限 0600；未指定时为 ~/.pgpass）';

/** Refuses a `--database` argument that holds a password, before anything is opened. */
export function refusePasswordInArgv(database: string | undefined): void {
  if (database && databaseUrlHasPassword(database)) throw new DeskError('BAD_REQUEST', PASSWORD_IN_ARGV_MESSAGE);
}
