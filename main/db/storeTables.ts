// Every table of the store, by name, with what it holds in words: the one list `move-to-server` copies
// (services/moveToServer.ts). The labels are typed as a record over schema.ts's DB, so a table added to
// the schema and not named here is a type error; test/main/db/storeTables.test.ts also compares the list
// with the tables a desk's SQLite file really has.
import type { DB } from './schema';

export type StoreTable = keyof DB;

/** What each table holds, as the move's progress and its refusals name it. */
export const STORE_TABLE_LABELS = {
  setting: '设置',
  account: '团队账户',
  account_session: '账户登录会话',
  entity: '客户（主体）',
  person: '负责人',
  website: '网站',
  domain: '域名',
  material: '材料',
  material_chunk: '材料文件内容',
  entity_search: '客户搜索索引',
  entity_list_row: '客户列表行',
  filing_order: '备案订单',
  order_website: '订单的网站',
  order_event: '订单状态记录',
  order_submitted: '订单提交时的信息',
  order_material: '订单材料',
  material_photo_check: '照片检查结果',
  order_photo_override: '照片人工认可',
  filed_snapshot: '已备案信息',
  order_rejection: '驳回记录',
  order_rejection_reason: '驳回原因',
  gongan_filing: '公安备案',
  order_auth_code: '授权码',
  order_assignment: '拍照点分派',
  client_lease: '出借记录',
  lease_conflict: '归还冲突',
  client_verdict: '检查结果',
  client_verdict_key: '检查结果的关联键',
  client_verdict_top: '检查结果的主要问题',
  audit_log: '日志',
} as const satisfies Record<StoreTable, string>;

/**
 * The copy order: a table comes after every table its NOT NULL references point to. A nullable
 * reference to a later table (entity's 主体负责人 → person) is filled in once both are copied.
 */
export const STORE_TABLES: readonly StoreTable[] = [
  'setting',
  'account',
  'account_session',
  'entity',
  'person',
  'website',
  'domain',
  'material',
  'material_chunk',
  'entity_search',
  'entity_list_row',
  'filing_order',
  'order_website',
  'order_event',
  'order_submitted',
  'order_material',
  'material_photo_check',
  'order_photo_override',
  'filed_snapshot',
  'order_rejection',
  'order_rejection_reason',
  'gongan_filing',
  'order_auth_code',
  'order_assignment',
  'client_lease',
  'lease_conflict',
  'client_verdict',
  'client_verdict_key',
  'client_verdict_top',
  'audit_log',
];

/** A desk keeps material bytes as files, a team database as rows of this table: it is filled from files/. */
export const MATERIAL_CHUNK_TABLE: StoreTable = 'material_chunk';
