// Reads through the query client: one hook per kind of read, so pages say what they show and under
// which resource, and the cache, cancellation of stale reads and refetch after writes do the rest.
import { App } from 'antd';
import { useQuery, useQueryClient, type UseQueryOptions } from '@tanstack/react-query';
import { useCallback, useEffect } from 'react';
import type { Method, MethodInput, MethodOutput } from '../../main/api/contract';
import { api, ApiError } from '../api';
import { afterWrite, apiKey, type Resource } from './keys';

type ReadOptions<M extends Method> = Omit<UseQueryOptions<MethodOutput<M>, ApiError>, 'queryKey' | 'queryFn'>;

/** One API read, cached under `of` (see keys.ts); a newer input cancels the older read and its answer is dropped. */
export function useApiQuery<M extends Method>(of: Resource, method: M, input: MethodInput<M>, options: ReadOptions<M> = {}) {
  return useQuery<MethodOutput<M>, ApiError>({
    queryKey: apiKey(of, method, input),
    queryFn: ({ signal }) => api(method, input, signal),
    ...options,
  });
}

/** Says a failed read in a message, once per failure, in the API's Chinese words (else the fallback). */
export function useLoadError(error: unknown, fallback: string): void {
  const { message } = App.useApp();
  useEffect(() => {
    if (error) message.error(error instanceof ApiError ? error.message : fallback);
  }, [error, fallback, message]);
}

/** After a write: fetch again what is shown of the changed resources; the promise resolves once they have their new values. */
export function useAfterWrite(): (changed: readonly Resource[]) => Promise<void> {
  const client = useQueryClient();
  return useCallback((changed) => afterWrite(client, changed), [client]);
}
