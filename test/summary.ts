// Prints one closing line over every vitest run of `npm test` ("N passed, N failed"), read from the JSON
// reports the runs wrote, so CI sees the whole count in a form any reader understands.
//   tsx test/summary.ts unit e2e            the runs of `npm test`
//   tsx test/summary.ts unit e2e e2e-team   and the team server's UI pass (`npm run test:full`)
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(import.meta.dirname, '..', 'test-results');
const runs = process.argv.slice(2);
if (runs.length === 0) runs.push('unit', 'e2e');
let passed = 0;
let failed = 0;
let skipped = 0;
for (const name of runs.map((run) => `${run}.json`)) {
  const file = join(dir, name);
  if (!existsSync(file)) {
    console.error(`missing test report ${file}`);
    process.exit(1);
  }
  const r = JSON.parse(readFileSync(file, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + r.numTodoTests;
}
console.log(`tests (${runs.join(', ')}): ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
