// Progress of a background job (counts, ETA, 取消), polled from the core; calls onDone with the result.
import { Button, Progress, Space, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { JobStatus } from '../../main/api/contract';
import { api } from '../api';

const POLL_MS = 300;

export function useJob(jobId: string | null): JobStatus | null {
  const [job, setJob] = useState<JobStatus | null>(null);
  const timer = useRef<ReturnType<typeof setInterval> | null>(null);
  useEffect(() => {
    setJob(null);
    if (!jobId) return;
    timer.current = setInterval(() => void (async () => {
      try {
        const s = await api('jobs.get', { id: jobId });
        setJob(s);
        if (s.state !== 'running' && timer.current) clearInterval(timer.current);
      } catch {
        if (timer.current) clearInterval(timer.current);
      }
    })(), POLL_MS);
    return () => {
      if (timer.current) clearInterval(timer.current);
    };
  }, [jobId]);
  return job;
}

export function JobProgress({ job, unit }: { job: JobStatus | null; unit: string }) {
  if (!job) return <Typography.Text type="secondary">正在开始…</Typography.Text>;
  const percent = job.state === 'done' ? 100 : job.total ? Math.floor((job.done / job.total) * 100) : 0;
  return (
    <>
      <Progress percent={percent} status={job.state === 'failed' ? 'exception' : job.state === 'running' ? 'active' : undefined} />
      <Space>
        <Typography.Text>
          已完成 {job.done} / {job.total || '…'} {unit}
          {job.state === 'running' && job.etaMs !== null ? `，预计还需 ${Math.ceil(job.etaMs / 1000)} 秒` : ''}
          {job.state === 'cancelled' ? '（已取消）' : ''}
          {job.state === 'failed' ? `（失败：${job.error}）` : ''}
        </Typography.Text>
        {job.state === 'running' ? (
          <Button size="small" onClick={() => void api('jobs.cancel', { id: job.id })}>
            取消
          </Button>
        ) : null}
      </Space>
    </>
  );
}
