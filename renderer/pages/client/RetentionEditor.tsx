// 数据保留: when the agency's service for this client ended and how long its personal data is kept.
import { App, Button, Form, Input, InputNumber, Modal, Space } from 'antd';
import { useState } from 'react';
import type { EntityView } from '../../../main/api/contract';
import { api } from '../../api';
import { applyServerErrors } from '../../forms/zodRules';
import { resource } from '../../query/keys';
import { useApiQuery } from '../../query/useApiQuery';
import { problemOf, useSubmit } from '../../query/useSubmit';

type RetentionValues = { serviceEndedAt?: string; retentionMonths?: number | null };

export function RetentionEditor({ entity, onSaved }: { entity: EntityView; onSaved(): Promise<void> }) {
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<RetentionValues>();
  const { message } = App.useApp();
  const status = useApiQuery(resource.client(entity.id), 'retention.serviceStatus', { entityId: entity.id }, { enabled: !entity.serviceEndedAt });
  const runningBecause = entity.serviceEndedAt ? null : (status.data?.runningBecause ?? null);
  const summary = entity.serviceEndedAt
    ? `服务已于 ${entity.serviceEndedAt} 结束，保留 ${entity.retentionMonths ?? '默认'}${entity.retentionMonths ? ' 个月' : '期限'}`
    : `服务进行中${runningBecause ? `：${runningBecause}` : ''}（结束后开始计算保留期限）`;
  const [ending, setEnding] = useState(false);
  const [reason, setReason] = useState('');
  const endService = useSubmit((why: string) => api('retention.endService', { entityId: entity.id, reason: why }), {
    onDone: async () => {
      message.success('已结束服务');
      setEnding(false);
      await onSaved();
    },
    onRefused: (err) => {
      message.error(problemOf(err)[0]!);
      return null;
    },
  });
  const save = useSubmit((v: RetentionValues) => api('retention.set', { entityId: entity.id, serviceEndedAt: v.serviceEndedAt?.trim() || null, retentionMonths: v.retentionMonths ?? null }), {
    onDone: async () => {
      message.success('已保存');
      setOpen(false);
      await onSaved();
    },
    onRefused: (err) => {
      if (applyServerErrors(form, err, 0)) message.error('保存失败');
      return null;
    },
  });
  return (
    <Space>
      <span>{summary}</span>
      {entity.serviceEndedAt ? null : (
        <Button size="small" onClick={() => (setReason(''), setEnding(true))}>
          结束服务
        </Button>
      )}
      <Modal
        title={`结束对“${entity.name}”的服务？`}
        open={ending}
        okText="结束服务"
        cancelText="取消"
        okButtonProps={{ disabled: !reason.trim() }}
        confirmLoading={endService.busy}
        onCancel={() => setEnding(false)}
        onOk={() => void endService.submit(reason)}
      >
        <p>{`从今天起计算个人信息保留期限（${entity.retentionMonths ? `${entity.retentionMonths} 个月` : '默认期限'}），到期后应删除该客户。`}</p>
        {runningBecause ? <p>{`注意：${runningBecause}。`}</p> : null}
        <Input.TextArea aria-label="结束服务原因" placeholder="原因（必填），如：客户已自行办理公安备案" autoSize={{ minRows: 2 }} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Modal>
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
        confirmLoading={save.busy}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        destroyOnHidden={false}
      >
        <Form form={form} layout="vertical" onFinish={(v) => void save.submit(v)}>
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
