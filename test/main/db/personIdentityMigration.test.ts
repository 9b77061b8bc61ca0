// Migration 0028: a person's identity stamp (name, 证件类型, 证件号码 last changed). A store of version 25 upgrades
// with every person stamped at their creation, so no material becomes stale by the upgrade; a later save that
// changes the identity moves the stamp, any other save does not.
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { personFieldsOf } from '../../../main/db/repositories/people';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { createClients, editPerson, getClientClear } from '../../../main/services/clients';
import { companyRecord, personId } from '../../fixtures/records';
import { describeEachStore } from '../../support/eachStore';

describeEachStore('migration 0028: when a person’s identity last changed', (openDesk, dialect) => {
  it('stamps existing people at their creation, and moves the stamp only when name, 证件类型 or 证件号码 change', async () => {
    let tick = Date.parse('2026-12-07T08:00:00.000Z');
    const clock = () => new Date((tick += 1000));
    const old = await openDesk({ clock });
    const [c] = await createClients(old, [clientRecordSchema.parse(companyRecord(3))]);
    const person = (await getClientClear(old, c!.id)).people[0]!;
    // given back its version-25 form
    await old.sql.tx(async () => {
      await sql`ALTER TABLE person DROP COLUMN identity_changed_at`.execute(old.ctx.db);
      if (dialect === 'postgres') await sql`UPDATE schema_version SET version = 25`.execute(old.ctx.db);
    });
    if (dialect === 'sqlite') old.sql.raw.pragma('user_version = 25');
    await old.close();
    const desk = await openDesk({ dataDir: old.dataDir, clock });
    try {
      const upgraded = (await getClientClear(desk, c!.id)).people[0]!;
      expect(upgraded.identityChangedAt).toBe(person.createdAt);
      await editPerson(desk, person.id, { ...personFieldsOf(upgraded), mobile: '13900002222', officePhone: '010-12345678' });
      const phoned = (await getClientClear(desk, c!.id)).people[0]!;
      expect(phoned.updatedAt > upgraded.updatedAt).toBe(true);
      expect(phoned.identityChangedAt).toBe(person.createdAt);
      // the same number written differently (a lower-case x) is the same number: the blind index compares it normalised
      await editPerson(desk, person.id, { ...personFieldsOf(phoned), certType: '居民身份证', certNumber: personId(12) });
      const renumbered = (await getClientClear(desk, c!.id)).people[0]!;
      expect(renumbered.identityChangedAt).toBe(renumbered.updatedAt);
      await editPerson(desk, person.id, { ...personFieldsOf(renumbered), name: `${renumbered.name}明` });
      const renamed = (await getClientClear(desk, c!.id)).people[0]!;
      expect(renamed.identityChangedAt > renumbered.identityChangedAt).toBe(true);
    } finally {
      await desk.close();
    }
  }, 60_000);
});
