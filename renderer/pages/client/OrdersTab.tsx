// 订单: a client's filing orders and 新建订单.
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Radio, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { chinaDateTime, CHANGE_FILING_TYPES, defaultWebsitesNote, FILING_TYPES, type EntityView, type MethodInput, type MethodOutput } from '../../../main/api/contract';
import { api, ApiError } from '../../api';
import { STATE_COLOR } from '../OrdersPage';
import { clientWrite, resource } from '../../query/keys';
import { useApiQuery } from '../../query/useApiQuery';
import { useProviders } from '../../query/useProviders';
import { useSubmit } from '../../query/useSubmit';

type Row = MethodOutput<'order.ofEntity'>[number];
type NewOrder = MethodInput<'order.create'>;
type OrderForm = { type: NewOrder['type']; provider: string; websiteIds?: number[]; effectiveDate?: string; originElsewhere?: boolean };

export function OrdersTab({ entity }: { entity: EntityView }) {
  const navigate = useNavigate();
  const { message } = App.useApp();
  const providers = useProviders();
  const rows: Row[] = useApiQuery(resource.client(entity.id), 'order.ofEntity', { entityId: entity.id }).data ?? [];
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<OrderForm>();
  const provider = Form.useWatch('provider', form) ?? 'tencent';
  const chosen = Form.useWatch('type', form);
  // 新增网站 only: 原备案在本接入商 (false) or 不在 (true), chosen by the operator (seed 004)
  const originElsewhere = Form.useWatch('originElsewhere', form) as boolean | undefined;
  // which types can start, each refusal with its reason (the filed state decides the change type)
  const options =
    useApiQuery(resource.client(entity.id), 'order.typeOptions', { entityId: entity.id, provider, ...(originElsewhere === undefined ? {} : { originElsewhere }) }, { enabled: open }).data ?? null;
  const refusal = options?.find((o) => o.type === chosen)?.reason ?? null;
  const create = useSubmit(
    (v: OrderForm) =>
      api('order.create', {
        entityId: entity.id,
        type: v.type,
        provider: v.provider,
        ...(v.websiteIds?.length ? { websiteIds: v.websiteIds } : {}),
        effectiveDate: CHANGE_FILING_TYPES.includes(v.type) ? v.effectiveDate || null : null,
        ...(v.type === '新增网站' && v.originElsewhere !== undefined ? { change: { originElsewhere: v.originElsewhere } } : {}),
      }),
    {
      changes: clientWrite(entity.id),
      onDone: (o) => {
        setOpen(false);
        void navigate(`/orders/${o.id}`);
      },
      onRefused: (err) => {
        message.error(err instanceof ApiError ? err.message : '新建失败');
        return null;
      },
    },
  );
  return (
    <>
      <Button icon={<PlusOutlined />} style={{ marginBottom: 8 }} onClick={() => setOpen(true)}>
        新建订单
      </Button>
      <Table<Row>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={rows}
        rowClassName={() => 'desk-clickable-row'}
        onRow={(r) => ({ onClick: () => navigate(`/orders/${r.id}`) })}
        locale={{ emptyText: '还没有订单 — 点击“新建订单”' }}
        columns={[
          { title: '编号', dataIndex: 'id', width: 70 },
          { title: '类型', dataIndex: 'type', width: 110 },
          { title: '接入商', dataIndex: 'provider', width: 90, render: (p: string) => providers.label(p) },
          { title: '状态', dataIndex: 'state', width: 110, render: (s: string) => <Tag color={STATE_COLOR[s]}>{s}</Tag> },
          { title: '网站数', width: 80, render: (_: unknown, r) => r.websiteIds.length },
          { title: '新建于', dataIndex: 'createdAt', render: (v: string) => chinaDateTime(v) },
        ]}
      />
      <Modal title="新建备案订单" open={open} okText="新建" cancelText="取消" confirmLoading={create.busy} onCancel={() => setOpen(false)} onOk={() => form.submit()} destroyOnHidden>
        <Form
          form={form}
          layout="vertical"
          initialValues={{ type: entity.icpNumber ? '变更备案' : '首次备案', provider: 'tencent' }}
          onFinish={(v) => void create.submit(v)}
        >
          <Form.Item label="备案类型" name="type" rules={[{ required: true }]} validateStatus={refusal ? 'error' : undefined} help={refusal ? `不能选择：${refusal}` : undefined}>
            <Select
              aria-label="备案类型"
              options={FILING_TYPES.map((t) => {
                const o = options?.find((x) => x.type === t);
                return { value: t, label: o && !o.allowed ? `${t}（不可选）` : t, title: o?.reason ?? '' };
              })}
            />
          </Form.Item>
          <Form.Item label="接入商" name="provider" rules={[{ required: true }]}>
            <Select options={providers.options} />
          </Form.Item>
          {chosen === '新增网站' ? (
            <Form.Item
              label="原备案所在接入商"
              name="originElsewhere"
              rules={[{ required: true, message: '请选择原备案是否在本接入商' }]}
              extra={
                originElsewhere === true
                  ? '主体信息须重新填写，主办者性质、证件类型、证件号码须与原备案一致（腾讯云《原备案不在腾讯云新增网站》）'
                  : originElsewhere === false
                    ? '沿用本接入商处已备案的主体信息，确认后添加网站（腾讯云《原备案在腾讯云新增网站》）'
                    : '主体已在本接入商备案，还是在其他接入商备案'
              }
            >
              <Radio.Group
                options={[
                  { value: false, label: '原备案在本接入商' },
                  { value: true, label: '原备案不在本接入商' },
                ]}
              />
            </Form.Item>
          ) : null}
          <Form.Item label="涉及网站" name="websiteIds" extra={chosen ? defaultWebsitesNote(chosen) : null}>
            <Select mode="multiple" placeholder={chosen ? defaultWebsitesNote(chosen) : undefined} options={entity.websites.map((w) => ({ value: w.id, label: `${w.name}（${w.domains[0] ?? ''}）` }))} />
          </Form.Item>
          {CHANGE_FILING_TYPES.includes(chosen) ? (
            <>
              {/* change-only fields are asked only for a change */}
              <Form.Item label="变更生效日期" name="effectiveDate" rules={[{ pattern: /^(\d{4}-\d{2}-\d{2})?$/, message: '格式 YYYY-MM-DD' }]}>
                <Input placeholder="YYYY-MM-DD" />
              </Form.Item>
              <Typography.Text type="secondary">变更内容按“已备案信息”与当前信息的差异自动判断</Typography.Text>
            </>
          ) : null}
        </Form>
      </Modal>
    </>
  );
}
