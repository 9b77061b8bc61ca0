// Shared test helpers: a desk in a fresh temp folder, removed after the test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { createRouter } from '../main/api/router';
import { Desk } from '../main/desk';

const dirs: string[] = [];
const desks: Desk[] = [];

afterEach(() => {
  for (const d of desks.splice(0)) {
    try {
      d.close();
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

export function openTestDesk(dataDir = tempDir()): Desk {
  const desk = Desk.open({ dataDir, actor: 'tester' });
  desks.push(desk);
  return desk;
}

export function testRouter(desk = openTestDesk()) {
  const logs: string[] = [];
  return { desk, router: createRouter(desk, (l) => logs.push(l)), logs };
}
