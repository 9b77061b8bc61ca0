// After a save the renderer shows the new value: the write names the resources it changed (keys.ts) and
// every shown read of them is fetched again before the dialog closes; reads of other clients and orders
// are left alone. Run on the real query client with a stand-in desk that counts its reads.
import { QueryClient, QueryObserver, type QueryKey } from '@tanstack/react-query';
import { afterEach, describe, expect, it } from 'vitest';
import { afterWrite, apiKey, clientWrite, orderWrite, resource } from '../../../renderer/query/keys';

const desk = { names: new Map<number, string>([[1, '深圳市旧名科技有限公司'], [2, '广州市另一家有限公司']]), orderStates: new Map<number, string>([[7, '草稿'], [8, '草稿']]), reads: new Map<string, number>() };
const counted = <T>(key: QueryKey, value: () => T) => async () => {
  const k = JSON.stringify(key);
  desk.reads.set(k, (desk.reads.get(k) ?? 0) + 1);
  return value();
};
const readsOf = (key: QueryKey) => desk.reads.get(JSON.stringify(key)) ?? 0;

const clients: QueryClient[] = [];
function deskQueryClient() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: 0 } } });
  clients.push(client);
  return client;
}

/** A read a screen shows (an observer keeps it active, as a mounted component does). */
async function shown<T>(client: QueryClient, key: QueryKey, value: () => T) {
  const observer = new QueryObserver<T>(client, { queryKey: key, queryFn: counted(key, value) });
  const unsubscribe = observer.subscribe(() => undefined);
  await observer.refetch();
  return { current: () => observer.getCurrentResult().data, unsubscribe };
}

afterEach(() => {
  for (const c of clients.splice(0)) c.clear();
  desk.reads.clear();
});

describe('a write refreshes what shows it', () => {
  it('shows the new name on the client page and in the client list once the save is done, and leaves other clients alone', async () => {
    const qc = deskQueryClient();
    const pageKey = apiKey(resource.client(1), 'entity.get', { id: 1 });
    const listKey = apiKey(resource.lists, 'entity.list', { limit: 100 });
    const otherKey = apiKey(resource.client(2), 'entity.get', { id: 2 });
    const page = await shown(qc, pageKey, () => ({ name: desk.names.get(1) }));
    const list = await shown(qc, listKey, () => [...desk.names.values()]);
    const other = await shown(qc, otherKey, () => ({ name: desk.names.get(2) }));

    desk.names.set(1, '深圳市新名科技有限公司'); // the save
    await afterWrite(qc, clientWrite(1));

    expect(page.current()).toEqual({ name: '深圳市新名科技有限公司' });
    expect(list.current()).toContain('深圳市新名科技有限公司');
    expect(readsOf(otherKey)).toBe(1);
    expect(other.current()).toEqual({ name: '广州市另一家有限公司' });
    for (const s of [page, list, other]) s.unsubscribe();
  });

  it('an order write refreshes the order, its client and the lists, not another order', async () => {
    const qc = deskQueryClient();
    const orderKey = apiKey(resource.order(7), 'order.get', { id: 7 });
    const otherOrderKey = apiKey(resource.order(8), 'order.get', { id: 8 });
    const clientOrdersKey = apiKey(resource.client(1), 'order.ofEntity', { entityId: 1 });
    const boardKey = apiKey(resource.lists, 'order.list', { openOnly: false });
    const order = await shown(qc, orderKey, () => desk.orderStates.get(7));
    const otherOrder = await shown(qc, otherOrderKey, () => desk.orderStates.get(8));
    const tab = await shown(qc, clientOrdersKey, () => [desk.orderStates.get(7)]);
    const board = await shown(qc, boardKey, () => [...desk.orderStates.values()]);

    desk.orderStates.set(7, '待提交'); // the advance
    await afterWrite(qc, orderWrite(7, 1));

    expect(order.current()).toBe('待提交');
    expect(tab.current()).toEqual(['待提交']);
    expect(board.current()).toEqual(['待提交', '草稿']);
    expect(readsOf(otherOrderKey)).toBe(1);
    for (const s of [order, otherOrder, tab, board]) s.unsubscribe();
  });

  it('a read no screen shows any more is not fetched at once, but is fresh when it is shown again', async () => {
    const qc = deskQueryClient();
    const auditKey = apiKey(resource.client(1), 'audit.list', { entityId: 1, limit: 500 });
    let entries = 1;
    const tab = await shown(qc, auditKey, () => entries);
    tab.unsubscribe(); // the 日志 tab is closed

    entries = 2;
    await afterWrite(qc, clientWrite(1));
    expect(readsOf(auditKey)).toBe(1);

    const again = await shown(qc, auditKey, () => entries);
    expect(again.current()).toBe(2);
    again.unsubscribe();
  });
});
