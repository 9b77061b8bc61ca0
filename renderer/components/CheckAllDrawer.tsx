// 检查全部客户: a background job with progress, ETA and 取消; the drawer can be closed and work goes on.
// When done it lists every client that is not ready to file, then those ready but with warnings. Only the
// clients changed since the last run are checked again (services/checkAll.ts): the drawer says how many.
// The job's result holds each list's count and first page; further pages are read from the kept verdicts
// (rules.checkAllPage), so 100 000 clients never travel in one result.
import { App, Button, Drawer, List, Progress, Result, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { CHECK_ALL_PAGE as PAGE_SIZE, type JobResult } from '../../main/api/contract';
import { api, ApiError } from '../api';
import { useJob } from '../query/useJob';
import { cancelJob, Unreachable } from './JobProgress';
import { ReadinessBadge } from './Findings';

type CheckAllResult = JobResult<'rules.checkAll'>;
type NotReady = CheckAllResult['notReady'][number];

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
            {job.unreachable ? <Unreachable why={job.unreachable} /> : null}
            {job.state === 'running' ? (
              <Button size="small" onClick={() => void cancelJob(job.id, (text) => void message.error(text))}>
                取消
              </Button>
            ) : (
              <Button size="small" onClick={() => void start()}>
                重新检查
              </Button>
            )}
          </Space>
          {result && job?.state === 'done' && !result.notReadyCount && !result.warnedCount ? (
            <Result status="success" title={`已检查 ${result.checked} 个客户：没有阻断问题，也没有警告`} />
          ) : null}
          {result ? <ClientFindingsList key={`notReady ${job.id}`} title="有阻断问题（不能提交）" group="notReady" result={result} onOpen={(id) => navigate(`/clients/${id}`)} /> : null}
          {result ? <ClientFindingsList key={`warned ${job.id}`} title="有警告（可以提交，建议先处理）" group="warned" result={result} onOpen={(id) => navigate(`/clients/${id}`)} /> : null}
        </>
      ) : (
        <Typography.Text type="secondary">正在开始…</Typography.Text>
      )}
    </Drawer>
  );
}

/**
 * One group of the result, page by page: the first page from the job's result, the others read when
 * turned to. A group without clients is left out (the drawer shows a single empty state).
 */
function ClientFindingsList({ title, group, result, onOpen }: { title: string; group: 'notReady' | 'warned'; result: CheckAllResult; onOpen(id: number): void }) {
  const { message } = App.useApp();
  const first = group === 'notReady' ? result.notReady : result.warned;
  const count = group === 'notReady' ? result.notReadyCount : result.warnedCount;
  const [page, setPage] = useState<{ number: number; total: number; clients: NotReady[] }>({ number: 1, total: count, clients: first });
  const [loading, setLoading] = useState(false);
  const severity = group === 'notReady' ? 'error' : 'warning';
  if (!page.total) return null;

  const turnTo = async (number: number) => {
    if (number === 1) return setPage({ number, total: count, clients: first });
    setLoading(true);
    try {
      const read = await api('rules.checkAllPage', { group, day: result.day, offset: (number - 1) * PAGE_SIZE, limit: PAGE_SIZE });
      setPage({ number, total: read.total, clients: read.items });
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : '无法读取这一页');
    } finally {
      setLoading(false);
    }
  };

  return (
    <List
      style={{ marginBottom: 16 }}
      header={
        <Typography.Text strong>
          {title}：{page.total} 个客户
        </Typography.Text>
      }
      size="small"
      loading={loading}
      dataSource={page.clients}
      pagination={page.total > PAGE_SIZE ? { current: page.number, pageSize: PAGE_SIZE, total: page.total, size: 'small', showSizeChanger: false, onChange: (n) => void turnTo(n) } : false}
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
