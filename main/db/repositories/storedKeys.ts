// The keys by which other clients find a client's domains and 证件号码, as stored in its rows (domain.ascii_name,
// person.cert_number_index), by client: what the batch loaders can hand back beside the views they make, from
// the rows they read anyway (check-all's cold run: services/checkAllSlice.ts).
export interface StoredKeys {
  domains: Map<number, Set<string>>;
  certs: Map<number, Set<string>>;
}

export const noStoredKeys = (): StoredKeys => ({ domains: new Map(), certs: new Map() });

export function keepStoredKey(map: Map<number, Set<string>>, entityId: number, key: string): void {
  const own = map.get(entityId);
  if (own) own.add(key);
  else map.set(entityId, new Set([key]));
}
