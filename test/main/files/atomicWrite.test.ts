// The one atomic write: the new content or the old, never half; a failed write leaves no temp file.
import { mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { claimFreeName, claimNewFile, removeTempFilesInFlight, stageFileAtomic, writeFileAtomic, writeFileAtomicInBatch, writeNewFileAtomic } from '../../../main/files/atomicWrite';
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

describe('writeNewFileAtomic (a file that never replaces another)', () => {
  it('takes the first free name, leaves the taken ones as they were and no temp file behind', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.jpg'), 'the operator’s own');
    writeFileSync(join(dir, 'a-2.jpg'), 'an earlier repair');
    const names = ['a.jpg', 'a-2.jpg', 'a-3.jpg', 'a-4.jpg'].map((n) => join(dir, n));
    expect(writeNewFileAtomic(names, 'new')).toBe(join(dir, 'a-3.jpg'));
    expect(['a.jpg', 'a-2.jpg', 'a-3.jpg'].map((n) => readFileSync(join(dir, n), 'utf8'))).toEqual(['the operator’s own', 'an earlier repair', 'new']);
    if (process.platform !== 'win32') expect(statSync(join(dir, 'a-3.jpg')).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).sort()).toEqual(['a-2.jpg', 'a-3.jpg', 'a.jpg']);
  });

  it('takes a name held by a broken link as taken: the link stays, the file gets the next name', () => {
    const dir = tempDir();
    // a link to a file since removed (a sync tool's leftover): nothing "exists" there, yet the name is held
    symlinkSync(join(dir, 'gone.jpg'), join(dir, 'a.jpg'));
    expect(writeNewFileAtomic([join(dir, 'a.jpg'), join(dir, 'a-2.jpg')], 'new')).toBe(join(dir, 'a-2.jpg'));
    expect(readlinkSync(join(dir, 'a.jpg'))).toBe(join(dir, 'gone.jpg'));
    expect(readFileSync(join(dir, 'a-2.jpg'), 'utf8')).toBe('new');
    expect(readdirSync(dir).sort()).toEqual(['a-2.jpg', 'a.jpg']);
  });

  it('writes nothing and says so when every name is taken', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.jpg'), 'old');
    expect(writeNewFileAtomic([join(dir, 'a.jpg')], 'new')).toBeNull();
    expect(readFileSync(join(dir, 'a.jpg'), 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['a.jpg']);
  });
});

describe('claimNewFile (a name picked now, written later)', () => {
  it('claims a free name once, owner-only and empty; a second claim of it, a file or a broken link there are taken', () => {
    const dir = tempDir();
    const a = join(dir, 'a.pdf');
    expect(claimNewFile(a)).toBe(true);
    expect(claimNewFile(a)).toBe(false);
    expect(statSync(a).size).toBe(0);
    expect(statSync(a).mode & 0o777).toBe(0o600);
    symlinkSync(join(dir, 'nowhere'), join(dir, 'b.pdf'));
    expect(claimNewFile(join(dir, 'b.pdf'))).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['a.pdf', 'b.pdf']);
  });

  it('throws what the system refuses other than a taken name', () => {
    expect(() => claimNewFile(join(tempDir(), 'missing', 'a.pdf'))).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });

  it('is replaced by the write that renames onto it', () => {
    const a = join(tempDir(), 'a.pdf');
    claimNewFile(a);
    writeFileAtomic(a, 'sheet');
    expect(readFileSync(a, 'utf8')).toBe('sheet');
  });
});

describe('stageFileAtomic (a file that appears only if something else commits)', () => {
  it('writes and flushes the temp file only; commit() puts it in place', () => {
    const dir = tempDir();
    const file = join(dir, '出借.bdtransfer');
    const staged = stageFileAtomic(file, Buffer.from('archive bytes'));
    expect(readdirSync(dir)).toEqual([staged.temp.slice(dir.length + 1)]);
    expect(staged.temp).toMatch(/\.part$/);
    expect(readFileSync(staged.temp, 'utf8')).toBe('archive bytes');
    if (process.platform !== 'win32') expect(statSync(staged.temp).mode & 0o777).toBe(0o600);
    staged.commit();
    expect(readdirSync(dir)).toEqual(['出借.bdtransfer']);
    expect(readFileSync(file, 'utf8')).toBe('archive bytes');
  });

  it('discard() removes the temp file and never touches the target', () => {
    const dir = tempDir();
    const file = join(dir, 'kept');
    writeFileSync(file, 'old');
    stageFileAtomic(file, 'new').discard();
    expect(readdirSync(dir)).toEqual(['kept']);
    expect(readFileSync(file, 'utf8')).toBe('old');
  });

  it('a failed rename removes the temp file and throws', () => {
    const dir = tempDir();
    const file = join(dir, 'taken');
    const staged = stageFileAtomic(file, 'data');
    mkdirSync(join(file, 'inside'), { recursive: true }); // the target became a folder with content meanwhile
    expect(() => staged.commit()).toThrow();
    expect(readdirSync(dir)).toEqual(['taken']);
  });

  it('a write that fails leaves no temp file', () => {
    const dir = tempDir();
    expect(() => stageFileAtomic(join(dir, 'missing', 'f'), 'x')).toThrow();
    // discarding what is already gone (a second discard, or after the commit) is nothing to fail on
    const twice = stageFileAtomic(join(dir, 'twice'), 'x');
    twice.discard();
    expect(() => twice.discard()).not.toThrow();
    const done = stageFileAtomic(join(dir, 'done'), 'x');
    done.commit();
    expect(() => done.discard()).not.toThrow();
    rmSync(join(dir, 'done'));
    // a temp removed from under the commit: the rename's own error, not the clean-up's
    const gone = stageFileAtomic(join(dir, 'gone'), 'x');
    rmSync(gone.temp);
    expect(() => gone.commit()).toThrow(/rename/);
    expect(() => stageFileAtomic(join(dir, 'f'), (function* () { yield Buffer.from('half'); throw new Error('disk full'); })())).toThrow('disk full');
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

describe('removeTempFilesInFlight (the CLI interrupted by Ctrl-C)', () => {
  it('removes the temp files written but not yet in place, and nothing that is in place', () => {
    const dir = tempDir();
    const pending = stageFileAtomic(join(dir, 'client.json'), '{"certNumber":"11010519491231002X"}');
    writeFileAtomic(join(dir, 'done.json'), 'whole');
    stageFileAtomic(join(dir, 'dropped.json'), 'x').discard();
    expect(readdirSync(dir).sort()).toEqual([pending.temp.slice(dir.length + 1), 'done.json'].sort());
    removeTempFilesInFlight();
    expect(readdirSync(dir)).toEqual(['done.json']);
    expect(readFileSync(join(dir, 'done.json'), 'utf8')).toBe('whole');
    // once removed, no longer tracked: a second call has nothing to do
    expect(() => removeTempFilesInFlight()).not.toThrow();
  });
});

describe('claimFreeName', () => {
  it('claims the name itself when it is free, else the first free -2, -3 … beside it, never touching the file already there', () => {
    const dir = tempDir();
    expect(claimFreeName(dir, '包.zip')).toBe(join(dir, '包.zip'));
    // claimed on disk, empty, so a second export started meanwhile numbers on
    expect(readFileSync(join(dir, '包.zip'))).toHaveLength(0);
    writeFileSync(join(dir, '包.zip'), 'first');
    expect(claimFreeName(dir, '包.zip')).toBe(join(dir, '包-2.zip'));
    expect(claimFreeName(dir, '包.zip')).toBe(join(dir, '包-3.zip'));
    expect(readFileSync(join(dir, '包.zip'), 'utf8')).toBe('first');
    expect(readdirSync(dir).sort()).toEqual(['包-2.zip', '包-3.zip', '包.zip']);
  });
});
