// The desk's error type, in the lowest layer so every folder may throw it: a stable code, a Chinese
// message and, where a field is at fault, its path. main/api/errors.ts maps it to the wire format.
import type { EditConflict } from './editConflict';

export const ERROR_CODES = {
  VALIDATION: '输入不符合要求',
  NOT_FOUND: '记录不存在',
  CONFLICT: '与现有数据冲突',
  UNKNOWN_METHOD: '未知的操作',
  DB_TOO_NEW: '数据库版本过新',
  DB_CORRUPT: '数据库文件损坏或不是备案助手的数据库',
  DB_BUSY: '数据库正忙',
  DB_MISSING: '数据库文件缺失',
  FILE_TOO_LARGE: '文件过大',
  FILE_INVALID: '文件无效',
  UNAUTHORIZED: '未授权',
  LOCKED: '已锁定',
  SETUP_REQUIRED: '尚未设置密码',
  WRONG_PASSPHRASE: '密码错误',
  KEYRING_CORRUPT: '密钥文件损坏',
  KEYRING_MISSING: '密钥文件缺失',
  KEYRING_FOREIGN: '密钥文件不属于此数据目录',
  DATA_TAMPERED: '数据校验失败',
  FILE_TAMPERED: '文件校验失败',
  ARCHIVE_INVALID: '归档文件无效',
  BAD_REQUEST: '请求格式错误',
  INTERNAL: '内部错误',
  // team server (issue 14): not logged in is UNAUTHORIZED; these are the other refusals of a login
  FORBIDDEN: '无权执行此操作',
  ACCOUNT_LOCKED: '账户已锁定',
  TOO_MANY_LOGINS: '登录尝试过多',
  // team database (issue 14): what the PostgreSQL store leaves to PostgreSQL's own tools (pg_dump)
  NOT_ON_TEAM_DATABASE: '团队数据库不支持此操作',
  // optimistic concurrency (issue 14): someone else saved the row since this save's version was read
  EDIT_CONFLICT: '记录已被他人修改',
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

export interface FieldIssue {
  path: (string | number)[];
  message: string;
}

export class DeskError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: FieldIssue[],
    /** EDIT_CONFLICT only: what was changed since the save's version, by whom and when. */
    readonly conflict?: EditConflict,
  ) {
    super(message);
    this.name = 'DeskError';
  }
}

/**
 * SQLite's refusal when another connection holds the database (SQLITE_BUSY once busy_timeout has passed:
 * another program on the same data folder — a second window, the CLI, the web host — is writing; SQLITE_LOCKED)
 * as the operator is told it; undefined for any other error.
 */
export function dbBusyError(err: unknown): DeskError | undefined {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' ? new DeskError('DB_BUSY', '数据库正被另一个程序使用，请稍后再试') : undefined;
}

export const notFound = (what: string, id: number | string) => new DeskError('NOT_FOUND', `${what}（编号 ${id}）不存在或已被删除`);
