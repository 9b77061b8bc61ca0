// The router every host calls: validate input, run the handler, validate output, and turn anything that
// goes wrong into { ok: false, error } with a Chinese message. Nothing else crosses the boundary.
import { z } from 'zod';
import type { Desk } from '../desk';
import { contract, isMethod, type ApiResult } from './contract';
import { DeskError, type FieldIssue } from './errors';
import { handlers } from './handlers';

export type Logger = (line: string) => void;

export function issuesOf(err: z.ZodError, prefix: (string | number)[] = []): FieldIssue[] {
  return err.issues.map((i) => ({ path: [...prefix, ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], message: i.message }));
}

export function validationError(err: z.ZodError, prefix: (string | number)[] = []): DeskError {
  const details = issuesOf(err, prefix);
  const first = details[0];
  const more = details.length > 1 ? `（共 ${details.length} 处问题）` : '';
  return new DeskError('VALIDATION', first ? `${first.message}${more}` : '输入不符合要求', details);
}

export interface Router {
  invoke(method: string, input: unknown): Promise<ApiResult<unknown>>;
}

export function createRouter(desk: Desk, log: Logger = (l) => process.stderr.write(`${l}\n`)): Router {
  return {
    async invoke(method, input) {
      try {
        if (typeof method !== 'string' || !isMethod(method)) {
          throw new DeskError('UNKNOWN_METHOD', `未知的操作：${String(method).slice(0, 60)}`);
        }
        const spec = contract[method];
        if (!('open' in spec)) {
          desk.touch();
          desk.vault.derived(); // refuses with LOCKED / SETUP_REQUIRED before any input is looked at
        }
        const parsed = spec.input.safeParse(input ?? {});
        if (!parsed.success) throw validationError(parsed.error);
        const handler = handlers[method] as (i: unknown, d: Desk) => unknown;
        const value = await handler(parsed.data, desk);
        const out = spec.output.safeParse(value);
        if (!out.success) {
          log(`[api] ${method}: output failed its schema (${out.error.issues.length} issues)`);
          throw new DeskError('INTERNAL', '内部错误：返回的数据不完整，请重试或联系支持');
        }
        return { ok: true, value: out.data };
      } catch (err) {
        return { ok: false, error: toErrorBody(err, method, log) };
      }
    },
  };
}

export function toErrorBody(err: unknown, method: string, log: Logger) {
  if (err instanceof DeskError) return err.toBody();
  if (err instanceof z.ZodError) return validationError(err).toBody();
  const code = typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new DeskError('DB_BUSY', '数据库正被另一个程序使用，请稍后再试').toBody();
  }
  if (code.startsWith('SQLITE_CONSTRAINT')) {
    return new DeskError('CONFLICT', '保存失败：与现有数据冲突（例如同一网站中重复的域名）').toBody();
  }
  // Log the kind of failure only: messages of lower layers may quote personal values.
  log(`[api] ${String(method).slice(0, 60)} failed: ${err instanceof Error ? err.name : typeof err}${code ? ` ${code}` : ''}`);
  return new DeskError('INTERNAL', '内部错误，操作未完成；数据未被修改').toBody();
}
