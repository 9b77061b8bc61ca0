// 0033: a settled check-in conflict keeps none of the laptop's values (repositories/leases.ts
// settleConflictRow): they are personal data — a person's name, 证件号码, mobile, e-mail — that nothing reads
// once the conflict is settled. Conflicts settled before this version kept them until their lease or client
// was deleted; they are dropped here. Open conflicts keep theirs, to be settled.
import { exec, type MigrationSteps } from './steps';

export const version = 33;
export const name = 'settled-conflict-values';

export function* up(): MigrationSteps {
  yield exec(`UPDATE lease_conflict SET laptop_fields = '{}' WHERE settled IS NOT NULL AND laptop_fields <> '{}'`);
}
