// The forms of content and options the one atomic write takes: text as UTF-8, one buffer, pieces; a mode
// given alone or in options, owner-only when none is given; the temp file beside the target otherwise.
import { readdirSync, readFileSync, statSync } from 'node:fs';
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

  it('a folder flush that fails loudly on a folder that is not there', () => {
    expect(() => syncDir(join(tempDir(), 'missing'))).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });
});
