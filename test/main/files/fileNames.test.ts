// Names of files written side by side: a name taken gets -2, -3 … before its extension, and a name is cut
// to the bytes a file system allows, never inside a character.
import { describe, expect, it } from 'vitest';
import { cutToBytes, fileNamePart, firstFreeName } from '../../../main/files/fileNames';

/** `taken` for firstFreeName: these names are taken; each name asked about is recorded. */
function takenOf(...names: string[]) {
  const asked: string[] = [];
  const taken = (candidate: string) => {
    asked.push(candidate);
    return names.includes(candidate);
  };
  return { taken, asked };
}

describe('firstFreeName', () => {
  it('keeps a name nobody holds, asking once', () => {
    const { taken, asked } = takenOf('其他.pdf');
    expect(firstFreeName('张三-核验单.pdf', taken)).toBe('张三-核验单.pdf');
    expect(asked).toEqual(['张三-核验单.pdf']);
  });

  it('numbers a taken name -2, then -3, before the extension', () => {
    expect(firstFreeName('核验单.pdf', takenOf('核验单.pdf').taken)).toBe('核验单-2.pdf');
    const { taken, asked } = takenOf('核验单.pdf', '核验单-2.pdf');
    expect(firstFreeName('核验单.pdf', taken)).toBe('核验单-3.pdf');
    expect(asked).toEqual(['核验单.pdf', '核验单-2.pdf', '核验单-3.pdf']);
  });

  it('numbers before the last extension only', () => {
    expect(firstFreeName('备份.tar.gz', takenOf('备份.tar.gz').taken)).toBe('备份.tar-2.gz');
  });

  it('numbers at the end a name without an extension', () => {
    expect(firstFreeName('README', takenOf('README').taken)).toBe('README-2');
    expect(firstFreeName('README', takenOf('README', 'README-2').taken)).toBe('README-3');
  });

  it('takes a dotfile’s whole name for its stem: no extension is cut off', () => {
    expect(firstFreeName('.env', takenOf('.env').taken)).toBe('.env-2');
    expect(firstFreeName('.env', takenOf('.env', '.env-2').taken)).toBe('.env-3');
  });
});

describe('cutToBytes', () => {
  it('keeps a text within the limit whole, and one exactly at it', () => {
    expect(cutToBytes('abc', 10)).toBe('abc');
    expect(cutToBytes('abc', 3)).toBe('abc');
    // three Chinese characters of three bytes each: nine bytes
    expect(cutToBytes('张三丰', 9)).toBe('张三丰');
    expect(cutToBytes('', 5)).toBe('');
  });

  it('cuts by bytes, not by characters', () => {
    expect(cutToBytes('abcdef', 4)).toBe('abcd');
    expect(cutToBytes('张三丰', 6)).toBe('张三');
    expect(cutToBytes('a张三', 4)).toBe('a张');
  });

  it('never splits a three-byte character: one that does not fit whole is left out', () => {
    expect(cutToBytes('张三丰', 8)).toBe('张三');
    expect(cutToBytes('张三丰', 7)).toBe('张三');
    expect(cutToBytes('张', 2)).toBe('');
    expect(cutToBytes('ab张', 4)).toBe('ab');
  });

  it('never splits a four-byte character (two UTF-16 units)', () => {
    expect(cutToBytes('a𠀀b', 5)).toBe('a𠀀');
    expect(cutToBytes('a𠀀b', 4)).toBe('a');
    expect(cutToBytes('a😀', 3)).toBe('a');
    expect(cutToBytes('😀😀', 4)).toBe('😀');
  });

  it('stops at the first character that does not fit, even if a later, smaller one would', () => {
    expect(cutToBytes('ab张c', 4)).toBe('ab');
  });

  it('leaves nothing for a limit of no bytes', () => {
    expect(cutToBytes('abc', 0)).toBe('');
  });
});

describe('fileNamePart', () => {
  it('turns path and reserved characters and spaces into one _ each run, then cuts by bytes', () => {
    expect(fileNamePart('深圳/示例 科技:有限*公司?"<>|', 100)).toBe('深圳_示例_科技_有限_公司_');
    expect(fileNamePart('示例  网站', 7)).toBe('示例_');
  });
});
