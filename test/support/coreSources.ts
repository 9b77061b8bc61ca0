// The core's TypeScript sources (main/), for tests that hold a list against everything the code writes
// (every audit action named, labelled and classified).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const CORE_DIR = resolve(import.meta.dirname, '../../main');

/** Every .ts file under main/, with its text. */
export function coreSources(): { file: string; text: string }[] {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts')) files.push(p);
    }
  };
  walk(CORE_DIR);
  return files.map((file) => ({ file, text: readFileSync(file, 'utf8') }));
}
