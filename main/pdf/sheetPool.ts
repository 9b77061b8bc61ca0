// Renders sheets on the core's worker pool (jobs/pool.ts): font subsetting, layout and deflate off the
// thread that holds the database. Results come back in the order asked for.
import { POOL_THREADS, runOnWorker } from '../jobs/pool';
import type { RenderOptions } from './sheet';
import type { SheetData } from './sheetData';

export class SheetPool {
  get size(): number {
    return POOL_THREADS;
  }

  static async create(): Promise<SheetPool> {
    return new SheetPool();
  }

  async render(data: SheetData, options: RenderOptions = {}): Promise<Uint8Array> {
    return await runOnWorker({ task: 'sheet.render', data, options });
  }

  /** The threads belong to the shared pool and are let go when idle. */
  async close(): Promise<void> {}
}

/** One sheet rendered on a worker thread. */
export async function renderSheetOffThread(data: SheetData, options: RenderOptions = {}): Promise<Uint8Array> {
  return await runOnWorker({ task: 'sheet.render', data, options });
}
