// `npm run mutate [-- backup secrets …]`: Stryker over each named folder of main/ (all five when none is
// named), one after the other, then the score of each against its target. Slow: not part of `npm test`.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MUTATED_FOLDERS, mutatedFolder } from './folders';

const root = resolve(import.meta.dirname, '../..');
// `--scores`: print the scores of the last reports without running Stryker again.
const scoresOnly = process.argv.includes('--scores');
const named = process.argv.slice(2).filter((a) => a !== '--scores');
const folders = named.length ? named.map(mutatedFolder) : MUTATED_FOLDERS;

interface Report {
  files: Record<string, { mutants: { status: string }[] }>;
}

/** Stryker's mutation score: detected (killed, timed out) over every valid mutant, uncovered ones included. */
function score(reportFile: string): { detected: number; valid: number; percent: number } {
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
  let detected = 0;
  let undetected = 0;
  for (const file of Object.values(report.files)) {
    for (const m of file.mutants) {
      if (m.status === 'Killed' || m.status === 'Timeout') detected++;
      else if (m.status === 'Survived' || m.status === 'NoCoverage') undetected++;
    }
  }
  const valid = detected + undetected;
  return { detected, valid, percent: valid ? (100 * detected) / valid : 100 };
}

const rows: string[] = [];
let failed = false;
for (const f of folders) {
  // At the lowest priority on POSIX (MUTATE_NICE=0 to run at normal priority): a run takes minutes to
  // hours and must not slow whatever else shares the machine.
  const stryker = ['npx', 'stryker', 'run', 'stryker.config.mjs'];
  const command = process.platform !== 'win32' && process.env.MUTATE_NICE !== '0' ? ['nice', '-n', '19', ...stryker] : stryker;
  const status = scoresOnly ? 0 : spawnSync(command[0]!, command.slice(1), { cwd: root, stdio: 'inherit', env: { ...process.env, MUTATE_FOLDER: f.folder } }).status;
  const reportFile = join(root, 'reports', 'mutation', `${f.folder}.json`);
  if (status !== 0 || !existsSync(reportFile)) {
    rows.push(`main/${f.folder}/  ${scoresOnly ? 'no report yet' : `Stryker failed (exit ${String(status)})`}`);
    failed = true;
    continue;
  }
  const s = score(reportFile);
  rows.push(`main/${f.folder}/  ${s.percent.toFixed(1)} %  (${s.detected}/${s.valid} mutants detected; target ≥ ${f.target} %${s.percent >= f.target ? '' : ', NOT MET'})`);
}
console.log(`\nMutation scores, ${new Date().toISOString().slice(0, 10)}:\n${rows.join('\n')}`);
process.exit(failed ? 1 : 0);
