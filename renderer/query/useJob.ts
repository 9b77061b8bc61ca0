// A long job's status, polled while it runs and no longer once it has ended (or the screen is gone),
// typed by its kind so its result is read as the contract declares it. A screen waiting on a job always
// hears how it ended: a status that cannot be read any more ends the job as failed, with the reason.
import { useQuery, type UseQueryOptions } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { JobKind, JobStatus, JobStatusOf } from '../../main/api/contract';
import { api, ApiError } from '../api';
import { resource } from './keys';

const POLL_MS = 300;
/**
 * A poll the connection lost is asked again this often, waiting 0.5, 1, 2, 4 s and then 5 s between tries (about
 * half a minute in all: a web host or team server restarting), before the screen gives the job up.
 */
export const POLL_RETRIES = 8;
const retryDelay = (failures: number) => Math.min(5_000, 500 * 2 ** failures);

const isOfKind = <K extends JobKind>(status: JobStatus, kind: K): status is JobStatusOf<K> => status.kind === kind;

/**
 * Only a poll the connection lost is worth asking again (callHost answers a failed fetch as INTERNAL): the desk's
 * own refusal (the job gone, the desk locked) and a status of another kind stay so.
 */
const lostOnTheWay = (err: unknown) => err instanceof ApiError && err.body.code === 'INTERNAL';

export type ReadJob = (id: string, signal: AbortSignal) => Promise<JobStatus>;

/** The query that polls job `jobId` (exported for tests, which read through a stand-in desk). */
export function jobQuery<K extends JobKind>(jobId: string | null, kind: K, read: ReadJob = (id, signal) => api('jobs.get', { id }, signal), delay: (failures: number) => number = retryDelay) {
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
    retryDelay: delay,
    // the desk answers on this machine (IPC, the local web host) or the agency's LAN: the browser's idea of being
    // online says nothing about it, and a retry paused for it would leave the screen running
    networkMode: 'always',
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
  // one object per answer, not per render: screens keep the status in state from an effect on it (CheckAllDrawer)
  return useMemo(() => jobStatusShown(jobId, kind, data, error), [jobId, kind, data, error]);
}
