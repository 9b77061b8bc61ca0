// Which material of a kind is the one in use: an order's checklist uses the newest of the same kind for
// the same person and website (main/filings/checklist.ts, the highest id), so after 更换 the older file
// stays listed (its history matters) but is marked as replaced.
import type { MaterialView } from '../../../main/api/contract';

const group = (m: MaterialView) => `${m.kind}|${m.personId ?? ''}|${m.websiteId ?? ''}`;

/** For each material that has others of its kind for the same owner: 'current' for the newest, 'replaced' for the rest. */
export function materialStanding(items: readonly MaterialView[]): Map<number, 'current' | 'replaced'> {
  const newest = new Map<string, number>();
  const count = new Map<string, number>();
  for (const m of items) {
    const g = group(m);
    count.set(g, (count.get(g) ?? 0) + 1);
    newest.set(g, Math.max(newest.get(g) ?? 0, m.id));
  }
  const out = new Map<number, 'current' | 'replaced'>();
  for (const m of items) {
    const g = group(m);
    if (count.get(g)! > 1) out.set(m.id, newest.get(g) === m.id ? 'current' : 'replaced');
  }
  return out;
}
