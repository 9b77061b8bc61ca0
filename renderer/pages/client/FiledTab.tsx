// 已备案信息: what the 管局 has on record for this client beside 当前信息, the differences marked; for a
// client filed before this desk, "当前信息即已备案信息" records it with the 备案号s typed and checked and
// each site's 接入商 (it can be recorded once, and 取消接入 / 接入备案 read from it where each site is 接入).
import { App, Alert, Button, Col, Descriptions, Form, Input, Modal, Row, Select, Space, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { EntityView, FiledOverview } from '../../../main/api/contract';
import { api, ApiError } from '../../api';
import { FiledDifferences } from '../../components/FiledDifferences';
import { clientWrite, resource } from '../../query/keys';
import { useApiQuery } from '../../query/useApiQuery';
import { useProviders } from '../../query/useProviders';
import { useSubmit } from '../../query/useSubmit';
import { chinaDay } from '../../../main/api/contract';

export function FiledTab({ entity, onChanged }: { entity: EntityView; onChanged: () => Promise<void> }) {
  const overview: FiledOverview | undefined = useApiQuery(resource.client(entity.id), 'filed.get', { entityId: entity.id }).data;
  const { label: providerLabel } = useProviders();
  const [recording, setRecording] = useState(false);
  if (!overview) return <Spin />;
  const f = overview.filed;
  if (!f) {
    return (
      <>
        <Alert
          type="info"
          showIcon
          message="还没有已备案信息"
          description="订单“已通过”时自动记录。已在本程序之外备案的客户，可把当前信息登记为已备案信息（须填写主体备案号和网站备案号）；之后的变更订单以它为变更前的信息。"
        />
        <Button style={{ marginTop: 12 }} onClick={() => setRecording(true)}>
          当前信息即已备案信息…
        </Button>
        <div style={{ marginTop: 12 }}>
          <FilingPassword entityId={entity.id} />
        </div>
        <RecordDialog entity={entity} open={recording} onClose={() => setRecording(false)} onDone={onChanged} />
      </>
    );
  }
  const sites = f.record.websites as { name: string; icpNumber: string; provider: string; domains: string[] }[];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Descriptions bordered size="small" column={2} title={`已备案信息（第 ${f.version} 版）`}>
        <Descriptions.Item label="状态">
          <Tag color={f.status === '已备案' ? 'green' : 'red'}>{f.status}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label="记录于">{`${f.filedAt}（${f.origin}${f.orderId ? `，订单 #${f.orderId}` : ''}）`}</Descriptions.Item>
        <Descriptions.Item label="主体备案号">{f.entityIcpNumber ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="接入商">{f.providers.map(providerLabel).join('、') || '无'}</Descriptions.Item>
        <Descriptions.Item label="已备案网站" span={2}>
          {sites.length ? sites.map((w) => <div key={w.icpNumber}>{`${w.name}：${w.icpNumber}（${providerLabel(w.provider)}；${w.domains.join('、')}）`}</div>) : '无'}
        </Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5} style={{ margin: '8px 0 0' }}>
        当前信息与已备案信息的差异
      </Typography.Title>
      <FiledDifferences rows={overview.differences} empty="当前信息与已备案信息一致" />
      <FilingPassword entityId={entity.id} />
      {overview.versions.length > 1 ? (
        <Typography.Text type="secondary">{`历次记录：${overview.versions.map((v) => `第 ${v.version} 版 ${v.filedAt} ${v.origin}`).join('；')}`}</Typography.Text>
      ) : null}
    </Space>
  );
}

type RecordValues = { provider: string; filedAt: string; entityIcpNumber?: string; sites?: Record<string, string>; siteProviders?: Record<string, string | undefined> };

function RecordDialog({ entity, open, onClose, onDone }: { entity: EntityView; open: boolean; onClose: () => void; onDone: () => Promise<void> }) {
  const { message } = App.useApp();
  const providers = useProviders();
  const [form] = Form.useForm<RecordValues>();
  const provider = Form.useWatch('provider', form) as string | undefined;
  const record = useSubmit(
    (v: RecordValues) => {
      const sites = Object.fromEntries(Object.entries(v.sites ?? {}).filter(([, n]) => n?.trim()));
      // a row left on 同上 is at the provider chosen above
      const websiteProviders = Object.fromEntries(Object.entries(v.siteProviders ?? {}).filter((e): e is [string, string] => !!e[1] && e[1] !== v.provider));
      return api('filed.record', { entityId: entity.id, provider: v.provider, filedAt: v.filedAt, ...(v.entityIcpNumber?.trim() ? { entityIcpNumber: v.entityIcpNumber } : {}), websiteIcpNumbers: sites, websiteProviders });
    },
    {
      changes: clientWrite(entity.id),
      onDone: async () => {
        message.success('已登记已备案信息');
        onClose();
        await onDone();
      },
      onRefused: (err) => {
        if (err instanceof ApiError) {
          const first = err.body.details?.[0];
          if (first?.path[0] === 'websiteIcpNumbers') form.setFields([{ name: ['sites', String(first.path[1])], errors: [first.message] }]);
          else if (first?.path[0] === 'websiteProviders') form.setFields([{ name: ['siteProviders', String(first.path[1])], errors: [first.message] }]);
          else if (first?.path[0] === 'entityIcpNumber') form.setFields([{ name: 'entityIcpNumber', errors: [first.message] }]);
          message.error(err.message);
        } else message.error('登记失败');
        return null;
      },
    },
  );
  return (
    <Modal title="当前信息即已备案信息" width={640} open={open} okText="登记" cancelText="取消" confirmLoading={record.busy} onCancel={onClose} onOk={() => form.submit()} destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ provider: 'tencent', filedAt: chinaDay(Date.now()), entityIcpNumber: entity.icpNumber ?? '', sites: Object.fromEntries(entity.websites.map((w) => [String(w.id), w.icpNumber ?? ''])) }}
        onFinish={(v) => void record.submit(v)}
      >
        <Form.Item label="接入商" name="provider" rules={[{ required: true }]} extra="各网站默认在此接入；网站接入在其他接入商的，在该网站一行另选">
          <Select options={providers.options} />
        </Form.Item>
        <Form.Item label="备案通过日期" name="filedAt" rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/, message: '格式 YYYY-MM-DD' }]}>
          <Input placeholder="YYYY-MM-DD" />
        </Form.Item>
        <Form.Item label="主体备案号" name="entityIcpNumber" rules={[{ required: true, message: '请填写主体备案号' }]}>
          <Input placeholder="如 粤ICP备12345678号" disabled={!!entity.icpNumber} />
        </Form.Item>
        {entity.websites.map((w) => (
          <Row key={w.id} gutter={8}>
            <Col span={15}>
              <Form.Item label={`网站备案号：${w.name}`} name={['sites', String(w.id)]} tooltip="不填则该网站不算已备案">
                <Input placeholder="如 粤ICP备12345678号-1" disabled={!!w.icpNumber} />
              </Form.Item>
            </Col>
            <Col span={9}>
              <Form.Item label="接入商" name={['siteProviders', String(w.id)]}>
                <Select options={providers.options} allowClear placeholder={provider ? `同上（${providers.label(provider)}）` : '同上'} aria-label={`${w.name}的接入商`} />
              </Form.Item>
            </Col>
          </Row>
        ))}
      </Form>
    </Modal>
  );
}

/** 备案密码: stored sealed; shown as 已保存 (masked), revealed on purpose (logged), replaced or entered here. */
function FilingPassword({ entityId }: { entityId: number }) {
  const { message } = App.useApp();
  const stored = useApiQuery(resource.client(entityId), 'filed.password', { entityId }).data?.stored ?? null;
  const [shown, setShown] = useState<string | null>(null);
  const [typed, setTyped] = useState('');
  const save = useSubmit((password: string) => api('filed.setPassword', { entityId, password }), {
    changes: clientWrite(entityId),
    onDone: () => {
      setTyped('');
      setShown(null);
      message.success('备案密码已加密保存');
    },
    onRefused: (err) => {
      message.error(err instanceof ApiError ? err.message : '保存失败');
      return null;
    },
  });
  return (
    <Descriptions bordered size="small" column={1}>
      <Descriptions.Item label="备案密码">
        <Space wrap>
          <span className="desk-mono">{shown ?? (stored ? '已保存（********）' : '未填写')}</span>
          {stored && shown === null ? (
            <Button size="small" type="link" onClick={() => void api('filed.revealPassword', { entityId, purpose: '查看备案密码' }).then((r) => setShown(r.password ?? ''), () => message.error('无法显示'))}>
              显示（记入日志）
            </Button>
          ) : null}
          <Input.Password size="small" style={{ width: 200 }} placeholder={stored ? '输入新密码以替换' : '注销主体、接入备案时需要'} value={typed} onChange={(e) => setTyped(e.target.value)} aria-label="备案密码" autoComplete="off" />
          <Button size="small" disabled={!typed} loading={save.busy} onClick={() => void save.submit(typed)}>
            保存
          </Button>
        </Space>
      </Descriptions.Item>
    </Descriptions>
  );
}
