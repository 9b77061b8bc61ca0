// Progress of a background job (counts, ETA, 取消), as query/useJob polls it from the core.
import { App, Button, Progress, Space, Typography } from 'antd';
import type { JobStatus } from '../../main/api/contract';
import { api, ApiError } from '../api';

/** 取消 asked of the desk; a refusal (no connection, the job already ended) is said, not dropped. */
export async function cancelJob(id: string, said: (text: string) => void): Promise<void> {
  try {
    await api('jobs.cancel', { id });
  } catch (err) {
    said(`未能取消：${err instanceof ApiError ? err.message : String(err)}`);
  }
}

export function JobProgress({ job, unit = '', doneVerb = '已完成' }: { job: (JobStatus & { unreachable?: string }) | null; unit?: string; doneVerb?: string }) {
  const { message } = App.useApp();
  if (!job) return <Typography.Text type="secondary">正在开始…</Typography.Text>;
  const percent = job.state === 'done' ? 100 : job.total ? Math.floor((job.done / job.total) * 100) : 0;
  return (
    <>
      <Progress percent={percent} status={job.state === 'failed' ? 'exception' : job.state === 'running' ? 'active' : undefined} />
      <Space>
        <Typography.Text>
          {doneVerb} {job.done} / {job.total || '…'} {unit}
          {job.state === 'running' && job.etaMs !== null ? `，预计还需 ${Math.ceil(job.etaMs / 1000)} 秒` : ''}
          {job.state === 'cancelled' ? '（已取消）' : ''}
          {job.state === 'done' && job.cancelTooLate ? '（已完成，取消未生效：取消送达时任务已经做完，结果保留）' : ''}
          {job.state === 'failed' ? `（失败：${job.error}）` : ''}
        </Typography.Text>
        {job.unreachable ? <Unreachable why={job.unreachable} /> : null}
        {job.state === 'running' ? (
          <Button size="small" onClick={() => void cancelJob(job.id, (text) => void message.error(text))}>
            取消
          </Button>
        ) : null}
      </Space>
    </>
  );
}

/** A running job whose progress cannot be read just now: the job runs on in the desk, and the screen keeps asking. */
export function Unreachable({ why }: { why: string }) {
  return <Typography.Text type="warning">暂时无法获取进度：{why}。正在重试…</Typography.Text>;
}
