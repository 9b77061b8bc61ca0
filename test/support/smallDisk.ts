// A small disk of its own for the tests of a read-only or full disk: a tmpfs of a few MiB (mounting needs
// root). Filling it must never reach the disk the tests run on: a CI run once ended with ENOSPC on its own
// log while such a test ran, so the mount is checked to be a tmpfs of the size asked before anything is
// written, and the filler is bounded by that size whatever the mount turns out to be.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statfsSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TMPFS_MAGIC = 0x01021994;
const BLOCK = 4096;

export class SmallDiskError extends Error {}

/** The folder is a tmpfs of at most `bytes` (what statfs says, not what mount was asked). */
export function isSmallTmpfs(folder: string, bytes: number): boolean {
  const fs = statfsSync(folder);
  return fs.type === TMPFS_MAGIC && fs.blocks * fs.bsize <= bytes;
}

/** Mounts a tmpfs of `mib` MiB on a new temp folder; throws (and leaves nothing mounted) when it is not one. */
export function mountSmallDisk(mib: number, prefix = 'beian-desk-disk-'): string {
  const disk = mkdtempSync(join(tmpdir(), prefix));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${mib}M`, 'tmpfs', disk], { stdio: 'ignore' });
  } catch (e) {
    rmSync(disk, { recursive: true, force: true });
    throw new SmallDiskError(`cannot mount a ${mib} MiB tmpfs: ${(e as Error).message}`);
  }
  if (!isSmallTmpfs(disk, mib * 1024 * 1024)) {
    unmountSmallDisk(disk);
    throw new SmallDiskError(`the tmpfs mounted on ${disk} is not a tmpfs of ${mib} MiB: the tests will not fill it`);
  }
  return disk;
}

export function unmountSmallDisk(disk: string): void {
  try {
    execFileSync('umount', ['-l', disk], { stdio: 'ignore' });
  } finally {
    rmSync(disk, { recursive: true, force: true });
  }
}

/**
 * Writes zeros into `disk` until it is full (ENOSPC), never more than the disk's own size: checked to be
 * a small tmpfs first, so a mount that did not happen cannot fill the disk below it.
 */
export function fillSmallDisk(disk: string, mib: number): void {
  if (!isSmallTmpfs(disk, mib * 1024 * 1024)) throw new SmallDiskError(`${disk} is not a small tmpfs: not filling it`);
  const zeros = Buffer.alloc(BLOCK);
  const fd = openSync(join(disk, 'filler'), 'w');
  try {
    for (let written = 0; written < mib * 1024 * 1024; written += BLOCK) writeSync(fd, zeros);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
  } finally {
    closeSync(fd);
  }
}

let probed: boolean | undefined;
/** Whether this machine gives the tests small disks (root, and a tmpfs that keeps its size): probed once. */
export function smallDisksAvailable(): boolean {
  if (probed === undefined) {
    probed = false;
    if (process.getuid?.() === 0) {
      try {
        unmountSmallDisk(mountSmallDisk(1, 'beian-desk-probe-'));
        probed = true;
      } catch {
        // not root enough, or a tmpfs without a size: the tests of a full disk are not run here
      }
    }
  }
  return probed;
}
