// 检查全部客户: a background job with progress, ETA and 取消; the drawer can be closed and work goes on.
// When done it lists every client that is not ready to file, then those ready but with warnings. Only the
// clients changed since the last run are checked again (services/checkAll.ts): the drawer says how many.
import { App, Button, Drawer, List, Progress, Result, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type { JobResult } from '../../main/api/contract';
import { api, ApiError } from '../api';
import { useJob } from '../query/useJob';
import { ReadinessBadge } from './Findings';

type NotReady = JobResult<'rules.checkAll'>['notReady'][number];

export function CheckAllDrawer({ open, onClose }: { open: boolean; onClose(): void }) {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [jobId, setJobId] = useState<string | null>(null);
  // the last run's status stays on screen while a new run starts (重新检查)
  const [shown, setShown] = useState<ReturnType<typeof useJob<'rules.checkAll'>>>(null);
  const polled = useJob(jobId, 'rules.checkAll');
  useEffect(() => {
    if (polled) setShown(polled);
  }, [polled]);
  const job = polled ?? shown;

  const start = async () => {
    try {
      setJobId((await api('rules.checkAll', {})).jobId);
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : '无法开始检查');
    }
  };

  useEffect(() => {
    if (open && !jobId) void start();
    // start once per opening while nothing has run
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const result = job?.result ?? null;
  const percent = job && job.total ? Math.floor((job.done / job.total) * 100) : 0;
  return (
    <Drawer title="检查全部客户" width={640} open={open} onClose={onClose} mask={false}>
      {job ? (
        <>
          <Progress percent={job.state === 'done' ? 100 : percent} status={job.state === 'failed' ? 'exception' : job.state === 'running' ? 'active' : undefined} />
          <Space style={{ margin: '8px 0 16px' }}>
            <Typography.Text>
              {job.state === 'done' && result
                ? `检查完成：共 ${result.checked} 个客户，重新检查了有变动的 ${result.rechecked} 个，其余沿用上次结果`
                : `已检查 ${job.done} / ${job.total || '…'} 个客户`}
              {job.state === 'running' && job.etaMs !== null ? `，预计还需 ${Math.ceil(job.etaMs / 1000)} 秒` : ''}
              {job.state === 'cancelled' ? '（已取消）' : ''}
              {job.state === 'failed' ? `（失败：${job.error}）` : ''}
            </Typography.Text>
            {job.state === 'running' ? (
              <Button size="small" onClick={() => void api('jobs.cancel', { id: job.id })}>
                取消
              </Button>
            ) : (
              <Button size="small" onClick={() => void start()}>
                重新检查
              </Button>
            )}
          </Space>
          {result && job?.state === 'done' && !result.notReady.length && !result.warned.length ? (
            <Result status="success" title={`已检查 ${result.checked} 个客户：没有阻断问题，也没有警告`} />
          ) : null}
          {result ? <ClientFindingsList title="有阻断问题（不能提交）" clients={result.notReady} severity="error" onOpen={(id) => navigate(`/clients/${id}`)} /> : null}
          {result ? <ClientFindingsList title="有警告（可以提交，建议先处理）" clients={result.warned} severity="warning" onOpen={(id) => navigate(`/clients/${id}`)} /> : null}
        </>
      ) : (
        <Typography.Text type="secondary">正在开始…</Typography.Text>
      )}
    </Drawer>
  );
}

/** One group of the result; a group without clients is left out (the drawer shows a single empty state). */
function ClientFindingsList({ title, clients, severity, onOpen }: { title: string; clients: NotReady[]; severity: 'error' | 'warning'; onOpen(id: number): void }) {
  if (!clients.length) return null;
  return (
    <List
      style={{ marginBottom: 16 }}
      header={
        <Typography.Text strong>
          {title}：{clients.length} 个客户
        </Typography.Text>
      }
      size="small"
      dataSource={clients}
      pagination={clients.length > 50 ? { pageSize: 50, size: 'small' } : false}
      renderItem={(c) => (
        <List.Item key={c.id} actions={[<a key="open" onClick={() => onOpen(c.id)}>打开</a>]}>
          <List.Item.Meta
            title={<Space>{c.name}<ReadinessBadge counts={c.counts} /></Space>}
            description={c.top.filter((f) => f.severity === severity).map((f) => `${f.ruleId} ${f.message}`).join('；')}
          />
        </List.Item>
      )}
    />
  );
}
