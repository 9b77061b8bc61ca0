// The window's first answers (renderer/firstScreen.ts asked for them before React and antd had loaded)
// handed to who shows them: the gates (TeamGate, SessionGate) take account.me and session.status, the
// query cache takes the Shell's and the client list's reads. Nothing asks twice, nothing waits for
// another's answer, and when the answers are in before React renders, the first render is the screen
// itself, not a spinner for each gate in turn.
import type { QueryClient } from '@tanstack/react-query';
import type { MethodOutput } from '../main/api/contract';
import { answered, api, valueOf } from './api';
import { firstCalls, type FirstCall } from './firstScreen';
import { apiKey, resource } from './query/keys';
import { seedQuery } from './query/queryClient';

type GateCall = 'account.me' | 'session.status';

interface Asked<T> {
  promise: Promise<T>;
  /** Set once answered: the value, or undefined after a refusal. */
  settled?: { value?: T };
}

const valueOfFirst = <M extends FirstCall>(method: M): Promise<MethodOutput<M>> | undefined => firstCalls.answers[method]?.then((r) => valueOf<M>(answered(r)));

function asked<T>(promise: Promise<T>): Asked<T> {
  const a: Asked<T> = { promise };
  promise.then(
    (value) => (a.settled = { value }),
    () => (a.settled = {}),
  );
  return a;
}

const gates = new Map<GateCall, Asked<unknown>>();
for (const method of ['account.me', 'session.status'] as const) {
  const promise = valueOfFirst(method);
  if (promise) gates.set(method, asked(promise));
}

/** The gate's first answer when it is already in (no refusal), for the gate's first render; else undefined. */
export function firstAnswer<M extends GateCall>(method: M): MethodOutput<M> | undefined {
  return gates.get(method)?.settled?.value as MethodOutput<M> | undefined;
}

/** The first call's answer (once; answered or still under way), else a new call. */
export function firstOrNew<M extends GateCall>(method: M): Promise<MethodOutput<M>> {
  const first = gates.get(method);
  gates.delete(method);
  return first ? (first.promise as Promise<MethodOutput<M>>) : api<GateCall>(method, {}) as Promise<MethodOutput<M>>;
}

/** The window's first answers are used up or out of date (the screen is shown, a login or logout happened): later gates ask anew. */
export function forgetFirstAnswers(): void {
  gates.clear();
}

/**
 * Files the Shell's and the client list's first reads in the query cache (seedQuery: while under way and
 * once answered), then resolves when those and the gates' answers are in, or after `maxMs` (the gates
 * then show their spinner and wait for the rest, and a list that opens meanwhile waits for its read).
 */
export function firstScreenIn(client: QueryClient, maxMs: number): Promise<void> {
  const filed: Promise<unknown>[] = [...gates.values()].map((a) => a.promise.catch(() => undefined));
  const providers = valueOfFirst('providers.list');
  if (providers) filed.push(seedQuery(client, apiKey(resource.catalog, 'providers.list', {}), providers));
  const due = valueOfFirst('retention.due');
  if (due) filed.push(seedQuery(client, apiKey(resource.lists, 'retention.due', {}), due));
  const list = valueOfFirst('entity.list');
  if (list && firstCalls.listInput) filed.push(seedQuery(client, apiKey(resource.lists, 'entity.list', firstCalls.listInput), list));
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([Promise.all(filed).then(() => clearTimeout(timer)), new Promise<void>((ok) => (timer = setTimeout(ok, maxMs)))]);
}
