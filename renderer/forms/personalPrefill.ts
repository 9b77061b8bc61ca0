// A 个人 client is its own 主办人: 负责人 1 is the same person, so its name and ID follow the 主办人 fields
// as they are typed. A field of 负责人 1 the operator has typed differently is left alone.
import type { FormInstance } from 'antd';

const FOLLOWS = ['name', 'certType', 'certNumber'] as const;

/**
 * Called with every change of the new-client form. `copied` remembers what was last copied, so a later
 * change of the 主办人 still updates 负责人 1 until the operator types something else there.
 */
export function prefillPersonalPrincipal(form: FormInstance, copied: Partial<Record<(typeof FOLLOWS)[number], string>>): void {
  const entity = (form.getFieldValue('entity') ?? {}) as Record<string, unknown>;
  if (entity.nature !== '个人') return;
  const person = ((form.getFieldValue('people') ?? [])[0] ?? {}) as Record<string, unknown>;
  const updates: [string, unknown][] = [];
  for (const f of FOLLOWS) {
    const source = typeof entity[f] === 'string' ? (entity[f] as string) : '';
    const current = typeof person[f] === 'string' ? (person[f] as string) : '';
    const untouchedByOperator = current === '' || current === (copied[f] ?? '') || (f === 'certType' && copied[f] === undefined);
    if (source && untouchedByOperator && current !== source) updates.push([f, source]);
    if (source && untouchedByOperator) copied[f] = source;
  }
  if (updates.length) form.setFields(updates.map(([f, value]) => ({ name: ['people', 0, f], value })));
}
