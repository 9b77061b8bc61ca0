// Control characters in the record: terminal escapes, C1 controls, bidi overrides and invisible characters (zero-width
// space, word joiner, BOM, soft hyphen) are refused in every
// text field, with a Chinese message naming the field; a newline only in the multi-line remarks.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../main/cli';
import { clientRecordSchema, personFieldsSchema } from '../../../main/domain/schemas';
import { companyRecord } from '../../fixtures/records';
import { tempDir, TEST_PASSPHRASE, testRouter } from '../../helpers';

process.env.BEIAN_DESK_PASSPHRASE = TEST_PASSPHRASE;

const HOSTILE = {
  'an ANSI escape': '\u001b[2J',
  'a C1 control sequence introducer': '\u009b31m',
  'a right-to-left override': '\u202e',
  'a first-strong isolate': '\u2068',
  'a right-to-left mark': '\u200f',
  'a NUL': '\u0000',
  'a newline': '\n',
  // invisible, carried by text copied from a web page, a chat or a spreadsheet: the name then differs from the 营业执照's
  'a zero-width space': '\u200b',
  'a zero-width non-joiner': '\u200c',
  'a zero-width joiner': '\u200d',
  'a word joiner': '\u2060',
  'a byte-order mark inside the text': '\ufeff',
  'a soft hyphen': '\u00ad',
  'a line separator': '\u2028',
};

type Json = Record<string, unknown>;

/** Paths of every string in the record, except the pick-from-list fields (they refuse anything not listed). */
function textPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  const lists = new Set(['province', 'nature', 'certType', 'serviceContent', 'preApprovals', 'languages', 'certValidFrom', 'certValidTo']);
  if (typeof value === 'string') return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => textPaths(v, [...path, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => (lists.has(k) ? [] : textPaths(v, [...path, k])));
  return [];
}

function withInserted(record: Json, path: (string | number)[], insert: string): Json {
  const copy = structuredClone(record);
  let at: Json = copy;
  for (const p of path.slice(0, -1)) at = at[p] as Json;
  const last = path.at(-1)!;
  const v = at[last] as string;
  at[last] = `${v.slice(0, 2)}${insert}${v.slice(2)}`;
  return copy;
}

describe('text fields of the record', () => {
  const record = companyRecord(1) as unknown as Json;
  const paths = textPaths(record);

  it('covers every free-text and formatted field of entity, people and websites', () => {
    const keys = new Set(paths.map((p) => p.filter((x) => typeof x === 'string').join('.')));
    for (const k of ['entity.name', 'entity.city', 'entity.certAddress', 'entity.mailingAddress', 'entity.certNumber', 'people.name', 'people.mobile', 'people.email', 'websites.name', 'websites.domains', 'websites.homepages']) expect(keys).toContain(k);
  });

  for (const [what, insert] of Object.entries(HOSTILE)) {
    it(`refuses ${what} in each of them, naming the field in Chinese`, () => {
      for (const path of paths) {
        const original = path.reduce<unknown>((v, p) => (v as Json)[p], record) as string;
        // a newline is kept in remarks; one, a BOM or a line separator (white space to trim()) is trimmed away
        // where it ends up at the end of a short value
        if (insert === '\n' && path.at(-1) === 'remark') continue;
        if (/^\s$/.test(insert) && original.length < 3) continue;
        const r = clientRecordSchema.safeParse(withInserted(record, path, insert));
        const issue = r.success ? undefined : r.error.issues.find((i) => i.path.join('.') === path.join('.') && i.message.includes('控制字符'));
        const at = Math.min(2, [...original].length) + 1;
        expect(issue?.message, path.join('.')).toMatch(new RegExp(`^.+含有不可见的控制字符（第 ${at} 个字符，U\\+[0-9A-F]{4}）`));
      }
    });
  }

  it('keeps a newline in the multi-line remarks, and names the field of a person', () => {
    const rec = structuredClone(record) as { entity: Json; websites: Json[] };
    rec.entity.remark = '第一行\n第二行';
    rec.websites[0]!.remark = '多个域名\n指向同一网站';
    expect(clientRecordSchema.safeParse(rec).success).toBe(true);
    const person = { ...(companyRecord(1).people[0] as Json) };
    delete person.id;
    const r = personFieldsSchema.safeParse({ ...person, name: '张\u202e三' });
    expect(r.success ? [] : r.error.issues.map((i) => i.message)).toEqual(['姓名含有不可见的控制字符（第 2 个字符，U+202E），多为从其他软件复制时带入：请删除后重新输入']);
  });

  it('is refused by the API and by `entity add`, with no escape reaching the terminal', async () => {
    const hostile = { ...companyRecord(1), entity: { ...companyRecord(1).entity, name: '深圳\u001b]0;pwned\u0007\u001b[31m示例科技有限公司' } };
    const { router } = await testRouter();
    expect(await router.invoke('entity.create', { record: hostile })).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: [{ path: ['record', 'entity', 'name'] }] } });
    const dir = tempDir();
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify(hostile));
    let out = '';
    let err = '';
    const code = await runCli(['--data', dir, 'entity', 'add', '--file', file], { out: (t) => (out += t), err: (t) => (err += t) });
    expect(code).toBe(1);
    expect(err).toContain('主办单位名称含有不可见的控制字符');
    expect(out + err).not.toMatch(/[\u001b\u0007\u009b]/);
  });
});
