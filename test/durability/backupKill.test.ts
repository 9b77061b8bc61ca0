// A `backup create` killed with SIGKILL halfway: what it leaves holds the whole database, so it must sit
// in the data folder's tmp/backup with mode 0600, and the next start must remove it and the partial
// archive beside the target.
import { spawn } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Desk } from '../../main/desk';
import { tempDir } from '../helpers';

const root = resolve(__dirname, '..', '..');
let childBundle = '';

beforeAll(async () => {
  childBundle = join(root, 'node_modules', '.cache', 'beian-desk', `backupKillChild-${process.pid}.mjs`);
  // ESM: the child awaits the async store at top level. Bundled CommonJS dependencies still require node's
  // modules, so the bundle gets a require of its own.
  await build({ entryPoints: [join(__dirname, 'backupKillChild.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: childBundle, external: ['better-sqlite3', 'pg', 'sharp', 'piscina'], logLevel: 'silent',
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" } });
});

afterAll(() => rmSync(childBundle, { force: true }));

/** Every file under `dir` (relative path → mode bits). */
function filesUnder(dir: string, prefix = ''): Map<string, number> {
  const out = new Map<string, number>();
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, d.name);
    if (d.isDirectory()) for (const [p, m] of filesUnder(path, `${prefix}${d.name}/`)) out.set(p, m);
    else out.set(`${prefix}${d.name}`, statSync(path).mode & 0o777);
  }
  return out;
}

function killAfterCopy(dataDir: string, outFile: string): Promise<void> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [childBundle, dataDir, outFile], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout.on('data', (c: Buffer) => {
      if (c.toString().includes('copied')) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? ok() : fail(new Error(`backup child ended by itself (${code}): ${err}`))));
  });
}

describe('a killed backup', () => {
  it('leaves its database copy only in the data folder, 0600, and the next start sweeps it and the partial archive', async () => {
    const dataDir = tempDir();
    const outDir = tempDir();
    await killAfterCopy(dataDir, join(outDir, 'desk.bdbackup'));

    const beside = filesUnder(outDir);
    const inTmp = filesUnder(join(dataDir, 'tmp', 'backup'));
    // Beside the target: at most the partial archive, never a database copy.
    expect([...beside.keys()].every((n) => /^desk\.bdbackup\.\d+-[0-9a-f]{12}\.part$/.test(n)), [...beside.keys()].join(', ')).toBe(true);
    expect([...inTmp.keys()].some((n) => n.endsWith('.db'))).toBe(true);
    for (const [name, mode] of [...beside, ...inTmp]) expect(mode, name).toBe(0o600);

    const desk = await Desk.open({ dataDir, actor: 'tester', kdfLog2n: 12 });
    try {
      expect(readdirSync(join(dataDir, 'tmp', 'backup'))).toEqual([]);
      expect(readdirSync(outDir)).toEqual([]);
    } finally {
      await desk.close();
    }
  });
});
