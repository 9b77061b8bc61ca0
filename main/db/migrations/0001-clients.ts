// 0001: the client store: entities (主体), people (负责人), websites (网站), domains, materials, audit log.
// Never edit after it lands; add 0002 instead.
import type { DialectName } from '../dialect';
import { postgresDdl, replaceOnce } from './ddl';
import { exec, type MigrationSteps } from './steps';

export const version = 1;
export const name = 'clients';

const SQLITE_DDL = `
    CREATE TABLE entity (
      id INTEGER PRIMARY KEY,
      province TEXT NOT NULL,
      city TEXT NOT NULL,
      district TEXT NOT NULL DEFAULT '',
      nature TEXT NOT NULL,
      cert_type TEXT NOT NULL,
      cert_number_sealed TEXT NOT NULL,   -- through main/db/sensitive.ts only
      cert_number_index TEXT NOT NULL,    -- exact-match lookup key, never the number itself
      name TEXT NOT NULL,
      cert_address TEXT NOT NULL,
      investor TEXT NOT NULL DEFAULT '',
      mailing_address TEXT NOT NULL,
      remark TEXT NOT NULL DEFAULT '',
      icp_number TEXT,
      principal_person_id INTEGER REFERENCES person(id) ON DELETE SET NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX entity_name ON entity(name);
    CREATE INDEX entity_updated ON entity(updated_at);
    CREATE INDEX entity_cert_index ON entity(cert_number_index);
    CREATE INDEX entity_icp ON entity(icp_number);

    CREATE TABLE person (
      id INTEGER PRIMARY KEY,
      entity_id INTEGER NOT NULL REFERENCES entity(id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      cert_type TEXT NOT NULL,
      cert_number_sealed TEXT NOT NULL,
      cert_number_index TEXT NOT NULL,
      cert_valid_from TEXT,
      cert_valid_to TEXT,
      office_phone TEXT NOT NULL DEFAULT '',
      mobile_sealed TEXT NOT NULL,
      mobile_index TEXT NOT NULL,
      emergency_phone_sealed TEXT NOT NULL,
      email_sealed TEXT NOT NULL,
      email_index TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX person_entity ON person(entity_id);
    CREATE INDEX person_cert_index ON person(cert_number_index);
    CREATE INDEX person_mobile_index ON person(mobile_index);

    CREATE TABLE website (
      id INTEGER PRIMARY KEY,
      entity_id INTEGER NOT NULL REFERENCES entity(id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      homepages TEXT NOT NULL,            -- JSON array of strings
      service_content TEXT NOT NULL,
      pre_approvals TEXT NOT NULL,        -- JSON array
      languages TEXT NOT NULL,            -- JSON array
      ips TEXT NOT NULL,                  -- JSON array
      remark TEXT NOT NULL DEFAULT '',
      principal_person_id INTEGER REFERENCES person(id) ON DELETE SET NULL,
      icp_number TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX website_entity ON website(entity_id);
    CREATE INDEX website_icp ON website(icp_number);

    CREATE TABLE domain (
      id INTEGER PRIMARY KEY,
      website_id INTEGER NOT NULL REFERENCES website(id) ON DELETE CASCADE,
      entity_id INTEGER NOT NULL REFERENCES entity(id) ON DELETE CASCADE,
      position INTEGER NOT NULL,
      name TEXT NOT NULL,                 -- as filed, lower case (may be a 中文域名)
      ascii_name TEXT NOT NULL,           -- punycode form, for matching across spellings
      UNIQUE (website_id, ascii_name)
    ) STRICT;
    CREATE INDEX domain_ascii ON domain(ascii_name);
    CREATE INDEX domain_entity ON domain(entity_id);

    CREATE TABLE material (
      id INTEGER PRIMARY KEY,
      entity_id INTEGER NOT NULL REFERENCES entity(id) ON DELETE CASCADE,
      person_id INTEGER REFERENCES person(id) ON DELETE CASCADE,
      website_id INTEGER REFERENCES website(id) ON DELETE CASCADE,
      kind TEXT NOT NULL,
      file_name TEXT NOT NULL,
      sha256 TEXT NOT NULL,               -- name of the file in the content-addressed store
      size INTEGER NOT NULL,
      mime TEXT NOT NULL,
      created_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX material_entity ON material(entity_id);
    CREATE INDEX material_sha ON material(sha256);

    -- Denormalised search text per entity (names, domains, 备案号), kept in step by the repositories.
    CREATE TABLE entity_search (
      entity_id INTEGER PRIMARY KEY REFERENCES entity(id) ON DELETE CASCADE,
      haystack TEXT NOT NULL
    ) STRICT;

    -- Append-only: who did what to which record. Field names only, never personal values.
    CREATE TABLE audit_log (
      id INTEGER PRIMARY KEY,
      at TEXT NOT NULL,
      actor TEXT NOT NULL,
      action TEXT NOT NULL,
      target_type TEXT NOT NULL,
      target_id INTEGER,
      entity_id INTEGER,                  -- no foreign key: entries outlive the client they describe
      detail TEXT NOT NULL DEFAULT '{}'
    ) STRICT;
    CREATE INDEX audit_entity ON audit_log(entity_id, id);
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
  `;

// SQLite accepts entity's reference to person before person exists; PostgreSQL adds it once both do.
const ENTITY_PRINCIPAL = 'principal_person_id INTEGER REFERENCES person(id) ON DELETE SET NULL,\n      created_at';

function postgres(): string {
  return (
    postgresDdl(replaceOnce(SQLITE_DDL, ENTITY_PRINCIPAL, 'principal_person_id INTEGER,\n      created_at')) +
    '\n    ALTER TABLE entity ADD FOREIGN KEY (principal_person_id) REFERENCES person(id) ON DELETE SET NULL;\n'
  );
}

export function* up(dialect: DialectName): MigrationSteps {
  yield exec(dialect === 'postgres' ? postgres() : SQLITE_DDL);
}
