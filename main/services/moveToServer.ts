// Moving up (issue 14): a single desk's whole store copied into an EMPTY team database in one go.
// Every table of db/storeTables.ts is copied with its ids, a page at a time, inside ONE PostgreSQL
// transaction that first creates the schema; the material files' encrypted bytes become material_chunk
// rows unchanged (the same header + sealed chunks; the data key stays the data folder's keyring, which the
// team server then reads from the same folder). Before the commit every table is compared with the desk
// (row count and a digest of every row in key order) and every material's pieces with its file; any
// difference rolls everything back, so the database is left as empty as it was. The desk is only read,
// under its write lock (BEGIN IMMEDIATE), so nothing written meanwhile can be missed.
import { createHash } from 'node:crypto';
import { postgresDialect } from '../db/dialect';
import { isPostgresUrl } from '../db/openPostgres';
import { insertMaterialChunks, materialChunkCount, materialChunkPage } from '../db/repositories/materialChunks';
import { clientsWithSeveralOpenOrders } from '../db/repositories/orders';
import { carrySurplusClients, countRows, fillColumn, inNewTeamDatabase, insertRows, recordMoveInTarget, resetIdentity, sqliteTableShape, tableDigest, tablePages, type TableShape } from '../db/storeCopy';
import { redactDatabaseUrl } from '../db/storeLocation';
import { MATERIAL_CHUNK_TABLE, STORE_TABLE_LABELS, STORE_TABLES, type StoreTable } from '../db/storeTables';
import { emptyTargetDatabase } from '../db/teamDatabase';
import { dbBusyError, DeskError } from '../domain/errors';
import { CLOSED_STATES } from '../filings/stateMachine';
import type { Desk } from '../desk';
import { readSealedFile } from '../files/sealedFile';
import { storedPieces } from '../secrets/fileCrypto';

export interface MoveProgress {
  phase: '复制' | '校验';
  table: StoreTable;
  label: string;
  done: number;
  total: number;
}

export interface MoveOptions {
  /** Told after each page of each table; an exception thrown here aborts the move (nothing committed). */
  onProgress?: (p: MoveProgress) => void;
  /** Rows read and written per statement. */
  batchSize?: number;
}

export interface MoveResult {
  database: string;
  tables: { table: StoreTable; label: string; rows: number }[];
  materials: number;
  chunks: number;
}

const DEFAULT_BATCH = 500;
/** Pieces read back per query when a material's chunks are checked: 32 sealed chunks, about 2 MiB. */
const CHUNK_PAGE = 32;

const tableName = (t: StoreTable) => `${STORE_TABLE_LABELS[t]}（${t}）`;

function mismatch(t: StoreTable, what: string): DeskError {
  return new DeskError('DATA_TAMPERED', `迁移校验失败：${tableName(t)}在团队数据库中与单机数据不一致（${what}）。已全部回滚，团队数据库未写入任何内容；单机数据未改动。`);
}

export async function moveDeskToServer(desk: Desk, url: string, options: MoveOptions = {}): Promise<MoveResult> {
  const size = options.batchSize ?? DEFAULT_BATCH;
  const progress = options.onProgress ?? (() => undefined);
  const shown = redactDatabaseUrl(url);
  if (!isPostgresUrl(url)) throw new DeskError('BAD_REQUEST', `团队数据库的地址应为 postgres://用户:密码@主机:端口/数据库（收到 ${shown}）`);
  if (desk.sql.dialect.name !== 'sqlite') throw new DeskError('CONFLICT', '这个数据目录已经在团队数据库上运行；迁移只从单机数据库（SQLite）开始');
  if (desk.vault.state() !== 'unlocked') throw new DeskError('LOCKED', '请先用数据密码解锁，再迁移');

  await emptyTargetDatabase(url, '迁移');

  try {
    return await copyAndVerify(desk, url, shown, size, progress);
  } catch (err) {
    if (dbBusyError(err)) {
      throw new DeskError('DB_BUSY', '单机数据库正被另一个程序写入（例如打开着的备案助手窗口），请先关闭它再迁移；团队数据库未写入任何内容');
    }
    throw err;
  }
}

async function copyAndVerify(desk: Desk, url: string, shown: string, size: number, progress: (p: MoveProgress) => void): Promise<MoveResult> {
  const source = desk.sql;
  // BEGIN IMMEDIATE on the desk: one consistent state is read, and another process's write waits.
  // Nothing is written to it; the transaction ends with no change to the file.
  return await source.tx(async () => {
    // the team database holds one open order per 主体 (migration 0029's index, which a desk's own store only
    // holds for orders opened after its upgrade): said here by name, not as the copy's key violation
    const several = await clientsWithSeveralOpenOrders(desk.ctx, CLOSED_STATES);
    if (several.length) {
      const names = several.map((c) => `“${c.name}”（编号 ${c.id}，${c.open} 个）`).join('、');
      throw new DeskError('CONFLICT', `不能迁移：团队数据库中同一主体同时只能有一个进行中的订单（V-CHG-07），这些客户有多个：${names}。请先在订单页完成、放弃或撤回多出的订单，再迁移；团队数据库未写入任何内容，单机数据未改动。`);
    }
    const shapes = new Map<StoreTable, TableShape>();
    const totals = new Map<StoreTable, number>();
    for (const t of STORE_TABLES) {
      shapes.set(t, await sqliteTableShape(source.db, t));
      totals.set(t, t === MATERIAL_CHUNK_TABLE ? await countRows(source.db, 'material') : await countRows(source.db, t));
    }
    try {
      return await inNewTeamDatabase(url, async (trx) => {
        await carrySurplusClients(source.db, trx);
        const copied: MoveResult['tables'] = [];
        const materialDigest = createHash('sha256');
        let chunks = 0;
        for (const t of STORE_TABLES) {
          const shape = shapes.get(t)!;
          const total = totals.get(t)!;
          let done = 0;
          progress({ phase: '复制', table: t, label: STORE_TABLE_LABELS[t], done, total });
          if (t === MATERIAL_CHUNK_TABLE) {
            for await (const page of tablePages(source.db, source.dialect, shapes.get('material')!, ['id', 'sha256'], size)) {
              for (const [id, sha256] of page as [number, string][]) {
                const sealed = readSealedFile(desk.files, sha256, `材料 #${id}`);
                const pieces = await insertMaterialChunks({ db: trx }, id, storedPieces(sealed));
                materialDigest.update(`${id} ${pieces} ${createHash('sha256').update(sealed).digest('hex')}\n`);
                chunks += pieces;
              }
              done += page.length;
              progress({ phase: '复制', table: t, label: STORE_TABLE_LABELS[t], done, total });
            }
            copied.push({ table: t, label: STORE_TABLE_LABELS[t], rows: chunks });
            continue;
          }
          const deferred = shape.deferred.map((c) => shape.columns.indexOf(c));
          for await (const page of tablePages(source.db, source.dialect, shape, shape.columns, size)) {
            const rows = deferred.length ? page.map((r) => r.map((v, i) => (deferred.includes(i) ? null : v))) : page;
            await insertRows(trx, t, shape.columns, rows);
            done += page.length;
            progress({ phase: '复制', table: t, label: STORE_TABLE_LABELS[t], done, total });
          }
          copied.push({ table: t, label: STORE_TABLE_LABELS[t], rows: done });
        }
        // references to tables copied later (entity's 主体负责人), now that both sides exist
        for (const t of STORE_TABLES) {
          const shape = shapes.get(t)!;
          for (const column of shape.deferred) {
            for await (const page of tablePages(source.db, source.dialect, shape, ['id', column], size)) {
              await fillColumn(trx, t, column, (page as [number, number | null][]).filter((r): r is [number, number] => r[1] !== null));
            }
          }
        }
        for (const t of STORE_TABLES) {
          const key = shapes.get(t)!.key;
          if (key.length === 1 && !key[0]!.text) await resetIdentity(trx, t, key[0]!.name);
        }

        // the comparison, inside the same transaction: what the server will read is what the desk holds
        for (const t of STORE_TABLES) {
          if (t === MATERIAL_CHUNK_TABLE) continue;
          const shape = shapes.get(t)!;
          const total = totals.get(t)!;
          const [there, here] = [await tableDigest(trx, postgresDialect, shape, size), await tableDigest(source.db, source.dialect, shape, size)];
          if (there.rows !== here.rows) throw mismatch(t, `行数 ${there.rows}，应为 ${here.rows}`);
          if (there.sha256 !== here.sha256) throw mismatch(t, '行数相同，内容摘要不同');
          progress({ phase: '校验', table: t, label: STORE_TABLE_LABELS[t], done: total, total });
        }
        const read = createHash('sha256');
        const materials = totals.get(MATERIAL_CHUNK_TABLE)!;
        let checked = 0;
        for await (const page of tablePages(trx, postgresDialect, shapes.get('material')!, ['id'], size)) {
          for (const [id] of page as [number][]) {
            const count = await materialChunkCount({ db: trx }, id);
            const file = createHash('sha256');
            for (let seq = 0; seq < count; ) {
              const rows = await materialChunkPage({ db: trx }, id, seq, CHUNK_PAGE);
              if (!rows.length) break;
              for (const r of rows) {
                if (r.seq !== seq) throw mismatch(MATERIAL_CHUNK_TABLE, `材料 #${id} 的第 ${seq} 块缺失`);
                file.update(r.data);
                seq++;
              }
            }
            read.update(`${id} ${count} ${file.digest('hex')}\n`);
          }
          checked += page.length;
          progress({ phase: '校验', table: MATERIAL_CHUNK_TABLE, label: STORE_TABLE_LABELS[MATERIAL_CHUNK_TABLE], done: checked, total: materials });
        }
        if ((await countRows(trx, MATERIAL_CHUNK_TABLE)) !== chunks) throw mismatch(MATERIAL_CHUNK_TABLE, '块数不同');
        if (read.digest('hex') !== materialDigest.digest('hex')) throw mismatch(MATERIAL_CHUNK_TABLE, '与数据目录中的加密文件不同');

        await recordMoveInTarget(trx, {
          at: desk.ctx.now(),
          actor: desk.ctx.actor,
          detail: { clients: totals.get('entity')!, people: totals.get('person')!, websites: totals.get('website')!, orders: totals.get('filing_order')!, materials },
        });
        return { database: shown, tables: copied, materials, chunks };
      });
    } catch (err) {
      if (err instanceof DeskError) throw err;
      throw new DeskError('INTERNAL', `迁移未完成，已全部回滚（团队数据库未写入任何内容）：${err instanceof Error ? err.message : String(err)}`);
    }
  });
}
