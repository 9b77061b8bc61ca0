// 设置 → 账户 (team server, 管理员 only): the operators who may log in, their roles, and the actions a
// 管理员 takes on them — add, change name or role, disable, set a new password, lift a lockout.
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Modal, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { chinaDateTime, ACCOUNT_ROLES, PASSWORD_MIN_LENGTH, ROLE_LABELS, type AccountRole, type AccountView } from '../../../main/api/contract';
import { api, ApiError } from '../../api';
import { applyServerErrors } from '../../forms/zodRules';

const ROLE_OPTIONS = ACCOUNT_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));
const when = (iso: string | null) => (iso ? chinaDateTime(iso, true) : '—');

type NewAccount = { username: string; displayName: string; role: AccountRole; password: string; confirm: string };

function PasswordFields() {
  return (
    <>
      <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }, { min: PASSWORD_MIN_LENGTH, message: `密码至少 ${PASSWORD_MIN_LENGTH} 个字符` }]}>
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        label="再次输入密码"
        name="confirm"
        dependencies={['password']}
        rules={[
          { required: true, message: '请再次输入密码' },
          ({ getFieldValue }) => ({
            validator: async (_r, v: string) => {
              if (v && v !== getFieldValue('password')) throw new Error('两次输入的密码不一致');
            },
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </>
  );
}

export function AccountsCard() {
  const { message } = App.useApp();
  const [accounts, setAccounts] = useState<AccountView[]>([]);
  const [adding, setAdding] = useState(false);
  const [passwordFor, setPasswordFor] = useState<AccountView | null>(null);
  const [addForm] = Form.useForm<NewAccount>();
  const [pwForm] = Form.useForm<{ password: string; confirm: string }>();

  const load = useCallback(() => void api('account.list', {}).then(setAccounts, (err) => message.error(err instanceof ApiError ? err.message : '无法读取账户')), [message]);
  useEffect(load, [load]);

  async function change(a: AccountView, patch: { role?: AccountRole; disabled?: boolean }) {
    try {
      await api('account.update', { id: a.id, ...patch });
      message.success('账户已更新');
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : '更新失败');
    }
    load();
  }

  return (
    <Card
      title="账户"
      size="small"
      style={{ marginBottom: 12 }}
      extra={
        <Button size="small" type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
          新建账户
        </Button>
      }
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        管理员：账户、设置、数据保留与删除；操作员：客户、订单、核验单与提交包；拍照点：只上传分配给它的订单的幕布照片，看不到证件号码。
      </Typography.Paragraph>
      <Table<AccountView>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={accounts}
        columns={[
          { title: '用户名', dataIndex: 'username' },
          { title: '姓名', dataIndex: 'displayName' },
          {
            title: '角色',
            dataIndex: 'role',
            render: (_v, a) => <Select size="small" value={a.role} options={ROLE_OPTIONS} style={{ width: 96 }} onChange={(role) => void change(a, { role })} aria-label={`${a.username} 的角色`} />,
          },
          {
            title: '状态',
            render: (_v, a) => (
              <Space size={4}>
                <Switch size="small" checked={!a.disabled} checkedChildren="启用" unCheckedChildren="停用" onChange={(on) => void change(a, { disabled: !on })} />
                {a.lockedUntil && a.lockedUntil > new Date().toISOString() ? <Tag color="orange">锁定至 {when(a.lockedUntil)}</Tag> : null}
              </Space>
            ),
          },
          { title: '上次登录', dataIndex: 'lastLoginAt', render: (v: string | null) => when(v) },
          {
            title: '操作',
            render: (_v, a) => (
              <Space size={4}>
                <Button size="small" onClick={() => setPasswordFor(a)}>
                  重设密码
                </Button>
                {a.lockedUntil && a.lockedUntil > new Date().toISOString() ? (
                  <Button size="small" onClick={() => void api('account.unlock', { id: a.id }).then(() => { message.success('已解除锁定'); load(); }, (err) => message.error(err instanceof ApiError ? err.message : '操作失败'))}>
                    解除锁定
                  </Button>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
      <Modal
        title="新建账户"
        open={adding}
        okText="创建"
        onCancel={() => {
          setAdding(false);
          addForm.resetFields();
        }}
        onOk={() => addForm.submit()}
        destroyOnHidden
      >
        <Form
          form={addForm}
          name="newAccount"
          layout="vertical"
          initialValues={{ role: 'operator' }}
          onFinish={async (v) => {
            try {
              await api('account.create', v);
              message.success(`已新建账户 ${v.username}`);
              setAdding(false);
              addForm.resetFields();
              load();
            } catch (err) {
              applyServerErrors(addForm, err, 0);
              message.error(err instanceof ApiError ? err.message : '创建失败');
            }
          }}
        >
          <Form.Item label="用户名" name="username" rules={[{ required: true, message: '请输入用户名' }]} extra="登录时使用：字母开头，字母、数字、点、下划线或短横线">
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item label="姓名" name="displayName" rules={[{ required: true, message: '请输入姓名' }]} extra="日志中显示的名字">
            <Input />
          </Form.Item>
          <Form.Item label="角色" name="role">
            <Select options={ROLE_OPTIONS} />
          </Form.Item>
          <PasswordFields />
        </Form>
      </Modal>
      <Modal title={`重设密码：${passwordFor?.displayName ?? ''}`} open={passwordFor !== null} okText="保存" onCancel={() => setPasswordFor(null)} onOk={() => pwForm.submit()} destroyOnHidden>
        <Typography.Paragraph type="secondary">保存后该账户已登录的会话全部结束，锁定也一并解除。</Typography.Paragraph>
        <Form
          form={pwForm}
          name="accountPassword"
          layout="vertical"
          onFinish={async (v) => {
            if (!passwordFor) return;
            try {
              await api('account.setPassword', { id: passwordFor.id, ...v });
              message.success('密码已重设');
              setPasswordFor(null);
              load();
            } catch (err) {
              applyServerErrors(pwForm, err, 0);
              message.error(err instanceof ApiError ? err.message : '保存失败');
            }
          }}
        >
          <PasswordFields />
        </Form>
      </Modal>
    </Card>
  );
}
