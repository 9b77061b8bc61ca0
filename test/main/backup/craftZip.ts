// Hand-made zip files for the hostile-archive tests: sizes declared independently of the data, deflate
// bombs built from repeated blocks (a few KiB on disk per MiB of zeros), names yazl would refuse to write.
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { constants, deflateRawSync } from 'node:zlib';

export interface CraftedEntry {
  name: string;
  /** Bytes stored as they are (method 0)… */
  stored?: Buffer;
  /** …or already deflated bytes (method 8) and the size they inflate to. */
  deflated?: { data: Buffer; size: number };
  /** The uncompressed size written in the headers, when it is to differ from the truth. */
  declaredSize?: number;
  /** Compression method written in the headers (default: 0 for stored, 8 for deflated). */
  method?: number;
  /** General purpose flags added to UTF-8 names' 0x0800, e.g. 0x0001 for an encrypted entry. */
  flags?: number;
}

const MiB = 1024 * 1024;

/**
 * Raw deflate of `mib` MiB of zeros, or of `prefix` followed by zeros up to `mib` MiB. Each MiB is one
 * fully flushed block, so one compressed block repeated is a valid stream: nothing is inflated to build it.
 */
export function deflatedZeros(mib: number, prefix: Buffer = Buffer.alloc(0)): { data: Buffer; size: number } {
  const key = `${mib}:${prefix.toString('hex')}`;
  const made = madeZeros.get(key);
  if (made) return made;
  const flush = { finishFlush: constants.Z_FULL_FLUSH };
  const first = Buffer.alloc(MiB);
  prefix.copy(first);
  const zeros = deflateRawSync(Buffer.alloc(MiB), flush);
  const parts = [deflateRawSync(first, flush)];
  for (let i = 1; i < mib; i++) parts.push(zeros);
  parts.push(deflateRawSync(Buffer.alloc(0))); // the final, empty block
  const result = { data: Buffer.concat(parts), size: mib * MiB };
  madeZeros.set(key, result);
  return result;
}

// Built once per test worker: the mutation runs (test/mutation/) run these files again for every mutant
// in the same worker, and the bombs and their sums are the same each time. Nothing writes into them.
const madeZeros = new Map<string, { data: Buffer; size: number }>();
const zeroSums = new Map<string, string>();

/** SHA-256 (hex) of `prefix` followed by zeros up to `mib` MiB: the sum deflatedZeros' data inflates to. */
export function shaOfZeros(mib: number, prefix: Buffer = Buffer.alloc(0)): string {
  const key = `${mib}:${prefix.toString('hex')}`;
  const known = zeroSums.get(key);
  if (known) return known;
  const h = createHash('sha256');
  const first = Buffer.alloc(MiB);
  prefix.copy(first);
  h.update(first);
  const zeros = Buffer.alloc(MiB);
  for (let i = 1; i < mib; i++) h.update(zeros);
  const sum = h.digest('hex');
  zeroSums.set(key, sum);
  return sum;
}

export function deflated(data: Buffer): { data: Buffer; size: number } {
  return { data: deflateRawSync(data), size: data.length };
}

/** Writes the entries as a zip with a central directory; sizes of 4 GiB and more get a zip64 field. */
export function writeCraftedZip(file: string, entries: CraftedEntry[]): void {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const data = e.stored ?? e.deflated!.data;
    const method = e.method ?? (e.stored ? 0 : 8);
    const size = e.declaredSize ?? (e.stored ? e.stored.length : e.deflated!.size);
    const big = size >= 0xffffffff;
    const extra = big ? Buffer.alloc(12) : Buffer.alloc(0);
    if (big) {
      extra.writeUInt16LE(0x0001, 0);
      extra.writeUInt16LE(8, 2);
      extra.writeBigUInt64LE(BigInt(size), 4);
    }
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800 | (e.flags ?? 0), 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(big ? 0xffffffff : size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(extra.length, 28);
    locals.push(local, name, extra, data);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(45, 4);
    cd.writeUInt16LE(big ? 45 : 20, 6);
    cd.writeUInt16LE(0x0800 | (e.flags ?? 0), 8);
    cd.writeUInt16LE(method, 10);
    cd.writeUInt16LE(0x21, 14);
    cd.writeUInt32LE(data.length, 20);
    cd.writeUInt32LE(big ? 0xffffffff : size, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt16LE(extra.length, 30);
    cd.writeUInt32LE(offset, 42);
    central.push(cd, name, extra);
    offset += local.length + name.length + extra.length + data.length;
  }
  const cdBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cdBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  writeFileSync(file, Buffer.concat([...locals, cdBytes, end]));
}

// Garbage left by earlier work would hide growth behind a high baseline: collect it first.
v8.setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** Runs `work` while sampling the memory held in buffers; returns its outcome and the peak growth. */
export async function peakBufferGrowth<T>(work: () => Promise<T>): Promise<{ outcome: PromiseSettledResult<T>; peakBytes: number }> {
  collectGarbage();
  // Growth over the lowest level seen so far: memory an earlier test still held may be freed meanwhile.
  let low = process.memoryUsage().arrayBuffers;
  let peak = 0;
  const sample = () => {
    const now = process.memoryUsage().arrayBuffers;
    low = Math.min(low, now);
    peak = Math.max(peak, now - low);
  };
  const timer = setInterval(sample, 1);
  try {
    const [outcome] = await Promise.allSettled([work()]);
    sample();
    return { outcome: outcome!, peakBytes: peak };
  } finally {
    clearInterval(timer);
  }
}
