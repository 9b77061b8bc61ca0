// 0007: what was filed (已备案信息). Each time an order reaches 已通过 — or the operator records filings
// made before this desk — a new version of the client's filed state is kept: the 主体 as filed with its
// 主体备案号, each filed website with its 网站备案号 and the provider it is 接入 at (a 主体 may be 接入 at
// several providers at once, seed 003), and the date. Change orders take it as their `before`.
// Existing approved orders are carried forward here: the client's current rows become version 1. The
// personal values are copied as the sealed strings their columns hold (this migration has no key; the
// codec authenticates the kind, not the row, so they open as they did). The 主体's 备案密码 gets a sealed column.
import { chinaDay } from '../../domain/dates';
import type { DialectName } from '../dialect';
import { ddl } from './ddl';
import { all, exec, run, type MigrationSteps } from './steps';

export const version = 7;
export const name = 'filed-state';

/** The filing types whose approval files a 主体 or website (the others change or cancel what was filed). */
const FILING_GROUP = ['首次备案', '接入备案', '新增网站'];

export function* up(dialect: DialectName): MigrationSteps {
  yield exec(
    ddl(
      dialect,
      `
    CREATE TABLE filed_snapshot (
      id INTEGER PRIMARY KEY,
      entity_id INTEGER NOT NULL REFERENCES entity(id) ON DELETE CASCADE,
      version INTEGER NOT NULL,             -- 1, 2, … per client; the highest is the filed state now
      filed_at TEXT NOT NULL,               -- the day the 管局 approved, or the day recorded for earlier filings
      origin TEXT NOT NULL,                 -- 订单通过 / 登记已备案 / 迁移
      order_id INTEGER REFERENCES filing_order(id) ON DELETE SET NULL,
      status TEXT NOT NULL,                 -- 已备案 / 已注销
      entity_icp_number TEXT,               -- 主体备案号
      providers_json TEXT NOT NULL,         -- JSON array: the providers the 主体 is 接入 at
      record_json TEXT NOT NULL,            -- 主体, people, websites as filed; personal values sealed as in their columns
      created_at TEXT NOT NULL,
      UNIQUE (entity_id, version)
    ) STRICT;
    -- 备案密码 (seed 003/004: asked for 接入备案 and 注销主体), sealed like ID numbers (kind password); NULL: not entered
    ALTER TABLE entity ADD COLUMN filing_password_sealed TEXT;
  `,
    ),
  );

  // the providers of a client's approved orders as a JSON array: the one aggregate the dialects spell differently
  const providersJson = dialect === 'postgres' ? 'json_agg(DISTINCT provider)::text' : 'json_group_array(DISTINCT provider)';
  const approved = yield* all<{ entity_id: number; filed_at: string | null; order_id: number; providers: string }>(
    `SELECT entity_id, max(closed_at) AS filed_at, max(id) AS order_id, ${providersJson} AS providers FROM filing_order WHERE state = '已通过' AND type IN (${FILING_GROUP.map(() => '?').join(',')}) GROUP BY entity_id`,
    FILING_GROUP,
  );
  const filedSitesOf = `SELECT w.*, (SELECT o.provider FROM filing_order o JOIN order_website ow ON ow.order_id = o.id WHERE ow.website_id = w.id AND o.state = '已通过' ORDER BY o.id DESC LIMIT 1) AS provider
       FROM website w WHERE w.entity_id = ? AND w.icp_number IS NOT NULL ORDER BY w.id`;
  const insert = `INSERT INTO filed_snapshot (entity_id, version, filed_at, origin, order_id, status, entity_icp_number, providers_json, record_json, created_at) VALUES (?, 1, ?, '迁移', ?, '已备案', ?, ?, ?, ?)`;
  const now = new Date().toISOString();
  for (const a of approved) {
    const e = (yield* all<Record<string, string | number | null>>('SELECT * FROM entity WHERE id = ?', [a.entity_id]))[0];
    if (!e || !e.icp_number) continue;
    const key = (id: unknown) => (id === null || id === undefined ? '' : `p${String(id)}`);
    const people = (yield* all<Record<string, string | number | null>>('SELECT * FROM person WHERE entity_id = ? ORDER BY id', [a.entity_id])).map((p) => ({
      id: key(p.id),
      name: p.name,
      certType: p.cert_type,
      certNumber: p.cert_number_sealed,
      certValidFrom: p.cert_valid_from,
      certValidTo: p.cert_valid_to,
      officePhone: p.office_phone,
      mobile: p.mobile_sealed,
      emergencyPhone: p.emergency_phone_sealed,
      email: p.email_sealed,
    }));
    const providers = JSON.parse(a.providers) as string[];
    const websites = [];
    for (const w of yield* all<Record<string, string | number | null>>(filedSitesOf, [a.entity_id])) {
      const domains = yield* all<{ name: string }>('SELECT name FROM domain WHERE website_id = ? ORDER BY position', [w.id]);
      websites.push({
        websiteId: w.id,
        provider: (w.provider as string | null) ?? providers[0]!,
        name: w.name,
        domains: domains.map((d) => d.name),
        homepages: JSON.parse(String(w.homepages)),
        serviceContent: w.service_content,
        preApprovals: JSON.parse(String(w.pre_approvals)),
        languages: JSON.parse(String(w.languages)),
        ips: JSON.parse(String(w.ips)),
        remark: w.remark,
        principal: key(w.principal_person_id),
        icpNumber: w.icp_number,
      });
    }
    const entity = {
      province: e.province,
      city: e.city,
      district: e.district,
      nature: e.nature,
      certType: e.cert_type,
      certNumber: e.cert_number_sealed,
      name: e.name,
      certAddress: e.cert_address,
      investor: e.investor,
      mailingAddress: e.mailing_address,
      remark: e.remark,
      icpNumber: e.icp_number,
      certValidTo: e.cert_valid_to,
      principal: key(e.principal_person_id),
    };
    // the China day of the approval, as an approval writes it now (an approval at 01:30 China time is still yesterday in UTC)
    yield run(insert, [a.entity_id, chinaDay(a.filed_at ?? now), a.order_id, e.icp_number, JSON.stringify(providers), JSON.stringify({ entity, people, websites }), now]);
  }
}
