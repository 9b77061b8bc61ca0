// Electronegativity over the built app (out/): every finding must be justified in
// electron/security-review.json. Needs `npm run build` first (npm test builds before the unit tests).
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers';

const root = resolve(__dirname, '..', '..');
const requireCjs = createRequire(import.meta.url);

interface Issue {
  id: string;
  file: string;
  location: { line: number; column: number };
  manualReview?: boolean;
}

describe('Electron security review', () => {
  it('has no electronegativity finding without a written justification', async () => {
    expect(existsSync(join(root, 'out', 'main', 'main.js')), 'run `npm run build` first').toBe(true);
    const stage = tempDir();
    // out/node holds the plain-Node bundles (CLI, team server, browser-mode host, worker thread): they never
    // load Electron — checked here — so Electron's checks do not apply to them, and their kysely chunks use
    // class private fields that the scanner's parser cannot read. Everything Electron loads is scanned.
    const nodeBundles = readdirSync(join(root, 'out', 'node')).filter((f) => f.endsWith('.js'));
    expect(nodeBundles.length).toBeGreaterThan(3);
    expect(nodeBundles.filter((f) => /\b(require\(\s*|from\s*|import\(\s*)["']electron["']/.test(readFileSync(join(root, 'out', 'node', f), 'utf8')))).toEqual([]);
    cpSync(join(root, 'out'), join(stage, 'out'), { recursive: true, filter: (source) => relative(join(root, 'out'), source).split(/[\\/]/)[0] !== 'node' });
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; main: string; devDependencies: Record<string, string> };
    writeFileSync(join(stage, 'package.json'), JSON.stringify({ name: pkg.name, main: pkg.main, devDependencies: { electron: pkg.devDependencies.electron } }));
    const run = requireCjs('@doyensec/electronegativity/dist/runner.js') as (o: object, cli: boolean) => Promise<{ issues: Issue[]; errors: { file: string; message: string; tolerable: boolean }[]; atomicChecks: number }>;
    const version = String(pkg.devDependencies.electron).replace(/^[^\d]*/, '');
    const result = await run({ input: stage, customScan: [], excludeFromScan: [], isRelative: true, isVerbose: false, electronVersionOverride: version }, false);
    expect(result.atomicChecks).toBeGreaterThan(20);
    const review = JSON.parse(readFileSync(join(root, 'electron', 'security-review.json'), 'utf8')) as { justified: { check: string; justification: string }[]; unparsed: { file: string; why: string }[] };
    // A file the scanner cannot parse is not scanned: only third-party bundles listed with a reason may be.
    const excused = (file: string) => review.unparsed.some((u) => new RegExp(u.file).test(relative(stage, file)));
    expect(result.errors.filter((e) => !e.tolerable && !excused(e.file)).map((e) => `${relative(stage, e.file)}: ${e.message}`)).toEqual([]);
    const justified = new Set(review.justified.filter((j) => j.justification.length > 40).map((j) => j.check));
    const unjustified = result.issues.filter((i) => !justified.has(i.id)).map((i) => `${i.id} ${i.file}:${i.location.line}`);
    expect(unjustified).toEqual([]);
  }, 120_000);
});
