// 订单: a client's filing orders and 新建订单.
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Checkbox, Form, Input, Modal, Select, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { defaultWebsitesNote, FILING_TYPES, type EntityView, type MethodInput, type MethodOutput } from '../../../main/api/contract';
import { api, ApiError } from '../../api';
import { PROVIDERS, STATE_COLOR } from '../OrdersPage';

type Row = MethodOutput<'order.ofEntity'>[number];
type NewOrder = MethodInput<'order.create'>;

export function OrdersTab({ entity }: { entity: EntityView }) {
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [rows, setRows] = useState<Row[]>([]);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ type: NewOrder['type']; provider: string; websiteIds?: number[]; effectiveDate?: string; flags?: string[] }>();
  const type = Form.useWatch('type', form);
  // change-only fields are asked only for a change (变更主体 / 变更网站 / 变更备案)
  const isChange = typeof type === 'string' && type.startsWith('变更');
  const load = useCallback(() => api('order.ofEntity', { entityId: entity.id }).then(setRows, () => setRows([])), [entity.id]);
  useEffect(() => {
    void load();
  }, [load]);
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
          { title: '接入商', dataIndex: 'provider', width: 90, render: (p: string) => PROVIDERS.find((x) => x.value === p)?.label ?? p },
          { title: '状态', dataIndex: 'state', width: 110, render: (s: string) => <Tag color={STATE_COLOR[s]}>{s}</Tag> },
          { title: '网站数', width: 80, render: (_: unknown, r) => r.websiteIds.length },
          { title: '新建于', dataIndex: 'createdAt', render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
        ]}
      />
      <Modal title="新建备案订单" open={open} okText="新建" cancelText="取消" onCancel={() => setOpen(false)} onOk={() => form.submit()} destroyOnHidden>
        <Form
          form={form}
          layout="vertical"
          initialValues={{ type: entity.icpNumber ? '变更备案' : '首次备案', provider: 'tencent', flags: [] }}
          onFinish={async (v) => {
            try {
              const o = await api('order.create', {
                entityId: entity.id,
                type: v.type,
                provider: v.provider,
                ...(v.websiteIds?.length ? { websiteIds: v.websiteIds } : {}),
                effectiveDate: isChange ? v.effectiveDate || null : null,
                change: { principalReplaced: !!v.flags?.includes('principal'), websitePrincipalReplaced: !!v.flags?.includes('site'), licenceChanged: !!v.flags?.includes('licence') },
              });
              setOpen(false);
              navigate(`/orders/${o.id}`);
            } catch (err) {
              message.error(err instanceof ApiError ? err.message : '新建失败');
            }
          }}
        >
          <Form.Item label="备案类型" name="type" rules={[{ required: true }]}>
            <Select options={FILING_TYPES.map((t) => ({ value: t, label: t }))} />
          </Form.Item>
          <Form.Item label="接入商" name="provider" rules={[{ required: true }]}>
            <Select options={PROVIDERS} />
          </Form.Item>
          <Form.Item label="涉及网站" name="websiteIds" extra={type ? defaultWebsitesNote(type) : null}>
            <Select mode="multiple" placeholder={type ? defaultWebsitesNote(type) : undefined} options={entity.websites.map((w) => ({ value: w.id, label: `${w.name}（${w.domains[0] ?? ''}）` }))} />
          </Form.Item>
          {isChange ? (
            <>
              <Form.Item label="变更生效日期" name="effectiveDate" rules={[{ pattern: /^(\d{4}-\d{2}-\d{2})?$/, message: '格式 YYYY-MM-DD' }]}>
                <Input placeholder="YYYY-MM-DD" />
              </Form.Item>
              <Form.Item label="变更内容" name="flags">
                <Checkbox.Group options={[{ value: 'principal', label: '主体负责人（法定代表人）更换' }, { value: 'site', label: '网站负责人更换' }, { value: 'licence', label: '主体证件换发' }]} />
              </Form.Item>
            </>
          ) : null}
        </Form>
      </Modal>
    </>
  );
}
