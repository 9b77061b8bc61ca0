// Which processes have a data folder open: the sweep of leftover files must wait while another live
// process could still commit the row of a file it wrote, and must not wait for processes that died.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { alive, WriterRegistry } from '../../../main/files/writers';
import { tempDir } from '../../helpers';

/** The pid of a process that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '0']);
  expect(child.pid).toBeGreaterThan(0);
  return child.pid!;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('whether a process is alive', () => {
  it('is true for a running process and false for one that exited', () => {
    expect(alive(process.pid)).toBe(true);
    expect(alive(deadPid())).toBe(false);
  });

  it('counts a process of another user (the signal is refused with EPERM) as alive', () => {
    vi.spyOn(process, 'kill').mockImplementation(() => {
      throw Object.assign(new Error('kill EPERM'), { code: 'EPERM' });
    });
    expect(alive(4242)).toBe(true);
  });
});

describe('writers of a data folder', () => {
  it('marks this process in writers/ with its pid, owner-only, and removes the mark on release', () => {
    const dataDir = tempDir();
    const registry = new WriterRegistry(dataDir);
    const [mark] = readdirSync(join(dataDir, 'writers'));
    expect(mark).toMatch(new RegExp(`^${process.pid}-[0-9a-f]{8}$`));
    expect(readFileSync(join(dataDir, 'writers', mark!), 'utf8')).toBe(String(process.pid));
    if (process.platform !== 'win32') {
      expect(statSync(join(dataDir, 'writers')).mode & 0o777).toBe(0o700);
      expect(statSync(join(dataDir, 'writers', mark!)).mode & 0o777).toBe(0o600);
    }
    expect(registry.othersAlive()).toBe(false);
    registry.release();
    expect(readdirSync(join(dataDir, 'writers'))).toEqual([]);
    // closing twice (a window closed while the app quits) is no error
    expect(() => registry.release()).not.toThrow();
  });

  it('sees another open desk of a live process, and keeps its mark', () => {
    const dataDir = tempDir();
    const mine = new WriterRegistry(dataDir);
    const other = new WriterRegistry(dataDir);
    expect(mine.othersAlive()).toBe(true);
    other.release();
    expect(mine.othersAlive()).toBe(false);
    const parentMark = join(dataDir, 'writers', `${process.ppid}-0badc0de`);
    writeFileSync(parentMark, String(process.ppid));
    expect(mine.othersAlive()).toBe(true);
    expect(existsSync(parentMark)).toBe(true);
  });

  it('removes the marks of processes that died, and marks that name no process, without waiting for them', () => {
    const dataDir = tempDir();
    const mine = new WriterRegistry(dataDir);
    const dir = join(dataDir, 'writers');
    // pid 0 would signal this process's own group (and -1 every process): never taken as a writer
    const stale = [`${deadPid()}-00000000`, 'notes.txt', '0-00000000', '-1-00000000', '1.5-00000000'];
    for (const name of stale) writeFileSync(join(dir, name), '');
    expect(mine.othersAlive()).toBe(false);
    expect(readdirSync(dir)).toHaveLength(1);
    mine.release();
  });
});
