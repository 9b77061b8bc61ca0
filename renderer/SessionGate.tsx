// Nothing of a client is shown before the data passphrase is given. First run: set the passphrase.
// Later: unlock (or OS unlock in the desktop app). When the desk locks while in use, the lock screen
// covers the window but the page underneath stays as it was, so a half-filled form is not lost.
import { LockOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Modal, Space, Spin, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { MethodOutput } from '../main/api/contract';
import { api, ApiError, onLocked } from './api';
import { firstAnswer, firstOrNew } from './boot';

type Status = MethodOutput<'session.status'>;

const ACTIVITY_PING_MS = 60_000;
const STATUS_POLL_MS = 30_000;

function PassphraseForm({ status, onDone }: { status: Status; onDone(s: Status): void }) {
  const [form] = Form.useForm<{ passphrase: string; confirm?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const setup = status.state === 'uninitialised';

  async function submit(v: { passphrase: string; confirm?: string }) {
    setBusy(true);
    setError(null);
    try {
      onDone(setup ? await api('session.setup', { passphrase: v.passphrase, confirm: v.confirm ?? '' }) : await api('session.unlock', { passphrase: v.passphrase }));
      form.resetFields();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '操作失败');
    } finally {
      setBusy(false);
    }
  }

  async function osUnlock() {
    setBusy(true);
    try {
      onDone(await api('session.unlockWithOs', {}));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '操作失败');
    } finally {
      setBusy(false);
    }
  }

  return (
    <Form form={form} layout="vertical" onFinish={submit} style={{ width: 360 }}>
      {setup ? (
        <Typography.Paragraph type="secondary">
          证件号码、手机号、邮箱和材料文件都会用数据密码加密保存。请牢记此密码：忘记后数据无法恢复。
        </Typography.Paragraph>
      ) : null}
      <Form.Item label="数据密码" name="passphrase" rules={[{ required: true, message: '请输入数据密码' }, ...(setup ? [{ min: 8, message: '密码至少 8 个字符' }] : [])]}>
        <Input.Password autoFocus autoComplete={setup ? 'new-password' : 'current-password'} aria-label="数据密码" />
      </Form.Item>
      {setup ? (
        <Form.Item
          label="再次输入"
          name="confirm"
          dependencies={['passphrase']}
          rules={[
            { required: true, message: '请再次输入数据密码' },
            ({ getFieldValue }) => ({
              validator: async (_r, v: string) => {
                if (v && v !== getFieldValue('passphrase')) throw new Error('两次输入的密码不一致');
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" aria-label="再次输入" />
        </Form.Item>
      ) : null}
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} /> : null}
      <Space>
        <Button type="primary" htmlType="submit" loading={busy} icon={setup ? <SafetyCertificateOutlined /> : <LockOutlined />}>
          {setup ? '设置密码并开始使用' : '解锁'}
        </Button>
        {!setup && status.osUnlockEnabled ? (
          <Button onClick={() => void osUnlock()} disabled={busy}>
            使用系统账户解锁
          </Button>
        ) : null}
      </Space>
    </Form>
  );
}

export function SessionGate({ children }: { children: ReactNode }) {
  // the window's first session.status (firstScreen.ts), when it is already in: a locked desk asks for the
  // passphrase in the first render, an unlocked one shows the screen
  const [first] = useState(() => firstAnswer('session.status'));
  const [status, setStatus] = useState<Status | null>(first ?? null);
  const [everUnlocked, setEverUnlocked] = useState(first?.state === 'unlocked');
  const [failure, setFailure] = useState<string | null>(null);
  // what an unlock found for the operator (a damaged material file set aside): the core hands each over once
  const [notices, setNotices] = useState<string[]>(first?.notices ?? []);
  // what this start's upgrade of the store found to act on (surplus open orders, one 主体 as several clients)
  const [upgradeNotices, setUpgradeNotices] = useState<string[]>(first?.upgradeNotices ?? []);
  const noticesFrom = useCallback((s: Status) => {
    if (s.notices?.length) setNotices((n) => [...n, ...s.notices!]);
    if (s.upgradeNotices?.length) setUpgradeNotices((n) => [...n, ...s.upgradeNotices!]);
  }, []);
  const lastPing = useRef(0);

  const refresh = useCallback(async (firstCall = false) => {
    try {
      const s = await (firstCall ? firstOrNew('session.status') : api('session.status', {}));
      setStatus(s);
      noticesFrom(s);
      if (s.state === 'unlocked') setEverUnlocked(true);
      setFailure(null);
    } catch (err) {
      setFailure(err instanceof ApiError ? err.message : '无法连接备案助手服务');
    }
  }, [noticesFrom]);

  useEffect(() => {
    if (!first) void refresh(true);
    const off = onLocked(() => void refresh());
    const onLockButton = () => void refresh();
    window.addEventListener('desk-locked', onLockButton);
    const timer = setInterval(() => void refresh(), STATUS_POLL_MS);
    // Typing and clicking count as use: tell the core now and then, so the idle lock means idle.
    const onActivity = () => {
      const now = Date.now();
      if (now - lastPing.current < ACTIVITY_PING_MS) return;
      lastPing.current = now;
      void api('session.ping', {}).catch(() => undefined);
    };
    window.addEventListener('keydown', onActivity);
    window.addEventListener('pointerdown', onActivity);
    return () => {
      off();
      window.removeEventListener('desk-locked', onLockButton);
      clearInterval(timer);
      window.removeEventListener('keydown', onActivity);
      window.removeEventListener('pointerdown', onActivity);
    };
  }, [first, refresh]);

  const unlocked = (s: Status) => {
    setStatus(s);
    noticesFrom(s);
    setEverUnlocked(true);
  };
  const noticeModal = (
    <>
      <Modal open={upgradeNotices.length > 0 && notices.length === 0} title="数据库已升级：有需要处理的事项" closable={false} maskClosable={false} cancelButtonProps={{ style: { display: 'none' } }} okText="知道了" onOk={() => setUpgradeNotices([])} zIndex={2100}>
        <Typography.Paragraph>升级已完成，数据都已保留。升级时发现以下情况，请逐一处理：</Typography.Paragraph>
        <ul data-testid="upgrade-notices">
          {upgradeNotices.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      </Modal>
      <Modal open={notices.length > 0} title="部分材料文件已损坏" closable={false} maskClosable={false} cancelButtonProps={{ style: { display: 'none' } }} okText="知道了" onOk={() => setNotices([])} zIndex={2100}>
        <Typography.Paragraph>其余材料已加密保存。以下材料的文件与其记录不符（已损坏），已加密移入隔离文件夹，不再作为材料使用；客户的日志中也记下了：</Typography.Paragraph>
        <ul data-testid="unlock-notices">
          {notices.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      </Modal>
    </>
  );

  if (failure && !status) return <Alert type="error" showIcon message={failure} style={{ margin: 40 }} />;
  if (!status) return <Spin style={{ margin: 60 }} />;
  const locked = status.state !== 'unlocked';
  if (!everUnlocked) {
    return (
      <div style={{ height: '100%', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f0f2f5' }}>
        <Card title={status.state === 'uninitialised' ? '欢迎使用备案助手 — 设置数据密码' : '备案助手已锁定'} style={{ width: 420 }}>
          <PassphraseForm status={status} onDone={unlocked} />
        </Card>
        {noticeModal}
      </div>
    );
  }
  return (
    <>
      {children}
      <Modal open={locked} title="备案助手已锁定" closable={false} maskClosable={false} keyboard={false} footer={null} width={420} mask={{ blur: true }} zIndex={2000}>
        <Typography.Paragraph type="secondary">长时间未操作或已手动锁定。解锁后可继续刚才的工作，未保存的内容仍在页面上。</Typography.Paragraph>
        <PassphraseForm status={status} onDone={unlocked} />
      </Modal>
      {noticeModal}
    </>
  );
}
