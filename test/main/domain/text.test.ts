// A material's file name as stored: cut by bytes in its stem, its extension kept, never inside a character.
import { describe, expect, it } from 'vitest';
import { cleanFileName } from '../../../main/domain/text';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

describe('cleanFileName', () => {
  it('cuts a long name in its stem, keeping the extension and whole characters (an emoji at the cut left half a surrogate pair)', () => {
    const name = `${'深圳市星河示例科技有限公司'.repeat(16).slice(0, 199)}😀副本.png`;
    const cleaned = cleanFileName(name);
    expect(cleaned.endsWith('.png')).toBe(true);
    expect(cleaned).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    expect(bytes(cleaned)).toBeLessThanOrEqual(200);
    expect(bytes(cleaned)).toBeGreaterThan(195);
    expect(name.startsWith(cleaned.slice(0, -4))).toBe(true);
    // the cut falls on the emoji: its four bytes do not fit, and none of it stays
    const atEmoji = `${'a'.repeat(195)}😀bc.jpg`;
    expect(cleanFileName(atEmoji)).toBe(`${'a'.repeat(195)}.jpg`);
  });

  it('keeps a short name as it is, and cuts a name without an extension by bytes alone', () => {
    expect(cleanFileName('营业执照.pdf')).toBe('营业执照.pdf');
    expect(cleanFileName('C:\\scans\\身份证正面.JPG')).toBe('身份证正面.JPG');
    const long = '张'.repeat(100);
    expect(cleanFileName(long)).toBe('张'.repeat(66));
    // a "extension" of more than nine characters after the dot is part of the stem
    expect(cleanFileName(`${'b'.repeat(250)}.verylongextension`)).toBe('b'.repeat(200));
  });

  it('still takes out folders, invisible and reserved characters, and leading dots', () => {
    expect(cleanFileName('../../.照片\u202Egpj.exe')).toBe('照片_gpj.exe');
    expect(cleanFileName('a<b>:c"d|e?f*.png')).toBe('a_b__c_d_e_f_.png');
    expect(cleanFileName('...')).toBe('未命名文件');
  });
});
