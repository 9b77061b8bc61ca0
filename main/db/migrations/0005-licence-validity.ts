// 0005: the 主体's 营业期限 (or its certificate's 有效期止): a date or 长期, optional, so the rules can say a
// licence has expired (证件必须在有效期内, Tencent 网站备案 备案类型 — 上传资料).
import type { DialectName } from '../dialect';
import { ddl } from './ddl';
import { exec, type MigrationSteps } from './steps';

export const version = 5;
export const name = 'licence-validity';

export function* up(dialect: DialectName): MigrationSteps {
  yield exec(ddl(dialect, `ALTER TABLE entity ADD COLUMN cert_valid_to TEXT; -- YYYY-MM-DD or 长期; NULL: not entered`));
}
