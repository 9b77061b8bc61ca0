// A clear file from an older version that no longer matches its hash (one flipped bit on disk): encrypting
// the legacy files must not stop at it. It is set aside encrypted in the quarantine folder of the day,
// temp then rename, with no clear copy left, and reading its material says where it went.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileStore, QUARANTINE_DIR } from '../../../main/files/store';
import { decryptFile, isEncryptedFile } from '../../../main/secrets/fileCrypto';
import { tempDir } from '../../helpers';

const KEY = randomBytes(32);
const DAY = '2026-03-01';

function legacyStore() {
  const store = new FileStore(join(tempDir(), 'files'), () => KEY);
  const good = Buffer.from('身份证人像面（完好）'.repeat(50));
  const bad = Buffer.from('身份证人像面（损坏）'.repeat(50));
  const goodSha = createHash('sha256').update(good).digest('hex');
  const badSha = createHash('sha256').update(bad).digest('hex');
  const flipped = Buffer.from(bad);
  flipped[flipped.length - 10]! ^= 1;
  for (const [sha, bytes] of [[goodSha, good], [badSha, flipped]] as const) {
    mkdirSync(join(store.root, sha.slice(0, 2)), { recursive: true });
    writeFileSync(store.pathOf(sha), bytes);
  }
  return { store, good, goodSha, badSha, flipped };
}

describe('legacy clear files, one of them damaged', () => {
  it('sets the damaged one aside encrypted under the day, leaves no clear copy, and still encrypts the next', () => {
    const { store, good, goodSha, badSha, flipped } = legacyStore();
    expect(store.encryptLegacy(badSha, DAY)).toBe('damaged');
    expect(existsSync(store.pathOf(badSha))).toBe(false);
    const aside = join(store.root, QUARANTINE_DIR, DAY, badSha);
    const stored = readFileSync(aside);
    expect(isEncryptedFile(stored)).toBe(true);
    expect(stored.includes(Buffer.from('身份证人像面'))).toBe(false);
    // the damaged bytes as they were, for whoever repairs it by hand
    expect(decryptFile(KEY, stored)).toEqual(flipped);
    expect(store.quarantined()).toEqual([badSha]);
    expect(store.isQuarantined(badSha)).toBe(true);
    expect(store.isQuarantined(goodSha)).toBe(false);
    expect(store.list()).toEqual([goodSha]);
    // the rest goes on
    expect(store.encryptLegacy(goodSha, DAY)).toBe('encrypted');
    expect(readFileSync(store.pathOf(goodSha)).includes(Buffer.from('身份证人像面'))).toBe(false);
    expect(store.read(goodSha)).toEqual(good);
    // temp then rename: nothing half-written or clear left in tmp/
    expect(readdirSync(join(store.root, 'tmp'))).toEqual([]);
  });

  it('refuses to open a material whose file was set aside, saying where it went', () => {
    const { store, badSha } = legacyStore();
    store.encryptLegacy(badSha, DAY);
    expect(() => store.read(badSha)).toThrow(
      expect.objectContaining({ code: 'FILE_TAMPERED', message: `材料文件已移至隔离文件夹（${QUARANTINE_DIR}/）：它与其记录不符（已损坏）或当时未被任何材料引用，已拒绝打开；请从备份恢复或重新上传` }),
    );
    // a file that is nowhere stays NOT_FOUND
    expect(() => store.read('e'.repeat(64))).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});
