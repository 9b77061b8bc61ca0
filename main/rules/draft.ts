// Turning whatever JSON a user hands us (a record file, a form being typed) into a Draft the rules can
// read: every field present, numbers normalised, wrong types and unknown fields reported as findings
// instead of throwing, so `check` can say everything that is wrong at once.
import { FILING_TYPES, type FilingType } from '../domain/enums';
import { normalizeNumber } from '../domain/identifiers';
import type { EntityView } from '../domain/views';
import { recordOf } from '../export/record';
import type { Draft, DraftEntity, DraftPerson, DraftWebsite, Finding, Path } from './types';

const ENTITY_KEYS: (keyof DraftEntity)[] = ['province', 'city', 'district', 'nature', 'certType', 'certNumber', 'name', 'certAddress', 'investor', 'mailingAddress', 'remark', 'icpNumber', 'certValidTo', 'businessScope', 'principal'];
const PERSON_KEYS: (keyof DraftPerson)[] = ['id', 'name', 'certType', 'certNumber', 'certValidFrom', 'certValidTo', 'officePhone', 'mobile', 'emergencyPhone', 'email'];
const WEBSITE_KEYS: (keyof DraftWebsite)[] = ['name', 'domains', 'homepages', 'serviceContent', 'preApprovals', 'languages', 'ips', 'remark', 'principal', 'icpNumber'];
const NULLABLE = new Set(['icpNumber', 'certValidFrom', 'certValidTo', 'businessScope']);
// the same normalisation as the zod schemas and the forms (main/domain/identifiers.ts)
const NUMBER_KEYS = new Set(['certNumber', 'mobile']);

const RECORD_FORMAT_SOURCE = '客户记录文件格式（formatVersion 1）';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

class Reader {
  readonly findings: Finding[] = [];

  private problem(path: Path, message: string): void {
    this.findings.push({ ruleId: 'V-REC-01', severity: 'error', path, message, hint: '按客户记录文件格式（formatVersion 1）填写', source: RECORD_FORMAT_SOURCE });
  }

  object<K extends string>(raw: unknown, path: Path, keys: K[]): Record<K, unknown> {
    if (!isObject(raw)) {
      if (raw !== undefined) this.problem(path, `“${path.join('.') || '记录'}”应为对象`);
      return {} as Record<K, unknown>;
    }
    // the own keys in Object.keys's order, without its list made (check-all reads every client's record here)
    for (const k in raw) if (Object.hasOwn(raw, k) && !(keys as string[]).includes(k)) this.problem([...path, k], `无法识别的字段“${k}”`);
    return raw as Record<K, unknown>;
  }

  // a field's path ([...parent, key]) is made only for a problem: check-all reads every client's record here
  text(v: unknown, parent: Path, key: string): string | null {
    if (v === undefined || v === null) return NULLABLE.has(key) ? null : '';
    if (typeof v !== 'string') {
      const path = [...parent, key];
      this.problem(path, `字段“${path.join('.')}”应为文本`);
      return NULLABLE.has(key) ? null : '';
    }
    const t = v.trim();
    if (NUMBER_KEYS.has(key)) return normalizeNumber(t);
    return NULLABLE.has(key) && t === '' ? null : t;
  }

  // a plain loop, the path made only for a problem: check-all reads five lists of every website of every client here
  list(v: unknown, parent: Path, key: string): string[] {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) {
      const path = [...parent, key];
      this.problem(path, `字段“${path.join('.')}”应为列表`);
      return [];
    }
    const out: string[] = [];
    // Stryker disable next-line EqualityOperator: index v.length is no element of the list, skipped as a hole is
    for (let i = 0; i < v.length; i++) {
      // a hole of a sparse list is skipped, as forEach skipped it
      if (!(i in v)) continue;
      const x: unknown = v[i];
      if (typeof x === 'string') out.push(x.trim());
      else this.problem([...parent, key, i], `“${[...parent, key].join('.')}”的第 ${i + 1} 项应为文本`);
    }
    return out;
  }

  // Each kind's fields written out as one object literal, in its keys' order (check-all reads every client's
  // record here: a literal is one allocation of a known shape, where keys added one by one in a loop were not).
  // A key missing here reads as undefined in the rules, and the draft tests compare every field.
  private text2<K extends string>(o: Record<K, unknown>, path: Path, k: K): string {
    return this.text(o[k], path, k) as string;
  }

  entity(raw: unknown, path: Path): DraftEntity {
    const o = this.object(raw, path, ENTITY_KEYS);
    const t = (k: keyof DraftEntity) => this.text2(o, path, k);
    return {
      province: t('province'), city: t('city'), district: t('district'), nature: t('nature'), certType: t('certType'), certNumber: t('certNumber'),
      name: t('name'), certAddress: t('certAddress'), investor: t('investor'), mailingAddress: t('mailingAddress'), remark: t('remark'),
      icpNumber: this.text(o.icpNumber, path, 'icpNumber'), certValidTo: this.text(o.certValidTo, path, 'certValidTo'),
      businessScope: this.text(o.businessScope, path, 'businessScope'), principal: t('principal'),
    };
  }

  person(raw: unknown, path: Path): DraftPerson {
    const o = this.object(raw, path, PERSON_KEYS);
    const t = (k: keyof DraftPerson) => this.text2(o, path, k);
    return {
      id: t('id'), name: t('name'), certType: t('certType'), certNumber: t('certNumber'),
      certValidFrom: this.text(o.certValidFrom, path, 'certValidFrom'), certValidTo: this.text(o.certValidTo, path, 'certValidTo'),
      officePhone: t('officePhone'), mobile: t('mobile'), emergencyPhone: t('emergencyPhone'), email: t('email'),
    };
  }

  website(raw: unknown, path: Path): DraftWebsite {
    const o = this.object(raw, path, WEBSITE_KEYS);
    const t = (k: keyof DraftWebsite) => this.text2(o, path, k);
    const l = (k: keyof DraftWebsite) => this.list(o[k], path, k);
    return {
      name: t('name'), domains: l('domains'), homepages: l('homepages'), serviceContent: t('serviceContent'), preApprovals: l('preApprovals'),
      languages: l('languages'), ips: l('ips'), remark: t('remark'), principal: t('principal'), icpNumber: this.text(o.icpNumber, path, 'icpNumber'),
    };
  }

  /** `outer`: the record's own formatVersion when reading `filing.before` (a record without `filing`). */
  side(raw: unknown, path: Path, outer?: unknown): Omit<Draft, 'filing'> {
    const o = this.object(raw, path, outer === undefined ? ['formatVersion', 'entity', 'people', 'websites', 'filing'] : ['formatVersion', 'entity', 'people', 'websites']);
    if (outer !== undefined && o.formatVersion !== undefined && o.formatVersion !== outer) this.problem([...path, 'formatVersion'], `filing.before 的 formatVersion 须与外层相同（${String(outer)}）`);
    else if (o.formatVersion !== undefined && o.formatVersion !== 1) this.problem([...path, 'formatVersion'], `不支持的记录格式版本 ${String(o.formatVersion)}（读取 1）`);
    const arr = (v: unknown, p: Path) => {
      if (v === undefined) return [];
      if (!Array.isArray(v)) {
        this.problem(p, `“${p.join('.')}”应为列表`);
        return [];
      }
      return v;
    };
    return {
      entity: this.entity(o.entity, [...path, 'entity']),
      people: arr(o.people, [...path, 'people']).map((p, i) => this.person(p, [...path, 'people', i])),
      websites: arr(o.websites, [...path, 'websites']).map((w, i) => this.website(w, [...path, 'websites', i])),
    };
  }
}

export function toDraft(raw: unknown): { draft: Draft; findings: Finding[] } {
  const r = new Reader();
  const side = r.side(raw, []);
  const filingRaw = isObject(raw) ? raw.filing : undefined;
  const f = r.object(filingRaw, ['filing'], ['type', 'provider', 'before']);
  let type: FilingType | null = null;
  if (typeof f.type === 'string') {
    if ((FILING_TYPES as readonly string[]).includes(f.type)) type = f.type as FilingType;
    else r.findings.push({ ruleId: 'V-REC-01', severity: 'error', path: ['filing', 'type'], message: `备案类型“${f.type}”无法识别`, hint: `可选：${FILING_TYPES.join('、')}`, source: RECORD_FORMAT_SOURCE });
  }
  const outer = isObject(raw) && raw.formatVersion !== undefined ? raw.formatVersion : 1;
  const before = f.before === undefined || f.before === null ? null : r.side(f.before, ['filing', 'before'], outer);
  // written out rather than spread: a spread followed by a key costs microseconds on Node 20's V8
  return { draft: { entity: side.entity, people: side.people, websites: side.websites, filing: { type, provider: typeof f.provider === 'string' ? f.provider : null, before } }, findings: r.findings };
}

/** Thrown inside viewDraft for a value toDraft would report or read in some other way: the slow path decides. */
const UNUSUAL = Symbol('unusual');

/** A text field as Reader.text reads it, for a value that is a text (anything else: UNUSUAL). */
function plain(v: unknown): string {
  if (typeof v !== 'string') throw UNUSUAL;
  return v.trim();
}
/** A nullable text field (null stays null, a blank text is null). */
function nullable(v: unknown): string | null {
  if (v === null) return null;
  const t = plain(v);
  return t === '' ? null : t;
}
/** A list field as Reader.list reads it, for a list of texts (null: an empty list; a hole reads as no text). */
function texts(v: unknown): string[] {
  if (v === null) return [];
  if (!Array.isArray(v)) throw UNUSUAL;
  const out: string[] = [];
  for (let i = 0; i < v.length; i++) out.push(plain(v[i]));
  return out;
}

/**
 * A stored client as the rules read it: what toDraft(recordOf(e)) gives — the same draft, no findings — made from the
 * view directly, without the record in between and its keys, paths and closures (check-all reads every client here).
 * A value toDraft would report (a text that is none, a list that is none) takes that slow path instead, findings and all.
 */
export function draftOfView(e: EntityView): { draft: Draft; findings: Finding[] } {
  try {
    return { draft: viewDraft(e), findings: [] };
  } catch (err) {
    if (err !== UNUSUAL) throw err;
    return toDraft(recordOf(e));
  }
}

/** The quick path of draftOfView: the draft, or UNUSUAL thrown for a value it leaves to toDraft(recordOf(e)). */
export function viewDraft(e: EntityView): Draft {
  // recordOf's key for a person: p1, p2… by place, p0 for one not among the people, '' for none
  const key = (personId: number | null) => (personId === null ? '' : `p${e.people.findIndex((p) => p.id === personId) + 1}`);
  const entity: DraftEntity = {
    province: plain(e.province), city: plain(e.city), district: plain(e.district), nature: plain(e.nature), certType: plain(e.certType),
    certNumber: normalizeNumber(plain(e.certNumber)), name: plain(e.name), certAddress: plain(e.certAddress), investor: plain(e.investor),
    mailingAddress: plain(e.mailingAddress), remark: plain(e.remark), icpNumber: nullable(e.icpNumber),
    // recordOf leaves these two out when empty, which toDraft reads as null: as nullable reads an empty text or null
    certValidTo: nullable(e.certValidTo), businessScope: nullable(e.businessScope),
    principal: key(e.principalPersonId),
  };
  const people: DraftPerson[] = [];
  for (let i = 0; i < e.people.length; i++) {
    const p = e.people[i]!;
    people.push({
      id: `p${i + 1}`, name: plain(p.name), certType: plain(p.certType), certNumber: normalizeNumber(plain(p.certNumber)),
      certValidFrom: nullable(p.certValidFrom), certValidTo: nullable(p.certValidTo),
      officePhone: plain(p.officePhone), mobile: normalizeNumber(plain(p.mobile)), emergencyPhone: plain(p.emergencyPhone), email: plain(p.email),
    });
  }
  const websites: DraftWebsite[] = [];
  for (const w of e.websites) {
    websites.push({
      name: plain(w.name), domains: texts(w.domains), homepages: texts(w.homepages), serviceContent: plain(w.serviceContent), preApprovals: texts(w.preApprovals),
      languages: texts(w.languages), ips: texts(w.ips), remark: plain(w.remark), principal: key(w.principalPersonId), icpNumber: nullable(w.icpNumber),
    });
  }
  return { entity, people, websites, filing: { type: null, provider: null, before: null } };
}

