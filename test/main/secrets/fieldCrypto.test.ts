// Personal fields sealed with AES-256-GCM: what opens, and what is refused as DATA_TAMPERED with which
// words — a value from another column, a changed character, a wrong key, a cut-short or unprefixed value.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deriveKeys, encryptedCodec, indexKey, openField, sealField } from '../../../main/secrets/fieldCrypto';

const key = randomBytes(32);
const tampered = (message: string) => expect.objectContaining({ code: 'DATA_TAMPERED', message });

describe('sealed fields', () => {
  it('open to what was sealed, and differ each time for the same value', () => {
    const a = sealField(key, 'cert', '110101199003071234');
    const b = sealField(key, 'cert', '110101199003071234');
    expect(a).toMatch(/^v1:[A-Za-z0-9+/]+=*$/);
    expect(a).not.toBe(b);
    expect(openField(key, 'cert', a)).toBe('110101199003071234');
    expect(openField(key, 'mobile', sealField(key, 'mobile', '13800138000'))).toBe('13800138000');
    expect(openField(key, 'email', sealField(key, 'email', ''))).toBe('');
  });

  it('refuse a value sealed for another column (an ID number moved into the mobile column)', () => {
    expect(() => openField(key, 'mobile', sealField(key, 'cert', '110101199003071234'))).toThrow(tampered('加密字段校验失败：数据已被篡改或密钥不匹配'));
  });

  it('refuse a changed character, a changed tag, and another key', () => {
    const sealed = sealField(key, 'cert', '110101199003071234');
    const raw = Buffer.from(sealed.slice(3), 'base64');
    for (const at of [0, 12, raw.length - 1]) {
      const changed = Buffer.from(raw);
      changed[at]! ^= 1;
      expect(() => openField(key, 'cert', `v1:${changed.toString('base64')}`), String(at)).toThrow(tampered('加密字段校验失败：数据已被篡改或密钥不匹配'));
    }
    expect(() => openField(randomBytes(32), 'cert', sealed)).toThrow(tampered('加密字段校验失败：数据已被篡改或密钥不匹配'));
  });

  it('refuse a value cut shorter than nonce and tag, saying so', () => {
    const shortest = `v1:${randomBytes(28).toString('base64')}`;
    expect(() => openField(key, 'cert', shortest)).toThrow(tampered('加密字段校验失败：数据已被篡改或密钥不匹配'));
    expect(() => openField(key, 'cert', `v1:${randomBytes(27).toString('base64')}`)).toThrow(tampered('加密字段长度不正确：数据可能已损坏'));
  });

  it('refuse a value without the sealed prefix (plain text written into the column)', () => {
    const sealed = sealField(key, 'cert', '110101199003071234');
    expect(() => openField(key, 'cert', sealed.slice(3))).toThrow(tampered('加密字段格式不正确：数据可能已损坏'));
    expect(() => openField(key, 'cert', 'plain:110101199003071234')).toThrow(tampered('加密字段格式不正确：数据可能已损坏'));
  });
});

describe('derived keys and lookup keys', () => {
  it('derive three different keys from a 32-byte data key, always the same ones', () => {
    const k = deriveKeys(key);
    expect(new Set([k.field, k.index, k.file].map((b) => b.toString('hex'))).size).toBe(3);
    for (const b of [k.field, k.index, k.file]) expect(b).toHaveLength(32);
    expect(deriveKeys(Buffer.from(key))).toEqual(k);
    expect(() => deriveKeys(randomBytes(16))).toThrow('data key must be 32 bytes');
  });

  it('find a number however it was typed, but never across columns or keys', () => {
    const k = deriveKeys(key);
    expect(indexKey(k.index, 'cert', ' 11010119900307123x ')).toBe(indexKey(k.index, 'cert', '11010119900307123X'));
    expect(indexKey(k.index, 'mobile', '138-0013-8000')).toBe(indexKey(k.index, 'mobile', '13800138000'));
    expect(indexKey(k.index, 'email', 'Li@Example.com')).toBe(indexKey(k.index, 'email', 'li@example.com'));
    expect(indexKey(k.index, 'cert', '13800138000')).not.toBe(indexKey(k.index, 'mobile', '13800138000'));
    expect(indexKey(deriveKeys(randomBytes(32)).index, 'mobile', '13800138000')).not.toBe(indexKey(k.index, 'mobile', '13800138000'));
    expect(indexKey(k.index, 'mobile', '13800138000')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('are what the codec uses', () => {
    const k = deriveKeys(key);
    const codec = encryptedCodec(k);
    const sealed = codec.seal('cert', '110101199003071234');
    expect(openField(k.field, 'cert', sealed)).toBe('110101199003071234');
    expect(codec.open('cert', sealField(k.field, 'cert', 'x'))).toBe('x');
    expect(codec.index('cert', 'x')).toBe(indexKey(k.index, 'cert', 'x'));
  });
});
