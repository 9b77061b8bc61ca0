// Team mode in the window: on a team server nothing is shown before an operator logs in, and any call
// the server refuses for want of a login (expired, logged out elsewhere) brings the login page back.
// On the single desk (its own token, or Electron's IPC) account.me answers without a caller and the
// gate lets everything through unchanged.
import { LoginOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Spin, Typography } from 'antd';
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import type { MethodOutput } from '../main/api/contract';
import { ApiError, loginRequest, logoutRequest, onLoginRequired } from './api';
import { firstAnswer, firstOrNew, forgetFirstAnswers } from './boot';

type Caller = NonNullable<MethodOutput<'account.me'>['caller']>;

export interface Team {
  /** The logged-in account on a team server; null on the single desk. */
  caller: Caller | null;
  logout(): Promise<void>;
}

const TeamContext = createContext<Team>({ caller: null, logout: async () => undefined });
export const useTeam = () => useContext(TeamContext);

function LoginPage({ onDone }: { onDone(c: Caller): void }) {
  const [form] = Form.useForm<{ username: string; password: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(v: { username: string; password: string }) {
    setBusy(true);
    setError(null);
    const r = await loginRequest(v.username, v.password);
    setBusy(false);
    if (r.ok && r.value) onDone(r.value);
    else {
      setError(r.ok ? '登录失败' : r.error.message);
      form.setFieldValue('password', '');
    }
  }

  return (
    <div style={{ height: '100%', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f0f2f5' }}>
      <Card title="备案助手 — 团队服务器登录" style={{ width: 400 }}>
        <Typography.Paragraph type="secondary">请使用管理员为您创建的账户登录。连续输错 5 次密码，账户将锁定 15 分钟。</Typography.Paragraph>
        <Form form={form} name="login" layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false}>
          <Form.Item label="用户名" name="username" rules={[{ required: true, message: '请输入用户名' }]}>
            <Input autoFocus autoComplete="username" aria-label="用户名" />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password autoComplete="current-password" aria-label="密码" />
          </Form.Item>
          {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} /> : null}
          <Button type="primary" htmlType="submit" loading={busy} icon={<LoginOutlined />} block>
            登录
          </Button>
        </Form>
      </Card>
    </div>
  );
}

export function TeamGate({ children }: { children: ReactNode }) {
  // the window's first account.me (firstScreen.ts), when it is already in: the first render lets the screen through
  const [first] = useState(() => firstAnswer('account.me'));
  const [state, setState] = useState<'checking' | 'login' | 'in'>(first ? 'in' : 'checking');
  const [caller, setCaller] = useState<Caller | null>(first?.caller ?? null);
  const [failure, setFailure] = useState<string | null>(null);

  const toLogin = useCallback(() => {
    forgetFirstAnswers(); // asked before the login: the next account's gates ask anew
    setCaller(null);
    setState('login');
  }, []);

  const check = useCallback(async () => {
    try {
      const me = await firstOrNew('account.me');
      setCaller(me.caller);
      setState('in');
    } catch (err) {
      if (err instanceof ApiError && err.body.code === 'UNAUTHORIZED') toLogin();
      else setFailure(err instanceof ApiError ? err.message : '无法连接备案助手服务');
    }
  }, [toLogin]);

  useEffect(() => {
    if (!first) void check();
    return onLoginRequired(toLogin);
  }, [check, first, toLogin]);

  const logout = useCallback(async () => {
    await logoutRequest();
    toLogin();
  }, [toLogin]);

  if (failure && state === 'checking') return <Alert type="error" showIcon message={failure} style={{ margin: 40 }} />;
  if (state === 'checking') return <Spin style={{ margin: 60 }} />;
  if (state === 'login') {
    return (
      <LoginPage
        onDone={(c) => {
          setCaller(c);
          setState('in');
          // every screen starts from the landing page of the new account's role
          window.location.hash = c.role === 'photo' ? '#/photo-tasks' : '#/clients';
        }}
      />
    );
  }
  return <TeamContext.Provider value={{ caller, logout }}>{children}</TeamContext.Provider>;
}
