// The rule engine's vocabulary: a rule is one small function with a stable ID (domain.md §3), a scope,
// a default severity and the provinces / filing types / 主办者性质 it applies to.
import type { FilingType } from '../domain/enums';
import type { Province } from '../domain/provinces';

export type Severity = 'error' | 'warning' | 'info';
export const SEVERITY_LABELS: Record<Severity, string> = { error: '阻断', warning: '警告', info: '提示' };
export type Scope = 'entity' | 'person' | 'website' | 'domain' | 'order' | 'change' | 'record';

export type Path = (string | number)[];

export interface Finding {
  ruleId: string;
  severity: Severity;
  path: Path;
  message: string;
  hint: string;
  source: string;
}

export interface DraftPerson {
  id: string;
  name: string;
  certType: string;
  certNumber: string;
  certValidFrom: string | null;
  certValidTo: string | null;
  officePhone: string;
  mobile: string;
  emergencyPhone: string;
  email: string;
}

export interface DraftEntity {
  province: string;
  city: string;
  district: string;
  nature: string;
  certType: string;
  certNumber: string;
  name: string;
  certAddress: string;
  investor: string;
  mailingAddress: string;
  remark: string;
  icpNumber: string | null;
  /** 营业期限 / 证件有效期止: YYYY-MM-DD, 长期, or null when not entered */
  certValidTo: string | null;
  /** 经营范围 as on the licence, or null when not entered */
  businessScope: string | null;
  principal: string;
}

export interface DraftWebsite {
  name: string;
  domains: string[];
  homepages: string[];
  serviceContent: string;
  preApprovals: string[];
  languages: string[];
  ips: string[];
  remark: string;
  principal: string;
  icpNumber: string | null;
}

/** A client record as the rules read it: the record format, every field present, nothing yet trusted. */
export interface Draft {
  entity: DraftEntity;
  people: DraftPerson[];
  websites: DraftWebsite[];
  filing: { type: FilingType | null; provider: string | null; before: Omit<Draft, 'filing'> | null };
}

/** What the rules may ask of the rest of the store. */
export interface StoreLookup {
  /** Other clients holding any of these (punycode) domains. */
  domainOwners(asciiDomains: string[]): { domain: string; entityId: number; name: string }[];
  /** The providers the 主体 is 接入 at per its filed state (已备案信息); empty when nothing is filed. */
  filedProviders(): string[];
  /** People of other clients with one of these 证件号码 (through the keyed index; absent in batch checks). */
  peopleWithCertNumbers?(certNumbers: string[]): { certNumber: string; entityId: number; clientName: string; personName: string }[];
}

export interface RuleContext {
  record: Draft;
  province: Province | undefined;
  /** 主办者性质 is 个人 */
  personal: boolean;
  today: Date;
  filingType: FilingType | null;
  provider: string | null;
  /** A certificate that expires within this many days of today warns (the order may not finish in time). */
  validityWarnDays: number;
  person(id: string): DraftPerson | undefined;
  store: StoreLookup | null;
  /** The order being checked is closed (已通过, 已放弃, 已撤回): order-level advice no longer applies. */
  orderClosed: boolean;
}

export interface FindingDraft {
  path: Path;
  message: string;
  hint?: string;
  severity?: Severity;
  /** The operator-facing source of this finding when it is narrower than the rule's (one word list). */
  source?: string;
}

export interface Rule {
  id: string;
  scope: Scope;
  severity: Severity;
  title: string;
  /** What the operator reads under 依据: a provider document title or a regulation, something to look up. */
  source: string;
  /** Where the fact was read (seed tags, repositories, pages): for developers, never shown to the operator. */
  devSource: string;
  /** Only for these provinces (full names); all when absent. */
  provinces?: readonly string[];
  filingTypes?: readonly FilingType[];
  /** 'personal' = 主办者性质 个人, 'unit' = every other 性质. */
  natures?: 'personal' | 'unit';
  check(ctx: RuleContext): readonly FindingDraft[];
}

/**
 * What a rule that finds nothing returns: one shared, frozen empty list (check-all runs every rule over every
 * client, and most find nothing for most clients — a fresh empty list each time was garbage for the scavenger).
 */
export const NONE: readonly FindingDraft[] = Object.freeze([]);
