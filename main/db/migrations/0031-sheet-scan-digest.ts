// 0031: what a signed 核验单 scan printed. The scan shows the sheet as it was generated — the website's name,
// domains, 首页URL and IPs, the 主体 and both 负责人 as they stood — and the 管局 compares it with the filing: once
// any of that changes, the signed scan no longer matches and must be signed again (filings/checklist.ts,
// V-MAT-04). Each scan keeps the keyed digest of the record values its sheet printed (domain/sheetRecord.ts);
// a scan stored before this version has none, and is judged as before (never stale): what it printed is not known.
import type { DialectName } from '../dialect';
import { columnsOf, exec, type MigrationSteps } from './steps';

export const version = 31;
export const name = 'sheet-scan-digest';

export function* up(dialect: DialectName): MigrationSteps {
  // run again over a store that has it (a test winding the version back): its digests are kept
  if ((yield* columnsOf(dialect, 'material')).has('printed_digest')) return;
  yield exec('ALTER TABLE material ADD COLUMN printed_digest TEXT');
}
