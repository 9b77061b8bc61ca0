// 日志: the audit entries of this client (who did what, when; field names only).
import { Table } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import type { AuditEntry } from '../../../main/api/contract';
import { api } from '../../api';

const ACTIONS: Record<string, string> = {
  'entity.create': '新建客户',
  'entity.update': '修改主体信息',
  'entity.delete': '删除客户',
  'person.create': '添加负责人',
  'person.update': '修改负责人',
  'person.delete': '删除负责人',
  'website.create': '添加网站',
  'website.update': '修改网站',
  'website.delete': '删除网站',
  'material.create': '添加材料',
  'material.delete': '删除材料',
};

function describe(e: AuditEntry): string {
  const d = e.detail;
  if (Array.isArray(d.fields)) return d.fields.length ? `字段：${(d.fields as string[]).join('、')}` : '无字段变化';
  return Object.entries(d)
    .map(([k, v]) => `${k}: ${String(v)}`)
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
        { title: '操作', dataIndex: 'action', width: 140, render: (a: string) => ACTIONS[a] ?? a },
        { title: '对象', width: 120, render: (_: unknown, e) => `${e.targetType} #${e.targetId ?? ''}` },
        { title: '内容', render: (_: unknown, e) => describe(e) },
      ]}
    />
  );
}
