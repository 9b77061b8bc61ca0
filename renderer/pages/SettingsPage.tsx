// 设置: security (idle lock, passphrase, OS unlock) and how long clients' personal data is kept.
import { OperatorCard } from './settings/OperatorCard';
import { AccountsCard } from './settings/AccountsCard';
import { OperatorReportCard } from './settings/OperatorReportCard';
import { TeamServerCard } from './settings/TeamServerCard';
import { LeaseCard } from './settings/LeaseCard';
import { useTeam } from '../TeamGate';
import { Alert, App, Button, Card, Form, Input, InputNumber, Space, Switch, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import type { MethodOutput } from '../../main/api/contract';
import { api, ApiError } from '../api';
import { ClientPicker } from '../components/ClientPicker';
import { JobProgress } from '../components/JobProgress';
import { resource } from '../query/keys';
import { uploadArchive } from '../upload';
import { useApiQuery } from '../query/useApiQuery';
import { useJob } from '../query/useJob';
import { applyServerErrors } from '../forms/zodRules';
import { useFilledForm } from '../components/useFilledForm';
import { useSettingsConflict } from '../components/useSettingsConflict';
import { fileSizeText } from '../components/fileSize';

type Settings = MethodOutput<'settings.get'>;
type Status = MethodOutput<'session.status'>;

export function SettingsPage() {
  const { message } = App.useApp();
  const [settingsForm] = Form.useForm<Settings>();
  const [passForm] = Form.useForm<{ current: string; next: string; confirm: string }>();
  const [status, setStatus] = useState<Status | null>(null);
  const team = useTeam();
  // On a team server the server holds the key and names the logged-in operator: the single desk's operator
  // name and OS unlock do not apply, and only a 管理员 changes the server's settings, passphrase and backups.
  const inTeam = team.caller !== null;
  const serverAdmin = !inTeam || team.caller?.role === 'admin';

  const settingsQuery = useApiQuery(resource.settings, 'settings.get', {});
  const settings = settingsQuery.data;
  const settingsConflict = useSettingsConflict(settingsForm, () => settingsQuery.refetch());
  const settingsFilled = useFilledForm(settingsForm, settings);
  useEffect(() => {
    void api('session.status', {}).then(setStatus, () => undefined);
  }, []);

  return (
    <div className="desk-page" style={{ maxWidth: 760 }}>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        设置
      </Typography.Title>
      {team.caller?.role === 'admin' ? (
        <>
          <AccountsCard />
          <OperatorReportCard />
        </>
      ) : null}
      {serverAdmin ? (
        <>
          <Card title="安全与数据保留" size="small" style={{ marginBottom: 12 }}>
            <Form
              form={settingsForm}
              layout="vertical"
              disabled={!settingsFilled}
              onFinish={async (v) => {
                try {
                  settingsForm.setFieldsValue(await api('settings.update', v));
                  message.success('设置已保存');
                } catch (err) {
                  if (settingsConflict.caught(err)) return;
                  applyServerErrors(settingsForm, err, 0);
                  message.error(err instanceof ApiError ? err.message : '保存失败');
                }
              }}
            >
              <Form.Item name="rowVersion" hidden>
                <InputNumber />
              </Form.Item>
              <Space size="large" align="start">
                <Form.Item label="空闲自动锁定（分钟）" name="idleLockMinutes" tooltip="0 表示不自动锁定" rules={[{ required: true, message: '请填写' }]}>
                  <InputNumber min={0} max={1440} style={{ width: 180 }} />
                </Form.Item>
                <Form.Item label="默认保留期限（月）" name="retentionMonths" tooltip="客户服务结束后，个人信息最多保留的月数；到期列入“待删除”" rules={[{ required: true, message: '请填写' }]}>
                  <InputNumber min={1} max={600} style={{ width: 180 }} />
                </Form.Item>
                <Form.Item label="证件到期提前警告（天）" name="validityWarnDays" tooltip="证件有效期或营业期限在这么多天内到期时警告：订单可能在到期前办不完；已过期的一律阻断" rules={[{ required: true, message: '请填写' }]}>
                  <InputNumber min={0} max={365} style={{ width: 180 }} />
                </Form.Item>
              </Space>
              <Button type="primary" htmlType="submit">
                保存设置
              </Button>
            </Form>
            {settingsConflict.modal}
          </Card>
          <Card title="修改数据密码" size="small" style={{ marginBottom: 12 }}>
            <Typography.Paragraph type="secondary">只更换保护数据密钥的密码，数据本身不会重写；请牢记新密码。</Typography.Paragraph>
            <Form
              form={passForm}
              layout="vertical"
              style={{ maxWidth: 360 }}
              onFinish={async (v) => {
                try {
                  await api('session.changePassphrase', v);
                  passForm.resetFields();
                  message.success('数据密码已修改');
                } catch (err) {
                  // The refusal goes next to its field and, so it cannot be missed, into a message too.
                  applyServerErrors(passForm, err, 0);
                  message.error(err instanceof ApiError ? err.message : '修改失败');
                }
              }}
            >
              <Form.Item label="当前密码" name="current" rules={[{ required: true, message: '请输入当前密码' }]}>
                <Input.Password autoComplete="current-password" />
              </Form.Item>
              <Form.Item label="新密码" name="next" rules={[{ required: true, message: '请输入新密码' }, { min: 8, message: '密码至少 8 个字符' }]}>
                <Input.Password autoComplete="new-password" />
              </Form.Item>
              <Form.Item label="确认新密码" name="confirm" rules={[{ required: true, message: '请再次输入新密码' }]}>
                <Input.Password autoComplete="new-password" />
              </Form.Item>
              <Button htmlType="submit">修改密码</Button>
            </Form>
          </Card>
        </>
      ) : null}
      {inTeam ? null : <OperatorCard />}
      {/* a team server's page has no 团队服务器 card: the setting belongs to a desktop app's own data folder */}
      {inTeam ? null : <TeamServerCard />}
      {serverAdmin ? <BackupCard /> : null}
      <TransferCard />
      <LeaseCard />
      {inTeam ? null : (
        <Card title="系统账户自动解锁" size="small">
        {status?.osUnlockAvailable ? (
          <Space>
            <Switch
              checked={status.osUnlockEnabled}
              onChange={async (enabled) => {
                try {
                  setStatus(await api('session.setOsUnlock', { enabled }));
                } catch (err) {
                  message.error(err instanceof ApiError ? err.message : '操作失败');
                }
              }}
            />
            <Typography.Text>启动桌面版时用当前系统账户的钥匙串解锁，无需输入数据密码</Typography.Text>
          </Space>
        ) : (
          <Typography.Text type="secondary">仅桌面版在支持系统钥匙串的电脑上可用；浏览器模式下每次启动需输入数据密码。</Typography.Text>
        )}
      </Card>
      )}
    </div>
  );
}

function BackupCard() {
  const { message } = App.useApp();
  const [dir, setDir] = useState('');
  const [busy, setBusy] = useState(false);
  const [last, setLast] = useState<MethodOutput<'backup.create'> | null>(null);
  useEffect(() => {
    void api('backup.suggestDir', {}).then((r) => setDir((typed) => typed || r.dir), () => undefined);
  }, []);
  return (
    <Card title="备份" size="small" style={{ marginBottom: 12 }}>
      <Typography.Paragraph type="secondary">
        备份文件包含数据库、密钥文件和全部材料文件，仍然是加密的；恢复后用原数据密码解锁。建议备份到移动硬盘或另一台电脑。
      </Typography.Paragraph>
      <Space.Compact style={{ width: '100%' }}>
        <Input value={dir} onChange={(e) => setDir(e.target.value)} placeholder="备份目录" aria-label="备份目录" />
        <Button
          type="primary"
          loading={busy}
          onClick={async () => {
            setBusy(true);
            try {
              const r = await api('backup.create', { dir });
              setLast(r);
              message.success('备份已写出并校验通过');
            } catch (err) {
              message.error(err instanceof ApiError ? err.message : '备份失败');
            } finally {
              setBusy(false);
            }
          }}
        >
          立即备份
        </Button>
      </Space.Compact>
      {last ? (
        <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }}>
          已写出 {last.file}（{fileSizeText(last.bytes)}，材料文件 {last.materialFiles} 个，已校验）
        </Typography.Paragraph>
      ) : null}
      <RestoreBackup lastBackup={last?.file ?? null} />
    </Card>
  );
}

/** 恢复: a backup into a new, empty data folder, checked as the CLI checks it, as a job. */
function RestoreBackup({ lastBackup }: { lastBackup: string | null }) {
  const [file, setFile] = useState('');
  const [dir, setDir] = useState('');
  const [pass, setPass] = useState('');
  const [refusal, setRefusal] = useState<string | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useJob(jobId, 'backup.restore');
  useEffect(() => {
    void api('backup.suggestDir', {}).then((r) => setDir((typed) => typed || r.dir.replace(/备份$/, '恢复')), () => undefined);
  }, []);
  useEffect(() => {
    if (lastBackup) setFile(lastBackup);
  }, [lastBackup]);
  const result = job?.state === 'done' ? job.result : null;
  return (
    <div style={{ marginTop: 16 }}>
      <Typography.Text strong>恢复</Typography.Text>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        把备份恢复到一个新的空目录（不会覆盖任何现有数据）：先校验备份的每个文件和数据库，再核对做备份时的数据密码，全部通过后才放入该目录。恢复后用该目录启动备案助手（命令行 --data 目录），用同一数据密码解锁。
      </Typography.Paragraph>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Input value={file} onChange={(e) => setFile(e.target.value)} addonBefore="备份文件" placeholder="备份文件（.bdbackup）的完整路径" aria-label="恢复的备份文件" />
        <Input value={dir} onChange={(e) => setDir(e.target.value)} addonBefore="恢复到" placeholder="一个新的空目录" aria-label="恢复到的空目录" />
        <Space.Compact style={{ width: '100%' }}>
          <Input.Password value={pass} onChange={(e) => setPass(e.target.value)} placeholder="做备份时的数据密码" aria-label="备份的数据密码" />
          <Button
            disabled={!file.trim() || !dir.trim() || !pass || job?.state === 'running'}
            onClick={async () => {
              setRefusal(null);
              setJobId(null);
              try {
                setJobId((await api('backup.restore', { file, dataDir: dir, passphrase: pass })).jobId);
              } catch (err) {
                setRefusal(err instanceof ApiError ? err.message : '无法开始恢复');
              }
            }}
          >
            恢复
          </Button>
        </Space.Compact>
        {refusal ? <Alert type="error" showIcon message="未恢复" description={refusal} /> : null}
        {jobId ? <JobProgress job={job} unit="步" /> : null}
        {job?.state === 'failed' ? <Alert type="error" showIcon message="未恢复" description={job.error} /> : null}
        {result ? <Alert type="success" showIcon message={`已恢复到 ${result.dataDir}（材料文件 ${result.materialFiles} 个）`} description="用该目录启动备案助手（命令行 --data 目录），用做备份时的数据密码解锁。" /> : null}
      </Space>
    </div>
  );
}

/** A file's size as the operator reads it: KB under a megabyte (a small archive is not “0.0 MB”). */

/**
 * 转移导出 runs as a job (transfer.export): a refusal comes back at once with every reason; an export that may go
 * shows its progress and 取消 here, then the file it wrote.
 */
function TransferCard() {
  const { message } = App.useApp();
  const [ids, setIds] = useState<number[]>([]);
  const [pass, setPass] = useState('');
  const [confirm, setConfirm] = useState('');
  const [dir, setDir] = useState('');
  const [importPass, setImportPass] = useState('');
  const [busy, setBusy] = useState(false);
  const [starting, setStarting] = useState(false);
  const [refusal, setRefusal] = useState<{ message: string; reasons: string[] } | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useJob(jobId, 'transfer.export');
  useEffect(() => {
    void api('backup.suggestDir', {}).then((r) => setDir((typed) => typed || r.dir.replace(/备份$/, '转移')), () => undefined);
  }, []);
  // Said once the second field has been typed into, not while it is still empty.
  const mismatch = confirm.length > 0 && confirm !== pass;
  const running = starting || job?.state === 'running' || (jobId !== null && !job);
  const result = job?.state === 'done' ? job.result : null;
  return (
    <Card title="在电脑之间转移客户" size="small" style={{ marginBottom: 12 }}>
      <Typography.Paragraph type="secondary">
        导出所选客户及其材料到一个用传输密码加密的文件，拷到另一台电脑（如拍照点的笔记本）后导入；导入前完整校验，重复的客户、负责人、网站和材料会合并，不会重复。
      </Typography.Paragraph>
      <Space direction="vertical" style={{ width: '100%' }}>
        <ClientPicker multiple value={ids} onChange={(v) => setIds(v as number[])} />
        <Space wrap>
          <Input.Password value={pass} onChange={(e) => setPass(e.target.value)} placeholder="传输密码（至少 8 个字符）" aria-label="传输密码" style={{ width: 260 }} />
          <Input.Password
            value={confirm}
            onChange={(e) => setConfirm(e.target.value)}
            placeholder="再次输入传输密码"
            aria-label="确认传输密码"
            status={mismatch ? 'error' : undefined}
            style={{ width: 260 }}
          />
          {mismatch ? <Typography.Text type="danger">两次输入的传输密码不一致</Typography.Text> : null}
        </Space>
        <Space.Compact style={{ width: '100%' }}>
          <Input value={dir} onChange={(e) => setDir(e.target.value)} aria-label="转移文件目录" disabled={running} />
          <Button
            type="primary"
            loading={running}
            disabled={!ids.length || pass.length < 8 || confirm !== pass || !dir}
            onClick={async () => {
              setRefusal(null);
              setJobId(null);
              setStarting(true);
              try {
                setJobId((await api('transfer.export', { entityIds: ids, passphrase: pass, confirm, dir })).jobId);
              } catch (err) {
                setRefusal(err instanceof ApiError ? { message: err.message, reasons: (err.body.details ?? []).map((d) => d.message) } : { message: '无法开始导出', reasons: [] });
              } finally {
                setStarting(false);
              }
            }}
          >
            导出
          </Button>
        </Space.Compact>
        {refusal ? (
          <Alert
            type="error"
            showIcon
            message={refusal.reasons.length > 1 ? `转移文件没有导出，有 ${refusal.reasons.length} 个问题` : '转移文件没有导出'}
            description={refusal.reasons.length > 1 ? <ul style={{ paddingLeft: 18, margin: 0 }}>{refusal.reasons.map((r) => <li key={r}>{r}</li>)}</ul> : refusal.message}
          />
        ) : null}
        {jobId ? (
          <div data-testid="transfer-export-job">
            <JobProgress job={job} unit="项（客户、材料文件，最后写出传输文件）" />
          </div>
        ) : null}
        {job?.state === 'failed' ? <Alert type="error" showIcon message="转移文件没有导出" description={job.error} /> : null}
        {job?.state === 'cancelled' ? <Alert type="info" showIcon message="导出已取消：没有写出文件，也没有记入导出日志" /> : null}
        {result ? (
          <Alert
            type={job?.cancelTooLate ? 'warning' : 'success'}
            showIcon
            message={`已导出 ${result.clients} 个客户、${result.files} 个材料文件（${fileSizeText(result.bytes)}）${job?.cancelTooLate ? '。已完成，取消未生效：取消时文件已写出并记入导出日志，如不需要请删除该文件' : ''}`}
            description={result.file}
          />
        ) : null}
        <Space>
          <Input.Password value={importPass} onChange={(e) => setImportPass(e.target.value)} placeholder="导入文件的传输密码" aria-label="导入传输密码" style={{ width: 260 }} />
          <Upload
            accept=".bdtransfer"
            showUploadList={false}
            beforeUpload={(file) => {
              setBusy(true);
              void uploadArchive('transfer.import', file, { passphrase: importPass })
                .then(
                  (r) => message.success(`导入完成：新建 ${r.created} 个客户，合并 ${r.merged} 个；新增负责人 ${r.people}、网站 ${r.websites}、材料 ${r.materials}`),
                  (err: unknown) => message.error(err instanceof ApiError ? err.message : '导入失败'),
                )
                .finally(() => setBusy(false));
              return false;
            }}
          >
            <Button disabled={importPass.length < 1} loading={busy}>
              选择传输文件并导入
            </Button>
          </Upload>
        </Space>
      </Space>
    </Card>
  );
}
