// Query keys: every read the renderer caches is filed under the resource it shows, so a write names the
// resources it changed and everything showing them is fetched again (and nothing else).
import type { QueryClient, QueryKey } from '@tanstack/react-query';
import type { Method, MethodInput } from '../../main/api/contract';

/** The resources a read belongs to; a key starts with its resource, then the method and its input. */
export const resource = {
  /** One client: its record, its checks, filed state, materials, orders, log, … */
  client: (id: number) => ['client', id] as const,
  /** One order: its checklist, 公安备案, 授权码, … */
  order: (id: number) => ['order', id] as const,
  /** What lists or counts many clients and orders: the client list, the order board, the 工作台. */
  lists: ['lists'] as const,
  /** The desk's settings (保留期限, 核验单 settings, 操作员). */
  settings: ['settings'] as const,
  /** Facts that do not change while the desk runs (provider profiles, rule and reason catalogs). */
  catalog: ['catalog'] as const,
  /** A long job's status, polled while it runs. */
  job: (id: string) => ['job', id] as const,
};

export type Resource = readonly unknown[];

export const apiKey = <M extends Method>(of: Resource, method: M, input: MethodInput<M>): QueryKey => [...of, method, input];

/** After a write: fetch again everything shown of the resources it changed; resolves once the shown ones have their new values. */
export async function afterWrite(client: QueryClient, changed: readonly Resource[]): Promise<void> {
  await Promise.all(changed.map((queryKey) => client.invalidateQueries({ queryKey })));
}

/** What a write to one client changes: the client, and every list that shows clients or their orders. */
export const clientWrite = (entityId: number): Resource[] => [resource.client(entityId), resource.lists];

/** What a write to an order changes: the order, its client (orders tab, filed state, log) and the lists. */
export const orderWrite = (orderId: number, entityId: number): Resource[] => [resource.order(orderId), resource.client(entityId), resource.lists];
