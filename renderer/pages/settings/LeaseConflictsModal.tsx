// The rows both the server and the laptop acted on while a lease was out: both changed (both values per
// field, personal numbers masked until 显示完整号码, which asks for a purpose and is logged), one deleted
// what the other changed, or an order whose state move the server's state no longer allows (the reason
// shown). Per row the server's side or the laptop's, named for what it does (CONFLICT_KIND_TEXT) — each
// one write with its log entry. The lease ends when the last row is settled.
import { Alert, App, Button, Card, Empty, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { CONFLICT_KIND_TEXT, isHeldAddition, type MethodOutput, type SettleChoice } from '../../../main/api/contract';
import { api, ApiError } from '../../api';
import { resource } from '../../query/keys';
import { useApiQuery, useAfterWrite } from '../../query/useApiQuery';

type Conflict = MethodOutput<'lease.conflicts'>[number];

export function LeaseConflictsModal({ leaseId, desk, onClose }: { leaseId: string; desk: string; onClose(): void }) {
  const { message } = App.useApp();
  const afterWrite = useAfterWrite();
  const masked = useApiQuery(resource.lists, 'lease.conflicts', { leaseId });
  const [revealed, setRevealed] = useState<Conflict[] | null>(null);
  const [purpose, setPurpose] = useState('');
  const [busy, setBusy] = useState<number | null>(null);
  const shown = revealed ?? masked.data ?? [];

  async function settle(c: Conflict, keep: SettleChoice) {
    setBusy(c.id);
    try {
      const r = await api('lease.settle', { conflictId: c.id, keep });
      setRevealed((list) => list?.filter((x) => x.id !== c.id) ?? null);
      await afterWrite([resource.lists, resource.client(c.entityId)]);
      message.success(`${c.clientName} · ${c.targetLabel}：已${CONFLICT_KIND_TEXT[c.kind][keep]}${r.leaseClosed ? '；该客户的出借已结束' : ''}`);
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : '处理失败');
    } finally {
      setBusy(null);
    }
  }

  return (
    <Modal open title={`处理归还冲突 · ${desk}`} width={860} onCancel={onClose} footer={<Button onClick={onClose}>关闭</Button>}>
      <Typography.Paragraph type="secondary">
        出借期间服务器和笔记本都改动了下列内容（修改或删除），归还时未做任何改动。请逐行决定保留哪一边；每次处理记入客户日志。
      </Typography.Paragraph>
      <Space style={{ marginBottom: 12 }} wrap>
        <Input value={purpose} onChange={(e) => setPurpose(e.target.value)} placeholder="查看完整号码的用途（记入日志）" aria-label="查看用途" style={{ width: 300 }} />
        <Button
          disabled={!purpose.trim() || revealed !== null}
          onClick={async () => {
            try {
              setRevealed(await api('lease.conflicts', { leaseId, revealPurpose: purpose }));
            } catch (err) {
              message.error(err instanceof ApiError ? err.message : '显示失败');
            }
          }}
        >
          显示完整号码
        </Button>
        {revealed ? <Tag color="orange">已显示完整号码，本次查看已记入日志</Tag> : null}
      </Space>
      {masked.error ? <Alert type="error" showIcon message={masked.error.message} /> : null}
      {!masked.isLoading && shown.length === 0 ? <Empty description="没有待处理的冲突" /> : null}
      <Space direction="vertical" style={{ width: '100%' }}>
        {shown.map((c) => (
          <Card
            key={c.id}
            size="small"
            title={
              <span>
                {c.clientName} · {c.targetLabel} <Tag color={c.kind === 'edit' ? 'blue' : 'volcano'}>{CONFLICT_KIND_TEXT[c.kind].label}</Tag>
              </span>
            }
            extra={
              <Space>
                <Button size="small" loading={busy === c.id} onClick={() => void settle(c, 'server')}>
                  {CONFLICT_KIND_TEXT[c.kind].server}
                </Button>
                {/* a material or order added under a row the server deleted can only be dropped (the reason says why) */}
                {isHeldAddition(c) ? null : (
                  <Button size="small" type="primary" danger={c.kind === 'laptopDeleted'} loading={busy === c.id} onClick={() => void settle(c, 'laptop')}>
                    {CONFLICT_KIND_TEXT[c.kind].laptop}
                  </Button>
                )}
              </Space>
            }
          >
            {c.reason ? <Alert type="warning" showIcon style={{ marginBottom: 8 }} message={c.reason} /> : null}
            {/* a material has no version: it is listed only for the reason shown (an order under review uses it) */}
            {c.kind === 'laptopDeleted' && c.target !== 'material' ? (
              <Typography.Text type="secondary">笔记本上已删除这一行，服务器在出借期间修改过它（版本 {c.baseVersion} → {c.serverVersion ?? '—'}）。</Typography.Text>
            ) : null}
            {c.fields.length ? <Table
              size="small"
              pagination={false}
              rowKey="field"
              dataSource={c.fields}
              columns={[
                { title: '字段', dataIndex: 'label', width: 140 },
                { title: `服务器（版本 ${c.serverVersion ?? '—'}）`, dataIndex: 'server', render: (v: string) => <span className="desk-mono">{v}</span> },
                { title: `笔记本（出借时版本 ${c.baseVersion}）`, dataIndex: 'laptop', render: (v: string) => <span className="desk-mono">{v}</span> },
              ]}
            /> : null}
          </Card>
        ))}
      </Space>
    </Modal>
  );
}
