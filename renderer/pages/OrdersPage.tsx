// 备案订单: the board of every client's orders, overdue first, filtered by state, provider, type, province.
import { keepPreviousData } from '@tanstack/react-query';
import { Badge, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { chinaDateTime, FILING_TYPES, ORDER_STATES, PROVINCE_NAMES, type MethodOutput, type OrderState } from '../../main/api/contract';
import { api } from '../api';
import { resource } from '../query/keys';
import { useApiQuery, useLoadError } from '../query/useApiQuery';
import { useProviders } from '../query/useProviders';
import { ExportXlsxButton } from '../components/ExportXlsxButton';

type Row = MethodOutput<'order.list'>[number];

export const STATE_COLOR: Record<string, string> = {
  草稿: 'default',
  待提交: 'blue',
  初审中: 'processing',
  初审驳回: 'error',
  待拍照核验: 'gold',
  复审中: 'processing',
  待短信核验: 'orange',
  管局审核中: 'processing',
  已通过: 'success',
  管局驳回: 'error',
  已放弃: 'default',
  已撤回: 'default',
};

export function OrdersPage() {
  const navigate = useNavigate();
  const providers = useProviders();
  const [states, setStates] = useState<OrderState[]>([]);
  const [provider, setProvider] = useState<string | undefined>();
  const [type, setType] = useState<(typeof FILING_TYPES)[number] | undefined>();
  const [province, setProvince] = useState<string | undefined>();

  const filter = { ...(states.length ? { states } : {}), ...(provider ? { provider } : {}), ...(type ? { type } : {}), ...(province ? { province } : {}), openOnly: false };
  // the rows of the last filter stay on screen while the next one loads
  const list = useApiQuery(resource.lists, 'order.list', filter, { placeholderData: keepPreviousData });
  useLoadError(list.error, '加载失败');
  const rows: Row[] = list.data ?? [];
  const loading = list.isFetching;

  const overdue = rows.filter((r) => r.overdue).length;
  return (
    <div className="desk-page">
      <Space style={{ justifyContent: 'space-between', width: '100%', marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          备案订单 <Typography.Text type="secondary" style={{ fontSize: 14 }}>共 {rows.length} 个{overdue ? `，${overdue} 个逾期` : ''}</Typography.Text>
        </Typography.Title>
        <Space wrap>
          <Select mode="multiple" allowClear placeholder="状态" style={{ minWidth: 200 }} value={states} onChange={setStates} options={ORDER_STATES.map((s) => ({ value: s, label: s }))} aria-label="按状态筛选" />
          <Select allowClear placeholder="接入商" style={{ width: 120 }} value={provider} onChange={setProvider} options={providers.options} />
          <Select allowClear placeholder="备案类型" style={{ width: 130 }} value={type} onChange={setType} options={FILING_TYPES.map((t) => ({ value: t, label: t }))} />
          <Select allowClear showSearch placeholder="省份" style={{ width: 140 }} value={province} onChange={setProvince} options={PROVINCE_NAMES.map((p) => ({ value: p, label: p }))} />
          <ExportXlsxButton personal={false} what="个订单" run={() => api('export.ordersXlsx', filter)} />
        </Space>
      </Space>
      <Table<Row>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={rows}
        pagination={{ pageSize: 100, showTotal: (t) => `共 ${t} 个订单` }}
        rowClassName={() => 'desk-clickable-row'}
        onRow={(r) => ({ onClick: () => navigate(`/orders/${r.id}`) })}
        locale={{ emptyText: '还没有订单 — 在客户页面的“订单”中新建' }}
        columns={[
          { title: '编号', dataIndex: 'id', width: 70 },
          { title: '客户', dataIndex: 'entityName', ellipsis: true },
          { title: '省份', dataIndex: 'province', width: 110 },
          { title: '类型', dataIndex: 'type', width: 100 },
          { title: '接入商', dataIndex: 'provider', width: 90, render: (p: string) => providers.label(p) },
          { title: '状态', dataIndex: 'state', width: 110, render: (s: string) => <Tag color={STATE_COLOR[s]}>{s}</Tag> },
          {
            title: '截止',
            width: 230,
            render: (_: unknown, r) =>
              r.deadlines.map((d) => (
                <div key={d.kind}>
                  {d.overdue ? <Badge status="error" text={`${d.kind} 已逾期（${chinaDateTime(d.dueAt)}）`} /> : `${d.kind} ${chinaDateTime(d.dueAt)}`}
                </div>
              )),
          },
          { title: '最近变更', dataIndex: 'stateChangedAt', width: 140, render: (v: string) => chinaDateTime(v) },
        ]}
      />
    </div>
  );
}
