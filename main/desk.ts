// One open data folder: the SQLite store, the file store and what the repositories need to run.
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { DB_FILE_NAME, openDatabase } from './db/open';
import type { RepoContext } from './db/repositories/context';
import { allMaterialHashes } from './db/repositories/materials';
import { plainCodec, type SensitiveCodec } from './db/sensitive';
import { Sql } from './db/sql';
import { FileStore } from './files/store';

export interface DeskOptions {
  dataDir: string;
  /** Operator recorded in the audit log; defaults to the OS user name. */
  actor?: string;
  /** better_sqlite3.node for the Electron ABI, passed by the Electron shell. */
  nativeBinding?: string;
  codec?: SensitiveCodec;
  clock?: () => Date;
}

export class Desk {
  readonly ctx: RepoContext;

  private constructor(
    readonly dataDir: string,
    readonly sql: Sql,
    readonly files: FileStore,
    ctx: Omit<RepoContext, 'sql'>,
  ) {
    this.ctx = { ...ctx, sql };
  }

  static open(options: DeskOptions): Desk {
    const raw = openDatabase(join(options.dataDir, DB_FILE_NAME), options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
    const files = new FileStore(join(options.dataDir, 'files'));
    const clock = options.clock ?? (() => new Date());
    const desk = new Desk(options.dataDir, new Sql(raw), files, {
      codec: options.codec ?? plainCodec,
      actor: options.actor ?? safeUserName(),
      now: () => clock().toISOString(),
    });
    desk.sweepFiles();
    return desk;
  }

  /** After a crash: drop half-written temp files and files no material refers to. */
  sweepFiles(): { temp: number; orphans: number } {
    const temp = this.files.sweepTemp();
    const referenced = allMaterialHashes(this.ctx);
    let orphans = 0;
    for (const h of this.files.list()) {
      if (!referenced.has(h)) {
        this.files.remove(h);
        orphans++;
      }
    }
    return { temp, orphans };
  }

  close(): void {
    this.sql.raw.close();
  }
}

function safeUserName(): string {
  try {
    return userInfo().username || '操作员';
  } catch {
    return '操作员';
  }
}
