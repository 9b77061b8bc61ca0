// The one atomic write: the new content or the old, never half; a failed write leaves no temp file.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../main/files/atomicWrite';
import { tempDir } from '../../helpers';

describe('writeFileAtomic', () => {
  it('replaces a file whole, owner-only', () => {
    const dir = tempDir();
    const file = join(dir, 'settings.json');
    writeFileSync(file, 'old');
    writeFileAtomic(file, [Buffer.from('new '), Buffer.from('content')]);
    expect(readFileSync(file, 'utf8')).toBe('new content');
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['settings.json']);
  });

  it('keeps the old file and removes its temp file when the write fails half-way', () => {
    const dir = tempDir();
    const file = join(dir, 'keyring.json');
    writeFileSync(file, 'old');
    function* failing() {
      yield Buffer.from('half of the new');
      throw new Error('disk full');
    }
    expect(() => writeFileAtomic(file, failing())).toThrow('disk full');
    expect(readFileSync(file, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['keyring.json']);
  });

  it('uses the temp path it is given (the file store names its own) and removes it on failure', () => {
    const dir = tempDir();
    const temp = join(dir, 'abc.part');
    expect(() => writeFileAtomic(join(dir, 'missing-folder', 'f'), 'x', { temp })).toThrow();
    expect(readdirSync(dir)).toEqual([]);
  });
});
