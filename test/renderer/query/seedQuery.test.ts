// The window's first reads (renderer/boot.ts) are filed in the query cache before any screen shows them:
// the first screen showing one takes it without asking again (the client list is not asked for twice
// during the first paint); once that screen has closed, the read is fetched again whenever it is shown, as
// every other read; a write still fetches it again; a refused first read is dropped so the screen asks itself.
import { QueryObserver, type QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it } from 'vitest';
import { apiKey, afterWrite, resource } from '../../../renderer/query/keys';
import { createDeskQueryClient, seedQuery } from '../../../renderer/query/queryClient';

const clients: QueryClient[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.clear();
});

const listKey = apiKey(resource.lists, 'entity.list', { offset: 0, limit: 100, sortBy: 'updatedAt', sortDir: 'desc' });

function setup() {
  const client = createDeskQueryClient();
  clients.push(client);
  let reads = 0;
  const screen = () => {
    const observer = new QueryObserver<string[]>(client, {
      queryKey: listKey,
      queryFn: async () => {
        reads += 1;
        return [`第 ${reads} 次读取`];
      },
    });
    const unsubscribe = observer.subscribe(() => undefined);
    return { observer, close: unsubscribe };
  };
  return { client, screen, reads: () => reads };
}

const settle = () => new Promise((ok) => setTimeout(ok, 20));

describe('a first read filed before the screen opens', () => {
  it('is shown by the first screen without asking again', async () => {
    const { client, screen, reads } = setup();
    await seedQuery(client, listKey, Promise.resolve(['首次读取']));
    const list = screen();
    await settle();
    expect(reads()).toBe(0);
    expect(list.observer.getCurrentResult().data).toEqual(['首次读取']);
    list.close();
  });

  it('is joined, not asked again, by a screen that opens while it is under way', async () => {
    const { client, screen, reads } = setup();
    let answer!: (v: string[]) => void;
    const filed = seedQuery(client, listKey, new Promise<string[]>((ok) => (answer = ok)));
    const list = screen();
    answer(['首次读取']);
    await filed;
    await settle();
    expect(reads()).toBe(0);
    expect(list.observer.getCurrentResult().data).toEqual(['首次读取']);
    list.close();
  });

  it('is fetched again when the list opens a second time, and after a write, as every other read', async () => {
    const { client, screen, reads } = setup();
    await seedQuery(client, listKey, Promise.resolve(['首次读取']));
    const first = screen();
    await settle();
    await afterWrite(client, [resource.lists]);
    expect(reads()).toBe(1);
    first.close();
    const again = screen();
    await settle();
    expect(reads()).toBe(2);
    expect(again.observer.getCurrentResult().data).toEqual(['第 2 次读取']);
    again.close();
  });

  it('is dropped when refused (a locked desk), so the screen asks itself once it opens', async () => {
    const { client, screen, reads } = setup();
    await seedQuery(client, listKey, Promise.reject(new Error('已锁定')));
    expect(client.getQueryState(listKey)).toBeUndefined();
    const list = screen();
    await settle();
    expect(reads()).toBe(1);
    expect(list.observer.getCurrentResult().data).toEqual(['第 1 次读取']);
    list.close();
  });
});
