// 0011: optimistic concurrency between operators (issue 14). Every row a person edits in a form carries
// row_version: a save names the version it read and `UPDATE … WHERE row_version = ?` decides; the winner
// bumps it, a stale save is refused with EDIT_CONFLICT instead of overwriting what someone else saved.
// entity, person and website are the edit drawers' rows (a website's domains are saved with it, so its
// version covers them); filing_order's version counts every change of the order row (its state moves are
// also checked against the state they start from). Named row_version because filed_snapshot.version is
// something else: the number of a filed state.
import type { DialectName } from '../dialect';
import { ddl } from './ddl';
import { exec, type MigrationSteps } from './steps';

export const version = 11;
export const name = 'row-versions';

export function* up(dialect: DialectName): MigrationSteps {
  yield exec(
    ddl(
      dialect,
      `
    ALTER TABLE entity ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE person ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE website ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE filing_order ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
  `,
    ),
  );
}
