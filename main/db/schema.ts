// Kysely's view of the tables created by the migrations in ./migrations.
import type { Generated } from 'kysely';
import type { AuthCodeKind, FilingType, MaterialKind, OrderState, PhotoCheckStatus } from '../domain/enums';
import type { FiledOrigin, FiledStatus } from '../domain/filed';
import type { AccountRole } from '../domain/accounts';

export interface EntityTable {
  id: Generated<number>;
  province: string;
  city: string;
  district: string;
  nature: string;
  cert_type: string;
  cert_number_sealed: string;
  cert_number_index: string;
  name: string;
  cert_address: string;
  investor: string;
  mailing_address: string;
  remark: string;
  icp_number: string | null;
  principal_person_id: number | null;
  created_at: string;
  updated_at: string;
  service_ended_at: string | null;
  retention_months: number | null;
  cert_valid_to: string | null;
  business_scope: string | null;
  /** 备案密码, sealed (migration 0007) */
  filing_password_sealed: string | null;
  /** optimistic concurrency: bumped by every saved edit (migration 0011) */
  row_version: Generated<number>;
  /** moves with every write that can change the client's check findings (migration 0014; repositories/revision.ts) */
  revision: Generated<number>;
}

export interface PersonTable {
  id: Generated<number>;
  entity_id: number;
  name: string;
  cert_type: string;
  cert_number_sealed: string;
  cert_number_index: string;
  cert_valid_from: string | null;
  cert_valid_to: string | null;
  office_phone: string;
  mobile_sealed: string;
  mobile_index: string;
  emergency_phone_sealed: string;
  email_sealed: string;
  email_index: string;
  created_at: string;
  updated_at: string;
  /** optimistic concurrency (migration 0011) */
  row_version: Generated<number>;
  /** When name, 证件类型 or 证件号码 last changed (migration 0028): materials uploaded before no longer show this person. */
  identity_changed_at: string;
}

export interface WebsiteTable {
  id: Generated<number>;
  entity_id: number;
  name: string;
  homepages: string;
  service_content: string;
  pre_approvals: string;
  languages: string;
  ips: string;
  remark: string;
  principal_person_id: number | null;
  icp_number: string | null;
  created_at: string;
  updated_at: string;
  /** optimistic concurrency, covering the website's domains too (migration 0011) */
  row_version: Generated<number>;
}

export interface DomainTable {
  id: Generated<number>;
  website_id: number;
  entity_id: number;
  position: number;
  name: string;
  ascii_name: string;
}

export interface MaterialTable {
  id: Generated<number>;
  entity_id: number;
  person_id: number | null;
  website_id: number | null;
  kind: MaterialKind;
  file_name: string;
  sha256: string;
  size: number;
  mime: string;
  created_at: string;
  /** A signed 核验单 scan's keyed digest of what its sheet printed (migration 0031); null for any other material and older scans. */
  printed_digest: string | null;
  /** The provider a signed 核验单 scan's or a drawn 核验单's sheet named (migration 0032); null for any other material, older ones, and a sheet drawn with no provider. */
  printed_for: string | null;
}

export interface EntitySearchTable {
  entity_id: number;
  haystack: string;
}

/** Migration 0023: what a client-list row shows from other tables, one row per client (repositories/searchIndex.ts keeps it). */
export interface EntityListRowTable {
  entity_id: number;
  principal_name: string | null;
  website_count: number;
  /** The first three domains in website and position order, joined by a newline ('' for none). */
  first_domains: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor: string;
  action: string;
  target_type: string;
  target_id: number | null;
  entity_id: number | null;
  detail: string;
}

export interface SettingTable {
  key: string;
  value: string;
}

export interface FilingOrderTable {
  id: Generated<number>;
  entity_id: number;
  type: FilingType;
  provider: string;
  state: OrderState;
  provider_order_no: string | null;
  effective_date: string | null;
  change_json: string;
  state_changed_at: string;
  sms_due_at: string | null;
  psb_due_at: string | null;
  closed_at: string | null;
  created_at: string;
  updated_at: string;
  /** bumped by every change of the order row (migration 0011) */
  row_version: Generated<number>;
}

export interface OrderWebsiteTable {
  order_id: number;
  website_id: number;
}

export interface OrderEventTable {
  id: Generated<number>;
  order_id: number;
  at: string;
  actor: string;
  from_state: OrderState | null;
  to_state: OrderState;
  reason: string;
}

export interface OrderMaterialTable {
  order_id: number;
  slot: string;
  material_id: number;
}

export interface MaterialPhotoCheckTable {
  material_id: number;
  provider: string;
  checker_version: number;
  status: PhotoCheckStatus;
  checks_json: string;
  dhash: string | null;
  checked_at: string;
}

export interface OrderPhotoOverrideTable {
  id: Generated<number>;
  order_id: number;
  slot: string;
  material_id: number;
  reason: string;
  actor: string;
  at: string;
}

/** 已备案信息: one version of a client's filed state (migration 0007). */
export interface FiledSnapshotTable {
  id: Generated<number>;
  entity_id: number;
  version: number;
  filed_at: string;
  origin: FiledOrigin;
  order_id: number | null;
  status: FiledStatus;
  entity_icp_number: string | null;
  providers_json: string;
  record_json: string;
  created_at: string;
}

/** What an order submitted (migration 0027): its record when it last moved to 初审中, sealed like filed_snapshot's. */
export interface OrderSubmittedTable {
  order_id: number;
  submitted_at: string;
  record_json: string;
}

export interface OrderRejectionTable {
  id: Generated<number>;
  order_id: number;
  round: number;
  stage: string;
  provider_text: string;
  actor: string;
  at: string;
}

export interface OrderRejectionReasonTable {
  id: Generated<number>;
  rejection_id: number;
  target: string;
  kind: string;
  text: string;
  baseline: string;
  resolved_at: string | null;
  resolved_by: string | null;
  change: string | null;
}

export interface GonganFilingTable {
  id: Generated<number>;
  order_id: number;
  website_id: number;
  fields_json: string;
  state: string;
  psb_number: string | null;
  done_at: string | null;
  done_by: string | null;
  created_at: string;
  updated_at: string;
  /** optimistic concurrency (migration 0026): the form is saved only over the version it read */
  row_version: Generated<number>;
}

export interface OrderAuthCodeTable {
  id: Generated<number>;
  order_id: number;
  kind: AuthCodeKind;
  code: string;
  resource: string;
  expires_on: string;
  actor: string;
  created_at: string;
}

// Team server accounts (migration 0009)
export interface AccountTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  role: AccountRole;
  password_hash: string;
  failed_logins: number;
  locked_until: string | null;
  disabled: number;
  created_at: string;
  updated_at: string;
  last_login_at: string | null;
}

export interface AccountSessionTable {
  token_hash: string;
  account_id: number;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export interface OrderAssignmentTable {
  order_id: number;
  account_id: number;
  assigned_at: string;
  assigned_by: string;
}

/** Encrypted pieces of a material's file in a team database (migration 0012; files/materialBlobs.ts). */
export interface MaterialChunkTable {
  material_id: number;
  seq: number;
  data: Uint8Array;
}

/** A client checked out to a field laptop, on the lending desk and on the laptop (migration 0013; services/leases.ts). */
export interface ClientLeaseTable {
  id: Generated<number>;
  lease_key: string;
  side: 'lent' | 'borrowed';
  entity_id: number;
  desk_name: string;
  operator: string;
  taken_at: string;
  /** JSON: services/leases.ts LentVersions or BorrowedVersions */
  row_versions: string;
  state: 'out' | 'returned' | 'cancelled';
  checked_in_at: string | null;
  returned_at: string | null;
  returned_by: string | null;
}

/** A row both the lender and the laptop changed, for a person to settle (migration 0013). */
export interface LeaseConflictTable {
  id: Generated<number>;
  lease_id: number;
  target_type: 'entity' | 'person' | 'website' | 'order' | 'material';
  target_id: number;
  base_version: number;
  /** null when the lender deleted the row (kind serverDeleted; migration 0016) */
  server_version: number | null;
  /** JSON of the laptop's fields, personal numbers sealed */
  laptop_fields: string;
  found_at: string;
  settled: 'server' | 'laptop' | null;
  settled_at: string | null;
  settled_by: string | null;
  /** migration 0016: what the two sides did to the row (services/leaseCarry.ts) */
  kind: Generated<'edit' | 'laptopDeleted' | 'serverDeleted'>;
  /** why the laptop's change was not applied, when not only because both changed (an illegal state move) */
  reason: string | null;
}

export interface DB {
  account: AccountTable;
  account_session: AccountSessionTable;
  order_assignment: OrderAssignmentTable;
  filed_snapshot: FiledSnapshotTable;
  order_submitted: OrderSubmittedTable;
  order_auth_code: OrderAuthCodeTable;
  gongan_filing: GonganFilingTable;
  order_rejection: OrderRejectionTable;
  order_rejection_reason: OrderRejectionReasonTable;
  material_photo_check: MaterialPhotoCheckTable;
  order_photo_override: OrderPhotoOverrideTable;
  filing_order: FilingOrderTable;
  order_website: OrderWebsiteTable;
  order_event: OrderEventTable;
  order_material: OrderMaterialTable;
  setting: SettingTable;
  entity: EntityTable;
  person: PersonTable;
  website: WebsiteTable;
  domain: DomainTable;
  material: MaterialTable;
  entity_search: EntitySearchTable;
  entity_list_row: EntityListRowTable;
  audit_log: AuditLogTable;
  material_chunk: MaterialChunkTable;
  client_lease: ClientLeaseTable;
  lease_conflict: LeaseConflictTable;
  client_verdict: ClientVerdictTable;
  client_verdict_key: ClientVerdictKeyTable;
  client_verdict_top: ClientVerdictTopTable;
}

/** A client's kept check-all verdict (migration 0014; services/checkAll.ts). */
export interface ClientVerdictTable {
  entity_id: number;
  /** entity.revision the findings were worked out from */
  revision: number;
  /** services/checkAll.ts VERDICT_VERSION at check time (rule catalog, photo checker, the record check-all checks) */
  verdict_version: string;
  /** the settings the rules read, as JSON */
  settings_json: string;
  /** the Asia/Shanghai day of the check: date rules make a verdict stale the next day */
  checked_day: string;
  /** 1 when another client sharing one of its keys changed since */
  stale: Generated<number>;
  error_count: number;
  warning_count: number;
  info_count: number;
  /**
   * rules/checkRecords.ts findingsDigest of every finding, sorted (migration 0022, which dropped the list itself:
   * nothing read it); null for a verdict kept before 0022 (still current: its counts and top findings stand)
   */
  findings_digest: number | null;
}

/** A kept verdict's first findings (migration 0024: out of the verdict row, written only when they change). */
export interface ClientVerdictTopTable {
  entity_id: number;
  /** JSON Finding[]: the first three, most severe first, as check-all lists them */
  top_json: string;
}

/** What a verdict asked of other clients: a domain (punycode) or a 证件号码's blind index. */
export interface ClientVerdictKeyTable {
  entity_id: number;
  kind: 'domain' | 'cert';
  shared: string;
}
