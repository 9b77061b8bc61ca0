// 设置 → 团队服务器 on a single desk: the team server the desktop app opens its window on (address and
// pinned certificate fingerprint, checked by the core before saving), and the commands that run this
// desk's data folder as the agency's server. The saved setting applies at the desktop app's next start.
import { Alert, App, Button, Descriptions, Divider, Form, Input, Popconfirm, Space, Tag, Typography, Card } from 'antd';
import { useState } from 'react';
import { chinaDateTime, type MethodOutput } from '../../../main/api/contract';
import { api, ApiError } from '../../api';
import { applyServerErrors } from '../../forms/zodRules';
import { resource } from '../../query/keys';
import { useAfterWrite, useApiQuery } from '../../query/useApiQuery';
import { LocalTeamServer } from './LocalTeamServer';

type Check = MethodOutput<'teamServer.check'>;
type Fields = { address: string; fingerprint: string };

const mono = { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 12 } as const;
const isDesktopApp = () => window.beianDesk?.host === 'electron';

export function TeamServerCard() {
  const { message } = App.useApp();
  const [form] = Form.useForm<Fields>();
  const link = useApiQuery(resource.settings, 'teamServer.get', {}).data;
  const afterWrite = useAfterWrite();
  const [check, setCheck] = useState<Check | null>(null);
  const [checkedPin, setCheckedPin] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState<'check' | 'save' | 'clear' | null>(null);
  const desktop = isDesktopApp();

  async function runCheck() {
    setProblem(null);
    setCheck(null);
    const v = form.getFieldsValue();
    setBusy('check');
    try {
      setCheck(await api('teamServer.check', { address: v.address ?? '', fingerprint: v.fingerprint ?? '' }));
      setCheckedPin((v.fingerprint ?? '').trim());
    } catch (err) {
      const rest = applyServerErrors(form, err, 0);
      if (rest) setProblem(rest.message);
    } finally {
      setBusy(null);
    }
  }

  async function save(v: Fields) {
    setProblem(null);
    setBusy('save');
    try {
      await api('teamServer.save', { address: v.address ?? '', fingerprint: v.fingerprint ?? '' });
      await afterWrite([resource.settings]);
      message.success(desktop ? '已保存：下次启动桌面版时连接团队服务器' : '已保存：下次启动桌面版时连接团队服务器（浏览器模式不受影响）');
    } catch (err) {
      const rest = applyServerErrors(form, err, 0);
      if (rest) message.error(rest.message);
    } finally {
      setBusy(null);
    }
  }

  async function disconnect() {
    setBusy('clear');
    try {
      await api('teamServer.clear', {});
      await afterWrite([resource.settings]);
      message.success('已断开：下次启动时打开本机数据');
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : '断开失败');
    } finally {
      setBusy(null);
    }
  }

  return (
    <Card title="团队服务器" size="small" style={{ marginBottom: 12 }}>
      <Typography.Text strong>连接团队服务器</Typography.Text>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        保存后，桌面版在下次启动时打开团队服务器的页面，用团队账户登录，数据都在服务器上；本机数据保持不变，断开后下次启动重新打开本机数据。服务器的证书按指纹核对，指纹不符时拒绝连接。
      </Typography.Paragraph>
      {desktop ? null : (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 8 }}
          message="当前是浏览器模式"
          description="把窗口指向团队服务器只适用于桌面版（保存后，下次启动桌面版时生效）；在浏览器中使用团队服务器，请直接打开服务器地址。下面的连接检查在浏览器模式下同样可用。"
        />
      )}
      {link?.saved ? (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 8 }}
          message={`桌面版启动时连接 ${link.saved.address}`}
          description={
            <>
              <div>
                证书指纹 <span style={mono}>{link.saved.fingerprint256}</span>
              </div>
              <div>保存于 {chinaDateTime(link.saved.savedAt)}；更改在下次启动时生效。</div>
            </>
          }
          action={
            <Popconfirm title="断开团队服务器？" description="下次启动时桌面版重新打开本机数据。" okText="断开" cancelText="取消" onConfirm={disconnect}>
              <Button size="small" danger loading={busy === 'clear'}>
                断开
              </Button>
            </Popconfirm>
          }
        />
      ) : null}
      {link?.savedProblem ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 8 }}
          message="团队服务器设置无法读取，桌面版将打开本机数据"
          description={link.savedProblem}
          action={
            <Button size="small" loading={busy === 'clear'} onClick={disconnect}>
              断开
            </Button>
          }
        />
      ) : null}
      {link?.envOverride ? (
        <Alert type="warning" showIcon style={{ marginBottom: 8 }} message="环境变量 BEIAN_DESK_TEAM_SERVER 已设置，启动时优先于此处的设置" description={link.envOverride} />
      ) : null}
      <Form
        form={form}
        layout="vertical"
        onFinish={save}
        requiredMark={false}
        // a result shown belongs to the address and pin it was made for
        onValuesChange={() => {
          setCheck(null);
          setProblem(null);
        }}
      >
        <Form.Item label="服务器地址" name="address" rules={[{ required: true, message: '请填写团队服务器地址' }]} style={{ marginBottom: 8 }}>
          <Input placeholder="https://192.168.1.10:8443/" aria-label="团队服务器地址" autoComplete="off" />
        </Form.Item>
        <Form.Item label="证书指纹（SHA-256）" name="fingerprint" extra="服务器启动时打印的“证书指纹 SHA-256”：32 组以冒号分隔的十六进制数" style={{ marginBottom: 8 }}>
          <Input placeholder="AB:CD:…（共 32 组）" aria-label="证书指纹" autoComplete="off" style={{ ...mono, fontSize: 11 }} />
        </Form.Item>
        <Space>
          <Button loading={busy === 'check'} onClick={runCheck}>
            检查连接
          </Button>
          <Button type="primary" htmlType="submit" loading={busy === 'save'}>
            保存
          </Button>
          <Typography.Text type="secondary">保存后在下次启动桌面版时生效</Typography.Text>
        </Space>
      </Form>
      {problem ? <Alert type="error" showIcon style={{ marginTop: 8 }} message="连接失败" description={problem} /> : null}
      {check ? <CheckResult check={check} typedPin={checkedPin} onUsePin={(pin) => form.setFieldsValue({ fingerprint: pin })} /> : null}
      <Divider style={{ margin: '16px 0 12px' }} />
      <LocalTeamServer />
      <Divider style={{ margin: '16px 0 12px' }} />
      <RunAsServer link={link ?? null} />
    </Card>
  );
}

function CheckResult({ check, typedPin, onUsePin }: { check: Check; typedPin: string; onUsePin: (pin: string) => void }) {
  const pinTag =
    check.matches === null ? <Tag>未填写指纹，无法核对</Tag> : check.matches ? <Tag color="success">与填写的指纹一致</Tag> : <Tag color="error">与填写的指纹不一致</Tag>;
  const good = check.matches === true && check.beianDesk;
  return (
    <div style={{ marginTop: 12 }}>
      <Alert
        type={good ? 'success' : check.matches === false || !check.beianDesk ? 'warning' : 'info'}
        showIcon
        style={{ marginBottom: 8 }}
        message={
          good
            ? '连接正常：证书与指纹一致，是备案助手团队服务器'
            : check.matches === false
              ? '服务器出示的证书与填写的指纹不一致：请向管理员核实，不要在未核实前改用新指纹'
              : !check.beianDesk
                ? '该地址不是备案助手团队服务器'
                : '已连接：请把下面的指纹与服务器启动时打印的指纹逐字核对'
        }
      />
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label="服务器">{check.origin}</Descriptions.Item>
        <Descriptions.Item label="服务器出示的证书指纹">
          <Space direction="vertical" size={4}>
            <Typography.Text copyable style={mono}>
              {check.fingerprint256}
            </Typography.Text>
            <Space size={4}>
              {pinTag}
              {check.matches === null && !typedPin ? (
                <Button size="small" onClick={() => onUsePin(check.fingerprint256)}>
                  核对无误后填入此指纹
                </Button>
              ) : null}
            </Space>
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label="应答">{check.beianDesk ? <Tag color="success">{check.answer}</Tag> : <Tag color="warning">{check.answer}</Tag>}</Descriptions.Item>
        <Descriptions.Item label="证书">
          {check.subject || '（无名称）'}，有效期至 {chinaDateTime(check.validTo)}
        </Descriptions.Item>
      </Descriptions>
    </div>
  );
}

function RunAsServer({ link }: { link: MethodOutput<'teamServer.get'> | null }) {
  return (
    <>
      <Typography.Text strong>在终端中运行团队服务器</Typography.Text>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        也可以在终端中把数据目录作为全机构的团队服务器（例如在一台不用桌面版的服务器上）：其他电脑用浏览器或桌面版登录使用。不加 --database 时服务器使用数据目录中的单机数据库，请先关闭本程序，然后在备案助手的安装目录中运行下面的命令（首次运行前先建立第一个管理员账户，密码在终端中输入）；启动时需要输入数据密码，服务器会打印访问地址和证书指纹，把它们填入各台电脑的“连接团队服务器”。
      </Typography.Paragraph>
      {link ? (
        <>
          <Typography.Paragraph style={{ marginBottom: 4 }}>1. 建立第一个管理员账户（只需一次）：</Typography.Paragraph>
          <Typography.Paragraph copyable={{ text: link.firstAdminCommand }} style={{ ...mono, background: '#f5f5f5', padding: '6px 8px', borderRadius: 4 }} aria-label="建立管理员账户的命令">
            {link.firstAdminCommand}
          </Typography.Paragraph>
          <Typography.Paragraph style={{ marginBottom: 4 }}>2. 启动团队服务器（在局域网的所有地址上，端口 8443，自签名证书）：</Typography.Paragraph>
          <Typography.Paragraph copyable={{ text: link.serverCommand }} style={{ ...mono, background: '#f5f5f5', padding: '6px 8px', borderRadius: 4 }} aria-label="启动团队服务器的命令">
            {link.serverCommand}
          </Typography.Paragraph>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            使用机构的 PostgreSQL 团队数据库时，两条命令都加上 <span style={mono}>--database postgres://用户@主机:5432/数据库</span>（不含密码：密码放在环境变量 <span style={mono}>PGPASSWORD</span> 中）；使用机构自己的证书时，把 <span style={mono}>--tls-self-signed</span> 换成{' '}
            <span style={mono}>--tls-cert 证书文件 --tls-key 私钥文件</span>。
          </Typography.Paragraph>
        </>
      ) : null}
    </>
  );
}
