// Moving up: a single desk's whole store — clients, people, websites, orders with their history, filed
// state, follow-ups, materials with their bytes, accounts, settings, log — copied into an empty team
// database in one verified transaction; the team server then reads the same clients and materials with
// the same data folder's keyring, and its next insert takes a fresh id. The desk is not changed; a
// non-empty target, a failure mid-copy and a target that alters what it stores leave nothing behind.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { expect, it } from 'vitest';
import { runCli } from '../../../main/cli';
import { DB_FILE_NAME } from '../../../main/db/open';
import { openPostgresStore } from '../../../main/db/openPostgres';
import { ONE_OPEN_ORDER_INDEX } from '../../../main/db/migrations/0029-one-open-order';
import { ONE_CLIENT_INDEX } from '../../../main/db/migrations/0030-one-client-per-entity';
import { listAudit } from '../../../main/db/repositories/audit';
import { entityFieldsOf, getEntity, insertEntity, updateEntity } from '../../../main/db/repositories/entities';
import { insertOrder } from '../../../main/db/repositories/orders';
import { STORE_TABLES } from '../../../main/db/storeTables';
import { inspectTargetDatabase } from '../../../main/db/teamDatabase';
import { Desk } from '../../../main/desk';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { createAccount, login } from '../../../main/services/accounts';
import { authCodesOfOrder } from '../../../main/services/authCodes';
import { createClients, getClientClear, listClients } from '../../../main/services/clients';
import { ordersOfClient } from '../../../main/services/clientOrders';
import { filedOverview } from '../../../main/services/filedState';
import { revealFilingPassword } from '../../../main/services/filingPassword';
import { gonganOfOrder } from '../../../main/services/gongan';
import { addMaterial, listMaterials, readMaterial } from '../../../main/services/materials';
import { moveDeskToServer, type MoveProgress } from '../../../main/services/moveToServer';
import { createOrder, getOrder } from '../../../main/services/orders';
import { getSettings, updateSettings } from '../../../main/services/session';
import { individual } from '../../fixtures/drafts';
import { goodMaterial } from '../../fixtures/materials';
import { companyRecord } from '../../fixtures/records';
import { openTestDesk, tempDir, TEST_PASSPHRASE } from '../../helpers';
import { type DeskSnapshot, snapshotDesk, snapshotFolder } from '../../support/eachStore';
import { FILING_PASSWORD, fileThroughDesk } from '../../support/filedThroughDesk';
import { createTestDatabase, describePostgres } from '../../support/pgTestDatabase';

process.env.BEIAN_DESK_PASSWORD_LOG2N = '12';
const ACCOUNT_PASSWORD = 'Photo-Point-Pass-1';

/** A desk with two clients, one filed through an order with a 驳回 round, 公安备案, 授权码, 备案密码 and materials. */
async function seededDesk(): Promise<{ dataDir: string; entityIds: number[]; orderId: number }> {
  const dataDir = tempDir();
  const a = await openTestDesk(dataDir, { actor: '前台电脑' });
  const { filing: _f, ...rec } = individual();
  const [c, d] = await createClients(a, [clientRecordSchema.parse(rec), clientRecordSchema.parse(companyRecord(1))]);
  const orderId = await fileThroughDesk(a, c!.id);
  await createAccount(a, { username: 'photo1', displayName: '拍照点一', role: 'photo', password: ACCOUNT_PASSWORD });
  await updateSettings(a, { idleLockMinutes: 42 });
  await a.close();
  return { dataDir, entityIds: [c!.id, d!.id], orderId };
}

/** What the desk shows of its clients, orders, filed state and materials (materials by their bytes' SHA-256). */
async function deskView(desk: Desk, entityIds: number[], orderId: number) {
  const clients = [];
  for (const id of entityIds) {
    const materials = [];
    for (const m of await listMaterials(desk, id)) {
      const { data } = await readMaterial(desk, m.id);
      materials.push({ id: m.id, kind: m.kind, sha256: m.sha256, read: createHash('sha256').update(data).digest('hex') });
    }
    clients.push({ client: await getClientClear(desk, id), materials, orders: await ordersOfClient(desk, id), filed: await filedOverview(desk, id) });
  }
  const order = await getOrder(desk, orderId);
  return {
    clients,
    order: { ...order, problems: undefined },
    gongan: await gonganOfOrder(desk, orderId),
    authCodes: await authCodesOfOrder(desk, orderId),
    password: (await revealFilingPassword(desk, entityIds[0]!, '核对')).password,
    settings: await getSettings(desk),
  };
}

/** The desk's database file, keyring and material files, byte for byte. */
function folderFingerprint(dataDir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dataDir, rel))) {
      const p = join(rel, name);
      if (statSync(join(dataDir, p)).isDirectory()) walk(p);
      else out[p] = createHash('sha256').update(readFileSync(join(dataDir, p))).digest('hex');
    }
  };
  walk('files');
  for (const f of [DB_FILE_NAME, 'keyring.json']) out[f] = createHash('sha256').update(readFileSync(join(dataDir, f))).digest('hex');
  return out;
}

async function onTarget<T>(url: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

async function openTeam(dataDir: string, url: string): Promise<Desk> {
  const desk = await Desk.open({ dataDir, kdfLog2n: 12, store: await openPostgresStore(url) });
  await desk.vault.unlock(TEST_PASSPHRASE);
  return desk;
}

describePostgres('moving a desk to a team server', () => {
  it('copies every table with its ids and the materials’ bytes, verified; the server reads the same clients and materials and inserts after them; the desk is unchanged', async () => {
    const { dataDir, entityIds, orderId } = await seededDesk();
    const { url } = await createTestDatabase();
    const desk = await openTestDesk(dataDir);
    const before = await deskView(desk, entityIds, orderId);
    const auditBefore = await listAudit(desk.ctx, { limit: 1000 });
    expect(before.clients[0]!.materials.length).toBeGreaterThan(0);
    await desk.close();
    const fingerprint = folderFingerprint(dataDir);

    const again = await openTestDesk(dataDir);
    const seen: MoveProgress[] = [];
    // two rows a page: every table of more than two rows is read and written in several batches
    const r = await moveDeskToServer(again, url, { batchSize: 2, onProgress: (p) => seen.push(p) });
    await again.close();
    expect(folderFingerprint(dataDir)).toEqual(fingerprint);

    expect(r.tables.map((t) => t.table)).toEqual(STORE_TABLES);
    expect(r.materials).toBe(before.clients.flatMap((c) => c.materials).length);
    expect(seen.filter((p) => p.table === 'audit_log' && p.phase === '复制').map((p) => p.done).slice(0, 3)).toEqual([0, 2, 4]);
    expect(new Set(seen.filter((p) => p.phase === '校验').map((p) => p.table))).toEqual(new Set(STORE_TABLES));
    // the team database has exactly the store's tables (and its schema_version)
    const tables = await onTarget(url, async (c) => (await c.query<{ t: string }>("SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public'")).rows.map((x) => x.t));
    expect(tables.sort()).toEqual([...STORE_TABLES, 'schema_version'].sort());

    const team = await openTeam(dataDir, url);
    try {
      expect(team.blobs.where).toBe('database');
      // the log as it was, then the move's own entry (read first: the views below log their reveals)
      const log = await listAudit(team.ctx, { limit: 1000 });
      expect(log[0]!.action).toBe('desk.moveToServer');
      expect(log.slice(1)).toEqual(auditBefore);
      const after = await deskView(team, entityIds, orderId);
      expect(after).toEqual(before);
      for (const m of after.clients.flatMap((c) => c.materials)) expect(m.read).toBe(m.sha256);
      expect((await login(team, 'photo1', ACCOUNT_PASSWORD)).caller.role).toBe('photo');
      // the next insert after the copied ids: without the identity counters set it would take id 1 and collide
      const [added] = await createClients(team, [clientRecordSchema.parse(companyRecord(2))]);
      expect(added!.id).toBe(Math.max(...entityIds) + 1);
      expect((await listClients(team, { offset: 0, limit: 10, sortBy: 'name', sortDir: 'asc' })).total).toBe(3);
    } finally {
      await team.close();
    }
  }, 180_000);

  it('refuses a team database that holds anything, and writes nothing into it', async () => {
    const { dataDir } = await seededDeskSmall();
    const { url } = await createTestDatabase();
    await onTarget(url, (c) => c.query('CREATE TABLE agency_notes (note text)'));
    const desk = await openTestDesk(dataDir);
    await expect(moveDeskToServer(desk, url)).rejects.toThrow(/不是空的（已有 public\.agency_notes 等），迁移只写入空数据库/);
    expect((await inspectTargetDatabase(url)).objects).toEqual(['public.agency_notes']);
  }, 60_000);

  it('refuses a desk whose client has two open orders (from before migration 0029), naming it, the team database untouched', async () => {
    const desk = await openTestDesk(tempDir());
    const record = clientRecordSchema.parse(companyRecord(5));
    const [c] = await createClients(desk, [record]);
    await createOrder(desk, { entityId: c!.id, type: '首次备案', provider: 'tencent' });
    // the second open order as a store from before the index could hold it
    desk.sql.raw.exec(`DROP INDEX ${ONE_OPEN_ORDER_INDEX}`);
    await desk.sql.tx(() => insertOrder(desk.ctx, { entityId: c!.id, type: '首次备案', provider: 'aliyun', state: '草稿', effectiveDate: null, change: {}, websiteIds: [] }));
    const { url } = await createTestDatabase();
    await expect(moveDeskToServer(desk, url)).rejects.toThrow(`不能迁移：团队数据库中同一主体同时只能有一个进行中的订单（V-CHG-07），这些客户有多个：“${record.entity.name}”（编号 ${c!.id}，2 个）`);
    expect((await inspectTargetDatabase(url)).objects).toEqual([]);
  }, 60_000);

  it('carries a desk holding one 主体 as two clients (from before migration 0030) as it is: both moved, the surplus one left out of the index there too', async () => {
    const dataDir = tempDir();
    const desk = await openTestDesk(dataDir);
    const records = [companyRecord(6), companyRecord(7)].map((r) => clientRecordSchema.parse(r));
    const [first, second] = await createClients(desk, records);
    // the second client given the first one's number as the race made it before 0030, then the store upgraded over it
    desk.sql.raw.exec(`DROP INDEX ${ONE_CLIENT_INDEX}`);
    const e2 = (await getEntity(desk.ctx, second!.id))!;
    await desk.sql.tx(() => updateEntity(desk.ctx, second!.id, { ...entityFieldsOf(e2), certNumber: records[0]!.entity.certNumber }));
    desk.sql.raw.pragma('user_version = 29');
    await desk.close();
    const upgraded = await openTestDesk(dataDir);
    const { url } = await createTestDatabase();
    await moveDeskToServer(upgraded, url);
    await upgraded.close();

    const team = await openTestDesk(dataDir, { store: await openPostgresStore(url) });
    try {
      expect((await getClientClear(team, second!.id)).certNumber).toBe(records[0]!.entity.certNumber);
      expect((await getClientClear(team, first!.id)).certNumber).toBe(records[0]!.entity.certNumber);
      // the index holds there: no third client for that 主体, past the service's look-up or through it
      const { principal: _p, ...fields } = records[0]!.entity;
      expect(await team.sql.tx(() => insertEntity(team.ctx, { ...fields, principalPersonId: null }))).toBeNull();
      await expect(createClients(team, [records[0]!])).rejects.toThrow(/该主体证件号码已登记为客户“.+”（编号 \d+）：同一主体只能是一个客户/);
    } finally {
      await team.close();
    }
  }, 60_000);

  it('leaves the team database empty when the copy fails part-way, and a second move then succeeds', async () => {
    const { dataDir } = await seededDeskSmall();
    const { url } = await createTestDatabase();
    const desk = await openTestDesk(dataDir);
    const stop = (p: MoveProgress) => {
      if (p.table === 'person' && p.done > 0) throw new Error('连接中断（测试注入）');
    };
    await expect(moveDeskToServer(desk, url, { batchSize: 1, onProgress: stop })).rejects.toThrow(/迁移未完成，已全部回滚.*连接中断/);
    expect((await inspectTargetDatabase(url)).objects).toEqual([]);
    const r = await moveDeskToServer(desk, url);
    expect(r.tables.find((t) => t.table === 'person')!.rows).toBeGreaterThan(0);
  }, 60_000);

  it.each([
    ['setting', "NEW.value := NEW.value || ' '", /迁移校验失败：设置（setting）在团队数据库中与单机数据不一致（行数相同，内容摘要不同）。已全部回滚/],
    ['material_chunk', "NEW.data := NEW.data || '\\x00'::bytea", /迁移校验失败：材料文件内容（material_chunk）在团队数据库中与单机数据不一致（与数据目录中的加密文件不同）。已全部回滚/],
  ])('rolls back and names the table when the team database stores something else in %s than it was given', async (table, change, message) => {
    const { dataDir } = await seededDeskSmall();
    const { url } = await createTestDatabase();
    // a database that quietly changes what is written into the table once it exists (an event trigger
    // is no table: the emptiness check lets it through, as it would a server's own extension)
    await onTarget(url, (c) =>
      c.query(`
        CREATE FUNCTION tamper() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ${change}; RETURN NEW; END $$;
        CREATE FUNCTION arm_tamper() RETURNS event_trigger LANGUAGE plpgsql AS $$
        DECLARE r record;
        BEGIN
          FOR r IN SELECT * FROM pg_event_trigger_ddl_commands() LOOP
            IF r.command_tag = 'CREATE TABLE' AND r.object_identity = 'public.${table}' THEN
              EXECUTE 'CREATE TRIGGER tamper BEFORE INSERT ON public.${table} FOR EACH ROW EXECUTE FUNCTION tamper()';
            END IF;
          END LOOP;
        END $$;
        CREATE EVENT TRIGGER arm_tamper ON ddl_command_end EXECUTE FUNCTION arm_tamper();
      `),
    );
    const desk = await openTestDesk(dataDir);
    await expect(moveDeskToServer(desk, url)).rejects.toThrow(message);
    expect((await inspectTargetDatabase(url)).objects).toEqual([]);
  }, 60_000);

  it('waits for another program writing the desk, then refuses with the reason, the team database untouched', async () => {
    const { dataDir } = await seededDeskSmall();
    const { url } = await createTestDatabase();
    const desk = await openTestDesk(dataDir);
    const other = new Database(join(dataDir, DB_FILE_NAME));
    try {
      other.prepare('BEGIN IMMEDIATE').run();
      await expect(moveDeskToServer(desk, url)).rejects.toThrow(/单机数据库正被另一个程序写入/);
    } finally {
      other.close();
    }
    expect((await inspectTargetDatabase(url)).objects).toEqual([]);
  }, 60_000);

  it('move-to-server on the command line: progress per table, how to start the server, a second run refused', async () => {
    const { dataDir } = await seededDeskSmall();
    const { url } = await createTestDatabase();
    process.env.BEIAN_DESK_PASSPHRASE = TEST_PASSPHRASE;
    let out = '';
    const io = { out: (t: string) => (out += t), err: (t: string) => (out += t) };
    expect(await runCli(['--data', dataDir, '--database', url, 'move-to-server'], io)).toBe(0);
    expect(out).toContain('复制 客户（主体）（entity）：1/1');
    expect(out).toContain('校验 日志（audit_log）');
    expect(out).toContain('逐表核对行数与内容摘要一致');
    expect(out).toContain(`npm run server -- --data ${dataDir} --database`);
    out = '';
    expect(await runCli(['--data', dataDir, '--database', url, 'move-to-server'], io)).toBe(1);
    expect(out).toContain('迁移只写入空数据库');
  }, 60_000);

  it('refuses a desk written by a newer version with the usual message, before touching the team database', async () => {
    const { dataDir } = await seededDeskSmall();
    const { url } = await createTestDatabase();
    const raw = new Database(join(dataDir, DB_FILE_NAME));
    raw.pragma('user_version = 999');
    raw.close();
    process.env.BEIAN_DESK_PASSPHRASE = TEST_PASSPHRASE;
    let out = '';
    const io = { out: (t: string) => (out += t), err: (t: string) => (out += t) };
    expect(await runCli(['--data', dataDir, '--database', url, 'move-to-server'], io)).toBe(1);
    expect(out).toContain('比本程序支持的版本');
    expect((await inspectTargetDatabase(url)).objects).toEqual([]);
  }, 60_000);
});

/**
 * One client with one material, closed: enough for the refusals. Written once per file and every test given a
 * copy of its folder (eachStore.ts: snapshotFolder), a store of its own as before: seven tests each set up a
 * desk, wrote the client and the encrypted scan and closed it again.
 */
let small: Promise<DeskSnapshot> | undefined;
async function seededDeskSmall(): Promise<{ dataDir: string }> {
  small ??= (async () => {
    const a = await openTestDesk(tempDir());
    const [c] = await createClients(a, [clientRecordSchema.parse(companyRecord(1))]);
    await addMaterial(a, { entityId: c!.id, kind: 'licence', fileName: 'licence.jpg', data: await goodMaterial('licence') });
    return await snapshotDesk(a);
  })().catch((err: unknown) => {
    small = undefined;
    throw err;
  });
  return { dataDir: snapshotFolder(await small) };
}
