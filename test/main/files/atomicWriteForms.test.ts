// The forms of content and options the one atomic write takes: text as UTF-8, one buffer, pieces; a mode
// given alone or in options, owner-only when none is given; the temp file beside the target otherwise.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { syncDir, writeFileAtomic } from '../../../main/files/atomicWrite';
import { tempDir } from '../../helpers';

const modeOf = (p: string) => statSync(p).mode & 0o777;

describe('writeFileAtomic takes', () => {
  it('text, written as UTF-8', () => {
    const file = join(tempDir(), 'settings.json');
    writeFileAtomic(file, '{"省份":"北京"}');
    expect(readFileSync(file, 'utf8')).toBe('{"省份":"北京"}');
  });

  it('one buffer, whole', () => {
    const file = join(tempDir(), 'photo.bin');
    const data = new Uint8Array(200_000).map((_, i) => i % 251);
    writeFileAtomic(file, data);
    expect(new Uint8Array(readFileSync(file))).toEqual(data);
  });

  it('an empty content, as an empty file', () => {
    const file = join(tempDir(), 'empty');
    writeFileAtomic(file, []);
    expect(readFileSync(file)).toHaveLength(0);
  });

  it.skipIf(process.platform === 'win32')('a mode given alone or in options, and 0600 when none is', () => {
    const dir = tempDir();
    writeFileAtomic(join(dir, 'a'), 'x', 0o640);
    writeFileAtomic(join(dir, 'b'), 'x', { mode: 0o640 });
    writeFileAtomic(join(dir, 'c'), 'x', {});
    writeFileAtomic(join(dir, 'd'), 'x');
    expect(['a', 'b', 'c', 'd'].map((f) => modeOf(join(dir, f)))).toEqual([0o640, 0o640, 0o600, 0o600]);
  });

  it('a temp file beside the target when no temp path is given, gone afterwards', () => {
    const dir = tempDir();
    writeFileAtomic(join(dir, 'f'), 'x');
    expect(readdirSync(dir)).toEqual(['f']);
  });

  it('a hidden temp file beside the target, named .<12 hex>.part, while it writes', () => {
    const dir = tempDir();
    const seen: string[][] = [];
    function* pieces() {
      yield Buffer.from('first ');
      seen.push(readdirSync(dir));
      yield Buffer.from('second');
    }
    writeFileAtomic(join(dir, 'f'), pieces());
    expect(seen[0]).toHaveLength(1);
    expect(seen[0]![0]).toMatch(/^\.[0-9a-f]{12}\.part$/);
    expect(readFileSync(join(dir, 'f'), 'utf8')).toBe('first second');
  });

  it('the error of the write itself when the temp file cannot even be created', () => {
    const dir = tempDir();
    expect(() => writeFileAtomic(join(dir, 'f'), 'x', { temp: join(dir, 'missing', 'f.part') })).toThrow(expect.objectContaining({ code: 'ENOENT', syscall: 'open' }));
    expect(readdirSync(dir)).toEqual([]);
  });

  it.skipIf(!existsSync('/proc/self/fd'))('no file or folder left open', () => {
    const dir = tempDir();
    const open = () => readdirSync('/proc/self/fd').length;
    const before = open();
    for (let i = 0; i < 100; i++) writeFileAtomic(join(dir, 'f'), 'x');
    for (let i = 0; i < 100; i++) syncDir(dir);
    expect(open() - before).toBeLessThan(20);
  });

  it('a folder flush that fails loudly on a folder that is not there', () => {
    expect(() => syncDir(join(tempDir(), 'missing'))).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });
});
