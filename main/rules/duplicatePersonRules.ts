// One 证件号码 belongs to one person: the same number on two 负责人 of a client, or on a 负责人 of another
// client under a different name, is almost always a typo or a copied row — and a filing with someone
// else's ID number is refused by the 管局. Another client's person is found through the keyed index.
import { normalizeNumber } from '../domain/identifiers';
import { personLabel } from './facts';
import type { FindingDraft, Rule } from './types';

const SOURCE = '《互联网信息服务管理办法》及接入商备案要求（负责人信息须真实、为本人证件）';

export const duplicatePersonRules: Rule[] = [
  {
    id: 'V-ID-10',
    scope: 'person',
    severity: 'warning',
    title: '同一证件号码出现在两位负责人上',
    source: SOURCE,
    devSource: 'issue 17 (operator feedback): the same 证件号码 on two people went unnoticed; 负责人 must be real and their own (S4 填写负责人信息)',
    check: (ctx) => {
      const people = ctx.record.people.map((p, i) => ({ p, i, number: normalizeNumber(p.certNumber ?? '') })).filter((x) => x.number.length >= 6);
      const out: FindingDraft[] = [];
      for (const x of people) {
        const first = people.find((y) => y.number === x.number);
        if (first && first.i !== x.i)
          out.push({
            path: ['people', x.i, 'certNumber'],
            message: `${personLabel(x.p, x.i)}的证件号码与${personLabel(first.p, first.i)}相同`,
            hint: '同一人只需录入一次（主体负责人与网站负责人可选同一人）；不同的人请核对证件号码',
          });
      }
      if (!ctx.store?.peopleWithCertNumbers) return out;
      // each number once, in the people's order (as a set of them listed it), made without the set
      const numbers: string[] = [];
      for (const x of people) if (!numbers.includes(x.number)) numbers.push(x.number);
      const others = ctx.store.peopleWithCertNumbers(numbers);
      for (const o of others) {
        for (const x of people.filter((y) => y.number === o.certNumber)) {
          // the same person may well be 负责人 of several clients; a different name under the same number is not
          if (o.personName.trim() === x.p.name.trim()) continue;
          out.push({
            path: ['people', x.i, 'certNumber'],
            message: `${personLabel(x.p, x.i)}的证件号码已登记在客户“${o.clientName}”（编号 ${o.entityId}）的负责人“${o.personName}”名下，姓名不同`,
            hint: '核对证件号码与姓名是否为同一人的证件',
          });
        }
      }
      return out;
    },
  },
];
