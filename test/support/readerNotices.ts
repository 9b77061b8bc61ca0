// What check-all's workers say of their read-only connections (services/checkAllWorker.ts): each `{ opened: run }`
// and `{ closed: run }` heard on the readers' channel, from any thread of this process.
import { BroadcastChannel } from 'node:worker_threads';
import { READERS_CHANNEL } from '../../main/services/checkAllWorker';

export interface ReaderNotices {
  opened: string[];
  closed: string[];
  /** Every run a connection was opened for, each as often as one was, has had as many closed. */
  allClosed(): boolean;
  stop(): void;
}

export function readerNotices(): ReaderNotices {
  const channel = new BroadcastChannel(READERS_CHANNEL);
  const opened: string[] = [];
  const closed: string[] = [];
  channel.onmessage = (e: unknown) => {
    const data = (e as { data?: { opened?: string; closed?: string } }).data;
    if (data?.opened) opened.push(data.opened);
    if (data?.closed) closed.push(data.closed);
  };
  const sorted = (list: string[]) => [...list].sort().join('\n');
  return { opened, closed, allClosed: () => sorted(opened) === sorted(closed), stop: () => channel.close() };
}

/** Waits until `ok()` holds, checking every 10 ms; fails after `ms`. */
export async function until(ok: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`not so after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
