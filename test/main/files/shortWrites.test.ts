// A write may take fewer bytes than it was given (a pipe, a network file system, a signal): the atomic
// write goes on from where the last one stopped until every byte is in the file.
import type * as Fs from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { writeFileAtomic } from '../../../main/files/atomicWrite';
import { tempDir } from '../../helpers';

let calls = 0;
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof Fs>();
  // at most 1000 bytes a call, as a short write would
  const writeSync = ((fd: number, buffer: Uint8Array, offset?: number, length?: number) => {
    calls++;
    return fs.writeSync(fd, buffer, offset ?? 0, Math.min(length ?? buffer.byteLength - (offset ?? 0), 1000));
  }) as typeof fs.writeSync;
  return { ...fs, writeSync, default: { ...fs, writeSync } };
});

const { readFileSync } = await vi.importActual<typeof Fs>('node:fs');

describe('short writes', () => {
  it('are continued until the whole content is written', () => {
    const file = join(tempDir(), 'material.bin');
    const data = Buffer.alloc(10_500).map((_, i) => i % 251);
    writeFileAtomic(file, [data.subarray(0, 4_200), data.subarray(4_200)]);
    expect(readFileSync(file).equals(data)).toBe(true);
    expect(calls).toBeGreaterThanOrEqual(11);
  });
});
