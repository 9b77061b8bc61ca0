// 操作员: the name the 日志 gives for what is done on this desk. Without one the log names the account
// the app runs as (the OS user in the desktop app), which on a shared or server account says nothing.
import { App, Button, Card, Form, Input, Space, Typography } from 'antd';
import { useEffect } from 'react';
import { api } from '../../api';
import { resource } from '../../query/keys';
import { useAfterWrite, useApiQuery } from '../../query/useApiQuery';

export function OperatorCard() {
  const [form] = Form.useForm<{ name: string }>();
  const { message } = App.useApp();
  const operator = useApiQuery(resource.settings, 'settings.operator', {}).data;
  const account = operator?.account ?? '';
  useEffect(() => {
    if (operator) form.setFieldsValue({ name: operator.name ?? '' });
  }, [operator, form]);
  const afterWrite = useAfterWrite();
  return (
    <Card title="操作员" size="small" style={{ marginBottom: 12 }}>
      <Form
        form={form}
        layout="inline"
        onFinish={async (v) => {
          try {
            const o = await api('settings.setOperator', { name: (v.name ?? '').trim() || null });
            form.setFieldsValue({ name: o.name ?? '' });
            void afterWrite([resource.settings]);
            message.success(o.name ? `日志将记录操作员“${o.name}”` : '日志将记录系统账户');
          } catch (err) {
            message.error(err instanceof Error ? err.message : '保存失败');
          }
        }}
      >
        <Form.Item label="操作员姓名" name="name" rules={[{ max: 40, message: '最多 40 个字' }]}>
          <Input placeholder={account ? `未设置时记录系统账户“${account}”` : '如 张三'} style={{ width: 280 }} aria-label="操作员姓名" />
        </Form.Item>
        <Space>
          <Button htmlType="submit">保存</Button>
          <Typography.Text type="secondary">日志中“操作员”一栏记录此姓名</Typography.Text>
        </Space>
      </Form>
    </Card>
  );
}
