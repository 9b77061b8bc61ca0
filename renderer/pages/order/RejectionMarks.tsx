// Open 驳回 reasons on a client's edit form: each in red under its field (it goes as soon as the field is
// edited) and listed above the form. Rendered inside the form of an edit drawer.
import { Alert, Form } from 'antd';
import { useEffect, useMemo } from 'react';
import type { MethodOutput } from '../../../main/api/contract';
import { resource } from '../../query/keys';
import { useApiQuery } from '../../query/useApiQuery';
import { formFieldOf } from './rejectionTargets';

type Reason = MethodOutput<'rejection.openOfEntity'>['reasons'][number];

export function RejectionMarks({ entityId, scope, id, open }: { entityId: number; scope: 'entity' | 'person' | 'website'; id: number | null; open: boolean }) {
  const form = Form.useFormInstance();
  // the drawer loads its values after opening (and resets the form first): mark the fields once they are there
  const loaded = Form.useWatch('name', form) !== undefined;
  const openReasons = useApiQuery(resource.client(entityId), 'rejection.openOfEntity', { entityId }, { enabled: open }).data;
  const reasons: Reason[] = useMemo(
    () =>
      (openReasons?.reasons ?? []).filter((x) => {
        const f = formFieldOf(x.target);
        return f !== null && f.scope === scope && f.id === id;
      }),
    [openReasons, scope, id],
  );
  useEffect(() => {
    if (!open || !loaded || !reasons.length) return;
    const byField = new Map<string, { name: (string | number)[]; errors: string[] }>();
    for (const r of reasons) {
      const name = formFieldOf(r.target)!.name;
      const entry = byField.get(JSON.stringify(name)) ?? { name, errors: [] };
      entry.errors.push(`驳回（第 ${r.round} 轮）：${r.kindLabel}${r.text ? `——${r.text}` : ''}`);
      byField.set(JSON.stringify(name), entry);
    }
    const t = setTimeout(() => form.setFields([...byField.values()]), 50);
    return () => clearTimeout(t);
  }, [open, loaded, reasons, form]);
  if (!open || !reasons.length) return null;
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 12 }}
      message={`驳回原因 ${reasons.length} 个：修改标红的字段并保存，全部修改后才能重新提交`}
      description={
        <ul style={{ margin: 0, paddingLeft: 18 }}>
          {reasons.map((r) => (
            <li key={r.id}>
              {r.targetLabel}——{r.kindLabel}
              {r.text ? `：${r.text}` : ''}
              {r.hint ? `（${r.hint}）` : ''}
            </li>
          ))}
        </ul>
      }
    />
  );
}
