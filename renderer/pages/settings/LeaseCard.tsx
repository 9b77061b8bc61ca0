// 设置 → 出借与归还: clients checked out to a field laptop (拍照点、外勤电脑) under a lease. On the server:
// 出借 (the archive and the lease), 归还 (the laptop's archive checked in by row versions), the leases with
// their open conflicts. On the laptop the same card lists what it borrowed and writes its 归还 archive.
import { Alert, App, Button, Card, Input, Modal, Popconfirm, Space, Table, Tag, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { chinaDateTime, LEASE_STATE_LABELS, type MethodOutput } from '../../../main/api/contract';
import { api, ApiError } from '../../api';
import { ClientPicker } from '../../components/ClientPicker';
import { resource } from '../../query/keys';
import { uploadArchive } from '../../upload';
import { useAfterWrite, useApiQuery } from '../../query/useApiQuery';
import { LeaseConflictsModal } from './LeaseConflictsModal';

type Lease = MethodOutput<'lease.list'>[number];
type Checkin = MethodOutput<'lease.checkin'>;

/** Two passphrase fields, the mismatch said once the second has been typed into. */
function PassPair({ pass, confirm, onPass, onConfirm }: { pass: string; confirm: string; onPass(v: string): void; onConfirm(v: string): void }) {
  const mismatch = confirm.length > 0 && confirm !== pass;
  return (
    <Space wrap>
      <Input.Password value={pass} onChange={(e) => onPass(e.target.value)} placeholder="传输密码（至少 8 个字符）" aria-label="出借传输密码" style={{ width: 240 }} />
      <Input.Password value={confirm} onChange={(e) => onConfirm(e.target.value)} placeholder="再次输入传输密码" aria-label="确认出借传输密码" status={mismatch ? 'error' : undefined} style={{ width: 240 }} />
      {mismatch ? <Typography.Text type="danger">两次输入的传输密码不一致</Typography.Text> : null}
    </Space>
  );
}

function stateTag(l: Lease) {
  if (l.state === 'out' && l.openConflicts > 0) return <Tag color="red">待处理冲突 {l.openConflicts}</Tag>;
  if (l.state === 'out') return <Tag color="orange">{l.side === 'lent' ? '出借中' : '借入中'}</Tag>;
  return <Tag color={l.state === 'returned' ? 'green' : 'default'}>{LEASE_STATE_LABELS[l.state]}</Tag>;
}

function CheckinExportModal({ lease, dir, onClose }: { lease: Lease; dir: string; onClose(): void }) {
  const { message } = App.useApp();
  const afterWrite = useAfterWrite();
  const [pass, setPass] = useState('');
  const [confirm, setConfirm] = useState('');
  const [to, setTo] = useState(dir);
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      open
      title={`生成归还文件 · ${lease.desk}`}
      okText="生成归还文件"
      okButtonProps={{ disabled: pass.length < 8 || confirm !== pass || !to, loading: busy }}
      onCancel={onClose}
      onOk={async () => {
        setBusy(true);
        try {
          const r = await api('lease.exportCheckin', { leaseId: lease.leaseId, passphrase: pass, confirm, dir: to });
          await afterWrite([resource.lists]);
          message.success(`已生成归还文件：${r.file}`);
          onClose();
        } catch (err) {
          message.error(err instanceof ApiError ? err.message : '生成失败');
        } finally {
          setBusy(false);
        }
      }}
    >
      <Typography.Paragraph type="secondary">归还文件带着本机上这些客户的现状和出借时的版本，拷回服务器后在“归还”处导入。</Typography.Paragraph>
      <Space direction="vertical" style={{ width: '100%' }}>
        <PassPair pass={pass} confirm={confirm} onPass={setPass} onConfirm={setConfirm} />
        <Input value={to} onChange={(e) => setTo(e.target.value)} aria-label="归还文件目录" />
      </Space>
    </Modal>
  );
}

export function LeaseCard() {
  const { message } = App.useApp();
  const afterWrite = useAfterWrite();
  const leases = useApiQuery(resource.lists, 'lease.list', {});
  const [ids, setIds] = useState<number[]>([]);
  const [deskName, setDeskName] = useState('');
  const [pass, setPass] = useState('');
  const [confirm, setConfirm] = useState('');
  const [dir, setDir] = useState('');
  const [checkinPass, setCheckinPass] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Checkin | null>(null);
  const [settling, setSettling] = useState<Lease | null>(null);
  const [returning, setReturning] = useState<Lease | null>(null);
  useEffect(() => {
    void api('backup.suggestDir', {}).then((r) => setDir((typed) => typed || r.dir.replace(/备份$/, '转移')), () => undefined);
  }, []);

  return (
    <Card title="出借与归还（外勤电脑离线工作）" size="small" style={{ marginBottom: 12 }}>
      <Typography.Paragraph type="secondary">
        把客户借给拍照点或外勤笔记本离线工作：出借文件在笔记本上用“导入传输文件”导入；回来后在笔记本上生成归还文件，在这里归还。只有笔记本改过、服务器没改的内容会被采用；两边都改过的逐项列出，由人决定。
      </Typography.Paragraph>
      <Space direction="vertical" style={{ width: '100%' }}>
        <ClientPicker multiple value={ids} onChange={(v) => setIds(v as number[])} placeholder="选择要出借的客户" />
        <Space wrap>
          <Input value={deskName} onChange={(e) => setDeskName(e.target.value)} placeholder="借给哪台电脑（如 拍照点笔记本）" aria-label="借用方" maxLength={50} style={{ width: 240 }} />
          <PassPair pass={pass} confirm={confirm} onPass={setPass} onConfirm={setConfirm} />
        </Space>
        <Space.Compact style={{ width: '100%' }}>
          <Input value={dir} onChange={(e) => setDir(e.target.value)} aria-label="出借文件目录" />
          <Button
            type="primary"
            loading={busy}
            disabled={!ids.length || !deskName.trim() || pass.length < 8 || confirm !== pass || !dir}
            onClick={async () => {
              setBusy(true);
              try {
                const r = await api('lease.checkout', { entityIds: ids, deskName, passphrase: pass, confirm, dir });
                await afterWrite([resource.lists, ...ids.map((id) => resource.client(id))]);
                setIds([]);
                message.success(`已出借：${r.file}`);
              } catch (err) {
                message.error(err instanceof ApiError ? err.message : '出借失败');
              } finally {
                setBusy(false);
              }
            }}
          >
            出借
          </Button>
        </Space.Compact>
        <Space>
          <Input.Password value={checkinPass} onChange={(e) => setCheckinPass(e.target.value)} placeholder="归还文件的传输密码" aria-label="归还传输密码" style={{ width: 240 }} />
          <Upload
            accept=".bdtransfer"
            showUploadList={false}
            beforeUpload={(file) => {
              setBusy(true);
              setResult(null);
              void uploadArchive('lease.checkin', file, { passphrase: checkinPass })
                .then(
                  async (r) => {
                    setResult(r);
                    await afterWrite([resource.lists, ['client']]);
                  },
                  (err: unknown) => message.error(err instanceof ApiError ? err.message : '归还失败'),
                )
                .finally(() => setBusy(false));
              return false;
            }}
          >
            <Button disabled={checkinPass.length < 1} loading={busy}>
              选择归还文件并归还
            </Button>
          </Upload>
        </Space>
        {result ? (
          <Alert
            type={result.conflicts ? 'warning' : 'success'}
            showIcon
            closable
            onClose={() => setResult(null)}
            message={result.conflicts ? `已归还 ${result.clients} 个客户，有 ${result.conflicts} 处冲突待处理` : `已归还 ${result.clients} 个客户，出借已结束`}
            description={`采用笔记本的修改 ${result.applied} 处，保留服务器 ${result.kept} 处；新增负责人 ${result.people}、网站 ${result.websites}、材料 ${result.materials}、订单 ${result.orders}${result.deleted ? `；按笔记本删除 ${result.deleted} 行` : ''}${result.gone ? `；${result.gone} 个订单在服务器上已不存在，未恢复` : ''}`}
          />
        ) : null}
        <Table<Lease>
          size="small"
          rowKey={(l) => `${l.side}|${l.leaseId}`}
          loading={leases.isLoading}
          dataSource={leases.data ?? []}
          pagination={{ pageSize: 8, hideOnSinglePage: true }}
          locale={{ emptyText: '没有出借记录' }}
          columns={[
            { title: '借用方', dataIndex: 'desk', render: (d: string, l) => <>{d}{l.side === 'borrowed' ? <Tag style={{ marginLeft: 6 }}>本机借入</Tag> : null}</> },
            { title: '客户', render: (_v, l) => l.clients.map((c) => c.name).join('、') },
            { title: '经办', dataIndex: 'operator' },
            { title: '出借时间', dataIndex: 'takenAt', render: (t: string) => chinaDateTime(t) },
            { title: '状态', render: (_v, l) => stateTag(l) },
            {
              title: '操作',
              render: (_v, l) => {
                if (l.side === 'borrowed') return <Button size="small" onClick={() => setReturning(l)}>生成归还文件</Button>;
                if (l.state !== 'out') return null;
                if (l.openConflicts > 0) return <Button size="small" type="primary" danger onClick={() => setSettling(l)}>处理冲突</Button>;
                return (
                  <Popconfirm
                    title="取消这次出借？"
                    description="笔记本上的修改将不再能归还到这里。"
                    okText="取消出借"
                    cancelText="不取消"
                    onConfirm={async () => {
                      try {
                        await api('lease.cancel', { leaseId: l.leaseId });
                        await afterWrite([resource.lists, ['client']]);
                      } catch (err) {
                        message.error(err instanceof ApiError ? err.message : '取消失败');
                      }
                    }}
                  >
                    <Button size="small">取消出借</Button>
                  </Popconfirm>
                );
              },
            },
          ]}
        />
      </Space>
      {settling ? <LeaseConflictsModal leaseId={settling.leaseId} desk={settling.desk} onClose={() => setSettling(null)} /> : null}
      {returning ? <CheckinExportModal lease={returning} dir={dir} onClose={() => setReturning(null)} /> : null}
    </Card>
  );
}
