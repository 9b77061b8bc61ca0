// Bits that differ between two perceptual hashes (hex): how alike two photos look. A module of its own so
// that judging duplicates against stored hashes (photos/duplicates.ts) loads no image code.
export function hamming(a: string, b: string): number {
  let x = BigInt(`0x${a}`) ^ BigInt(`0x${b}`);
  let c = 0;
  while (x) {
    c += Number(x & 1n);
    x >>= 1n;
  }
  return c;
}
