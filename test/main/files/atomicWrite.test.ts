// The one atomic write: the new content or the old, never half; a failed write leaves no temp file.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic, writeFileAtomicInBatch } from '../../../main/files/atomicWrite';
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

describe('writeFileAtomicInBatch (a batch\'s files, written off the calling thread)', () => {
  it('writes the whole file, owner-only, with no temp file left', async () => {
    const dir = tempDir();
    const file = join(dir, '核验单-示例.pdf');
    await writeFileAtomicInBatch(file, Buffer.from('%PDF-1.7 whole'));
    expect(readFileSync(file, 'utf8')).toBe('%PDF-1.7 whole');
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['核验单-示例.pdf']);
  });

  it('rejects and removes its temp file when the rename fails', async () => {
    const dir = tempDir();
    const file = join(dir, 'taken');
    mkdirSync(join(file, 'inside'), { recursive: true }); // a folder with content where the file should go
    await expect(writeFileAtomicInBatch(file, Buffer.from('data'))).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['taken']);
  });
});
