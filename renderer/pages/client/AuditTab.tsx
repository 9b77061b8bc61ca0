// 日志: the audit entries of this client (who did what, when; field names only, never values).
import { Table } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { AUDIT_ACTIONS, AUDIT_DETAIL_LABELS, AUDIT_TARGETS, FIELD_LABELS, MATERIAL_KINDS, type AuditEntry } from '../../../main/api/contract';
import { api } from '../../api';

function describe(e: AuditEntry): string {
  const d = e.detail;
  if (Array.isArray(d.fields)) return d.fields.length ? `修改了：${(d.fields as string[]).map((f) => FIELD_LABELS[f] ?? f).join('、')}` : '无字段变化';
  return Object.entries(d)
    .map(([k, v]) => `${AUDIT_DETAIL_LABELS[k] ?? k}：${k === 'kind' ? (MATERIAL_KINDS[v as keyof typeof MATERIAL_KINDS] ?? String(v)) : String(v)}`)
    .join('，');
}

export function AuditTab({ entityId, version }: { entityId: number; version: number }) {
  const [items, setItems] = useState<AuditEntry[]>([]);
  useEffect(() => {
    void api('audit.list', { entityId, limit: 500 }).then(setItems, () => setItems([]));
  }, [entityId, version]);
  return (
    <Table<AuditEntry>
      rowKey="id"
      size="small"
      dataSource={items}
      pagination={{ pageSize: 50, hideOnSinglePage: true }}
      columns={[
        { title: '时间', dataIndex: 'at', width: 160, render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm:ss') },
        { title: '操作员', dataIndex: 'actor', width: 120 },
        { title: '操作', dataIndex: 'action', width: 140, render: (a: string) => AUDIT_ACTIONS[a] ?? a },
        { title: '对象', width: 120, render: (_: unknown, e) => `${AUDIT_TARGETS[e.targetType] ?? e.targetType} #${e.targetId ?? ''}` },
        { title: '内容', render: (_: unknown, e) => describe(e) },
      ]}
    />
  );
}
