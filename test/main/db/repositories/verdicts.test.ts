// saveVerdicts writes only the keys that changed (the kept ones read and compared, a key no longer asked about
// deleted, a new one inserted): after it, a verdict's key rows are exactly the keys it asked, each once, and
// another client's rows are left as they were — a key left behind would mark a verdict stale that no longer
// depends on it, a key missing would leave a verdict current that does.
import { expect, it } from 'vitest';
import { markSharingStale, saveVerdicts, type NewVerdict, type VerdictKey } from '../../../../main/db/repositories/verdicts';
import { describeEachStore } from '../../../support/eachStore';

const verdict = (entityId: number, revision: number, keys: VerdictKey[]): NewVerdict => ({
  entityId,
  revision,
  verdictVersion: 'test',
  settingsJson: '{}',
  checkedDay: '2026-12-05',
  counts: { error: 0, warning: 0, info: 0 },
  topJson: '[]',
  findingsJson: '[]',
  keys,
});
const domain = (shared: string): VerdictKey => ({ kind: 'domain', shared });
const cert = (shared: string): VerdictKey => ({ kind: 'cert', shared });

describeEachStore('kept verdicts’ keys', (openDesk) => {
  it('keeps exactly the keys each verdict asked, after the keys changed, and leaves other verdicts’ keys alone', async () => {
    const desk = await openDesk();
    try {
      const rows = async () =>
        (await desk.ctx.db.selectFrom('client_verdict_key').select(['entity_id', 'kind', 'shared']).orderBy('entity_id').orderBy('kind').orderBy('shared').execute()).map((r) => `${Number(r.entity_id)} ${r.kind} ${r.shared}`);
      await desk.sql.tx(() => saveVerdicts(desk.ctx, [verdict(1, 1, [domain('a.cn'), domain('b.cn'), cert('x'), domain('a.cn')]), verdict(2, 1, [domain('b.cn'), cert('y')])]));
      expect(await rows()).toEqual(['1 cert x', '1 domain a.cn', '1 domain b.cn', '2 cert y', '2 domain b.cn']);

      // client 1 gave up a.cn and its 证件号码 x, took c.cn and y; client 2's verdict is not saved again
      await desk.sql.tx(() => saveVerdicts(desk.ctx, [verdict(1, 2, [domain('b.cn'), domain('c.cn'), cert('y'), domain('c.cn')])]));
      expect(await rows()).toEqual(['1 cert y', '1 domain b.cn', '1 domain c.cn', '2 cert y', '2 domain b.cn']);
      expect(Number((await desk.ctx.db.selectFrom('client_verdict').select('revision').where('entity_id', '=', 1).executeTakeFirstOrThrow()).revision)).toBe(2);

      // what the keys are for: a change to a.cn or x marks no one now, one to b.cn or y both
      expect(await desk.sql.tx(() => markSharingStale(desk.ctx, [domain('a.cn'), cert('x')], new Set()))).toEqual([]);
      expect((await desk.sql.tx(() => markSharingStale(desk.ctx, [domain('b.cn')], new Set()))).sort()).toEqual([1, 2]);

      // the same keys again (a cold run after a new rule version): nothing moves; no keys at all: none left
      await desk.sql.tx(() => saveVerdicts(desk.ctx, [verdict(1, 3, [cert('y'), domain('c.cn'), domain('b.cn')]), verdict(2, 2, [])]));
      expect(await rows()).toEqual(['1 cert y', '1 domain b.cn', '1 domain c.cn']);
    } finally {
      await desk.close();
    }
  });
});
