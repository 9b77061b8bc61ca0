// SQLite caps the number of bound variables per statement; batch IN-lists in slices well below it.
export const IN_LIST_CHUNK = 500;

export function chunks<T>(items: readonly T[], size = IN_LIST_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Rows read for these keys (each once), an IN list at a time, grouped by their key in the order read: the
 * holders of a set of domains or 证件号码 blind indexes, with whatever each holder needs.
 */
export async function groupedByKey<R, V>(keys: readonly string[], read: (part: string[]) => Promise<readonly R[]>, keyOf: (r: R) => string, valueOf: (r: R) => V): Promise<Map<string, V[]>> {
  const map = new Map<string, V[]>();
  for (const part of chunks([...new Set(keys)])) {
    for (const r of await read(part)) {
      const key = keyOf(r);
      const list = map.get(key);
      if (list) list.push(valueOf(r));
      else map.set(key, [valueOf(r)]);
    }
  }
  return map;
}
