// The router every host calls: validate input, run the handler, validate output, and turn anything that
// goes wrong into { ok: false, error } with a Chinese message. Nothing else crosses the boundary.
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Desk } from '../desk';
import { contract, isMethod, type ApiResult } from './contract';
import { dbBusyError, DeskError, type FieldIssue } from '../domain/errors';
import { storeError } from '../db/storeError';
import { fileSystemError } from '../files/outputFolder';
import { errorBody } from './errors';
import { handlers } from './handlers';
import { asActor } from '../db/actorScope';
import { auditActorOf, ROLE_LABELS } from '../domain/accounts';
import type { Caller } from '../services/accounts';
import { mayCall } from './roles';
import { PHOTO_SCOPE, type PhotoScope } from './roleScope';
import { isUploadMethod, type UploadMethod } from './uploads';
import { uploadHandlers } from './uploadHandlers';

export type Logger = (line: string) => void;

const TYPE_NAMES: Record<string, string> = {
  string: '文本',
  number: '数字',
  int: '整数',
  bigint: '整数',
  boolean: '是或否',
  array: '列表',
  tuple: '列表',
  object: '对象',
  record: '对象',
  map: '对象',
  set: '列表',
  date: '日期',
  null: '空值',
  file: '文件',
};
const typeName = (t: string) => TYPE_NAMES[t] ?? '其他类型';
const inputType = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

type AnyIssue = z.core.$ZodRawIssue | z.core.$ZodIssue;

/**
 * Chinese for what zod says in English (or in its Chinese locale with English type names): every schema
 * gives its own message where the operator meets it; this covers what the schemas leave to zod.
 */
export function chineseIssue(issue: AnyIssue): string {
  const i = issue as AnyIssue & Record<string, unknown>;
  switch (i.code) {
    case 'invalid_type': {
      if ('input' in i && i.input === undefined) return '缺少此项，请填写';
      const got = 'input' in i ? `，收到的是${Number.isNaN(i.input) ? '非数字的值' : typeName(inputType(i.input))}` : '';
      return `应为${typeName(String(i.expected))}${got}`;
    }
    case 'too_big': {
      const max = String(i.maximum);
      if (i.origin === 'string') return `不能超过 ${max} 个字符`;
      if (i.origin === 'array' || i.origin === 'set') return `最多 ${max} 项`;
      if (i.origin === 'file') return '文件过大';
      return i.inclusive === false ? `应小于 ${max}` : `不能大于 ${max}`;
    }
    case 'too_small': {
      const min = String(i.minimum);
      if (i.origin === 'string') return min === '1' ? '不能为空' : `至少 ${min} 个字符`;
      if (i.origin === 'array' || i.origin === 'set') return `至少 ${min} 项`;
      return i.inclusive === false ? `应大于 ${min}` : `不能小于 ${min}`;
    }
    case 'unrecognized_keys':
      return `无法识别的字段：${(i.keys as string[]).map((k) => `“${k}”`).join('、')}（请删除或检查拼写）`;
    case 'invalid_value': {
      const values = (i.values as unknown[]).map((v) => `“${String(v)}”`);
      return values.length && values.length <= 12 ? `取值无效，应为以下之一：${values.join('、')}` : '取值无效，请从列表中选择';
    }
    case 'invalid_format':
      return '格式不正确';
    case 'not_multiple_of':
      return `应为 ${String(i.divisor)} 的倍数`;
    case 'invalid_union':
      return '不符合任何一种允许的写法';
    case 'invalid_key':
      return '包含无效的字段名';
    case 'invalid_element':
      return '包含无效的项';
    default:
      return '输入不符合要求';
  }
}

// How zod's own messages read, in English or in its Chinese locale; the schemas' messages never do.
const ZOD_DEFAULT = /^(Invalid|Too (big|small)|Unrecognized|Expected)\b|\b(expected|received)\b|^无效|^数值过[大小]|^出现未知的键|键\(key\)|无效值\(value\)|实际接收/;

export function issuesOf(err: z.ZodError, prefix: (string | number)[] = []): FieldIssue[] {
  return err.issues.map((i) => ({
    path: [...prefix, ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))],
    message: ZOD_DEFAULT.test(i.message) ? chineseIssue(i) : i.message,
  }));
}

export function validationError(err: z.ZodError, prefix: (string | number)[] = []): DeskError {
  const details = issuesOf(err, prefix);
  const first = details[0];
  const more = details.length > 1 ? `（共 ${details.length} 处问题）` : '';
  return new DeskError('VALIDATION', first ? `${first.message}${more}` : '输入不符合要求', details);
}

export interface Router {
  /**
   * `caller`: the logged-in account on a team server — its role is checked against the role table and
   * the log names it; absent on the single desk (its own token or IPC), which has no roles.
   */
  invoke(method: string, input: unknown, caller?: Caller): Promise<ApiResult<unknown>>;
  /**
   * A method of uploads.ts with its file as the request's body: checked as invoke checks it (method, role,
   * lock, the other inputs), then `receive` writes the body to `file` — in the data folder's tmp, removed
   * after the call — and the method reads the archive there. A refusal before `receive` leaves the body unread.
   */
  upload(method: string, input: unknown, receive: (file: string) => Promise<void>, caller?: Caller): Promise<ApiResult<unknown>>;
}

/** An upload method's other inputs: its schema without the base64 content, which the body replaces. */
const uploadInput = (method: UploadMethod) => (contract[method].input as unknown as z.ZodObject).omit({ contentBase64: true });

export function createRouter(desk: Desk, log: Logger = (l) => process.stderr.write(`${l}\n`)): Router {
  async function call(method: string, input: unknown, caller: Caller | undefined, receive?: (file: string) => Promise<void>): Promise<ApiResult<unknown>> {
    try {
      if (typeof method !== 'string' || !isMethod(method) || (receive && !isUploadMethod(method))) {
        throw new DeskError('UNKNOWN_METHOD', `未知的${receive ? '上传' : ''}操作：${String(method).slice(0, 60)}`);
      }
      const spec = contract[method];
      if (caller && !mayCall(caller.role, method)) {
        throw new DeskError('FORBIDDEN', `无权执行此操作：${ROLE_LABELS[caller.role]}账户不能使用“${method}”`);
      }
      if (!('open' in spec)) {
        await desk.touch();
        desk.vault.derived(); // refuses with LOCKED / SETUP_REQUIRED before any input is looked at
      }
      // Messages the schemas leave to zod are Chinese from the start (a schema's own message wins).
      const parsed = (receive ? uploadInput(method as UploadMethod) : spec.input).safeParse(input ?? {}, { error: chineseIssue });
      if (!parsed.success) throw validationError(parsed.error);
      const handler = receive ? uploadHandler(method as UploadMethod, receive) : (handlers[method] as (i: unknown, d: Desk, c?: Caller | null) => unknown);
      const scope = caller?.role === 'photo' ? (PHOTO_SCOPE[method] as PhotoScope | undefined) : undefined;
      const run = async () => {
        await scope?.before?.(parsed.data as never, desk, caller!);
        const v = await handler(parsed.data, desk, caller ?? null);
        scope?.after?.(v);
        return v;
      };
      // A team server's request: everything it writes to the log names the logged-in operator.
      const value = caller ? await asActor(auditActorOf(caller), run) : await run();
      const out = spec.output.safeParse(value);
      if (!out.success) {
        log(`[api] ${method}: output failed its schema (${out.error.issues.length} issues)`);
        throw new DeskError('INTERNAL', '内部错误：返回的数据不完整，请重试或联系支持');
      }
      return { ok: true, value: out.data };
    } catch (err) {
      return { ok: false, error: toErrorBody(err, method, log, desk.dataDir) };
    }
  }

  /** The upload's handler: the body received into a fresh file of the data folder's tmp, read there, then removed. */
  function uploadHandler(method: UploadMethod, receive: (file: string) => Promise<void>) {
    return async (i: unknown, d: Desk) => {
      const file = join(d.files.root, 'tmp', `upload-${randomBytes(8).toString('hex')}.bdtransfer`);
      try {
        await receive(file);
        return await uploadHandlers[method](i as { passphrase: string }, file, d);
      } finally {
        rmSync(file, { force: true });
      }
    };
  }

  return {
    invoke: (method, input, caller) => call(method, input, caller),
    upload: (method, input, receive, caller) => call(method, input, caller, receive),
  };
}

/** `dataDir`: the desk's data folder, named when the store itself refused (a full disk, a damaged file). */
export function toErrorBody(err: unknown, method: string, log: Logger, dataDir: string) {
  if (err instanceof DeskError) return errorBody(err);
  if (err instanceof z.ZodError) return errorBody(validationError(err));
  const code = typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
  const busy = dbBusyError(err);
  if (busy) return errorBody(busy);
  if (code.startsWith('SQLITE_CONSTRAINT')) {
    return errorBody(new DeskError('CONFLICT', '保存失败：与现有数据冲突（例如同一网站中重复的域名）'));
  }
  // Log the kind of failure only: messages of lower layers may quote personal values.
  log(`[api] ${String(method).slice(0, 60)} failed: ${err instanceof Error ? err.name : typeof err}${code ? ` ${code}` : ''}`);
  // a full disk, a damaged store or a refused file is the operator's to fix, so it is said which folder and why
  return errorBody(storeError(err, dataDir) ?? fileSystemError(err) ?? new DeskError('INTERNAL', '内部错误，操作未完成；数据未被修改'));
}
