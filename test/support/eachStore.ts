// One suite, run on both stores: a desk on its own SQLite file, and a desk on a fresh PostgreSQL team
// database of the test cluster (skipped, with the reason in the suite name, where there is none).
//
//   describeEachStore('client store', (openDesk) => {
//     it('…', async () => { const desk = await openDesk(); … });
//   });
//
// Every openDesk() is a new desk in a new folder on a new, empty database, like openTestDesk().
import { describe } from 'vitest';
import type { DialectName } from '../../main/db/dialect';
import { openPostgresStore } from '../../main/db/openPostgres';
import type { Desk, DeskOptions } from '../../main/desk';
import { openTestDesk, tempDir } from '../helpers';
import { createTestDatabase, describePostgres } from './pgTestDatabase';

export type OpenDesk = (options?: Partial<DeskOptions>) => Promise<Desk>;

export function describeEachStore(name: string, suite: (openDesk: OpenDesk, dialect: DialectName) => void): void {
  describe(`${name} (SQLite)`, () => suite((options = {}) => openTestDesk(tempDir(), options), 'sqlite'));
  describePostgres(`${name} (PostgreSQL)`, () =>
    suite(async (options = {}) => {
      const { url } = await createTestDatabase();
      return await openTestDesk(tempDir(), { ...options, store: await openPostgresStore(url, { poolSize: 4 }) });
    }, 'postgres'),
  );
}
