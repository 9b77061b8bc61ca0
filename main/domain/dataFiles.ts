// The data files shipped in resources/ are checked against their schema when they load: a broken or
// hand-edited file stops the desk with a message naming the file and the field, instead of rules,
// sheets or packages running on half a list.
import type { z } from 'zod';
import { DeskError } from './errors';

export function loadDataFile<S extends z.ZodType>(name: string, schema: S, raw: unknown): z.output<S> {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const where = issue.path.length ? issue.path.join('.') : '整个文件';
  throw new DeskError('INTERNAL', `数据文件 ${name} 内容有误（${where}：${issue.message}），备案助手不能使用它：请重新安装，或撤销对该文件的修改`);
}
