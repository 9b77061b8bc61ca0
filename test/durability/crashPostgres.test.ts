// Crash safety on a PostgreSQL team database: a desk process writing clients (multi-row transactions)
// is killed with SIGKILL at random moments, over and over. Afterwards every write it reported as
// committed is there, and no transaction is half there: each client holds exactly the people and
// websites its audit entries name, and every website has the audit entry written in its transaction.
// (The server itself is not killed here: the test cluster runs with fsync and synchronous_commit off,
// which only a dedicated cluster could turn on.)
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openPostgresStore } from '../../main/db/openPostgres';
import { Desk } from '../../main/desk';
import { getClientClear } from '../../main/services/clients';
import { tempDir } from '../helpers';
import { createTestDatabase, describePostgres } from '../support/pgTestDatabase';
import { buildWriter, killWriters, removeWriter, runAndKill, spawnWriter } from './writerBundle';

const KILLS = 20;

interface Reported {
  clients: Map<number, number>;
  websites: Map<number, number>;
}

let writerBundle = '';

beforeAll(async () => {
  writerBundle = await buildWriter('crashWriterPostgres.ts');
});

afterAll(() => {
  killWriters();
  removeWriter(writerBundle);
});

describePostgres('crash safety on a team database', () => {
  it(`keeps every committed write and no half transaction across ${KILLS} SIGKILLs of the desk`, async () => {
    const dataDir = tempDir();
    const { url } = await createTestDatabase();
    const reported: Reported = { clients: new Map(), websites: new Map() };
    let next = 0;
    // each writer is started one life ahead, so that loading its code overlaps the previous life
    let writer = spawnWriter(writerBundle, [dataDir, url]);
    for (let i = 0; i < KILLS; i++) {
      const current = writer;
      if (i + 1 < KILLS) writer = spawnWriter(writerBundle, [dataDir, url]);
      // Every other run is killed anywhere from at once to a while after it is ready (on a loaded machine
      // often before its first commit), the others at a random moment after their first commit.
      next = await runAndKill(current, next + 1000, Math.floor(Math.random() * 300), i % 2 === 1, (kind, id, value) => {
        if (kind === 'client') reported.clients.set(Number(id), Number(value));
        else if (kind === 'website') reported.websites.set(Number(id), Number(value));
      });
    }
    // at least one commit from each run killed after its first
    expect(reported.clients.size).toBeGreaterThanOrEqual(KILLS / 2);

    const desk = await Desk.open({ dataDir, kdfLog2n: 12, store: await openPostgresStore(url, { poolSize: 2 }) });
    await desk.vault.unlock('crash-test-passphrase');
    try {
      const db = desk.sql.db;
      for (const [id, n] of reported.clients) expect((await getClientClear(desk, id)).name).toBe(`深圳市示例${String(n).padStart(6, '0')}科技有限公司`);
      const websites = new Set((await db.selectFrom('website').select('id').execute()).map((r) => r.id));
      for (const id of reported.websites.keys()) expect(websites.has(id)).toBe(true);
      // Every write is whole, reported or not: each client holds exactly the people and websites its creation
      // entry names plus one website per later website entry. A kill between two statements of one
      // transaction would show here.
      const audit = (action: string) => db.selectFrom('audit_log').select(['target_id as id', 'entity_id as entityId', 'detail']).where('action', '=', action).execute();
      const created = new Map((await audit('entity.create')).map((a) => [a.id, JSON.parse(a.detail) as { people: number; websites: number }]));
      const websitesAdded = await audit('website.create');
      const entities = await db
        .selectFrom('entity as e')
        .select((eb) => [
          'e.id',
          eb.selectFrom('person as p').select((p) => p.fn.countAll<number>().as('n')).whereRef('p.entity_id', '=', 'e.id').as('people'),
          eb.selectFrom('website as w').select((w) => w.fn.countAll<number>().as('n')).whereRef('w.entity_id', '=', 'e.id').as('websites'),
        ])
        .execute();
      expect(entities.length).toBeGreaterThanOrEqual(reported.clients.size);
      // every client has its creation entry, and every entry its client
      expect([...created.keys()].sort((a, b) => Number(a) - Number(b))).toEqual(entities.map((e) => e.id).sort((a, b) => a - b));
      for (const e of entities) {
        expect(e.people).toBe(created.get(e.id)!.people);
        expect(e.websites).toBe(created.get(e.id)!.websites + websitesAdded.filter((a) => a.entityId === e.id).length);
      }
      expect(websitesAdded.filter((a) => !websites.has(a.id!))).toEqual([]);
      // no domain without its website
      const strayDomains = await db.selectFrom('domain').select('name').where('website_id', 'not in', db.selectFrom('website').select('id')).execute();
      expect(strayDomains).toEqual([]);
    } finally {
      await desk.close();
    }
  }, 240_000);
});
