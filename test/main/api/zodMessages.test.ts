// What the operator reads when the input is wrong is Chinese: the messages the schemas leave to zod
// (wrong type, too long, unknown field, value not in the list …) are mapped where the router builds
// the field issues.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { validationError } from '../../../main/api/router';
import { companyRecord } from '../../fixtures/records';
import { testRouter } from '../../helpers';

// zod's vocabulary, in English and in its Chinese locale (which keeps English type names)
const ZOD_WORDS = /expected|invalid|received|\b(object|string|number|array|undefined|boolean|nan)\b|\(key\)|\(value\)|实际接收|期望/i;

const BAD_INPUTS: [string, unknown][] = [
  ['entity.list', { limit: 'x' }],
  ['entity.list', { limit: 1e9 }],
  ['entity.list', { offset: -1 }],
  ['entity.list', { sortBy: 'colour' }],
  ['entity.list', { bogus: 1, other: 2 }],
  ['entity.list', []],
  ['entity.get', {}],
  ['entity.get', { id: '7' }],
  ['entity.get', { id: null }],
  ['entity.create', { record: 5 }],
  ['entity.create', { record: { ...companyRecord(1), websites: 'shili.cn' } }],
  ['entity.create', { record: { ...companyRecord(1), people: [{ ...companyRecord(1).people[0], name: ['张三'] }] } }],
  ['settings.update', { idleLockMinutes: 'a', retentionMonths: true }],
  ['photos.fix', { files: 'a' }],
  ['material.add', { entityId: 1, kind: 'id-front', fileName: 'a.jpg', contentBase64: 42, extra: true }],
  ['order.advance', { id: 1, to: 7 }],
];

describe('field messages from zod', () => {
  it('are Chinese for every issue of a set of bad inputs, with no word of zod’s own', async () => {
    const { router } = await testRouter();
    const seen: string[] = [];
    for (const [method, input] of BAD_INPUTS) {
      const r = await router.invoke(method, input);
      expect(r.ok, `${method} ${JSON.stringify(input)}`).toBe(false);
      if (r.ok) continue;
      expect(r.error.code).toBe('VALIDATION');
      for (const m of [r.error.message, ...(r.error.details ?? []).map((d) => d.message)]) {
        expect(m, `${method} ${JSON.stringify(input)}`).not.toMatch(ZOD_WORDS);
        expect(m).toMatch(/[\u4e00-\u9fff]/);
        seen.push(m);
      }
    }
    expect(seen.length).toBeGreaterThan(BAD_INPUTS.length);
  });

  it('say what was wrong: the type wanted and given, the limit, the unknown field by name', async () => {
    const { router } = await testRouter();
    const messages = async (method: string, input: unknown) => {
      const r = await router.invoke(method, input);
      return r.ok ? [] : (r.error.details ?? []).map((d) => `${d.path.join('.')}: ${d.message}`);
    };
    expect(await messages('entity.list', { limit: 'x' })).toEqual(['limit: 应为数字，收到的是文本']);
    // NaN's typeof is number: “应为数字，收到的是数字” (the CLI's --limit abc, read by Number())
    expect(await messages('entity.list', { limit: NaN })).toEqual(['limit: 应为数字，收到的是非数字的值']);
    expect(await messages('entity.list', { bogus: 1 })).toEqual([': 无法识别的字段：“bogus”（请删除或检查拼写）']);
    expect(await messages('photos.fix', { files: ['a.jpg'] })).toEqual(['dir: 缺少此项，请填写', 'outDir: 缺少此项，请填写']);
    // a schema's own message wins over the mapping
    expect(await messages('entity.get', {})).toEqual(['id: 客户编号应为数字']);
    expect((await messages('entity.list', { sortBy: 'colour' }))[0]).toMatch(/^sortBy: 取值无效，应为以下之一：“updatedAt”/);
  });

  it('are mapped too when a zod error comes from below the router', () => {
    const r = z.strictObject({ count: z.number().max(3) }).safeParse({ count: 9, colour: 'red' });
    const err = validationError(r.error!);
    expect(err.details!.map((d) => d.message)).toEqual(['不能大于 3', '无法识别的字段：“colour”（请删除或检查拼写）']);
    expect(err.message).not.toMatch(ZOD_WORDS);
  });
});
