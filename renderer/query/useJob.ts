// A long job's status, polled while it runs and no longer once it has ended (or the screen is gone),
// typed by its kind so its result is read as the contract declares it.
import { useQuery } from '@tanstack/react-query';
import type { JobKind, JobStatus, JobStatusOf } from '../../main/api/contract';
import { api } from '../api';
import { resource } from './keys';

const POLL_MS = 300;

const isOfKind = <K extends JobKind>(status: JobStatus, kind: K): status is JobStatusOf<K> => status.kind === kind;

/** The status of job `jobId` of kind `kind`; null before its first report (or when no job is given). */
export function useJob<K extends JobKind>(jobId: string | null, kind: K): JobStatusOf<K> | null {
  const { data } = useQuery({
    queryKey: resource.job(jobId ?? ''),
    queryFn: async ({ signal }) => {
      const status = await api('jobs.get', { id: jobId! }, signal);
      if (!isOfKind(status, kind)) throw new Error(`任务类型不符：${status.kind}`);
      return status;
    },
    enabled: jobId !== null,
    // a job that cannot be read any more (expired, desk locked) stops polling with the last status shown
    refetchInterval: (query) => (query.state.status === 'error' || (query.state.data && query.state.data.state !== 'running') ? false : POLL_MS),
    gcTime: 0,
    // polled while it runs, never read again on focus: a 证件识别 result is handed out only once
    refetchOnWindowFocus: false,
  });
  return jobId !== null ? (data ?? null) : null;
}
