// Owner-only modes without touching the umask (folderModes.test.ts does that, in its own process): a
// folder or file another user could read is tightened, a missing WAL is no error, other failures are.
import { chmodSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OWNER_DIR_MODE, OWNER_FILE_MODE, ownerOnlyDir, ownerOnlyFile } from '../../../main/files/ownerOnly';
import { tempDir } from '../../helpers';

const modeOf = (p: string) => statSync(p).mode & 0o777;

describe.skipIf(process.platform === 'win32')('owner-only folders and files', () => {
  it('are 0700 and 0600', () => {
    expect(OWNER_DIR_MODE).toBe(0o700);
    expect(OWNER_FILE_MODE).toBe(0o600);
  });

  it('creates a missing folder and its parents, and the folder itself for its owner only', () => {
    const dir = join(tempDir(), 'a', 'b', 'data');
    ownerOnlyDir(dir);
    expect(statSync(dir).isDirectory()).toBe(true);
    expect(modeOf(dir)).toBe(0o700);
  });

  it('tightens a folder an earlier version left readable by everyone', () => {
    const dir = join(tempDir(), 'data');
    mkdirSync(dir);
    chmodSync(dir, 0o777);
    ownerOnlyDir(dir);
    expect(modeOf(dir)).toBe(0o700);
  });

  it('tightens a file readable by everyone to 0600', () => {
    const file = join(tempDir(), 'beian-desk.db');
    writeFileSync(file, 'x');
    chmodSync(file, 0o666);
    ownerOnlyFile(file);
    expect(modeOf(file)).toBe(0o600);
  });

  it('passes over a file that is not there yet (a WAL not yet created), without creating it', () => {
    const file = join(tempDir(), 'beian-desk.db-wal');
    expect(() => ownerOnlyFile(file)).not.toThrow();
    expect(existsSync(file)).toBe(false);
  });

  it('reports any other failure: the mode of personal data must not silently stay open', () => {
    const notAFolder = join(tempDir(), 'file');
    writeFileSync(notAFolder, 'x');
    expect(() => ownerOnlyFile(join(notAFolder, 'beian-desk.db'))).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
  });
});
