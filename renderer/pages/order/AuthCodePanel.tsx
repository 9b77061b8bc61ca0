// 备案授权码 (Tencent) / 备案服务号 (Aliyun) of an order: each with the resource it covers and its expiry,
// warned before it expires; an expired one keeps the order from being submitted.
import { Alert, App, Button, Card, Form, Input, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { AUTH_CODE_KINDS, authCodeKindFor, type MethodOutput } from '../../../main/api/contract';
import { api, ApiError } from '../../api';
import { resource } from '../../query/keys';
import { useApiQuery } from '../../query/useApiQuery';
import { useSubmit } from '../../query/useSubmit';

type OrderView = MethodOutput<'order.get'>;
type Code = MethodOutput<'order.authCodes'>[number];
type CodeValues = { kind: (typeof AUTH_CODE_KINDS)[number]; code: string; resource: string; expiresOn: string };
const STATE = { expired: { color: 'red', text: '已过期' }, expiring: { color: 'orange', text: '即将过期' }, valid: { color: 'green', text: '有效' } } as const;

export function AuthCodePanel({ order, onChanged }: { order: OrderView; onChanged(): Promise<void> }) {
  const { message } = App.useApp();
  const codes: Code[] = useApiQuery(resource.order(order.id), 'order.authCodes', { orderId: order.id }).data ?? [];
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm<CodeValues>();
  const add = useSubmit((v: CodeValues) => api('order.addAuthCode', { orderId: order.id, kind: v.kind, code: v.code, resource: v.resource, expiresOn: v.expiresOn }), {
    onDone: async () => {
      form.resetFields();
      setAdding(false);
      await onChanged();
    },
    onRefused: (err) => {
      message.error(err instanceof ApiError ? err.message : '保存失败');
      return null;
    },
  });
  const readOnly = !!order.readOnly;
  if (readOnly && !codes.length) return null;
  const warnings = codes.filter((c) => c.message);
  return (
    <Card size="small" style={{ marginTop: 12 }} title="备案授权码 / 备案服务号" data-testid="auth-codes" extra={readOnly ? null : <Button size="small" onClick={() => setAdding((v) => !v)}>{adding ? '收起' : '添加'}</Button>}>
      {warnings.map((c) => <Alert key={c.id} type={c.state === 'expired' ? 'error' : 'warning'} showIcon style={{ marginBottom: 8 }} message={c.message} />)}
      {adding ? (
        <Form
          form={form}
          layout="inline"
          style={{ marginBottom: 8, rowGap: 8 }}
          initialValues={{ kind: authCodeKindFor(order.provider) ?? '备案授权码' }}
          onFinish={(v) => void add.submit(v)}
        >
          <Form.Item name="kind"><Select style={{ width: 120 }} options={AUTH_CODE_KINDS.map((k) => ({ value: k, label: k }))} aria-label="类型" /></Form.Item>
          <Form.Item name="code" rules={[{ required: true, whitespace: true, message: '请填写' }]}><Input placeholder="授权码或服务号（按原样）" aria-label="授权码" style={{ width: 200 }} /></Form.Item>
          <Form.Item name="resource" rules={[{ required: true, whitespace: true, message: '请填写对应资源' }]}><Input placeholder="对应资源（实例 ID / 公网 IP）" aria-label="对应资源" style={{ width: 220 }} /></Form.Item>
          <Form.Item name="expiresOn" rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/, message: '日期 YYYY-MM-DD' }]}><Input placeholder="有效期至 YYYY-MM-DD" aria-label="有效期至" style={{ width: 170 }} /></Form.Item>
          <Button type="primary" htmlType="submit" loading={add.busy}>保存</Button>
        </Form>
      ) : null}
      <Table<Code>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={codes}
        locale={{ emptyText: '资源在其他账号下时，记录其备案授权码（腾讯云）或备案服务号（阿里云）' }}
        columns={[
          { title: '类型', dataIndex: 'kind', width: 110 },
          { title: '授权码 / 服务号', dataIndex: 'code' },
          { title: '对应资源', dataIndex: 'resource' },
          { title: '有效期至', dataIndex: 'expiresOn', width: 110 },
          { title: '状态', width: 110, render: (_: unknown, c) => <Tag color={STATE[c.state].color}>{STATE[c.state].text}</Tag> },
          {
            title: '',
            width: 60,
            render: (_: unknown, c) =>
              readOnly ? null : (
                <Space>
                  <Popconfirm
                    title="删除这条记录？"
                    okText="删除"
                    cancelText="取消"
                    onConfirm={async () => {
                      await api('order.removeAuthCode', { orderId: order.id, id: c.id });
                      await onChanged();
                    }}
                  >
                    <a>删除</a>
                  </Popconfirm>
                </Space>
              ),
          },
        ]}
      />
    </Card>
  );
}
