// The worker pool's heap setting (jobs/pool.ts WORKER_HEAP) reaches every worker it starts.
import { afterAll, expect, it } from 'vitest';
import { closeWorkerPool, runOnWorker, WORKER_HEAP, workerPool } from '../../../main/jobs/pool';

afterAll(closeWorkerPool);

it('starts each worker with the larger young generation (192 MB, not V8\'s 48 MB)', async () => {
  await runOnWorker({ task: 'rules.checkClients', input: { today: new Date(), validityWarnDays: 30, clients: [] } });
  const threads = workerPool().threads;
  expect(threads.length).toBeGreaterThan(0);
  for (const t of threads) expect(t.resourceLimits?.maxYoungGenerationSizeMb).toBe(WORKER_HEAP.maxYoungGenerationSizeMb);
  expect(WORKER_HEAP.maxYoungGenerationSizeMb).toBe(192);
}, 120_000);
