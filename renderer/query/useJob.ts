// A long job's status, polled while it runs and no longer once it has ended (or the screen is gone),
// typed by its kind so its result is read as the contract declares it. A screen waiting on a job always
// hears how it ended: a status that cannot be read any more ends the job as failed, with the reason.
import { useQuery, type UseQueryOptions } from '@tanstack/react-query';
import type { JobKind, JobStatus, JobStatusOf } from '../../main/api/contract';
import { api, ApiError } from '../api';
import { resource } from './keys';

const POLL_MS = 300;
/** A poll the connection lost (not the desk's answer) is asked again this often before the job is given up. */
export const POLL_RETRIES = 3;
const RETRY_MS = 500;

const isOfKind = <K extends JobKind>(status: JobStatus, kind: K): status is JobStatusOf<K> => status.kind === kind;

/** Only a poll nobody answered is worth asking again: the desk's own refusal (job expired, desk locked) stays so. */
const lostOnTheWay = (err: unknown) => !(err instanceof ApiError) || err.body.code === 'INTERNAL';

export type ReadJob = (id: string, signal: AbortSignal) => Promise<JobStatus>;

/** The query that polls job `jobId` (exported for tests, which read through a stand-in desk). */
export function jobQuery<K extends JobKind>(jobId: string | null, kind: K, read: ReadJob = (id, signal) => api('jobs.get', { id }, signal)) {
  return {
    queryKey: resource.job(jobId ?? ''),
    queryFn: async ({ signal }) => {
      const status = await read(jobId!, signal);
      if (!isOfKind(status, kind)) throw new Error(`任务类型不符：${status.kind}`);
      return status;
    },
    enabled: jobId !== null,
    refetchInterval: (query) => (query.state.status === 'error' || (query.state.data && query.state.data.state !== 'running') ? false : POLL_MS),
    retry: (failures, err) => failures < POLL_RETRIES && lostOnTheWay(err),
    retryDelay: RETRY_MS,
    gcTime: 0,
    // polled while it runs, never read again on focus: a 证件识别 result is handed out only once
    refetchOnWindowFocus: false,
  } satisfies UseQueryOptions<JobStatusOf<K>, Error, JobStatusOf<K>, readonly unknown[]>;
}

/**
 * What the screen shows of job `jobId`: its last status, or — once its status cannot be read (it expired,
 * the desk was locked, the connection stayed lost) — that status ended as failed with the reason, so the
 * screen stops showing progress and lets the operator start again.
 */
export function jobStatusShown<K extends JobKind>(jobId: string | null, kind: K, data: JobStatusOf<K> | undefined, error: Error | null): JobStatusOf<K> | null {
  if (jobId === null) return null;
  if (!error || (data && data.state !== 'running')) return data ?? null;
  const base = data ?? ({ id: jobId, kind, done: 0, total: 0, startedAt: new Date().toISOString(), result: null } as unknown as JobStatusOf<K>);
  return { ...base, state: 'failed', etaMs: null, error: `无法读取任务进度：${error.message}` };
}

/** The status of job `jobId` of kind `kind`; null before its first report (or when no job is given). */
export function useJob<K extends JobKind>(jobId: string | null, kind: K): JobStatusOf<K> | null {
  const { data, error } = useQuery(jobQuery(jobId, kind));
  return jobStatusShown(jobId, kind, data, error);
}
