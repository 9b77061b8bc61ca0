// The safe zip reader's look at an entry's first bytes (a backup's database header stops a bomb of
// zeros there), the same refusals for an archive held in memory as for a file, and the characters a shown
// name replaces: C0 and C1 controls and DEL (U+0000–001F, U+007F–009F) and Unicode's bidirectional
// formatting characters (U+200E, U+200F, U+202A–202E, U+2066–2069), and nothing next to them.
import { statSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SafeArchive, shownName, type ArchiveLimits } from '../../../main/backup/archive';
import { DeskError } from '../../../main/domain/errors';
import { tempDir } from '../../helpers';
import { deflated, deflatedZeros, writeCraftedZip, type CraftedEntry } from './craftZip';

const MiB = 1024 * 1024;
const LIMITS: ArchiveLimits = { maxEntryBytes: 128 * MiB, maxTotalBytes: 128 * MiB, maxEntries: 4 };
const spec = { label: '测试归档', allowed: () => true, limits: LIMITS };

function craft(entries: CraftedEntry[]): string {
  const file = join(tempDir(), 'a.zip');
  writeCraftedZip(file, entries);
  return file;
}

async function withArchive<T>(entries: CraftedEntry[], work: (a: SafeArchive) => Promise<T>): Promise<T> {
  const archive = await SafeArchive.open(craft(entries), spec);
  try {
    return await work(archive);
  } finally {
    archive.close();
  }
}

describe('the look at an entry’s first bytes', () => {
  it('is given exactly the first bytes asked for, once, and the whole entry still streams', async () => {
    const text = Buffer.from('0123456789abcdefghijklmnopqrstuvwxyz'.repeat(100));
    for (const entry of [{ name: 'd.txt', deflated: deflated(text) }, { name: 's.txt', stored: text }]) {
      const seen: string[] = [];
      const to = join(tempDir(), 'out');
      const result = await withArchive([entry], (a) => a.stream(a.entries.get(entry.name)!, { to, head: { bytes: 10, check: (h) => void seen.push(h.toString()) } }));
      expect(seen).toEqual(['0123456789']);
      expect(result.size).toBe(text.length);
      expect(readFileSync(to).equals(text)).toBe(true);
    }
  });

  it('is given a shorter entry whole, once, when it ends', async () => {
    const seen: string[] = [];
    await withArchive([{ name: 'short.txt', stored: Buffer.from('abcd') }], (a) => a.stream(a.entries.get('short.txt')!, { head: { bytes: 100, check: (h) => void seen.push(h.toString()) } }));
    expect(seen).toEqual(['abcd']);
    const empty: string[] = [];
    await withArchive([{ name: 'empty.txt', stored: Buffer.alloc(0) }], (a) => a.stream(a.entries.get('empty.txt')!, { head: { bytes: 100, check: (h) => void empty.push(h.toString()) } }));
    expect(empty).toEqual(['']);
  });

  it('stops the entry where it refuses: of 64 MiB, little more than the first chunk reaches the file', async () => {
    const to = join(tempDir(), 'out');
    const refusal = new DeskError('ARCHIVE_INVALID', '不是数据库');
    const outcome = await withArchive([{ name: 'zeros.bin', deflated: deflatedZeros(64) }], (a) =>
      a.stream(a.entries.get('zeros.bin')!, {
        to,
        head: {
          bytes: 100,
          check: () => {
            throw refusal;
          },
        },
      }).catch((e: unknown) => e),
    );
    // the caller's own refusal, as it is
    expect(outcome).toBe(refusal);
    expect(statSync(to).size).toBeLessThan(MiB);
  });

  it('turns an error other than the desk’s own into the entry’s damage', async () => {
    const outcome = await withArchive([{ name: 'a.txt', stored: Buffer.from('abc') }], (a) =>
      a.stream(a.entries.get('a.txt')!, {
        head: {
          bytes: 2,
          check: () => {
            throw new Error('odd');
          },
        },
      }).catch((e: unknown) => e),
    );
    expect(outcome).toMatchObject({ code: 'ARCHIVE_INVALID', message: '测试归档中的“a.txt”已损坏：无法识别的格式错误' });
  });

  it('runs nothing when none is asked for: every byte is counted and hashed', async () => {
    const data = Buffer.from('abc');
    const result = await withArchive([{ name: 'a.txt', deflated: deflated(data) }], (a) => a.stream(a.entries.get('a.txt')!));
    expect(result).toEqual({ size: 3, sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' }); // SHA-256("abc"), FIPS 180-2
  });
});

describe('an archive held in memory is held to the same rules as a file', () => {
  const fromBuffer = (entries: CraftedEntry[], limits = LIMITS) => SafeArchive.fromBuffer(readFileSync(craft(entries)), { ...spec, limits });

  it('refuses a backslash, an absolute name and a name climbing out', async () => {
    for (const [name, shown] of [
      ['xl\\evil.xml', 'xl\\evil.xml'],
      ['/etc/evil', '/etc/evil'],
      ['../evil.xml', '../evil.xml'],
    ]) {
      await expect(fromBuffer([{ name: name!, stored: Buffer.from('x') }])).rejects.toMatchObject({
        code: 'ARCHIVE_INVALID',
        message: `测试归档中含有不允许的文件名：“${shown}”（文件名不安全（含反斜杠、绝对路径或“..”），可能是路径穿越），已拒绝，未写入任何文件`,
      });
    }
  });

  it('stops inflating an entry that lies about its size', async () => {
    const archive = await fromBuffer([{ name: 'liar.bin', deflated: deflatedZeros(8), declaredSize: 1000 }]);
    try {
      await expect(archive.stream(archive.entries.get('liar.bin')!)).rejects.toMatchObject({ message: '测试归档中的“liar.bin”解压后超过了声明的大小（可能是压缩炸弹），已停止解压' });
    } finally {
      archive.close();
    }
  });

  it('refuses an encrypted entry, and one over the per-entry limit', async () => {
    await expect(fromBuffer([{ name: 'secret.xml', stored: Buffer.alloc(13), declaredSize: 1, flags: 0x0001 }])).rejects.toMatchObject({ message: '测试归档中的“secret.xml”被加密，无法读取' });
    await expect(fromBuffer([{ name: 'big.xml', deflated: deflatedZeros(2) }], { ...LIMITS, maxEntryBytes: MiB })).rejects.toMatchObject({
      message: `测试归档中的“big.xml”解压后有 ${2 * MiB} 字节，超过单个文件的上限 ${MiB} 字节（可能是压缩炸弹），已拒绝，未解压`,
    });
  });
});

describe('a name the reader refuses while listing', () => {
  it('is shown whole, a line break in it replaced, not cut at the break', async () => {
    await expect(SafeArchive.open(craft([{ name: '/etc/a\nb', stored: Buffer.from('x') }]), spec)).rejects.toMatchObject({
      message: '测试归档中含有不允许的文件名：“/etc/a�b”（文件名不安全（含反斜杠、绝对路径或“..”），可能是路径穿越），已拒绝，未写入任何文件',
    });
  });
});

describe('characters a shown name replaces', () => {
  it('replaces the controls, invisible and bidirectional formatting characters at both ends of each range', () => {
    const replaced = ['\u0000', '\u001f', '\u007f', '\u0080', '\u009f', '\u00ad', '\u200b', '\u200f', '\u2028', '\u202e', '\u2060', '\u2064', '\u2066', '\u2069', '\ufeff'];
    for (const c of replaced) expect(shownName(`a${c}b`), `U+${c.codePointAt(0)!.toString(16)}`).toBe('a�b');
  });

  it('keeps the characters next to them', () => {
    const kept = [' ', '~', '\u00a0', '\u00ac', '\u00ae', '\u200a', '\u2010', '\u2027', '\u202f', '\u205f', '\u2065', '\u206a', '\ufefe', '\uff01', '备'];
    for (const c of kept) expect(shownName(`a${c}b`), `U+${c.codePointAt(0)!.toString(16)}`).toBe(`a${c}b`);
  });
});
