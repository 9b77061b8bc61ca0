// The renderer's one query client. A refused call is not retried (the desk's answers are final: a wrong
// input, a locked desk, a damaged record), and nothing is fetched again just because the window got the
// focus back: a page shows what was true when it was opened or last written, as before.
import { QueryClient, type QueryKey } from '@tanstack/react-query';

const seedsOf = new WeakMap<QueryClient, Set<string>>();

export function createDeskQueryClient(): QueryClient {
  // Reads answered before any screen showed them (seedQuery): fresh for the screen that first shows them,
  // then as every other read (fetched again whenever a screen showing it opens).
  const seeds = new Set<string>();
  const client = new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false, staleTime: (query) => (seeds.has(query.queryHash) ? Infinity : 0) },
      mutations: { retry: false },
    },
  });
  client.getQueryCache().subscribe((event) => {
    if ((event.type === 'observerRemoved' && event.query.getObserversCount() === 0) || event.type === 'removed') seeds.delete(event.query.queryHash);
  });
  seedsOf.set(client, seeds);
  return client;
}

/**
 * A read asked for before any screen wanted it (the window's first calls, renderer/boot.ts): filed under
 * `queryKey` while under way, so a screen that opens meanwhile waits for it instead of asking again, and
 * once answered it counts as fresh until the first screen showing it closes. Resolves once it is filed
 * (answered or refused). A refusal is dropped (the
 * screen asks itself when it opens), unless a screen already waits for it. Nothing is done when the cache
 * already has the read.
 */
export function seedQuery<T>(client: QueryClient, queryKey: QueryKey, answer: Promise<T>): Promise<void> {
  if (client.getQueryState(queryKey)) return Promise.resolve();
  return client.prefetchQuery({ queryKey, queryFn: () => answer }).then(() => {
    const query = client.getQueryCache().find({ queryKey, exact: true });
    if (!query) return;
    if (query.state.status === 'success') seedsOf.get(client)?.add(query.queryHash);
    else if (query.getObserversCount() === 0) client.removeQueries({ queryKey, exact: true });
  });
}
