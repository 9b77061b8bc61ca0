// The safe zip reader at its edges: what the operator is told for each thing yauzl, zlib or the file
// system can say, how hostile names are shown, archives held in memory (uploaded workbooks), encrypted
// and backslashed entries, and the file an entry is streamed into.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { archiveReason, SafeArchive, shownName, type ArchiveLimits } from '../../../main/backup/archive';
import { tempDir } from '../../helpers';
import { deflated, writeCraftedZip, type CraftedEntry } from './craftZip';

const LIMITS: ArchiveLimits = { maxEntryBytes: 1024 * 1024, maxTotalBytes: 3 * 1024 * 1024, maxEntries: 4 };
const spec = (allowed: (n: string) => boolean = () => true) => ({ label: '测试归档', allowed, limits: LIMITS });

function craft(entries: CraftedEntry[]): string {
  const file = join(tempDir(), 'a.zip');
  writeCraftedZip(file, entries);
  return file;
}

const errno = (code: string) => Object.assign(new Error(`${code}: something`), { code });

describe('the reason an archive is refused, in the operator’s words', () => {
  // What yauzl and zlib say (their own message texts), and what the operator reads instead.
  const said: [string, string][] = [
    ['End of central directory record signature not found. Either not a zip file, or file is truncated.', '找不到 zip 目录（不是 zip 归档，或文件被截断）'],
    ['Invalid comment length. Expected: 3. Found: 0. Are there extra bytes at the end of the file? Or is the end of central dir signature `PK☺☻` in the comment?', '文件末尾有多余的数据或注释长度不符（文件被截断或拼接过）'],
    ['multi-disk zip files are not supported: found disk number: 1', '不支持分卷归档'],
    ["zip file too large. only file sizes up to 2^52 are supported due to JavaScript's Number type being an IEEE 754 double.", '归档过大，无法读取'],
    ['zip64 extended information extra field does not include uncompressed size', 'zip64 扩展信息不完整'],
    ['invalid zip64 end of central directory record signature', '归档目录已损坏'],
    ['invalid central directory file header signature: 0x0', '归档目录已损坏'],
    ['invalid local file header signature: 0x0', '归档目录已损坏'],
    ['strong encryption is not supported', '条目被加密，无法读取'],
    ['entry is encrypted, and options.decodeFileData !== false', '条目被加密，无法读取'],
    ['compressed/uncompressed size mismatch for stored file: 3 != 9', '未压缩条目的两个大小字段不一致'],
    ['unsupported compression method: 12', '使用了不支持的压缩方式'],
    ['file data overflows file bounds: 30 + 100 > 50', '数据超出了文件末尾（文件被截断）'],
    ['too many bytes in the stream. expected 1000. got at least 16384', '解压后超过了声明的大小（可能是压缩炸弹），已停止解压'],
    ['not enough bytes in the stream. expected 50. got only 3', '解压后不足声明的大小（数据被截断）'],
    ['unexpected EOF', '文件意外结束（被截断）'],
    ['unexpected end of file', '文件意外结束（被截断）'],
    ['invalid block type', '压缩数据已损坏'],
    ['invalid distance too far back', '压缩数据已损坏'],
    ['invalid stored block lengths', '压缩数据已损坏'],
    ['invalid code lengths set', '压缩数据已损坏'],
    ['invalid literal/lengths set', '压缩数据已损坏'],
    ['invalid bit length repeat', '压缩数据已损坏'],
    ['incorrect header check', '压缩数据已损坏'],
    ['too many length or distance symbols', '压缩数据已损坏'],
    ['invalid code -- missing end-of-block', '压缩数据已损坏'],
    ['invalid characters in fileName: a\\b', '文件名不安全（含反斜杠、绝对路径或“..”）'],
    ['absolute path: /etc/passwd', '文件名不安全（含反斜杠、绝对路径或“..”）'],
    ['invalid relative path: ../x', '文件名不安全（含反斜杠、绝对路径或“..”）'],
  ];
  for (const [message, reason] of said) {
    it(`“${message.slice(0, 60)}” → ${reason}`, () => {
      expect(archiveReason(new Error(message))).toBe(reason);
    });
  }

  it('names missing files, missing permission and folders, and says so when it does not know', () => {
    expect(archiveReason(errno('ENOENT'))).toBe('文件不存在');
    expect(archiveReason(errno('EACCES'))).toBe('没有读取权限');
    expect(archiveReason(errno('EPERM'))).toBe('没有读取权限');
    expect(archiveReason(errno('EISDIR'))).toBe('这是一个文件夹，不是文件');
    expect(archiveReason(errno('EMFILE'))).toBe('无法识别的格式错误');
    expect(archiveReason('unexpected EOF')).toBe('文件意外结束（被截断）');
    expect(archiveReason(undefined)).toBe('无法识别的格式错误');
  });

  it('refuses a file that is not there or is a folder, naming the archive', async () => {
    const dir = tempDir();
    await expect(SafeArchive.open(join(dir, 'none.zip'), spec())).rejects.toMatchObject({ code: 'ARCHIVE_INVALID', message: '测试归档不是有效的归档文件：文件不存在' });
    mkdirSync(join(dir, 'folder.zip'));
    await expect(SafeArchive.open(join(dir, 'folder.zip'), spec())).rejects.toMatchObject({ code: 'ARCHIVE_INVALID', message: '测试归档不是有效的归档文件：这是一个文件夹，不是文件' });
  });
});

describe('names as shown to the operator', () => {
  it('replaces control and direction-changing characters, so a name cannot disguise itself', () => {
    expect(shownName('invoice\u202Efdp.exe')).toBe('invoice�fdp.exe');
    expect(shownName('a\u0000b\nc\u007fd\u0085e\u200ef\u2066g')).toBe('a�b�c�d�e�f�g');
    expect(shownName('营业执照.jpg')).toBe('营业执照.jpg');
  });

  it('cuts a name longer than 120 characters', () => {
    expect(shownName('x'.repeat(120))).toBe('x'.repeat(120));
    expect(shownName('x'.repeat(121))).toBe(`${'x'.repeat(120)}…`);
  });

  it('is what a refusal names', async () => {
    const file = craft([{ name: `notes\u202Etxt.exe`, stored: Buffer.from('x') }]);
    await expect(SafeArchive.open(file, spec((n) => n === 'manifest.json'))).rejects.toMatchObject({ message: '测试归档中含有不允许的文件名：“notes�txt.exe”（不属于此类文件），已拒绝，未写入任何文件' });
  });
});

describe('entries the reader refuses or passes over', () => {
  it('refuses a backslash in a name rather than reading it as a folder separator', async () => {
    const file = craft([{ name: 'dir\\x.txt', stored: Buffer.from('x') }]);
    await expect(SafeArchive.open(file, spec())).rejects.toMatchObject({ code: 'ARCHIVE_INVALID', message: expect.stringMatching(/^测试归档中含有不允许的文件名：“dir\\x\.txt”（文件名不安全（含反斜杠、绝对路径或“\.\.”），可能是路径穿越），已拒绝，未写入任何文件$/) });
  });

  it('refuses an encrypted entry while listing', async () => {
    // traditional encryption: a 12-byte header before the data
    const file = craft([{ name: 'secret.txt', stored: Buffer.alloc(13), declaredSize: 1, flags: 0x0001 }]);
    await expect(SafeArchive.open(file, spec())).rejects.toMatchObject({ code: 'ARCHIVE_INVALID', message: '测试归档中的“secret.txt”被加密，无法读取' });
  });

  it('passes over folder entries: they are neither checked against the names nor counted', async () => {
    const file = craft([{ name: 'files/', stored: Buffer.alloc(0) }, { name: 'files/ab/', stored: Buffer.alloc(0) }, { name: 'a.txt', stored: Buffer.from('a') }]);
    const archive = await SafeArchive.open(file, { label: '测试归档', allowed: (n) => n === 'a.txt', limits: { ...LIMITS, maxEntries: 1 } });
    try {
      expect([...archive.entries.keys()]).toEqual(['a.txt']);
    } finally {
      archive.close();
    }
  });

  it('allows exactly the entry limit, and a total exactly at its limit', async () => {
    const file = craft([1, 2, 3].map((i) => ({ name: `n${i}.txt`, stored: Buffer.from('12345') })));
    const archive = await SafeArchive.open(file, { label: '测试归档', allowed: () => true, limits: { maxEntryBytes: 5, maxTotalBytes: 15, maxEntries: 3 } });
    expect(archive.entries.size).toBe(3);
    archive.close();
  });
});

describe('an archive held in memory (an uploaded workbook)', () => {
  it('is listed and read under the same names and limits', async () => {
    const data = readFileSync(craft([{ name: 'xl/workbook.xml', deflated: deflated(Buffer.from('<workbook/>')) }]));
    const archive = await SafeArchive.fromBuffer(data, spec((n) => n.startsWith('xl/')));
    try {
      const { data: read, sha256 } = await archive.read(archive.entries.get('xl/workbook.xml')!, 100);
      expect(read.toString()).toBe('<workbook/>');
      expect(sha256).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      archive.close();
    }
    const odd = readFileSync(craft([{ name: 'xl/workbook.xml', stored: Buffer.from('x') }, { name: 'macro.bin', stored: Buffer.from('x') }]));
    await expect(SafeArchive.fromBuffer(odd, spec((n) => n.startsWith('xl/')))).rejects.toMatchObject({ code: 'ARCHIVE_INVALID', message: expect.stringContaining('不允许的文件名：“macro.bin”') });
  });

  it('refuses bytes that are not a zip, in Chinese', async () => {
    await expect(SafeArchive.fromBuffer(Buffer.from('plain text, not a workbook'), spec())).rejects.toMatchObject({ code: 'ARCHIVE_INVALID', message: '测试归档不是有效的归档文件：找不到 zip 目录（不是 zip 归档，或文件被截断）' });
  });
});

describe('an entry streamed into a file', () => {
  it('is written whole, owner-only, with its size and hash', async () => {
    const file = craft([{ name: 'keyring.json', deflated: deflated(Buffer.from('{"format":1}')) }]);
    const archive = await SafeArchive.open(file, spec());
    const to = join(tempDir(), 'keyring.json');
    try {
      const result = await archive.stream(archive.entries.get('keyring.json')!, { to });
      expect(result).toEqual({ size: 12, sha256: createHash('sha256').update('{"format":1}').digest('hex') });
      expect(readFileSync(to, 'utf8')).toBe('{"format":1}');
      if (process.platform !== 'win32') expect(statSync(to).mode & 0o777).toBe(0o600);
    } finally {
      archive.close();
    }
  });

  it('never replaces a file already there', async () => {
    const file = craft([{ name: 'a.txt', stored: Buffer.from('from the archive') }]);
    const archive = await SafeArchive.open(file, spec());
    const to = join(tempDir(), 'a.txt');
    writeFileSync(to, 'already here');
    try {
      await expect(archive.stream(archive.entries.get('a.txt')!, { to })).rejects.toMatchObject({ code: 'EEXIST' });
      expect(readFileSync(to, 'utf8')).toBe('already here');
    } finally {
      archive.close();
    }
  });
});
