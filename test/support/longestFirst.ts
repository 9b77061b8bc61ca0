// Orders test files longest first, so the slowest ones start while both workers are fresh instead of
// running alone at the end. Vitest does this from its own results cache, which a clean clone (CI) does not
// have: there it orders by file size, and the short files of the SIGKILL tests ran last, each for one to
// two minutes with the other worker idle. The durations come from the cache when it has them, else from
// `test/durations.json` (committed; refreshed by `npm run test:durations` after a full run).
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Seconds assumed for a file no run has timed yet: about the median file. */
const UNTIMED_SECONDS = 1;

export function committedDurations(root: string): Record<string, number> {
  const file = join(root, 'test', 'durations.json');
  if (!existsSync(file)) return {};
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { seconds?: Record<string, number> };
  return parsed.seconds ?? {};
}

export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const committed = committedDurations(root);
    const seconds = (spec: TestSpecification): number => {
      const path = relative(root, spec.moduleId).split('\\').join('/');
      const cached = this.ctx.cache.getFileTestResults(`${spec.project.name}:${path}`);
      return cached ? cached.duration / 1000 : (committed[path] ?? UNTIMED_SECONDS);
    };
    return [...files].sort((a, b) => a.project.config.sequence.groupOrder - b.project.config.sequence.groupOrder || seconds(b) - seconds(a));
  }
}
