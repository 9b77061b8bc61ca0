// The safe zip reader shared by backup restore and transfer import, against hand-made hostile archives.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SafeArchive, type ArchiveLimits } from '../../../main/backup/archive';
import { tempDir } from '../../helpers';
import { deflated, deflatedZeros, peakBufferGrowth, writeCraftedZip, type CraftedEntry } from './craftZip';

const LIMITS: ArchiveLimits = { maxEntryBytes: 1024 * 1024, maxTotalBytes: 3 * 1024 * 1024, maxEntries: 4 };
const spec = (allowed: (n: string) => boolean = () => true, limits = LIMITS) => ({ label: '测试归档', allowed, limits });
const MiB = 1024 * 1024;

function craft(entries: CraftedEntry[]): string {
  const file = join(tempDir(), 'a.zip');
  writeCraftedZip(file, entries);
  return file;
}

// What yauzl and zlib say in English must never reach the operator.
const ENGLISH = /stream|expected|invalid|signature|overflow|bytes in|compression method|EOF|fileName|relative path/i;

describe('safe zip reader', () => {
  it('refuses, while listing, an entry that declares more than the per-entry limit', async () => {
    const file = craft([{ name: 'big.bin', deflated: deflatedZeros(2) }]);
    const err = await SafeArchive.open(file, spec()).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ARCHIVE_INVALID', message: expect.stringContaining('“big.bin”解压后有 2097152 字节，超过单个文件的上限 1048576 字节') });
  });

  it('refuses entries whose declared sizes add up to more than the total limit', async () => {
    const mib = deflatedZeros(1);
    const file = craft([1, 2, 3, 4].map((i) => ({ name: `part${i}.bin`, deflated: mib })));
    await expect(SafeArchive.open(file, spec())).rejects.toMatchObject({ message: expect.stringContaining('解压后的总大小超过上限 3145728 字节') });
  });

  it('refuses more entries than the limit', async () => {
    const file = craft([1, 2, 3, 4, 5].map((i) => ({ name: `n${i}.txt`, stored: Buffer.from('x') })));
    await expect(SafeArchive.open(file, spec())).rejects.toMatchObject({ message: expect.stringContaining('文件数量超过上限 4 个') });
  });

  it('refuses a well-formed name the caller does not allow, and a name given twice', async () => {
    const unlisted = craft([{ name: 'manifest.json', stored: Buffer.from('{}') }, { name: 'notes.txt', stored: Buffer.from('x') }]);
    await expect(SafeArchive.open(unlisted, spec((n) => n === 'manifest.json'))).rejects.toMatchObject({ message: expect.stringContaining('不允许的文件名：“notes.txt”') });
    const twice = craft([{ name: 'a.txt', stored: Buffer.from('1') }, { name: 'a.txt', stored: Buffer.from('2') }]);
    await expect(SafeArchive.open(twice, spec())).rejects.toMatchObject({ message: expect.stringContaining('“a.txt”出现了两次') });
  });

  it('stops inflating an entry that lies about its size as soon as it passes the declared size', async () => {
    // declares 1000 bytes, inflates to 64 MiB of zeros
    const file = craft([{ name: 'liar.bin', deflated: deflatedZeros(64), declaredSize: 1000 }]);
    const archive = await SafeArchive.open(file, spec());
    try {
      const entry = archive.entries.get('liar.bin')!;
      const { outcome, peakBytes } = await peakBufferGrowth(() => archive.stream(entry));
      expect(outcome).toMatchObject({ status: 'rejected', reason: { code: 'ARCHIVE_INVALID', message: '测试归档中的“liar.bin”解压后超过了声明的大小（可能是压缩炸弹），已停止解压' } });
      expect(peakBytes).toBeLessThan(8 * MiB);
      await expect(archive.read(entry, 2000)).rejects.toMatchObject({ message: expect.stringContaining('超过了声明的大小') });
    } finally {
      archive.close();
    }
  });

  it('streams a large honest entry with its hash while holding only a few chunks in memory', async () => {
    const bomb = deflatedZeros(128);
    const file = craft([{ name: 'zeros.bin', deflated: bomb }]);
    const archive = await SafeArchive.open(file, spec(() => true, { ...LIMITS, maxEntryBytes: 128 * MiB, maxTotalBytes: 128 * MiB }));
    try {
      const { outcome, peakBytes } = await peakBufferGrowth(() => archive.stream(archive.entries.get('zeros.bin')!));
      expect(outcome).toMatchObject({ status: 'fulfilled', value: { size: 128 * MiB } });
      // Collected garbage lags behind, so allow some: reading it whole would hold 128 MiB at least.
      expect(peakBytes).toBeLessThan(48 * MiB);
    } finally {
      archive.close();
    }
  });

  it('refuses unread an entry whose size differs from the expected one, or exceeds what may be read into memory', async () => {
    const file = craft([{ name: 'm.json', deflated: deflated(Buffer.from('{"a":1}')) }]);
    const archive = await SafeArchive.open(file, spec());
    try {
      const entry = archive.entries.get('m.json')!;
      await expect(archive.stream(entry, { expectedSize: 3 })).rejects.toMatchObject({ message: '测试归档中的“m.json”大小与清单不符（清单 3 字节，归档声明 7 字节），已拒绝，未解压' });
      await expect(archive.read(entry, 6)).rejects.toMatchObject({ message: expect.stringContaining('超过此类文件的上限 6 字节') });
      expect((await archive.read(entry, 7)).data.toString()).toBe('{"a":1}');
      // read into memory, an entry is held to the size the caller expects as well
      await expect(archive.read(entry, 7, 3)).rejects.toMatchObject({ message: '测试归档中的“m.json”大小与清单不符（清单 3 字节，归档声明 7 字节），已拒绝，未解压' });
      expect((await archive.read(entry, 7, 7)).data.toString()).toBe('{"a":1}');
    } finally {
      archive.close();
    }
  });

  it('says in Chinese what is wrong, naming the entry, where yauzl and zlib answer in English', async () => {
    const dir = tempDir();
    const cases: [string, () => string, RegExp][] = [
      ['not a zip', () => (writeFileSync(join(dir, 'n.zip'), 'plain text'), join(dir, 'n.zip')), /^测试归档不是有效的归档文件：找不到 zip 目录/],
      ['path traversal', () => craft([{ name: '../evil.txt', stored: Buffer.from('x') }]), /不允许的文件名：“\.\.\/evil\.txt”（文件名不安全/],
      ['absolute path', () => craft([{ name: '/etc/evil', stored: Buffer.from('x') }]), /不允许的文件名：“\/etc\/evil”/],
      ['stored sizes disagree', () => craft([{ name: 's.bin', stored: Buffer.from('abc'), declaredSize: 9 }]), /已损坏：未压缩条目的两个大小字段不一致/],
    ];
    for (const [what, make, expected] of cases) {
      const err = (await SafeArchive.open(make(), spec()).catch((e: unknown) => e)) as Error;
      expect(err.message, what).toMatch(expected);
      expect(err.message, what).not.toMatch(ENGLISH);
    }
    const readCases: [string, CraftedEntry, RegExp][] = [
      ['unsupported method', { name: 'b.bz2', stored: Buffer.from('BZh9'), method: 12 }, /“b\.bz2”无法读取：使用了不支持的压缩方式/],
      ['broken deflate', { name: 'd.bin', deflated: { data: Buffer.from([0xff, 0xff, 0xff, 0xff]), size: 10 } }, /“d\.bin”已损坏：压缩数据已损坏/],
      ['short deflate', { name: 'short.bin', deflated: deflated(Buffer.from('短')), declaredSize: 50 }, /“short\.bin”解压后不足声明的大小/],
    ];
    for (const [what, entry, expected] of readCases) {
      const archive = await SafeArchive.open(craft([entry]), spec());
      try {
        const err = (await archive.stream(archive.entries.get(entry.name)!).catch((e: unknown) => e)) as Error;
        expect(err.message, what).toMatch(expected);
        expect(err.message, what).not.toMatch(ENGLISH);
      } finally {
        archive.close();
      }
    }
  });
});
