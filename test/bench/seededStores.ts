// One seeding per size per bench process. The whole bench (`npm run bench -- --clients 100000`) needs a
// store of the benchmark's clients (searchData.ts) at the same sizes in three sections — the search
// curve, check-all and the client list in Chromium — and seeding 100 000 clients through createClients
// takes minutes: each size is seeded once into a closed template folder, and each section works on a copy
// of it (the store file and its keyring, as a backup would hold them), so no section sees another's
// verdicts or edits. The templates are removed when the process exits (unless BENCH_SEED_CACHE keeps them); a
// section run in a child process shares them (seedCacheEnv).
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Desk } from '../../main/desk';
import { performance } from 'node:perf_hooks';
import { createClients } from '../../main/services/clients';
import { benchRecord } from './searchData';

/** The data passphrase of every seeded bench store (a copy is opened with `vault.unlock` or the host's env). */
export const BENCH_PASSPHRASE = 'bench-passphrase';

const SEED_BATCH = 1000;
const templates = new Map<number, Promise<{ dir: string; seedMs: number }>>();
const made: string[] = [];
process.on('exit', () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** The benchmark's clients 1..clients written into `desk` through createClients, as the desk writes them; ms taken. */
export async function seed(desk: Desk, clients: number): Promise<number> {
  const t = performance.now();
  for (let start = 1; start <= clients; start += SEED_BATCH) {
    await createClients(desk, Array.from({ length: Math.min(SEED_BATCH, clients - start + 1) }, (_, i) => benchRecord(start + i)));
    if (clients >= 20_000) process.stderr.write(`\r  seeding ${Math.min(clients, start + SEED_BATCH - 1)}/${clients}`);
  }
  if (clients >= 20_000) process.stderr.write('\n');
  return performance.now() - t;
}

/**
 * `BENCH_SEED_CACHE=<folder>` keeps each size's template there between bench processes (a developer
 * measuring one section again and again at 100 000 clients would otherwise seed for minutes each time).
 * A template is used only when its seeding finished (the `seeded.json` written last); a store of an older
 * schema is migrated by the copy's own open, as a user's store would be.
 */
async function cachedTemplate(cache: string, clients: number): Promise<{ dir: string; seedMs: number }> {
  const dir = join(cache, `clients-${clients}`);
  const done = join(dir, 'seeded.json');
  if (existsSync(done)) return { dir, seedMs: (JSON.parse(readFileSync(done, 'utf8')) as { seedMs: number }).seedMs };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const { seedMs } = await seedInto(dir, clients);
  writeFileSync(done, JSON.stringify({ seedMs }));
  return { dir, seedMs };
}

/**
 * Where this process keeps its templates: BENCH_SEED_CACHE, else a folder of its own, removed when the process exits.
 * Either way in the cache's layout, so that a section run in a child process (check-all, bundled: bundledChild.ts)
 * is handed the folder (seedCacheEnv) and copies the sizes already seeded rather than seeding them again.
 */
let ownCache: string | undefined;
function cacheFolder(): string {
  const set = process.env.BENCH_SEED_CACHE;
  if (set) return set;
  if (!ownCache) made.push((ownCache = mkdtempSync(join(tmpdir(), 'beian-desk-bench-seed-'))));
  return ownCache;
}

/** The environment a child process running a section needs to share this process's seeded stores. */
export function seedCacheEnv(): { BENCH_SEED_CACHE: string } {
  return { BENCH_SEED_CACHE: cacheFolder() };
}

function template(clients: number): Promise<{ dir: string; seedMs: number }> {
  return cachedTemplate(cacheFolder(), clients);
}

async function seedInto(dir: string, clients: number): Promise<{ dir: string; seedMs: number }> {
  const desk = await Desk.open({ dataDir: dir, actor: 'bench', kdfLog2n: 12 });
  try {
    await desk.vault.setup(BENCH_PASSPHRASE);
    const seedMs = clients ? await seed(desk, clients) : 0;
    return { dir, seedMs };
  } finally {
    await desk.close();
  }
}

/**
 * A fresh folder holding a closed store with `clients` of the benchmark's clients, its vault set up with
 * BENCH_PASSPHRASE; `seedMs` is the seeding's own time, `copied` whether an earlier section's seeding was reused.
 */
export async function seededCopy(clients: number, prefix: string): Promise<{ dir: string; seedMs: number; copied: boolean }> {
  const known = templates.has(clients);
  if (!known) templates.set(clients, template(clients));
  const { dir: from, seedMs } = await templates.get(clients)!;
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cpSync(from, dir, { recursive: true });
  return { dir, seedMs, copied: known };
}
