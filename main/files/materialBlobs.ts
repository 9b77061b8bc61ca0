// Where a material's bytes are kept, chosen once when the desk opens: a desk on its own SQLite file keeps
// them as encrypted files in the data folder (files/store.ts); a desk on a PostgreSQL team database keeps
// the same encrypted pieces in the database (material_chunk, migration 0012), written in the transaction
// that inserts the material row and deleted with it, so one pg_dump holds the whole agency.
// Callers say the same things to both: stage before the row's transaction, attach inside it, unhold after
// it, read, release after a transaction that deleted rows.
// Bytes are shared by content: staging bytes already stored in a file that opens to them writes nothing, so
// between a stage and the commit of the row that will point at them the only thing keeping the file is the
// hold stage() takes (a client deleted meanwhile that held the same bytes would otherwise remove the file:
// the new row would commit pointing at nothing). The hold is in-process; another process on the same folder
// (the CLI beside the app) is covered by restore() after the commit.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { holdsMaterialChunks, insertMaterialChunks, materialChunkCount, materialChunkPage, materialHoldingChunks, materialsWithoutChunks } from '../db/repositories/materialChunks';
import type { RepoContext } from '../db/repositories/context';
import { DeskError } from '../domain/errors';
import { chunkOpener, encryptChunks, storedPieces } from '../secrets/fileCrypto';
import type { FileStore } from './store';

export interface StoredBytes {
  sha256: string;
  size: number;
}

export interface MaterialBlobs {
  readonly where: 'files' | 'database';
  /**
   * Before the material row's transaction: hashes the bytes (the file store also writes its file now,
   * temp-then-rename, unless it is there already and opens to these bytes: a damaged one is replaced) and
   * holds them — release() leaves them alone — until unhold() is given the hash, once per stage, after that
   * transaction committed or rolled back.
   */
  stage(data: Uint8Array): StoredBytes;
  /** Ends one stage()'s hold on each of these hashes. */
  unhold(hashes: readonly string[]): void;
  /**
   * After the row's transaction committed: writes the bytes again if their file is gone or no longer opens to
   * them (the same check as stage's, one decryption of the file). The hold guards a stage against this
   * process's deletions only; the app and the CLI may have one data folder open at once, and the other's
   * deletion of a client holding the same bytes can remove the file between the stage and the commit. Once
   * the row is committed no deletion removes the file any more (release reads again what is
   * referenced), so writing it back then is enough. Returns whether it had to.
   */
  restore(data: Uint8Array, sha256: string): boolean;
  /** Inside the transaction that inserted material `materialId` for these bytes (the database store writes its chunks here). */
  attach(materialId: number, data: Uint8Array): Promise<void>;
  /** The bytes with this SHA-256, decrypted and checked against it. */
  read(sha256: string): Promise<Buffer>;
  /**
   * After a transaction that deleted material rows, with the hashes no material refers to any more:
   * their files are removed (in the database their chunks went with the rows), except those a stage() still
   * holds (a row about to point at them). Returns how many were freed.
   */
  release(hashes: readonly string[]): number;
  /** True when some material's bytes are held encrypted here. */
  holdsEncrypted(): Promise<boolean>;
  /**
   * Moves bytes that are not where this store keeps them into it: on a team database, the files of
   * materials stored before migration 0012 (still in the data folder) become chunks. Returns how many
   * materials were moved. Needs the desk unlocked (each file is opened and checked first).
   */
  adoptFolderFiles(): Promise<number>;
}

export function fileBlobs(files: FileStore): MaterialBlobs {
  /** Hash → how many stage() calls still hold it. */
  const held = new Map<string, number>();
  return {
    where: 'files',
    stage: (data) => {
      const stored = files.put(data);
      held.set(stored.sha256, (held.get(stored.sha256) ?? 0) + 1);
      return stored;
    },
    unhold: (hashes) => {
      for (const h of hashes) {
        const n = held.get(h) ?? 0;
        if (n > 1) held.set(h, n - 1);
        else held.delete(h);
      }
    },
    attach: async () => {},
    // the hash stage() gave: an archive's bytes are not hashed twice
    restore: (data, sha256) => files.putHashed(data, sha256),
    read: async (sha256) => files.read(sha256),
    release: (hashes) => {
      let n = 0;
      for (const h of hashes) if (!held.has(h) && files.remove(h)) n++;
      return n;
    },
    holdsEncrypted: async () => files.holdsEncrypted(),
    adoptFolderFiles: async () => 0,
  };
}

/** Pieces read per query: 32 sealed chunks, about 2 MiB. */
const PAGE = 32;

const tampered = () => new DeskError('FILE_TAMPERED', '材料文件已损坏或被篡改，已拒绝打开；请从备份恢复或重新上传');

/** The bytes of material `id`'s chunks, opened and checked against `sha256`; FILE_TAMPERED when they are not whole. */
async function openChunks(ctx: RepoContext, id: number, sha256: string, key: Buffer): Promise<Buffer> {
  const count = await materialChunkCount(ctx, id);
  if (count < 2) throw tampered();
  const hash = createHash('sha256');
  const parts: Buffer[] = [];
  let open: ReturnType<typeof chunkOpener> | undefined;
  for (let seq = 0; seq < count; ) {
    const page = await materialChunkPage(ctx, id, seq, PAGE);
    // Stryker disable next-line ConditionalExpression: the count above is of these rows, so a page comes back empty only if they are deleted meanwhile (then this stops an endless loop)
    if (page.length === 0) throw tampered();
    for (const row of page) {
      if (row.seq !== seq) throw tampered();
      if (seq === 0) open = chunkOpener(key, row.data);
      else {
        const part = open!(seq - 1, seq === count - 1, row.data);
        hash.update(part);
        parts.push(part);
      }
      seq++;
    }
  }
  if (hash.digest('hex') !== sha256) throw tampered();
  return Buffer.concat(parts);
}

/**
 * The team database's store. `files` is still consulted for a material stored before migration 0012,
 * whose file stayed in the data folder.
 */
export function databaseBlobs(ctx: RepoContext, files: FileStore, fileKey: () => Buffer): MaterialBlobs {
  return {
    where: 'database',
    // the bytes are written by attach() in the row's own transaction and deleted with the row: nothing to hold
    stage: (data) => ({ sha256: createHash('sha256').update(data).digest('hex'), size: data.byteLength }),
    unhold: () => {},
    // the chunks were written in the row's own transaction
    restore: () => false,
    attach: async (materialId, data) => {
      if (!ctx.sql.inTransaction) throw new Error('材料内容必须与材料记录在同一事务中写入');
      await insertMaterialChunks(ctx, materialId, encryptChunks(fileKey(), data));
    },
    read: async (sha256) => {
      const key = fileKey();
      let id = await materialHoldingChunks(ctx, sha256);
      if (id === undefined) {
        if (/^[0-9a-f]{64}$/.test(sha256) && files.has(sha256)) return files.read(sha256);
        throw new DeskError('NOT_FOUND', '材料文件不存在（可能已被删除）');
      }
      // Every material with these bytes holds its own copy: a damaged one (a disk error, a bad restore) must
      // not hide a good one, or the same bytes uploaded again — what the refusal asks for — would still be
      // refused while the damaged row stays. Materials are tried in order; a good first copy asks no more.
      for (;;) {
        try {
          return await openChunks(ctx, id, sha256, key);
        } catch (e) {
          if (!(e instanceof DeskError && e.code === 'FILE_TAMPERED')) throw e;
          const next = await materialHoldingChunks(ctx, sha256, id);
          if (next === undefined) throw e;
          id = next;
        }
      }
    },
    release: (hashes) => hashes.length,
    holdsEncrypted: async () => (await holdsMaterialChunks(ctx)) || files.holdsEncrypted(),
    adoptFolderFiles: async () => {
      const moved = new Set<string>();
      let n = 0;
      for (const m of await materialsWithoutChunks(ctx)) {
        // Stryker disable next-line ConditionalExpression: a missing file fails files.read below, whose catch goes on too
        if (!files.has(m.sha256)) continue;
        // opened and checked against its hash before it is trusted; the encrypted bytes go in unchanged.
        // A damaged file stays where it is: reading it still says so, and unlocking must not fail over it.
        try {
          files.read(m.sha256);
        } catch {
          continue;
        }
        const stored = readFileSync(files.pathOf(m.sha256));
        await ctx.sql.tx(async () => {
          await insertMaterialChunks(ctx, m.id, storedPieces(stored));
        });
        moved.add(m.sha256);
        n++;
      }
      // a file goes once every material with its bytes has them in the database
      // Stryker disable next-line ArrowFunction: every material with moved bytes was moved in the loop above; `left` holds one only if another desk adds it meanwhile
      const left = new Set((await materialsWithoutChunks(ctx)).map((m) => m.sha256));
      // Stryker disable next-line ConditionalExpression: the same race as the line above
      for (const h of moved) if (!left.has(h)) files.remove(h);
      return n;
    },
  };
}
