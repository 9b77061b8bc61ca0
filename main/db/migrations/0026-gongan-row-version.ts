// 0026: the 公安备案 form is saved like the edit drawers (0011): over the version of the row it read. Two
// operators with the same form open no longer overwrite each other's save silently — the later save, made
// on a form read before the other's, is refused with EDIT_CONFLICT. Existing rows start at version 1.
import type { DialectName } from '../dialect';
import { ddl } from './ddl';
import { columnsOf, exec, type MigrationSteps } from './steps';

export const version = 26;
export const name = 'gongan-row-version';

export function* up(dialect: DialectName): MigrationSteps {
  // run again over a store that has it (a test winding the version back): the versions are kept
  if ((yield* columnsOf(dialect, 'gongan_filing')).has('row_version')) return;
  yield exec(ddl(dialect, `ALTER TABLE gongan_filing ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;`));
}
