// The one way a dialog or drawer saves: busy while the call runs, the problem in Chinese when it is
// refused (the message, then the API's per-field details), and the changed resources fetched again before
// the caller goes on, so the page behind the dialog already shows the new values when it closes.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { ApiError } from '../api';
import { afterWrite, type Resource } from './keys';

export interface Submit<A, R> {
  /** Runs the write; true once it is done and the changed resources are fresh, false when it was refused (the problem is then set). */
  submit(arg: A): Promise<boolean>;
  busy: boolean;
  /** The refusal: its message first, then each detail the API gave; null while nothing went wrong. */
  problem: string[] | null;
  clearProblem(): void;
}

/** `[message, ...details]` of a refused call, in the API's words; `fallback` for anything that is not the API's answer. */
export function problemOf(err: unknown, fallback = '操作失败'): string[] {
  if (err instanceof ApiError) return [err.message, ...(err.body.details ?? []).map((d) => d.message)];
  return [fallback];
}

export interface SubmitOptions<A, R> {
  /** The resources the write changes (keys.ts), fetched again before `onDone`. */
  changes?: readonly Resource[] | ((result: R, arg: A) => readonly Resource[]);
  /** After the write and the refetch: close the dialog, say so, go to the new thing. */
  onDone?(result: R, arg: A): void | Promise<void>;
  /** A refusal the caller shows itself (e.g. on the form's fields): return the lines to show above the buttons, or null for none. */
  onRefused?(err: unknown): string[] | null;
  /** What to say when the call failed without the API's answer. */
  fallback?: string;
}

export function useSubmit<A, R>(write: (arg: A) => Promise<R>, options: SubmitOptions<A, R> = {}): Submit<A, R> {
  const client = useQueryClient();
  const [problem, setProblem] = useState<string[] | null>(null);
  const mutation = useMutation<R, unknown, A>({
    mutationFn: write,
    onMutate: () => setProblem(null),
    onSuccess: async (result, arg) => {
      const changes = typeof options.changes === 'function' ? options.changes(result, arg) : (options.changes ?? []);
      await afterWrite(client, changes);
      await options.onDone?.(result, arg);
    },
    onError: (err) => setProblem(options.onRefused ? options.onRefused(err) : problemOf(err, options.fallback)),
  });
  const { mutateAsync } = mutation;
  const submit = useCallback((arg: A) => mutateAsync(arg).then(() => true, () => false), [mutateAsync]);
  const clearProblem = useCallback(() => setProblem(null), []);
  return { submit, busy: mutation.isPending, problem, clearProblem };
}
