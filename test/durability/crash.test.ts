// Crash safety: a writer is killed with SIGKILL at random moments, over and over. After each kill the
// store must open, pass integrity_check, hold every write the writer reported as committed, and show no
// half-written or orphan file in the file store.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Desk } from '../../main/desk';
import { getClientClear } from '../../main/services/clients';
import { readMaterial } from '../../main/services/materials';
import { tempDir } from '../helpers';
import { buildWriter, killWriters, removeWriter, runAndKill, spawnWriter } from './writerBundle';

const KILLS = 50;

interface Reported {
  clients: Map<number, number>;
  materials: Map<number, string>;
  websites: Map<number, number>;
}

let writerBundle = '';

beforeAll(async () => {
  writerBundle = await buildWriter('crashWriter.ts');
});

afterAll(() => {
  killWriters();
  removeWriter(writerBundle);
});

describe('crash safety', () => {
  it(`keeps every committed write and no partial file across ${KILLS} SIGKILLs`, async () => {
    const dataDir = tempDir();
    const reported: Reported = { clients: new Map(), materials: new Map(), websites: new Map() };
    let next = 0;
    // each writer is started one life ahead, so that loading its code overlaps the previous life
    let writer = spawnWriter(writerBundle, [dataDir]);
    for (let i = 0; i < KILLS; i++) {
      const current = writer;
      if (i + 1 < KILLS) writer = spawnWriter(writerBundle, [dataDir]);
      // Every other run is killed anywhere from at once to a while after it is ready (on a loaded machine
      // often before its first commit), the others at a random moment after their first commit: a kill a
      // fixed time after the start wrote next to nothing on a loaded machine, where one loop took longer.
      next = await runAndKill(current, next + 1000, Math.floor(Math.random() * 300), i % 2 === 1, (kind, id, value) => {
        if (kind === 'client') reported.clients.set(Number(id), Number(value));
        else if (kind === 'material') reported.materials.set(Number(id), value);
        else if (kind === 'website') reported.websites.set(Number(id), Number(value));
      });
    }
    // at least one commit from each run killed after its first
    expect(reported.clients.size).toBeGreaterThanOrEqual(KILLS / 2);

    const files = join(dataDir, 'files');
    const desk = await Desk.open({ dataDir, kdfLog2n: 12 });
    await desk.vault.unlock('crash-test-passphrase');
    try {
      expect(desk.sql.raw.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(desk.sql.raw.pragma('foreign_key_check')).toEqual([]);
      for (const [id, n] of reported.clients) expect((await getClientClear(desk, id)).name).toBe(`深圳市示例${String(n).padStart(6, '0')}科技有限公司`);
      for (const [id, sha] of reported.materials) expect((await readMaterial(desk, id)).material.sha256).toBe(sha);
      const websites = new Set((desk.sql.raw.prepare('SELECT id FROM website').all() as { id: number }[]).map((r) => r.id));
      for (const id of reported.websites.keys()) expect(websites.has(id)).toBe(true);
      // Every write is whole, reported or not: each client holds exactly the people and websites its creation
      // entry names plus one website per later website entry, and every material and website row has the audit
      // entry written in its transaction. A kill between two statements of one transaction would show here.
      const audit = (action: string) => desk.sql.raw.prepare('SELECT target_id AS id, entity_id AS entityId, detail FROM audit_log WHERE action = ?').all(action) as { id: number; entityId: number; detail: string }[];
      const created = new Map(audit('entity.create').map((a) => [a.id, JSON.parse(a.detail) as { people: number; websites: number }]));
      const websitesAdded = audit('website.create');
      const entities = desk.sql.raw.prepare('SELECT e.id, (SELECT count(*) FROM person p WHERE p.entity_id = e.id) AS people, (SELECT count(*) FROM website w WHERE w.entity_id = e.id) AS websites FROM entity e').all() as { id: number; people: number; websites: number }[];
      expect(entities.length).toBeGreaterThanOrEqual(reported.clients.size);
      // every client has its creation entry, and every entry its client
      expect([...created.keys()].sort((a, b) => Number(a) - Number(b))).toEqual(entities.map((e) => e.id).sort((a, b) => a - b));
      for (const e of entities) {
        expect(e.people).toBe(created.get(e.id)!.people);
        expect(e.websites).toBe(created.get(e.id)!.websites + websitesAdded.filter((a) => a.entityId === e.id).length);
      }
      expect(websitesAdded.filter((a) => !websites.has(a.id))).toEqual([]);
      const materialRows = (desk.sql.raw.prepare('SELECT id FROM material').all() as { id: number }[]).map((r) => r.id).sort((a, b) => a - b);
      expect(audit('material.create').map((a) => a.id).sort((a, b) => a - b)).toEqual(materialRows);
      // Every stored file belongs to a material row and decrypts to its hash; nothing half-written remains.
      const referenced = new Set((desk.sql.raw.prepare('SELECT sha256 FROM material').all() as { sha256: string }[]).map((r) => r.sha256));
      expect(new Set(desk.files.list())).toEqual(referenced);
      for (const h of referenced) expect(desk.files.read(h).length).toBeGreaterThan(0);
      expect(readdirSync(join(files, 'tmp'))).toEqual([]);
    } finally {
      await desk.close();
    }
  }, 240_000);
});
