// Shared test helpers: a desk in a fresh temp folder, removed after the test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { createRouter } from '../main/api/router';
import { Desk, type DeskOptions } from '../main/desk';

const dirs: string[] = [];
const desks: Desk[] = [];

afterEach(async () => {
  for (const d of desks.splice(0)) {
    try {
      await d.close();
    } catch {
      // already closed by the test
    }
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'beian-desk-test-'));
  dirs.push(dir);
  return dir;
}

export const TEST_PASSPHRASE = 'test-passphrase-1';
// Child processes and the CLI read these: a cheap scrypt for tests, a known passphrase.
process.env.BEIAN_DESK_KDF_LOG2N = '12';

/** A desk in a fresh folder, set up with TEST_PASSPHRASE (or unlocked with it when the folder exists). */
export async function openTestDesk(dataDir = tempDir(), options: Partial<DeskOptions> = {}): Promise<Desk> {
  const desk = await Desk.open({ dataDir, actor: 'tester', kdfLog2n: 12, ...options });
  desks.push(desk);
  if (desk.vault.state() === 'uninitialised') await desk.vault.setup(TEST_PASSPHRASE);
  else await desk.vault.unlock(TEST_PASSPHRASE);
  return desk;
}

export async function testRouter(given?: Desk) {
  const desk = given ?? (await openTestDesk());
  const logs: string[] = [];
  return { desk, router: createRouter(desk, (l) => logs.push(l)), logs };
}
