// 0028: when a person's identity last changed — name, 证件类型 or 证件号码, the facts an ID scan and a curtain
// photo show (issue "The gate holds"). A material of that person uploaded before it no longer shows who the
// record says (a new ID card, a corrected name) and blocks the order until uploaded again (filings/checklist.ts,
// V-MAT-04). Until now the checklist compared the upload with the person row's updated_at, which every save
// moves (a new mobile number, a form saved unchanged), so it could only ask to 确认 and blocked nothing.
// Existing rows start from their creation: no identity change is known for them, and the gate is no weaker
// than before, which never blocked on one.
import type { DialectName } from '../dialect';
import { ddl } from './ddl';
import { columnsOf, exec, type MigrationSteps } from './steps';

export const version = 28;
export const name = 'person-identity';

export function* up(dialect: DialectName): MigrationSteps {
  // run again over a store that has it (a test winding the version back): its stamps are kept
  if ((yield* columnsOf(dialect, 'person')).has('identity_changed_at')) return;
  yield exec(
    ddl(
      dialect,
      `
    ALTER TABLE person ADD COLUMN identity_changed_at TEXT NOT NULL DEFAULT '';
    UPDATE person SET identity_changed_at = created_at;
  `,
    ),
  );
}
