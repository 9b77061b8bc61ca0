// keyring.json: the random data key, wrapped by a key derived from the passphrase (scrypt) and, in the
// desktop app, also by the operating system's key store (Electron safeStorage). Changing the passphrase
// re-wraps this one key; no data is rewritten.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DeskError } from '../domain/errors';
import { writeFileAtomic, writeNewFileAtomic } from '../files/atomicWrite';
import { KEYRING_FILE } from './keyringFile';
import { KDF_LIMITS, passphraseKey, passphraseKeyOffThread } from './passphraseKey';

export { KEYRING_FILE };
export const MIN_PASSPHRASE = 8;
const DEFAULT_LOG2N = 17;

const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
const keyringSchema = z.object({
  format: z.literal(1),
  createdAt: z.string(),
  check: z.string().regex(/^[0-9a-f]{32}$/),
  passphrase: z.object({
    kdf: z.literal('scrypt'),
    log2n: z.number().int().min(KDF_LIMITS.log2n[0]).max(KDF_LIMITS.log2n[1]),
    r: z.number().int().min(KDF_LIMITS.r[0]).max(KDF_LIMITS.r[1]),
    p: z.number().int().min(KDF_LIMITS.p[0]).max(KDF_LIMITS.p[1]),
    salt: b64,
    iv: b64,
    data: b64,
    tag: b64,
  }),
  os: z.object({ wrapped: z.string() }).optional(),
});
export type Keyring = z.infer<typeof keyringSchema>;

/** Work factor for new keyrings: 2^17 by default; BEIAN_DESK_KDF_LOG2N lowers it for tests (never below 2^12). */
export function kdfLog2n(env: NodeJS.ProcessEnv = process.env): number {
  const v = Number(env.BEIAN_DESK_KDF_LOG2N);
  return Number.isInteger(v) && v >= 12 && v <= 20 ? v : DEFAULT_LOG2N;
}

function kek(passphrase: string, p: Keyring['passphrase'] | { log2n: number; r: number; p: number; salt: string }): Buffer {
  return passphraseKey(passphrase, Buffer.from(p.salt, 'base64'), p.log2n, p.r, p.p);
}

export const keyCheck = (dataKey: Buffer) => createHmac('sha256', dataKey).update('beian-desk/key-check').digest('hex').slice(0, 32);

export function checkPassphraseStrength(passphrase: string): void {
  if (passphrase.length < MIN_PASSPHRASE) {
    throw new DeskError('VALIDATION', `密码至少 ${MIN_PASSPHRASE} 个字符`, [{ path: ['passphrase'], message: `密码至少 ${MIN_PASSPHRASE} 个字符` }]);
  }
}

export function wrapWithPassphrase(dataKey: Buffer, passphrase: string, log2n = kdfLog2n()): Keyring['passphrase'] {
  checkPassphraseStrength(passphrase);
  const params = { log2n, r: 8, p: 1, salt: randomBytes(16).toString('base64') };
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', kek(passphrase, params), iv);
  const data = Buffer.concat([c.update(dataKey), c.final()]);
  return { kdf: 'scrypt', ...params, iv: iv.toString('base64'), data: data.toString('base64'), tag: c.getAuthTag().toString('base64') };
}

const wrongPassphrase = () => new DeskError('WRONG_PASSPHRASE', '密码不正确', [{ path: ['passphrase'], message: '密码不正确' }]);

/** The data key the keyring holds, opened with the key derived from the passphrase (wiped after). */
function openDataKey(k: Keyring, passphraseKek: Buffer): Buffer {
  try {
    const d = createDecipheriv('aes-256-gcm', passphraseKek, Buffer.from(k.passphrase.iv, 'base64'));
    d.setAuthTag(Buffer.from(k.passphrase.tag, 'base64'));
    const key = Buffer.concat([d.update(Buffer.from(k.passphrase.data, 'base64')), d.final()]);
    // Stryker disable next-line StringLiteral: the message is caught two lines below and replaced by WRONG_PASSPHRASE
    if (keyCheck(key) !== k.check) throw new Error('check');
    return key;
  } catch {
    throw wrongPassphrase();
  } finally {
    passphraseKek.fill(0);
  }
}

export function unwrapWithPassphrase(k: Keyring, passphrase: string): Buffer {
  let derived: Buffer;
  try {
    derived = kek(passphrase, k.passphrase);
  } catch {
    throw wrongPassphrase();
  }
  return openDataKey(k, derived);
}

/** unwrapWithPassphrase with the key derived off the main thread (passphraseKeyOffThread): what an unlock uses. */
export async function unwrapWithPassphraseOffThread(k: Keyring, passphrase: string): Promise<Buffer> {
  let derived: Buffer;
  try {
    derived = await passphraseKeyOffThread(passphrase, Buffer.from(k.passphrase.salt, 'base64'), k.passphrase.log2n, k.passphrase.r, k.passphrase.p);
  } catch {
    throw wrongPassphrase();
  }
  return openDataKey(k, derived);
}

export function newKeyring(passphrase: string, log2n = kdfLog2n()): { keyring: Keyring; dataKey: Buffer } {
  const dataKey = randomBytes(32);
  return { dataKey, keyring: { format: 1, createdAt: new Date().toISOString(), check: keyCheck(dataKey), passphrase: wrapWithPassphrase(dataKey, passphrase, log2n) } };
}

export function readKeyring(dataDir: string): Keyring | null {
  const file = join(dataDir, KEYRING_FILE);
  if (!existsSync(file)) return null;
  let raw: unknown;
  try {
    // Stryker disable next-line StringLiteral: without the encoding JSON.parse gets a Buffer and decodes it as UTF-8 itself
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new DeskError('KEYRING_CORRUPT', `密钥文件 ${file} 无法读取；请从备份恢复（没有它，加密的数据无法解开）`);
  }
  const parsed = keyringSchema.safeParse(raw);
  if (!parsed.success) throw new DeskError('KEYRING_CORRUPT', `密钥文件 ${file} 格式不正确；请从备份恢复`);
  return parsed.data;
}

export function writeKeyring(dataDir: string, k: Keyring): void {
  writeFileAtomic(join(dataDir, KEYRING_FILE), keyringText(k));
}

/**
 * The first keyring of a data folder, only where there is none: false when one is there, even one another set-up
 * (a second tab, the CLI on the same folder) wrote since this one looked — it must not be replaced, as the key
 * it wraps may already seal data and its passphrase has been told to an operator as the one that opens the desk.
 */
export function writeFirstKeyring(dataDir: string, k: Keyring): boolean {
  return writeNewFileAtomic([join(dataDir, KEYRING_FILE)], keyringText(k)) !== null;
}

const keyringText = (k: Keyring) => `${JSON.stringify(k, null, 2)}\n`;
