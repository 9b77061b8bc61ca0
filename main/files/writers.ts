// Which processes have this data folder open (desktop app, web host, CLI). A file written by one of them
// has no database row until its transaction commits, so leftover files may only be swept when no other
// live process could still be about to commit one.
import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OWNER_FILE_MODE, ownerOnlyDir } from './ownerOnly';

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class WriterRegistry {
  private readonly dir: string;
  private readonly mine: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'writers');
    ownerOnlyDir(this.dir);
    this.mine = `${process.pid}-${randomBytes(4).toString('hex')}`;
    writeFileSync(join(this.dir, this.mine), String(process.pid), { mode: OWNER_FILE_MODE });
  }

  /** True when another live process has the folder open; removes the marks of processes that died. */
  othersAlive(): boolean {
    let others = false;
    for (const name of readdirSync(this.dir)) {
      if (name === this.mine) continue;
      const pid = Number(name.split('-')[0]);
      if (Number.isInteger(pid) && pid > 0 && alive(pid)) others = true;
      else {
        // Stryker disable next-line ObjectLiteral,BooleanLiteral: force only matters when another process removes the same dead mark at the same moment
        rmSync(join(this.dir, name), { force: true });
      }
    }
    return others;
  }

  release(): void {
    rmSync(join(this.dir, this.mine), { force: true });
  }
}
