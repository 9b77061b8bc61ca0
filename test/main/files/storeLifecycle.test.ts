// The material file store beyond put/read: removal, the quarantine of unreferenced files and its expiry,
// files written in clear by an older version, what counts as a stored file, and a locked desk.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileStore, QUARANTINE_DIR } from '../../../main/files/store';
import { isEncryptedFile } from '../../../main/secrets/fileCrypto';
import { tempDir } from '../../helpers';

const KEY = randomBytes(32);
const newStore = () => new FileStore(join(tempDir(), 'files'), () => KEY);

/** What an older version wrote: the bytes in clear under their hash. */
function writeClear(store: FileStore, sha256: string, data: Buffer): void {
  mkdirSync(join(store.root, sha256.slice(0, 2)), { recursive: true });
  writeFileSync(store.pathOf(sha256), data);
}

describe('material file store', () => {
  it('keeps its folders for the owner only and stores every file encrypted, 0600', () => {
    const store = newStore();
    const { sha256 } = store.put(Buffer.from('身份证正面'));
    if (process.platform !== 'win32') {
      for (const dir of [store.root, join(store.root, 'tmp'), join(store.root, sha256.slice(0, 2))]) expect(statSync(dir).mode & 0o777, dir).toBe(0o700);
      expect(statSync(store.pathOf(sha256)).mode & 0o777).toBe(0o600);
    }
    expect(readFileSync(store.pathOf(sha256)).includes(Buffer.from('身份证正面'))).toBe(false);
    expect(store.holdsEncrypted()).toBe(true);
  });

  it('does not write a file again that is already stored (a backup may be reading it)', () => {
    const store = newStore();
    const { sha256 } = store.put(Buffer.from('幕布照片'));
    const before = statSync(store.pathOf(sha256));
    store.put(Buffer.from('幕布照片'));
    const after = statSync(store.pathOf(sha256));
    expect(after.ino).toBe(before.ino);
    expect(after.mtimeMs).toBe(before.mtimeMs);
  });

  it('writes nothing while the desk is locked', () => {
    const root = join(tempDir(), 'files');
    const store = new FileStore(root, () => {
      throw new Error('locked');
    });
    expect(() => store.put(Buffer.from('x'))).toThrow('locked');
    expect(store.list()).toEqual([]);
  });

  it('says a missing file is gone rather than failing on it', () => {
    const store = newStore();
    const sha = 'a'.repeat(64);
    expect(() => store.read(sha)).toThrow(expect.objectContaining({ code: 'NOT_FOUND', message: '材料文件不存在（可能已被删除）' }));
    expect(store.has(sha)).toBe(false);
    expect(store.remove(sha)).toBe(false);
    expect(store.quarantine(sha, '2026-01-01')).toBe(false);
  });

  it('removes a file for good', () => {
    const store = newStore();
    const { sha256 } = store.put(Buffer.from('x'));
    expect(store.has(sha256)).toBe(true);
    expect(store.remove(sha256)).toBe(true);
    expect(store.has(sha256)).toBe(false);
    expect(store.list()).toEqual([]);
  });

  it('sets an unreferenced file aside under its day, still readable from there, and lists it as quarantined', () => {
    const store = newStore();
    const { sha256 } = store.put(Buffer.from('未引用的文件'));
    const kept = store.put(Buffer.from('仍被引用'));
    expect(store.quarantine(sha256, '2026-03-01')).toBe(true);
    expect(store.has(sha256)).toBe(false);
    expect(store.list()).toEqual([kept.sha256]);
    const aside = join(store.root, QUARANTINE_DIR, '2026-03-01', sha256);
    expect(existsSync(aside)).toBe(true);
    expect(isEncryptedFile(readFileSync(aside))).toBe(true);
    expect(store.quarantined()).toEqual([sha256]);
  });

  it('expires only the quarantine days before the cutoff, counting the files it removes', () => {
    const store = newStore();
    expect(store.expireQuarantine('2026-03-10')).toBe(0);
    expect(store.quarantined()).toEqual([]);
    const hashes = ['一', '二', '三', '四'].map((t) => store.put(Buffer.from(t)).sha256);
    store.quarantine(hashes[0]!, '2026-03-01');
    store.quarantine(hashes[1]!, '2026-03-01');
    store.quarantine(hashes[2]!, '2026-03-10');
    store.quarantine(hashes[3]!, '2026-03-11');
    // something else in the quarantine folder is never touched nor taken for a day or a file
    const foreign = join(store.root, QUARANTINE_DIR, 'keep-me');
    mkdirSync(foreign);
    writeFileSync(join(foreign, 'a'.repeat(64)), 'x');
    writeFileSync(join(store.root, QUARANTINE_DIR, '2026-03-10', 'notes.txt'), 'x');
    expect(store.quarantined().sort()).toEqual([hashes[0], hashes[1], hashes[2], hashes[3]].sort());
    expect(store.expireQuarantine('2026-03-10')).toBe(2);
    expect(readdirSync(join(store.root, QUARANTINE_DIR)).sort()).toEqual(['2026-03-10', '2026-03-11', 'keep-me']);
    expect(store.quarantined().sort()).toEqual([hashes[2], hashes[3]].sort());
  });

  it('refuses a name that is not a hash as an invalid file number', () => {
    expect(() => newStore().pathOf('A'.repeat(64))).toThrow(expect.objectContaining({ code: 'FILE_INVALID', message: '文件编号无效' }));
  });

  it.skipIf(!existsSync('/proc/self/fd'))('closes every file it opens to look at one', () => {
    const store = newStore();
    for (const t of ['一', '二', '三']) store.put(Buffer.from(t));
    const open = () => readdirSync('/proc/self/fd').length;
    const before = open();
    for (let i = 0; i < 100; i++) store.holdsEncrypted();
    expect(open() - before).toBeLessThan(20);
  });

  it('lists only files named by their hash in two-hex shards', () => {
    const store = newStore();
    const { sha256 } = store.put(Buffer.from('x'));
    mkdirSync(join(store.root, 'deadbeef'));
    writeFileSync(join(store.root, 'deadbeef', 'd'.repeat(64)), 'x');
    writeFileSync(join(store.root, sha256.slice(0, 2), 'notes.txt'), 'x');
    mkdirSync(join(store.root, 'zz'));
    writeFileSync(join(store.root, 'zz', 'b'.repeat(64)), 'x');
    writeFileSync(join(store.root, 'tmp', 'c'.repeat(64)), 'x');
    expect(store.list()).toEqual([sha256]);
  });

  it('encrypts a file an older version stored in clear, once, and reads it back', () => {
    const store = newStore();
    const data = Buffer.from('旧版本存的明文材料');
    const { sha256 } = newStore().put(data);
    writeClear(store, sha256, data);
    expect(store.holdsEncrypted()).toBe(false);
    expect(store.encryptLegacy(sha256, '2026-03-01')).toBe('encrypted');
    expect(readFileSync(store.pathOf(sha256)).includes(data)).toBe(false);
    expect(store.holdsEncrypted()).toBe(true);
    expect(store.read(sha256)).toEqual(data);
    expect(store.encryptLegacy(sha256, '2026-03-01')).toBe('sealed');
    expect(readdirSync(join(store.root, 'tmp'))).toEqual([]);
  });

  it('holds encrypted data once any one file is encrypted, and none when it is empty', () => {
    const store = newStore();
    expect(store.holdsEncrypted()).toBe(false);
    const clear = Buffer.from('明文');
    writeClear(store, newStore().put(clear).sha256, clear);
    expect(store.holdsEncrypted()).toBe(false);
    store.put(Buffer.from('加密的'));
    expect(store.holdsEncrypted()).toBe(true);
  });

  it('sweeps every half-written temp file and says how many', () => {
    const store = newStore();
    const { sha256 } = store.put(Buffer.from('x'));
    writeFileSync(join(store.root, 'tmp', `${sha256}.aaaaaaaaaaaa.part`), 'half');
    writeFileSync(join(store.root, 'tmp', 'other.part'), 'half');
    expect(store.sweepTemp()).toBe(2);
    expect(readdirSync(join(store.root, 'tmp'))).toEqual([]);
    expect(store.sweepTemp()).toBe(0);
    expect(store.list()).toEqual([sha256]);
  });
});
