// 日志: the audit entries of this client (who did what, when; field names only, never values), in
// Chinese: each detail by its label, yes/no for flags, providers and material kinds by name. A key
// without a Chinese label is left out rather than shown in English.
import { Table } from 'antd';
import { chinaDateTime, AUDIT_ACTIONS, AUDIT_DETAIL_LABELS, AUDIT_TARGETS, FIELD_LABELS, MATERIAL_KINDS, type AuditEntry } from '../../../main/api/contract';
import { resource } from '../../query/keys';
import { useApiQuery } from '../../query/useApiQuery';
import { useProviders } from '../../query/useProviders';

type ProviderLabel = (id: string) => string;

function value(key: string, v: unknown, providerLabel: ProviderLabel): string {
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (v === null || v === undefined) return key === 'retentionMonths' ? '默认' : '—';
  if (key === 'kind') return MATERIAL_KINDS[v as keyof typeof MATERIAL_KINDS] ?? String(v);
  if (key === 'provider') return providerLabel(String(v));
  if (Array.isArray(v)) return v.map(String).join('、');
  return String(v);
}

export function describeAudit(e: AuditEntry, providerLabel: ProviderLabel = String): string {
  const d = e.detail;
  if (Array.isArray(d.fields)) return `修改了：${(d.fields as string[]).map((f) => FIELD_LABELS[f] ?? f).join('、')}`;
  return Object.entries(d)
    .filter(([k]) => AUDIT_DETAIL_LABELS[k])
    .map(([k, v]) => `${AUDIT_DETAIL_LABELS[k]}：${value(k, v, providerLabel)}`)
    .join('，');
}

export function AuditTab({ entityId }: { entityId: number }) {
  const items = useApiQuery(resource.client(entityId), 'audit.list', { entityId, limit: 500 }).data ?? [];
  const providers = useProviders();
  return (
    <Table<AuditEntry>
      rowKey="id"
      size="small"
      dataSource={items}
      pagination={{ pageSize: 50, hideOnSinglePage: true }}
      columns={[
        { title: '时间', dataIndex: 'at', width: 160, render: (v: string) => chinaDateTime(v, true) },
        // 日志 by operator (a team server names each logged-in operator): filter on who did it
        { title: '操作员', dataIndex: 'actor', width: 140, filters: [...new Set(items.map((e) => e.actor))].map((a) => ({ text: a, value: a })), onFilter: (v, e) => e.actor === v, filterSearch: true },
        { title: '操作', dataIndex: 'action', width: 140, render: (a: string) => AUDIT_ACTIONS[a] ?? a },
        { title: '对象', width: 120, render: (_: unknown, e) => `${AUDIT_TARGETS[e.targetType] ?? e.targetType} #${e.targetId ?? ''}` },
        { title: '内容', render: (_: unknown, e) => describeAudit(e, providers.label) },
      ]}
    />
  );
}
