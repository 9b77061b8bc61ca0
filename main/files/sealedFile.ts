// A material's file as it lies encrypted in the data folder, for carrying it elsewhere unchanged (the move
// of a desk to a team database stores these very bytes as material_chunk rows: the two formats are the
// same header + sealed chunks, secrets/fileCrypto.ts storedPieces).
import { readFileSync } from 'node:fs';
import { DeskError } from '../domain/errors';
import { isEncryptedFile } from '../secrets/fileCrypto';
import type { FileStore } from './store';

/**
 * The encrypted bytes of the file with this SHA-256, after opening it once and checking it against its
 * hash (needs the desk unlocked): a damaged or missing file is refused by name instead of being carried.
 */
export function readSealedFile(files: FileStore, sha256: string, what: string): Buffer {
  if (!/^[0-9a-f]{64}$/.test(sha256) || !files.has(sha256)) {
    throw new DeskError('NOT_FOUND', `${what}的文件不在数据目录的 files/ 中（${sha256.slice(0, 12)}…），无法迁移；请从备份恢复该文件或删除这份材料后重试`);
  }
  try {
    files.read(sha256);
  } catch (err) {
    if (err instanceof DeskError) throw new DeskError(err.code, `${what}：${err.message}`);
    throw err;
  }
  const sealed = readFileSync(files.pathOf(sha256));
  // Stryker disable next-line ConditionalExpression,StringLiteral: files.read above has just opened this file as an encrypted one (a plain file is refused there as FILE_TAMPERED); this guards only a file replaced in between
  if (!isEncryptedFile(sealed)) throw new DeskError('FILE_INVALID', `${what}的文件尚未加密（旧版本数据），请先用数据密码解锁一次桌面后重试`);
  return sealed;
}
