// The contract's methods are built on first use and the handlers' services load on first call (issue 20):
// what a host no longer does at start must still happen, once, when a method is called.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { contract } from '../../../main/api/contract';
import { servicesOnFirstCall } from '../../../main/api/lazyServices';
import { methodsBuiltOnFirstUse, once } from '../../../main/api/methodSpecs';
import { chineseIssue } from '../../../main/api/router';
import { companyRecord } from '../../fixtures/records';
import { testRouter } from '../../helpers';

describe('contract methods built on first use', () => {
  it('builds a method only when it is first read, and only once', () => {
    const builds: string[] = [];
    const methods = methodsBuiltOnFirstUse({
      'a.one': () => (builds.push('a.one'), { input: z.strictObject({ n: z.number() }), output: z.number() }),
      'a.two': () => (builds.push('a.two'), { open: true as const, input: z.strictObject({}), output: z.string() }),
    });
    expect(Object.keys(methods)).toEqual(['a.one', 'a.two']);
    expect('a.two' in methods).toBe(true);
    expect(builds).toEqual([]);
    const first = methods['a.one'];
    expect(methods['a.one']).toBe(first);
    expect(builds).toEqual(['a.one']);
    expect(() => Object.assign(methods, { 'a.one': null })).toThrow();
  });

  it('builds a shared schema once', () => {
    let n = 0;
    const row = once(() => (n++, z.object({ id: z.number() })));
    expect(row()).toBe(row());
    expect(n).toBe(1);
  });

  it('still refuses bad input with the method’s own Chinese message', () => {
    const input = contract['entity.get'].input;
    expect(input.safeParse({ id: 3 }).success).toBe(true);
    const negative = input.safeParse({ id: -3 }, { error: chineseIssue });
    expect(negative.success).toBe(false);
    expect(negative.error?.issues[0]?.message).toBe('客户编号应为正数');
    const unknownField = input.safeParse({ id: 3, admin: true }, { error: chineseIssue });
    expect(unknownField.error?.issues[0]?.message).toBe('无法识别的字段：“admin”（请删除或检查拼写）');
    // a method of a block spread into the contract (accountsContract.ts) too
    const setPassword = contract['account.setPassword'].input.safeParse({ id: 1, password: 'long-enough-password-1', confirm: 'other' });
    expect(setPassword.error?.issues.map((i) => i.message)).toEqual(['两次输入的密码不一致']);
  });

  it('refuses bad input through the router before the handler’s service is loaded or run', async () => {
    const { router, desk } = await testRouter();
    const bad = companyRecord(1);
    bad.people[0]!.certNumber = '110101199003070000'; // wrong check digit
    const r = await router.invoke('entity.create', { record: bad });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toBe('VALIDATION');
    expect(!r.ok && r.error.details?.[0]?.path).toEqual(['record', 'people', 0, 'certNumber']);
    expect((desk.sql.raw.prepare('SELECT count(*) AS n FROM entity').get() as { n: number }).n).toBe(0);
    // and the same method with good input runs its service
    expect(await router.invoke('entity.create', { record: companyRecord(1) })).toMatchObject({ ok: true, value: { id: 1 } });
  });
});

describe('services loaded on first call', () => {
  it('imports the module at the first call only, and keeps a service’s refusal', async () => {
    let loads = 0;
    const module = {
      double: async (n: number) => await Promise.resolve(n * 2),
      refuse: (why: string): number => {
        throw new Error(why);
      },
    };
    const { double, refuse } = servicesOnFirstCall(async () => {
      loads++;
      return await Promise.resolve(module);
    });
    expect(loads).toBe(0);
    expect(await double(21)).toBe(42);
    expect(await double(1)).toBe(2);
    expect(loads).toBe(1);
    // a service that throws at once rejects: the router's await turns it into the same error body
    await expect(refuse('不可以')).rejects.toThrow('不可以');
  });
});
