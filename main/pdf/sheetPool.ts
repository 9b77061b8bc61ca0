// Renders sheets on worker threads (one per core, at most two on the agency's usual desktop), or in this
// thread where workers cannot start. Results come back in the order asked for.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { DeskError, type ErrorCode, type FieldIssue } from '../domain/errors';
import { workerEntry } from '../jobs/workerEntry';
import { SheetRenderer, type RenderOptions } from './sheet';
import type { SheetData } from './sheetData';

type Pending = { resolve: (pdf: Uint8Array) => void; reject: (err: Error) => void };

function workerSpec(): { url: URL; execArgv: string[] } {
  return { url: workerEntry(import.meta.url, 'sheetWorker'), execArgv: [] };
}

class WorkerSlot {
  private readonly pending = new Map<number, Pending>();
  busy = 0;

  constructor(readonly worker: Worker) {
    worker.on('message', (m: { id: number; pdf?: Uint8Array; error?: { code: ErrorCode; message: string; details?: FieldIssue[] } }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      this.busy--;
      if (m.pdf) p.resolve(m.pdf);
      else p.reject(new DeskError(m.error!.code, m.error!.message, m.error!.details));
    });
    worker.on('error', () => this.failAll());
    worker.on('exit', () => this.failAll());
  }

  private failAll(): void {
    for (const p of this.pending.values()) p.reject(new DeskError('INTERNAL', '核验单生成进程意外退出'));
    this.pending.clear();
  }

  render(id: number, data: SheetData, options: RenderOptions): Promise<Uint8Array> {
    this.busy++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, data, options });
    });
  }
}

export class SheetPool {
  private next = 0;

  private constructor(
    private readonly slots: WorkerSlot[],
    private readonly local: SheetRenderer | null,
  ) {}

  get size(): number {
    return this.slots.length || 1;
  }

  static async create(size = Math.min(2, availableParallelism())): Promise<SheetPool> {
    const spec = workerSpec();
    const started = await Promise.all(
      Array.from({ length: size }, () =>
        new Promise<Worker | null>((resolve) => {
          let w: Worker;
          try {
            w = new Worker(spec.url, { execArgv: spec.execArgv });
          } catch {
            resolve(null);
            return;
          }
          const timer = setTimeout(() => resolve(null), 15_000);
          w.once('message', (m) => {
            clearTimeout(timer);
            resolve(m === 'ready' ? w : null);
          });
          w.once('error', () => {
            clearTimeout(timer);
            resolve(null);
          });
        }),
      ),
    );
    const workers = started.filter((w): w is Worker => !!w);
    if (workers.length === size) return new SheetPool(workers.map((w) => new WorkerSlot(w)), null);
    for (const w of workers) void w.terminate();
    return new SheetPool([], await SheetRenderer.create());
  }

  render(data: SheetData, options: RenderOptions = {}): Promise<Uint8Array> {
    if (this.local) return this.local.render(data, options);
    const slot = this.slots.reduce((a, b) => (b.busy < a.busy ? b : a));
    return slot.render(this.next++, data, options);
  }

  async close(): Promise<void> {
    this.local?.close();
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
