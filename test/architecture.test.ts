// The layering of architecture.md, checked: main/ never imports electron or React; renderer/ imports
// nothing from main/ but the API contract; Electron is imported only inside electron/.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|tsx|mts|mjs)$/.test(e.name))
    .map((e) => relative(root, join(e.parentPath, e.name)));
}

function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]!);
}

describe('layering', () => {
  it('main/ imports neither electron nor react', () => {
    const bad = sources('main').flatMap((f) => importsOf(f).filter((i) => /^(electron|react|react-dom|antd)(\/|$)/.test(i)).map((i) => `${f} → ${i}`));
    expect(bad).toEqual([]);
  });

  it('renderer/ imports from main/ only the API contract', () => {
    const bad = sources('renderer').flatMap((f) =>
      importsOf(f)
        .filter((i) => i.includes('/main/') && !/\/main\/api\/contract$/.test(i))
        .map((i) => `${f} → ${i}`),
    );
    expect(bad).toEqual([]);
  });

  it('the API contract pulls in nothing Node-only', () => {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const i of importsOf(file)) {
        expect(i.startsWith('node:') || ['fs', 'path', 'crypto', 'better-sqlite3', 'kysely'].includes(i), `${file} imports ${i}`).toBe(false);
        if (i.startsWith('.')) {
          const base = join(file, '..', i);
          const candidates = [`${base}.ts`, `${base}/index.ts`];
          const hit = candidates.find((c) => sources(c.split('/')[0]!).includes(c));
          if (hit) visit(hit);
        }
      }
    };
    visit('main/api/contract.ts');
    expect(seen.size).toBeGreaterThan(3);
  });

  it('only electron/ imports electron', () => {
    const bad = ['main', 'renderer', 'test'].flatMap((d) => sources(d).flatMap((f) => importsOf(f).filter((i) => i === 'electron').map((i) => `${f} → ${i}`)));
    expect(bad).toEqual([]);
  });
});
