// saveVerdicts writes only the keys that changed (the kept ones read and compared, a key no longer asked about
// deleted, a new one inserted): after it, a verdict's key rows are exactly the keys it asked, each once, and
// another client's rows are left as they were — a key left behind would mark a verdict stale that no longer
// depends on it, a key missing would leave a verdict current that does.
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { markSharingStale, restoreKeyIndex, saveVerdicts, setAsideKeyIndex, verdictColumns, type NewVerdict, type VerdictKey } from '../../../../main/db/repositories/verdicts';
import { describeEachStore } from '../../../support/eachStore';

const verdict = (entityId: number, revision: number, keys: VerdictKey[]): NewVerdict => ({
  entityId,
  revision,
  verdictVersion: 'test',
  settingsJson: '{}',
  checkedDay: '2026-12-05',
  counts: { error: 0, warning: 0, info: 0 },
  topJson: '[]',
  findingsDigest: 0,
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

describeEachStore('kept verdicts’ keys compared as one text', (openDesk) => {
  it('never takes keys holding a tab or a newline for other keys that read the same', async () => {
    const desk = await openDesk();
    try {
      const rows = async () => (await desk.ctx.db.selectFrom('client_verdict_key').select(['entity_id', 'kind', 'shared']).orderBy('entity_id').orderBy('kind').orderBy('shared').execute()).map((r) => [Number(r.entity_id), r.kind, r.shared]);
      // one key whose text, kind TAB shared, reads as two keys' lines joined
      await saveVerdicts(desk.ctx, [verdict(1, 1, [domain('a.cn\ndomain\tb.cn')])]);
      expect(await rows()).toEqual([[1, 'domain', 'a.cn\ndomain\tb.cn']]);
      await saveVerdicts(desk.ctx, [verdict(1, 2, [domain('a.cn'), domain('b.cn')])]);
      expect(await rows()).toEqual([[1, 'domain', 'a.cn'], [1, 'domain', 'b.cn']]);
      await saveVerdicts(desk.ctx, [verdict(1, 3, [domain('a.cn\ndomain\tb.cn')])]);
      expect(await rows()).toEqual([[1, 'domain', 'a.cn\ndomain\tb.cn']]);
    } finally {
      await desk.close();
    }
  });
});

describeEachStore('the key rows’ (kind, shared) index in a first run', (openDesk, dialect) => {
  it('is set aside only on SQLite with no verdict kept, and built again as migration 0014 made it', async () => {
    const desk = await openDesk();
    try {
      const indexSql = async () =>
        dialect === 'sqlite' ? ((desk.sql.raw.prepare("SELECT sql FROM sqlite_master WHERE name = 'client_verdict_key_shared'").get() as { sql: string } | undefined)?.sql ?? null) : 'postgres';
      const made = await indexSql();
      expect(made).not.toBeNull();
      expect(await setAsideKeyIndex(desk.ctx)).toBe(dialect === 'sqlite');
      expect(await indexSql()).toBe(dialect === 'sqlite' ? null : made);
      await restoreKeyIndex(desk.ctx);
      // the same definition as the migration's (IF NOT EXISTS is not kept in the schema's text)
      expect(await indexSql()).toBe(made);
      await restoreKeyIndex(desk.ctx);
      expect(await indexSql()).toBe(made);
      // with a verdict kept the index stays: a run could mark it, and only the index finds the verdicts to mark fast
      await saveVerdicts(desk.ctx, [verdict(1, 1, [domain('a.cn')])]);
      expect(await setAsideKeyIndex(desk.ctx)).toBe(false);
      expect(await indexSql()).toBe(made);
    } finally {
      await desk.close();
    }
  });
});

describeEachStore('kept verdicts’ texts', (openDesk) => {
  it('keeps a verdict’s JSON and keys exactly, whatever characters they hold (on PostgreSQL each column goes as one array)', async () => {
    const desk = await openDesk();
    try {
      const odd = ['NULL', '"quoted", {braced}', 'back\\slash \\"', '逗号，中文、括号（）', 'line\nbreak\ttab', ''];
      const top = JSON.stringify(odd.map((message) => ({ ruleId: 'V-ENT-01', message })));
      await saveVerdicts(desk.ctx, [{ ...verdict(7, 1, odd.slice(0, 5).map(domain)), topJson: top, settingsJson: '{"a":"{\\"b\\"}"}', findingsDigest: 4294967295 }]);
      const row = await desk.ctx.db.selectFrom('client_verdict as v').innerJoin('client_verdict_top as t', 't.entity_id', 'v.entity_id').select(['t.top_json', 'v.settings_json', 'v.findings_digest']).where('v.entity_id', '=', 7).executeTakeFirstOrThrow();
      expect(row.top_json).toBe(top);
      expect(JSON.parse(row.top_json)).toHaveLength(odd.length);
      expect(row.settings_json).toBe('{"a":"{\\"b\\"}"}');
      expect(Number(row.findings_digest)).toBe(4294967295);
      const keys = (await desk.ctx.db.selectFrom('client_verdict_key').select('shared').where('entity_id', '=', 7).execute()).map((r) => r.shared).sort();
      expect(keys).toEqual(odd.slice(0, 5).sort());
    } finally {
      await desk.close();
    }
  });
});

describeEachStore('kept verdicts’ first findings (migration 0024)', (openDesk, dialect) => {
  it('are written again when they differ and left as they are when the same (on PostgreSQL no new row version)', async () => {
    const desk = await openDesk();
    try {
      const top = (message: string) => JSON.stringify([{ ruleId: 'V-ENT-01', message }]);
      const kept = async () => (await desk.ctx.db.selectFrom('client_verdict_top').select('top_json').where('entity_id', '=', 1).executeTakeFirstOrThrow()).top_json;
      // PostgreSQL: the transaction that wrote the row's present version
      const writer = async () => (dialect === 'postgres' ? (await sql<{ x: string }>`SELECT xmin::text AS x FROM client_verdict_top WHERE entity_id = 1`.execute(desk.ctx.db)).rows[0]!.x : null);
      await saveVerdicts(desk.ctx, [{ ...verdict(1, 1, []), topJson: top('一') }]);
      const first = await writer();
      await saveVerdicts(desk.ctx, [{ ...verdict(1, 2, []), topJson: top('一') }]);
      expect(await kept()).toBe(top('一'));
      expect(await writer()).toBe(first);
      await saveVerdicts(desk.ctx, [{ ...verdict(1, 3, []), topJson: top('二') }]);
      expect(await kept()).toBe(top('二'));
      if (dialect === 'postgres') expect(await writer()).not.toBe(first);
      expect(Number((await desk.ctx.db.selectFrom('client_verdict').select('revision').where('entity_id', '=', 1).executeTakeFirstOrThrow()).revision)).toBe(3);
    } finally {
      await desk.close();
    }
  });
});

describeEachStore('kept verdicts’ first findings sent to a team database', (openDesk, dialect) => {
  it('only where they differ from the kept ones, told by their SHA-256: given one by one or in a worker’s columns', async () => {
    if (dialect !== 'postgres') return; // SQLite binds each row in process: nothing is sent
    const desk = await openDesk();
    // the statements that write first findings, as the driver sends them, and the rows each writes
    // the rows offered to the statement that writes first findings (a BEFORE INSERT trigger sees each, updated or not)
    await sql`CREATE TABLE test_top_offers (entity_id bigint)`.execute(desk.ctx.db);
    await sql.raw(`CREATE FUNCTION test_top_offer() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO test_top_offers VALUES (NEW.entity_id); RETURN NEW; END $$`).execute(desk.ctx.db);
    await sql`CREATE TRIGGER test_top_offer BEFORE INSERT ON client_verdict_top FOR EACH ROW EXECUTE FUNCTION test_top_offer()`.execute(desk.ctx.db);
    const offered = async () => {
      const ids = (await sql<{ entity_id: string }>`DELETE FROM test_top_offers RETURNING entity_id`.execute(desk.ctx.db)).rows.map((r) => Number(r.entity_id));
      return ids.sort((a, b) => a - b);
    };
    try {
      const top = (message: string) => JSON.stringify([{ ruleId: 'V-ENT-01', message: `${message}：“引号”\\反斜杠` }]);
      const kept = async (id: number) => (await desk.ctx.db.selectFrom('client_verdict_top').select('top_json').where('entity_id', '=', id).executeTakeFirstOrThrow()).top_json;
      const basis = { verdictVersion: 'test', settingsJson: '{}', checkedDay: '2026-12-05' };
      const inColumns = (tops: string[], revision: number) => ({
        basis,
        revisionOf: () => revision,
        parts: [verdictColumns(tops.map((t, i) => ({ id: 11 + i, counts: { error: 0, warning: 0, info: 0 }, topJson: t, findingsDigest: 0, keys: [] })))],
      });
      await saveVerdicts(desk.ctx, [1, 2, 3].map((id) => ({ ...verdict(id, 1, []), topJson: top(`一${id}`) })), inColumns([top('甲'), top('乙')], 1));
      expect(await offered()).toEqual([1, 2, 3, 11, 12]);
      // the same first findings again (the findings digest unchanged as well): none sent
      await saveVerdicts(desk.ctx, [1, 2, 3].map((id) => ({ ...verdict(id, 2, []), topJson: top(`一${id}`) })), inColumns([top('甲'), top('乙')], 2));
      expect(await offered()).toEqual([]);
      // one of each way changed, the findings digest not: those two sent, and kept
      await saveVerdicts(desk.ctx, [1, 2, 3].map((id) => ({ ...verdict(id, 3, []), topJson: top(id === 2 ? '变' : `一${id}`) })), inColumns([top('甲'), top('丙')], 3));
      expect(await offered()).toEqual([2, 12]);
      expect(await kept(2)).toBe(top('变'));
      expect(await kept(12)).toBe(top('丙'));
      expect(await kept(11)).toBe(top('甲'));
    } finally {
      await desk.close();
    }
  });
});
