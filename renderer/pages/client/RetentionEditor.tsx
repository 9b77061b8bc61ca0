// 数据保留: when the agency's service for this client ended and how long its personal data is kept.
import { App, Button, Form, Input, InputNumber, Modal, Space } from 'antd';
import { useState } from 'react';
import type { EntityView } from '../../../main/api/contract';
import { api } from '../../api';
import { applyServerErrors } from '../../forms/zodRules';

export function RetentionEditor({ entity, onSaved }: { entity: EntityView; onSaved(): Promise<void> }) {
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ serviceEndedAt?: string; retentionMonths?: number | null }>();
  const { message } = App.useApp();
  const summary = entity.serviceEndedAt
    ? `服务已于 ${entity.serviceEndedAt} 结束，保留 ${entity.retentionMonths ?? '默认'}${entity.retentionMonths ? ' 个月' : '期限'}`
    : '服务进行中（结束后开始计算保留期限）';
  return (
    <Space>
      <span>{summary}</span>
      <Button
        size="small"
        type="link"
        onClick={() => {
          form.setFieldsValue({ serviceEndedAt: entity.serviceEndedAt ?? '', retentionMonths: entity.retentionMonths });
          setOpen(true);
        }}
      >
        设置
      </Button>
      <Modal
        title="数据保留"
        open={open}
        okText="保存"
        cancelText="取消"
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        destroyOnHidden={false}
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={async (v) => {
            try {
              await api('retention.set', { entityId: entity.id, serviceEndedAt: v.serviceEndedAt?.trim() || null, retentionMonths: v.retentionMonths ?? null });
              message.success('已保存');
              setOpen(false);
              await onSaved();
            } catch (err) {
              if (applyServerErrors(form, err, 0)) message.error('保存失败');
            }
          }}
        >
          <Form.Item label="服务结束日期" name="serviceEndedAt" tooltip="留空表示服务仍在进行" rules={[{ pattern: /^(\d{4}-\d{2}-\d{2})?$/, message: '日期格式应为 YYYY-MM-DD' }]}>
            <Input placeholder="YYYY-MM-DD" />
          </Form.Item>
          <Form.Item label="保留期限（月）" name="retentionMonths" tooltip="留空使用“设置”中的默认期限">
            <InputNumber min={1} max={600} style={{ width: 200 }} placeholder="默认" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
