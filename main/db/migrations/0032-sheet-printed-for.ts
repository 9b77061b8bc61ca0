// 0032: which provider a 核验单 named. Its 接入服务提供者, 接入方式 and 服务器放置地点 boxes are the provider's it was drawn
// for (pdf/sheetData.ts): signed, it is no sheet for another provider's filing or package (filings/checklist.ts). Each
// signed scan and each sheet the desk drew keeps that provider's id; one stored before this version has none, and is
// judged as before (for any provider): whom it named is not known.
import type { DialectName } from '../dialect';
import { columnsOf, exec, type MigrationSteps } from './steps';

export const version = 32;
export const name = 'sheet-printed-for';

export function* up(dialect: DialectName): MigrationSteps {
  // run again over a store that has it (a test winding the version back): its providers are kept
  if ((yield* columnsOf(dialect, 'material')).has('printed_for')) return;
  yield exec('ALTER TABLE material ADD COLUMN printed_for TEXT');
}
