// Numbered, forward-only migrations, for both dialects (main/db/migrations/steps.ts). Each runs in one
// transaction that also records its version: PRAGMA user_version on SQLite, schema_version on PostgreSQL.
import type { Migration } from './steps';
import * as m0001 from './0001-clients';
import * as m0002 from './0002-settings-retention';
import * as m0003 from './0003-orders';
import * as m0005 from './0005-licence-validity';
import * as m0006 from './0006-photo-gate';
import * as m0007 from './0007-filed-state';
import * as m0008 from './0008-after-submission';
import * as m0009 from './0009-accounts';
import * as m0010 from './0010-search-index';
import * as m0011 from './0011-row-versions';
import * as m0012 from './0012-material-chunks';
import * as m0013 from './0013-client-leases';
import * as m0014 from './0014-check-verdicts';
import * as m0015 from './0015-list-order-indexes';
import * as m0016 from './0016-lease-carry';
import * as m0017 from './0017-verdict-state-indexes';
import * as m0018 from './0018-search-pairs';
import * as m0020 from './0020-list-page-indexes';
import * as m0021 from './0021-search-ids-estimate';
import * as m0022 from './0022-verdict-digest';
import * as m0023 from './0023-list-row';
import * as m0024 from './0024-verdict-top';
import * as m0025 from './0025-verdict-hot-updates';
import * as m0026 from './0026-gongan-row-version';
import * as m0027 from './0027-order-submitted';
import * as m0028 from './0028-person-identity';
import * as m0029 from './0029-one-open-order';
import * as m0030 from './0030-one-client-per-entity';
import * as m0031 from './0031-sheet-scan-digest';
import * as m0032 from './0032-sheet-printed-for';
import * as m0033 from './0033-settled-conflict-values';

export type { Migration } from './steps';

export const MIGRATIONS: readonly Migration[] = [m0001, m0002, m0003, m0005, m0006, m0007, m0008, m0009, m0010, m0011, m0012, m0013, m0014, m0015, m0016, m0017, m0018, m0020, m0021, m0022, m0023, m0024, m0025, m0026, m0027, m0028, m0029, m0030, m0031, m0032, m0033];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
