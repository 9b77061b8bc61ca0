// AES-256-GCM for personal fields and HMAC-SHA-256 lookup keys, from one random data key.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { DeskError } from '../domain/errors';
import { normalizeSensitive, type SensitiveCodec, type SensitiveKind } from '../db/sensitive';

export interface DerivedKeys {
  field: Buffer;
  index: Buffer;
  file: Buffer;
}

const derive = (dataKey: Buffer, purpose: string) => Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), `beian-desk/${purpose}/v1`, 32));

export function deriveKeys(dataKey: Buffer): DerivedKeys {
  if (dataKey.length !== 32) throw new Error('data key must be 32 bytes');
  return { field: derive(dataKey, 'field'), index: derive(dataKey, 'index'), file: derive(dataKey, 'file') };
}

const PREFIX = 'v1:';

/** Sealed text: "v1:" + base64(iv ‖ ciphertext ‖ tag); the kind is authenticated so values cannot be swapped across columns. */
export function sealField(key: Buffer, kind: SensitiveKind, value: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(Buffer.from(kind));
  // Stryker disable next-line StringLiteral: the cipher reads a string with an empty encoding as UTF-8 too (same bytes)
  const body = Buffer.concat([c.update(value, 'utf8'), c.final()]);
  return PREFIX + Buffer.concat([iv, body, c.getAuthTag()]).toString('base64');
}

// the associated data of each kind, made once (setAAD copies it)
const aads = new Map<string, Buffer>();
function aadOf(kind: SensitiveKind): Buffer {
  let a = aads.get(kind);
  // Stryker disable next-line ConditionalExpression: making it again gives the same bytes (a memo)
  if (!a) aads.set(kind, (a = Buffer.from(kind)));
  return a;
}

export function openField(key: Buffer, kind: SensitiveKind, sealed: string): string {
  if (!sealed.startsWith(PREFIX)) throw new DeskError('DATA_TAMPERED', '加密字段格式不正确：数据可能已损坏');
  const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64');
  if (raw.length < 28) throw new DeskError('DATA_TAMPERED', '加密字段长度不正确：数据可能已损坏');
  try {
    const d = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    d.setAAD(aadOf(kind));
    d.setAuthTag(raw.subarray(raw.length - 16));
    // GCM is a stream mode: final() only checks the tag and gives no bytes (check-all opens every field of every client)
    const clear = d.update(raw.subarray(12, raw.length - 16));
    d.final();
    return clear.toString('utf8');
  } catch {
    throw new DeskError('DATA_TAMPERED', '加密字段校验失败：数据已被篡改或密钥不匹配');
  }
}

export function indexKey(key: Buffer, kind: SensitiveKind, value: string): string {
  return createHmac('sha256', key).update(`${kind}\u0000${normalizeSensitive(kind, value)}`).digest('hex');
}

export function encryptedCodec(keys: DerivedKeys): SensitiveCodec {
  return {
    seal: (kind, value) => sealField(keys.field, kind, value),
    open: (kind, sealed) => openField(keys.field, kind, sealed),
    index: (kind, value) => indexKey(keys.index, kind, value),
  };
}
