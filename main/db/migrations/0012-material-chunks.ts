// 0012: material bytes inside the database, for a team database (issue 14): one row per encrypted
// piece of a material's file (seq 0 the header — magic and nonce prefix —, then the sealed 64 KiB
// chunks of secrets/fileCrypto.ts, byte for byte what the file store writes), keyed by the material and
// deleted with it (ON DELETE CASCADE: deleting a client, person or website removes its chunks in the same
// transaction). Created on both dialects, although only a PostgreSQL desk writes it (files/materialBlobs.ts):
// one schema for both stores keeps the schema, its types and a desk → team move the same everywhere, and
// an empty table costs a SQLite desk nothing.
import type { DialectName } from '../dialect';
import { ddl } from './ddl';
import { exec, type MigrationSteps } from './steps';

export const version = 12;
export const name = 'material-chunks';

export function* up(dialect: DialectName): MigrationSteps {
  yield exec(
    ddl(
      dialect,
      `
    CREATE TABLE material_chunk (
      material_id INTEGER NOT NULL REFERENCES material(id) ON DELETE CASCADE,
      seq INTEGER NOT NULL CHECK (seq >= 0),
      data BLOB NOT NULL,
      PRIMARY KEY (material_id, seq)
    ) STRICT;
  `,
    ),
  );
}
