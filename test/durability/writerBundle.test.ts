// The SIGKILL tests' writer bundles (writerBundle.ts) leave pdf-lib out of a writer's start and load it the
// first time the code reads it: the same package, working as itself.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import { buildWriter, removeWriter, writerArgs } from './writerBundle';

let bundle = '';
afterAll(() => removeWriter(bundle));

it('loads pdf-lib in a writer only when it is used, and then it makes and reads a PDF', async () => {
  bundle = await buildWriter('lazyProbe.ts');
  // not bundled (esbuild heads each bundled file with its path)
  expect(readFileSync(bundle, 'utf8')).not.toMatch(/^\/\/ node_modules\/pdf-lib\//m);
  const r = spawnSync(process.execPath, writerArgs(bundle, []), { encoding: 'utf8', timeout: 60_000 });
  expect(r.stderr).toBe('');
  expect(JSON.parse(r.stdout)).toEqual({ before: false, after: true, pages: 1, header: '%PDF-' });
}, 90_000);
