// A batch of 核验单 that fails while other sheets are in flight: a sheet that fails on its worker while the
// batch waits for an earlier one, and a file name taken by another program before the sheet is renamed onto it;
// and two batches into one folder whose sheets are all named before any is written.
// Modules are replaced here (vi.mock), so the file runs isolated (test/vitest.config.ts).
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { expect, it, vi } from 'vitest';
import type { RenderOptions } from '../../../main/pdf/sheet';
import type { SheetData } from '../../../main/pdf/sheetData';
import { batchSheets } from '../../../main/services/sheets';
import { enterprise, individual } from '../../fixtures/drafts';
import { sheetDesk, tooManyDomains } from '../../fixtures/sheetBatch';
import { tempDir } from '../../helpers';
import { describeEachStore } from '../../support/eachStore';

const control = { progress: () => undefined, cancelled: false };

/** A file name another program takes, with a folder, between the batch choosing it and renaming its sheet onto it. */
const takenMeanwhile = vi.hoisted(() => ({ name: null as string | null }));
/** With `on`, the disk fills up while a sheet is written: a write to an open file, whose error names no path. */
const diskFull = vi.hoisted(() => ({ on: false }));
/** With `writes` set, every sheet's write waits until that many have been asked for: all names are picked before any file is renamed into place. */
const held = vi.hoisted(() => ({ writes: 0, asked: 0, release: () => undefined as void, all: Promise.resolve() }));
vi.mock('../../../main/files/atomicWrite', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../main/files/atomicWrite')>();
  return {
    ...real,
    writeFileAtomicInBatch: async (file: string, data: Uint8Array, mode?: number) => {
      if (diskFull.on) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
      if (basename(file) === takenMeanwhile.name) mkdirSync(join(file, 'x'), { recursive: true });
      if (held.writes && ++held.asked === held.writes) held.release();
      if (held.writes) await held.all;
      await real.writeFileAtomicInBatch(file, data, mode);
    },
  };
});

/**
 * With `on`, a batch's first sheet is handed back only once its second has failed (and a turn of the event loop
 * later, when node has looked for unhandled rejections): the batch is waiting for the first while the second fails.
 */
const secondFailsFirst = vi.hoisted(() => ({ on: false }));
vi.mock('../../../main/pdf/sheetPool', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../main/pdf/sheetPool')>();
  class HeldPool extends real.SheetPool {
    private calls = 0;
    private release: () => void = () => undefined;
    private readonly secondFailed = new Promise<void>((resolve) => (this.release = () => setTimeout(resolve, 50)));
    static override async create(): Promise<HeldPool> {
      return new HeldPool();
    }
    override render(data: SheetData, options?: RenderOptions): Promise<Uint8Array> {
      const rendered = super.render(data, options);
      if (!secondFailsFirst.on) return rendered;
      const call = ++this.calls;
      if (call === 1) return this.secondFailed.then(() => rendered);
      if (call !== 2) return rendered;
      // handed on as a promise of its own, so the batch's handler (or its lack) is what counts
      return new Promise((resolve, reject) => {
        rendered.then(resolve, (err: unknown) => {
          reject(err);
          this.release();
        });
      });
    }
  }
  return { ...real, SheetPool: HeldPool };
});

describeEachStore('batch of sheets failing', (openDesk) => {
  it('fails as the job’s error when one sheet is too long, names its website, client and field, and raises no unhandled rejection', async () => {
    // the long sheet second: it fails while the batch still waits for the first
    const { desk, websiteIds } = await sheetDesk(openDesk, [enterprise(), individual(tooManyDomains)]);
    secondFailsFirst.on = true;
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    let failure: unknown;
    try {
      failure = await batchSheets(desk, { websiteIds, outDir: tempDir(), combined: false }, control).then(
        () => null,
        (err: unknown) => err,
      );
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      process.off('unhandledRejection', onUnhandled);
      secondFailsFirst.on = false;
    }
    expect(unhandled).toEqual([]);
    expect((failure as Error).message).toBe('网站“王小明的摄影博客”（客户“王小明”）的核验单：“网站域名”内容过长，核验单的方框放不下，请精简后再生成');
    // the batch's cleanup ran: the sheets it finished are in the audit log
    const logged = await desk.ctx.db.selectFrom('audit_log').select('id').where('action', '=', 'sheet.generate').execute();
    expect(logged.length).toBeGreaterThan(0);
  });

  it('fails the batch when a sheet cannot be written, and leaves no temp file', async () => {
    const { desk, websiteIds } = await sheetDesk(openDesk, [enterprise(), individual()]);
    const out = tempDir();
    takenMeanwhile.name = '核验单-王小明-王小明的摄影博客.pdf';
    try {
      await expect(batchSheets(desk, { websiteIds, outDir: out, combined: false }, control)).rejects.toThrow();
    } finally {
      takenMeanwhile.name = null;
    }
    expect(readdirSync(out).filter((f) => f.endsWith('.part'))).toEqual([]);
  });

  it('gives two batches started at once into one folder each their own files: neither renames its sheet over one the other listed', async () => {
    const { desk, websiteIds } = await sheetDesk(openDesk, [enterprise(), individual()]);
    const out = tempDir();
    held.writes = 2 * websiteIds.length;
    held.asked = 0;
    held.all = new Promise<void>((resolve) => (held.release = resolve));
    try {
      const [a, b] = await Promise.all([
        batchSheets(desk, { websiteIds, outDir: out, combined: false }, control),
        batchSheets(desk, { websiteIds, outDir: out, combined: false }, control),
      ]);
      const listed = [...a.files, ...b.files].map((f) => basename(f)).sort();
      expect(new Set(listed).size).toBe(4);
      expect(readdirSync(out).sort()).toEqual(listed);
    } finally {
      held.writes = 0;
    }
  });

  it('a disk that fills up half-way through ends the job with the folder and the reason in Chinese, not 任务失败', async () => {
    const { desk, websiteIds } = await sheetDesk(openDesk, [enterprise(), individual()]);
    const out = join(tempDir(), 'U盘');
    diskFull.on = true;
    try {
      const id = desk.jobs.start('sheet.batch', (c) => batchSheets(desk, { websiteIds, outDir: out, combined: false }, c));
      await expect.poll(() => desk.jobs.status(id).state, { timeout: 20_000 }).toBe('failed'); // the sheet workers may still be starting
      expect(desk.jobs.status(id).error).toBe(`无法写入文件夹“${out}”：磁盘已满。请腾出空间后重试，或换一个文件夹`);
      // no empty file left under a name a sheet had claimed
      expect(readdirSync(out)).toEqual([]);
    } finally {
      diskFull.on = false;
    }
  });

  it('a folder through a file ends the job naming the folder and the file in its way', async () => {
    const { desk, websiteIds } = await sheetDesk(openDesk, [enterprise()]);
    const work = tempDir();
    writeFileSync(join(work, 'a-file.txt'), 'x');
    const bad = join(work, 'a-file.txt', '核验单');
    const id = desk.jobs.start('sheet.batch', (c) => batchSheets(desk, { websiteIds, outDir: bad, combined: false }, c));
    await expect.poll(() => desk.jobs.status(id).state, { timeout: 20_000 }).toBe('failed'); // the sheet workers may still be starting
    expect(desk.jobs.status(id).error).toBe(`无法写入文件夹“${bad}”：路径中的“a-file.txt”是文件，不是文件夹。请换一个文件夹`);
  });
});
