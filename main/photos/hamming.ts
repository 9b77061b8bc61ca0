// Bits that differ between two perceptual hashes (hex): how alike two photos look. A module of its own so
// that judging duplicates against stored hashes (photos/duplicates.ts) loads no image code.

/**
 * A difference hash of 16 hex digits (the 64 bits measure() writes) as its two 32-bit halves, or null for
 * any other string. Comparing halves with a bit count costs a few nanoseconds; the BigInt way below about
 * 5 µs a pair, which a batch pays for every earlier photo and every stored one (README "Photo desk").
 */
export function hashHalves(hex: string): [number, number] | null {
  if (hex.length !== 16) return null;
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < 16; i++) {
    const c = hex.charCodeAt(i);
    const v = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
    if (v < 0) return null;
    if (i < 8) hi = (hi << 4) | v;
    else lo = (lo << 4) | v;
  }
  return [hi, lo];
}

/** Set bits of a 32-bit value. */
function bitCount(v: number): number {
  let x = v - ((v >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Bits that differ between two hashes given as halves (hashHalves). */
export function hammingOfHalves(a: readonly [number, number], b: readonly [number, number]): number {
  return bitCount(a[0] ^ b[0]) + bitCount(a[1] ^ b[1]);
}

export function hamming(a: string, b: string): number {
  const x = hashHalves(a);
  const y = hashHalves(b);
  if (x && y) return hammingOfHalves(x, y);
  // any other length of hex: the bits of the whole numbers
  let d = BigInt(`0x${a}`) ^ BigInt(`0x${b}`);
  let c = 0;
  while (d) {
    c += Number(d & 1n);
    d >>= 1n;
  }
  return c;
}
