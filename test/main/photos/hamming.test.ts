// Difference hashes compared as two 32-bit halves (main/photos/hamming.ts) and the batch's duplicate index
// (main/photos/checks.ts): the same answers as counting the bits of the whole numbers' XOR.
import { describe, expect, it } from 'vitest';
import { duplicateIndex } from '../../../main/photos/checks';
import { hamming, hashHalves } from '../../../main/photos/hamming';
import { DUPLICATE_HAMMING_MAX } from '../../../main/photos/profiles';

/** The reference: the bits of the XOR of the two numbers, as the desk counted them before. */
function bitsApart(a: string, b: string): number {
  let x = BigInt(`0x${a}`) ^ BigInt(`0x${b}`);
  let c = 0;
  while (x) {
    c += Number(x & 1n);
    x >>= 1n;
  }
  return c;
}

/** A deterministic stream of 16-hex-digit hashes, some in capitals. */
function hashes(n: number): string[] {
  let s = 0x9e3779b9;
  const next = () => ((s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) | 0) >>> 0);
  return Array.from({ length: n }, (_, i) => {
    const h = next().toString(16).padStart(8, '0') + next().toString(16).padStart(8, '0');
    return i % 5 === 0 ? h.toUpperCase() : h;
  });
}

describe('difference hashes compared by halves', () => {
  it('counts the same differing bits as the whole numbers, top bits and capitals included', () => {
    const hs = [...hashes(300), '0000000000000000', 'ffffffffffffffff', '8000000000000000', '0000000180000000', 'FFFFFFFF00000000'];
    for (let i = 0; i < hs.length; i++) for (let j = i; j < hs.length; j += 7) expect(hamming(hs[i]!, hs[j]!)).toBe(bitsApart(hs[i]!, hs[j]!));
    expect(hamming('ffffffffffffffff', '0000000000000000')).toBe(64);
    expect(hamming('8000000000000001', '0000000000000000')).toBe(2);
  });

  it('reads only 16 hex digits as halves; other hex still counts by the whole numbers, and what is not hex is refused as before', () => {
    expect(hashHalves('00000000000000ff')).toEqual([0, 255]);
    expect(hashHalves('0000000g000000ff')).toBeNull();
    expect(hashHalves('ff')).toBeNull();
    expect(hamming('ff', '0f')).toBe(4);
    expect(hamming('1ffffffffffffffff', '0')).toBe(65);
    expect(() => hamming('00000000000000zz', '0000000000000000')).toThrow();
  });
});

describe("the batch's duplicate index", () => {
  it('finds the first photo with the same bytes, else the first whose hash is within the limit, stored ones first', () => {
    const index = duplicateIndex([
      { sha256: 'a', dhash: null, owner: '已存 1' },
      { sha256: 'b', dhash: '00000000000000ff', owner: '已存 2' },
    ]);
    index.add('c', 'f0f0f0f000000000', '第 1 张');
    index.add('a', 'ffffffffffffffff', '第 2 张');
    expect(index.find('a', '1234567812345678')).toEqual({ exact: true, owner: '已存 1' });
    expect(index.find('x', '000000000000003f')).toEqual({ exact: false, owner: '已存 2' });
    expect(index.find('x', 'f0f0f0f000000003')).toEqual({ exact: false, owner: '第 1 张' });
    expect(index.find('x', 'fffffffffffffffe')).toEqual({ exact: false, owner: '第 2 张' });
    expect(index.find('x', '5555555555555555')).toBeNull();
  });

  it('gives the answers of comparing each photo with every earlier one by whole-number bits, over a batch of 400', () => {
    const hs = hashes(400);
    // near twins: every 9th photo a few bits off an earlier one
    for (let i = 9; i < hs.length; i += 9) hs[i] = (BigInt(`0x${hs[i - 5]!}`) ^ 0x1011n).toString(16).padStart(16, '0');
    const index = duplicateIndex([]);
    const seen: { dhash: string; owner: string }[] = [];
    let near = 0;
    hs.forEach((h, i) => {
      const expected = seen.find((s) => bitsApart(s.dhash, h) <= DUPLICATE_HAMMING_MAX) ?? null;
      const got = index.find(`sha-${i}`, h);
      expect(got).toEqual(expected ? { exact: false, owner: expected.owner } : null);
      if (got) near++;
      index.add(`sha-${i}`, h, `#${i}`);
      seen.push({ dhash: h, owner: `#${i}` });
    });
    expect(near).toBeGreaterThanOrEqual(44);
  });
});
