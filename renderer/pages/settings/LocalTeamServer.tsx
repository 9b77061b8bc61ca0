// 设置 → 团队服务器 → 在本机运行团队服务器 (管理员, single desk): the agency's team server started by this desk
// as a child process over the team database — the values (remembered, never the passwords), 启动 / 停止,
// its state with the https address and certificate fingerprint to give the other desks, and its last
// lines of output. The passwords typed here go only to the server process, through a pipe.
import { Alert, App, Button, Descriptions, Form, Input, InputNumber, Radio, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { MethodInput, MethodOutput } from '../../../main/api/contract';
import { chinaDateTime } from '../../../main/api/contract';
import { api, ApiError } from '../../api';
import { applyServerErrors } from '../../forms/zodRules';
import { resource } from '../../query/keys';
import { useApiQuery } from '../../query/useApiQuery';

type View = MethodOutput<'teamServerRun.get'>;
type Fields = MethodInput<'teamServerRun.start'>;
type State = View['status']['state'];

const mono = { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 12 } as const;
const POLL_MS = 1000;
const LOG_SHOWN = 20;

const STATE_TAG: Record<State, { color: string; text: string }> = {
  stopped: { color: 'default', text: '未运行' },
  starting: { color: 'processing', text: '正在启动' },
  running: { color: 'success', text: '运行中' },
  stopping: { color: 'warning', text: '正在停止' },
  failed: { color: 'error', text: '启动失败或已意外停止' },
};

export function LocalTeamServer() {
  const { message } = App.useApp();
  const [form] = Form.useForm<Fields>();
  const [busy, setBusy] = useState<'start' | 'stop' | null>(null);
  const query = useApiQuery(resource.settings, 'teamServerRun.get', {}, {
    // while a server is (or is becoming) alive its state and output change without a write of ours
    refetchInterval: (q) => (q.state.data && q.state.data.status.state !== 'stopped' && q.state.data.status.state !== 'failed' ? POLL_MS : false),
  });
  const view = query.data;
  const filled = useRef(false);
  useEffect(() => {
    if (view && !filled.current) {
      filled.current = true;
      // The form is closed until the saved values are here: on a slow machine they came after the admin
      // (or a UI test) had filled it, cleared the typed passphrase and put back another 监听地址. What is
      // typed between this render and the effect is kept as well.
      const saved = Object.entries(view.settings).filter(([name]) => !form.isFieldTouched(name as keyof Fields));
      form.setFieldsValue(Object.fromEntries(saved) as Partial<Fields>);
    }
  }, [view, form]);
  const tls = Form.useWatch('tls', form);
  const state = view?.status.state ?? 'stopped';
  const alive = state === 'starting' || state === 'running' || state === 'stopping';

  async function start(v: Fields) {
    setBusy('start');
    try {
      await api('teamServerRun.start', { ...v, certFile: v.certFile ?? '', keyFile: v.keyFile ?? '', databasePassword: v.databasePassword ?? '' });
      // the passwords are not kept in the page either
      form.setFieldsValue({ passphrase: '', databasePassword: '' });
      await query.refetch();
    } catch (err) {
      const rest = applyServerErrors(form, err, 0);
      if (rest) message.error(rest.message);
    } finally {
      setBusy(null);
    }
  }

  async function stop() {
    setBusy('stop');
    try {
      await api('teamServerRun.stop', {});
      await query.refetch();
      message.success('团队服务器已停止');
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : '停止失败');
    } finally {
      setBusy(null);
    }
  }

  const hosts = [...(view?.lanAddresses ?? []).map((a) => ({ value: a, label: `${a}（局域网）` })), { value: '0.0.0.0', label: '0.0.0.0（本机所有地址）' }, { value: '127.0.0.1', label: '127.0.0.1（仅本机，用于试用）' }];

  return (
    <section aria-label="在本机运行团队服务器">
      <Typography.Text strong>在本机运行团队服务器</Typography.Text>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        由本机启动全机构的团队服务器：数据在机构的 PostgreSQL 团队数据库中，数据密钥来自本机的数据目录（{view ? <span style={mono}>{view.dataDir}</span> : '…'}），团队数据库中须已有管理员账户。服务器随本程序退出而停止。两个密码只交给服务器进程，不保存、不显示。
      </Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={start} requiredMark={false} disabled={alive || !view} initialValues={{ tls: 'selfSigned', port: 8443, listenHost: '127.0.0.1' }}>
        <Space align="start" wrap style={{ width: '100%' }} size={12}>
          <Form.Item label="团队数据库地址" name="database" style={{ marginBottom: 8, width: 420 }} rules={[{ required: true, message: '请填写团队数据库地址' }]}>
            <Input placeholder="postgres://beian@192.168.1.20:5432/beian" aria-label="团队数据库地址" autoComplete="off" style={mono} />
          </Form.Item>
          <Form.Item label="数据库密码" name="databasePassword" style={{ marginBottom: 8, width: 200 }}>
            <Input.Password aria-label="数据库密码" autoComplete="new-password" placeholder="不保存" />
          </Form.Item>
        </Space>
        <Space align="start" wrap size={12}>
          <Form.Item label="监听地址" name="listenHost" style={{ marginBottom: 8, width: 280 }}>
            <Select aria-label="监听地址" options={hosts} />
          </Form.Item>
          <Form.Item label="端口" name="port" style={{ marginBottom: 8 }}>
            <InputNumber aria-label="端口" min={1} max={65535} precision={0} style={{ width: 110 }} />
          </Form.Item>
        </Space>
        <Form.Item label="TLS 证书" name="tls" style={{ marginBottom: 8 }}>
          <Radio.Group
            options={[
              { value: 'selfSigned', label: '自签名证书（服务器在数据目录的 tls/ 中生成并沿用，各电脑核对指纹）' },
              { value: 'files', label: '机构自己的证书' },
            ]}
          />
        </Form.Item>
        {tls === 'files' ? (
          <Space align="start" wrap size={12}>
            <Form.Item label="证书文件（PEM）" name="certFile" style={{ marginBottom: 8, width: 330 }}>
              <Input aria-label="证书文件" placeholder="/etc/beian/server.crt" style={mono} />
            </Form.Item>
            <Form.Item label="私钥文件（PEM）" name="keyFile" style={{ marginBottom: 8, width: 330 }}>
              <Input aria-label="私钥文件" placeholder="/etc/beian/server.key" style={mono} />
            </Form.Item>
          </Space>
        ) : null}
        <Space align="end" wrap size={12}>
          <Form.Item label="数据密码" name="passphrase" style={{ marginBottom: 8, width: 240 }} rules={[{ required: true, message: '请输入本机的数据密码' }]}>
            <Input.Password aria-label="服务器数据密码" autoComplete="new-password" placeholder="服务器用它解锁数据密钥" />
          </Form.Item>
          <Form.Item style={{ marginBottom: 8 }}>
            <Space>
              <Button type="primary" htmlType="submit" loading={busy === 'start' || state === 'starting'}>
                启动
              </Button>
              <Button danger disabled={!alive} loading={busy === 'stop' || state === 'stopping'} onClick={stop}>
                停止
              </Button>
            </Space>
          </Form.Item>
        </Space>
      </Form>
      {view ? <ServerStatus status={view.status} /> : null}
    </section>
  );
}

function ServerStatus({ status }: { status: View['status'] }) {
  const tag = STATE_TAG[status.state];
  const shown = status.log.slice(-LOG_SHOWN);
  return (
    <div style={{ marginTop: 4 }}>
      {status.state === 'failed' && status.message ? (
        <Alert type="error" showIcon style={{ marginBottom: 8 }} message="团队服务器未能运行" description={<span style={{ whiteSpace: 'pre-wrap' }}>{status.message}</span>} />
      ) : null}
      {status.state === 'running' && status.url ? (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 8 }}
          message="团队服务器运行中：把地址和证书指纹填入各台电脑的“连接团队服务器”"
        />
      ) : null}
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label="状态">
          <Tag color={tag.color} aria-label="团队服务器状态">
            {tag.text}
          </Tag>
          {status.startedAt && status.state !== 'stopped' ? <Typography.Text type="secondary" style={{ marginLeft: 4 }}>启动于 {chinaDateTime(status.startedAt)}</Typography.Text> : null}
        </Descriptions.Item>
        {status.url ? (
          <Descriptions.Item label="访问地址">
            <Typography.Text copyable style={mono} aria-label="本机团队服务器访问地址">
              {status.url}
            </Typography.Text>
          </Descriptions.Item>
        ) : null}
        {status.url && status.fingerprint256 ? (
          <Descriptions.Item label="证书指纹（SHA-256）">
            <Typography.Text copyable style={{ ...mono, fontSize: 11 }} aria-label="服务器证书指纹">
              {status.fingerprint256}
            </Typography.Text>
            {status.validTo ? <div><Typography.Text type="secondary">{status.selfSigned ? '自签名，' : ''}有效期至 {chinaDateTime(new Date(status.validTo).toISOString())}</Typography.Text></div> : null}
          </Descriptions.Item>
        ) : null}
        {status.database ? (
          <Descriptions.Item label="团队数据库">
            <span style={mono}>{status.database}</span>
          </Descriptions.Item>
        ) : null}
        {status.listen ? (
          <Descriptions.Item label="监听">
            <span style={mono}>{status.listen}</span>
          </Descriptions.Item>
        ) : null}
      </Descriptions>
      {shown.length ? (
        <>
          <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }}>
            服务器输出（最后 {shown.length} 行）
          </Typography.Text>
          <pre aria-label="团队服务器输出" style={{ ...mono, fontSize: 11, background: '#fafafa', border: '1px solid #f0f0f0', borderRadius: 4, padding: '6px 8px', maxHeight: 180, overflow: 'auto', margin: 0, whiteSpace: 'pre-wrap' }}>
            {shown.join('\n')}
          </pre>
        </>
      ) : null}
    </div>
  );
}
