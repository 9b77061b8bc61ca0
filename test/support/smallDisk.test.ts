import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers';
import { fillSmallDisk, isSmallTmpfs, mountSmallDisk, SmallDiskError, smallDisksAvailable, unmountSmallDisk } from './smallDisk';

describe('a small disk for the full-disk tests', () => {
  it('refuses to fill a folder that is not a small tmpfs, writing nothing there', () => {
    const dir = tempDir();
    expect(() => fillSmallDisk(dir, 1)).toThrow(SmallDiskError);
    expect(existsSync(join(dir, 'filler'))).toBe(false);
    expect(isSmallTmpfs(dir, 1024 * 1024)).toBe(false);
  });

  it.runIf(smallDisksAvailable())('fills a mounted one to its size and no further', () => {
    const disk = mountSmallDisk(2);
    try {
      expect(isSmallTmpfs(disk, 2 * 1024 * 1024)).toBe(true);
      fillSmallDisk(disk, 2);
      const size = statSync(join(disk, 'filler')).size;
      expect(size).toBeGreaterThan(1024 * 1024);
      expect(size).toBeLessThanOrEqual(2 * 1024 * 1024);
    } finally {
      unmountSmallDisk(disk);
    }
    expect(existsSync(disk)).toBe(false);
  });
});
