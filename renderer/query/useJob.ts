// A long job's status, polled while it runs and no longer once it has ended (or the screen is gone),
// typed by its kind so its result is read as the contract declares it. A screen waiting on a job always
// hears how it ended: a status the desk no longer gives ends the job as failed, with the reason; a poll that
// never reached the desk is asked again for as long as it stays so, and the screen says so meanwhile.
import { useQuery, type UseQueryOptions } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { JobKind, JobStatus, JobStatusOf } from '../../main/api/contract';
import { api, ApiError, HostUnreachable } from '../api';
import { resource } from './keys';

const POLL_MS = 300;
/**
 * A poll that never reached the desk is asked again after 0.5, 1, 2, 4 s and then every 5 s, for as long as it stays
 * so: the job runs on in the desk meanwhile (a restore, an Excel import), and giving it up on screen would say it
 * failed when it may be finishing. A desk that restarted meanwhile has forgotten its jobs and says so (NOT_FOUND),
 * which ends the job as failed.
 */
const retryDelay = (failures: number) => Math.min(5_000, 500 * 2 ** failures);
/** From this many polls lost in a row the screen says the progress cannot be read just now (one lost poll is a blip). */
export const LOST_AFTER = 2;
/** The desk's own failure to answer a poll (INTERNAL) is asked again this many times, then the job is shown as failed. */
const DESK_FAILURE_RETRIES = 3;

const isOfKind = <K extends JobKind>(status: JobStatus, kind: K): status is JobStatusOf<K> => status.kind === kind;

/** A poll that never reached the desk (HostUnreachable): worth asking again for as long as it takes. */
const lostOnTheWay = (err: unknown): err is HostUnreachable => err instanceof HostUnreachable;
/** The desk's own INTERNAL answer: perhaps a passing fault, asked again a few times. */
const deskFailure = (err: unknown) => err instanceof ApiError && !lostOnTheWay(err) && err.body.code === 'INTERNAL';
/**
 * The desk's own failures to answer each job's polls, in a row: counted apart from lost polls (react-query counts every
 * failed try of a fetch together), so that a team server failing once after a long time out of reach still gets its tries.
 */
const deskFailuresInARow = new Map<string, number>();

/** A poll the desk did not answer in time: said at once, as a minute's silence is no blip. */
class NoAnswerInTime extends HostUnreachable {
  readonly silent = true;
}

export type ReadJob = (id: string, signal: AbortSignal) => Promise<JobStatus>;

/**
 * A poll not answered within this long is taken as lost, and asked again: a request the host never answers (its
 * thread held up, a connection half gone) would otherwise leave the screen's progress standing still for ever,
 * whether the desk is reached over the web host or Electron's IPC (which cannot be aborted, only stopped waiting for).
 * Long, because the answer given up is dropped, and a 证件识别 reading is handed out once: a desk that answers a status
 * read a minute late is stuck, not slow.
 */
export const POLL_ANSWER_MS = 60_000;

/** `answer`, or HostUnreachable once `ms` have passed without it (the late answer dropped); no timer or listener left after. */
async function answeredWithin<T>(ms: number, answer: (signal: AbortSignal) => Promise<T>, signal: AbortSignal): Promise<T> {
  // one controller for the poll: aborted when the query is (the screen gone) or at the deadline
  const stop = new AbortController();
  const forward = () => stop.abort(signal.reason);
  signal.addEventListener('abort', forward, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const silence = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new NoAnswerInTime({ code: 'INTERNAL', message: `备案助手服务 ${Math.round(ms / 1000)} 秒内未响应` }));
      stop.abort();
    }, ms);
  });
  try {
    return await Promise.race([answer(stop.signal), silence]);
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', forward);
  }
}

/** The query that polls job `jobId` (exported for tests, which read through a stand-in desk and shorter waits). */
export function jobQuery<K extends JobKind>(
  jobId: string | null,
  kind: K,
  read: ReadJob = (id, signal) => api('jobs.get', { id }, signal),
  delay: (failures: number) => number = retryDelay,
  answerMs = POLL_ANSWER_MS,
) {
  return {
    queryKey: resource.job(jobId ?? ''),
    queryFn: async ({ signal }) => {
      let status: JobStatus;
      try {
        status = await answeredWithin(answerMs, (s) => read(jobId!, s), signal);
      } catch (err) {
        if (deskFailure(err)) deskFailuresInARow.set(jobId!, (deskFailuresInARow.get(jobId!) ?? 0) + 1);
        else deskFailuresInARow.delete(jobId!);
        throw err;
      }
      deskFailuresInARow.delete(jobId!);
      if (!isOfKind(status, kind)) throw new Error(`任务类型不符：${status.kind}`);
      return status;
    },
    enabled: jobId !== null,
    refetchInterval: (query) => (query.state.status === 'error' || (query.state.data && query.state.data.state !== 'running') ? false : POLL_MS),
    retry: (_failures, err) => {
      if (lostOnTheWay(err)) return true;
      const again = deskFailure(err) && (deskFailuresInARow.get(jobId!) ?? 0) <= DESK_FAILURE_RETRIES;
      if (!again) deskFailuresInARow.delete(jobId!);
      return again;
    },
    retryDelay: delay,
    // the desk answers on this machine (IPC, the local web host) or the agency's LAN: the browser's idea of being
    // online says nothing about it, and a retry paused for it would leave the screen running
    networkMode: 'always',
    gcTime: 0,
    // polled while it runs, never read again on focus: a 证件识别 result is handed out only once
    refetchOnWindowFocus: false,
  } satisfies UseQueryOptions<JobStatusOf<K>, Error, JobStatusOf<K>, readonly unknown[]>;
}

/** A job's status as a screen shows it: while its polls are lost, why (the job's last status is kept beside it). */
export type JobShown<K extends JobKind> = JobStatusOf<K> & { unreachable?: string };

/** Why the progress cannot be read just now: the reason of the polls lost in a row, from LOST_AFTER of them on (a poll not answered in time at once). */
export function unreachableReason(failureCount: number, failureReason: Error | null): string | null {
  return lostOnTheWay(failureReason) && (failureCount >= LOST_AFTER || failureReason instanceof NoAnswerInTime) ? failureReason.message : null;
}

/**
 * What the screen shows of job `jobId`: its last status, or — once its status cannot be read (it expired, the
 * desk was locked or restarted) — that status ended as failed with the reason, so the screen stops showing
 * progress and lets the operator start again. While the connection is lost (`unreachable`) the job is shown as
 * last read, with the reason beside it.
 */
export function jobStatusShown<K extends JobKind>(jobId: string | null, kind: K, data: JobStatusOf<K> | undefined, error: Error | null, unreachable: string | null = null): JobShown<K> | null {
  if (jobId === null) return null;
  // before its first report: nothing done yet
  const base = () => data ?? ({ id: jobId, kind, state: 'running', done: 0, total: 0, etaMs: null, startedAt: new Date().toISOString(), error: null, result: null } as unknown as JobStatusOf<K>);
  if (!error || (data && data.state !== 'running')) {
    if (unreachable !== null && (!data || data.state === 'running')) return { ...base(), unreachable };
    return (data ?? null) as JobShown<K> | null;
  }
  return { ...base(), state: 'failed', etaMs: null, error: `无法读取任务进度：${error.message}` };
}

/** The status of job `jobId` of kind `kind`; null before its first report (or when no job is given). */
export function useJob<K extends JobKind>(jobId: string | null, kind: K): JobShown<K> | null {
  const { data, error, failureCount, failureReason } = useQuery(jobQuery(jobId, kind));
  const unreachable = unreachableReason(failureCount, failureReason);
  // one object per answer, not per render: screens keep the status in state from an effect on it (CheckAllDrawer)
  return useMemo(() => jobStatusShown(jobId, kind, data, error, unreachable), [jobId, kind, data, error, unreachable]);
}
