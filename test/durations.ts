// `npm run test:durations`: writes test/durations.json, each test file's time in the last unit and UI runs
// (test-results/*.json, written by `npm test`), for test/support/longestFirst.ts to start the slowest first
// on a machine without Vitest's cache. Run it after a full `npm test` on a quiet machine and commit the file.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const seconds: Record<string, number> = {};
for (const run of ['unit', 'e2e']) {
  const file = join(root, 'test-results', `${run}.json`);
  if (!existsSync(file)) {
    console.error(`missing ${file}: run npm test first`);
    process.exit(1);
  }
  const report = JSON.parse(readFileSync(file, 'utf8')) as { testResults: { name: string; startTime: number; endTime: number }[] };
  for (const t of report.testResults) seconds[relative(root, t.name).split('\\').join('/')] = Math.round((t.endTime - t.startTime) / 100) / 10;
}
const sorted = Object.fromEntries(Object.entries(seconds).sort(([a], [b]) => (a < b ? -1 : 1)));
writeFileSync(join(root, 'test', 'durations.json'), `${JSON.stringify({ measured: new Date().toISOString().slice(0, 10), seconds: sorted }, null, 1)}\n`);
console.log(`test/durations.json: ${Object.keys(sorted).length} files`);
