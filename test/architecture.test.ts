// The layering of architecture.md, checked: main/ never imports electron or React; renderer/ imports
// nothing from main/ but the API contract; Electron is imported only inside electron/; inside main/ the
// arrows run downward (api → services → rules, filings, pdf, photos, export, jobs → db, files, secrets
// → domain), SQL is written only in db/, the API handlers call services only, filings/ reads no rules.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative, resolve } from 'node:path';
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


// ── inside main/ ────────────────────────────────────────────────────────────────────────────────────

interface Import {
  file: string;
  spec: string;
  /** main/-relative module the import resolves to (folder/file.ts), or null for packages and node: builtins. */
  target: string | null;
  typeOnly: boolean;
}

function mainImportsOf(file: string, text = readFileSync(join(root, file), 'utf8')): Import[] {
  const found = [...text.matchAll(/^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm)];
  return found.map((m) => {
    const spec = m[3] ?? m[4]!;
    let target: string | null = null;
    if (spec.startsWith('.')) {
      const base = normalize(join(dirname(file), spec));
      target = [`${base}.ts`, `${base}/index.ts`, base].find((c) => existsSync(join(root, c))) ?? `${base}.ts`;
    }
    return { file, spec, target, typeOnly: !!m[2] };
  });
}

/** Rank of each part of main/: a module may import its own rank or lower, never higher. */
const RANK: Record<string, number> = {
  domain: 0,
  db: 1,
  files: 1,
  secrets: 1,
  backup: 1,
  providers: 1,
  'paths.ts': 1,
  rules: 2,
  filings: 2,
  pdf: 2,
  photos: 2,
  export: 2,
  jobs: 2,
  services: 3,
  // the open data folder (store, file store, vault, jobs): composed from the layers below services
  'desk.ts': 3,
  api: 4,
  web: 5,
  'cli.ts': 5,
};

/** main/x/y.ts → x; main/desk.ts → desk.ts; outside main/ (resources/) → null. */
function partOf(path: string): string | null {
  const parts = path.split('/');
  if (parts[0] !== 'main') return null;
  return parts.length === 2 ? parts[1]! : parts[1]!;
}

/**
 * The one arrow allowed to run up, with its reason: the pool thread's entry (`jobs/taskWorker.ts`) loads each
 * task's code by the task's name, and check-all's SQLite reader (`services/checkAllWorker.ts`) reads with the
 * same repository code as the store's thread (`services/checkAllSlice.ts`), so that a worker's verdicts equal
 * the store thread's. Loaded only on the worker thread, only for that task.
 */
const ALLOWED_UPWARD = new Set(['main/jobs/taskWorker.ts → ../services/checkAllWorker']);

function upwardImports(file: string, text?: string): string[] {
  const from = partOf(file)!;
  return mainImportsOf(file, text).flatMap((i) => {
    const to = i.target && partOf(i.target);
    if (!to || RANK[to] === undefined) return [];
    if (ALLOWED_UPWARD.has(`${file} → ${i.spec}`)) return [];
    // Desk is the handle of an open data folder passed down to the store's helpers: a type, no code.
    if (to === 'desk.ts' && i.typeOnly) return [];
    return RANK[to]! > RANK[from]! ? [`${file} → ${i.spec}`] : [];
  });
}

/** Query text or a connection used outside db/: prepared statements, pragmas, Kysely builders, the raw handle. */
const SQL_OUTSIDE_DB = [
  /\.prepare\(/,
  /\.pragma\(/,
  /\bsql`/,
  /\.exec\(\s*['"`]/,
  /\b(selectFrom|insertInto|updateTable|deleteFrom|replaceInto)\(/,
  /\bsql\.raw\b/,
  /\.db\.(selectFrom|insertInto|updateTable|deleteFrom|transaction)\b/,
];

function sqlOutsideDb(file: string, text = readFileSync(join(root, file), 'utf8')): string[] {
  const bad = SQL_OUTSIDE_DB.filter((re) => re.test(text)).map((re) => `${file}: ${re.source}`);
  for (const i of mainImportsOf(file, text)) {
    if (i.spec === 'better-sqlite3' || i.spec === 'kysely') bad.push(`${file} → ${i.spec}`);
  }
  return bad;
}

/** The API handlers call services; besides them only the contract, domain types and the Desk handle. */
function handlerImportsBeyondServices(file: string, text?: string): string[] {
  return mainImportsOf(file, text)
    .filter((i) => {
      if (!i.target) return !(i.spec.startsWith('node:') || i.spec === 'zod');
      const to = partOf(i.target);
      // services, domain types, and the API's own parts (the contract, its blocks, sibling handler files)
      if (to === 'services' || to === 'domain' || to === 'api') return false;
      return !(to === 'desk.ts' && i.typeOnly);
    })
    .map((i) => `${file} → ${i.spec}`);
}

function filingsImportingRules(file: string, text?: string): string[] {
  return mainImportsOf(file, text)
    .filter((i) => i.target && partOf(i.target) === 'rules')
    .map((i) => `${file} → ${i.spec}`);
}

describe('layers inside main/', () => {
  const files = sources('main');

  it('every part of main/ has a rank in the plan', () => {
    expect(files.map((f) => partOf(f)!).filter((p) => RANK[p] === undefined)).toEqual([]);
  });

  it('arrows run downward: a lower folder never imports a higher one', () => {
    expect(files.flatMap((f) => upwardImports(f))).toEqual([]);
  });

  it('SQL is written only in main/db/', () => {
    expect(files.filter((f) => !f.startsWith('main/db/')).flatMap((f) => sqlOutsideDb(f))).toEqual([]);
  });

  it('the API handlers call services only, never repositories, pdf/, backup/, providers/ or rules/', () => {
    const handlerFiles = files.filter((f) => /^main\/api\/\w*[hH]andlers\.ts$/.test(f));
    expect(handlerFiles).toContain('main/api/handlers.ts');
    expect(handlerFiles.flatMap((f) => handlerImportsBeyondServices(f))).toEqual([]);
  });

  it('filings/ does not import rule internals', () => {
    expect(files.filter((f) => f.startsWith('main/filings/')).flatMap((f) => filingsImportingRules(f))).toEqual([]);
  });

  // The checks above must be able to fail: each is shown a violation it has to report.
  it('each layer check reports a violation it is shown', () => {
    expect(upwardImports('main/db/repositories/x.ts', "import { listClients } from '../../services/clients';")).toEqual(['main/db/repositories/x.ts → ../../services/clients']);
    expect(upwardImports('main/secrets/x.ts', "import { Desk } from '../desk';")).toHaveLength(1);
    expect(upwardImports('main/secrets/x.ts', "import type { Desk } from '../desk';")).toEqual([]);
    expect(sqlOutsideDb('main/services/x.ts', "const r = desk.sql.raw.prepare('SELECT 1').get();")).not.toEqual([]);
    expect(sqlOutsideDb('main/services/x.ts', "await desk.ctx.db.selectFrom('entity').execute();")).not.toEqual([]);
    expect(sqlOutsideDb('main/services/x.ts', "const m = /a/.exec(text);")).toEqual([]);
    expect(handlerImportsBeyondServices('main/api/handlers.ts', "import { ordersOfEntity } from '../db/repositories/orders';\nimport { stampPdf } from '../pdf/stamp';")).toHaveLength(2);
    expect(handlerImportsBeyondServices('main/api/handlers.ts', "import { getClient } from '../services/clients';\nimport type { Contract } from './contract';")).toEqual([]);
    expect(filingsImportingRules('main/filings/x.ts', "import { idProvinceCode } from '../rules/facts';")).toHaveLength(1);
  });
});

describe('the test run’s own set-up', () => {
  // A file's vi.mock applies only to modules it loads first: in the shared project a module an earlier file
  // of the worker loaded stays unmocked (hostUpload.test.ts's lowered upload cap did not apply, and a test
  // waited 60 s for a body that never came). The mutation run's MOCKING list is the same set.
  const listed = (file: string, name: string) => {
    const text = readFileSync(join(root, file), 'utf8');
    const list = new RegExp(`const ${name} = \\[([^\\]]*)\\]`).exec(text)?.[1] ?? '';
    return [...list.matchAll(/'([^']+)'/g)].map((m) => m[1]!).sort();
  };
  const mocking = sources('test')
    .filter((f) => f.endsWith('.test.ts') && !f.startsWith('test/e2e/') && /\bvi\.mock\(/.test(readFileSync(join(root, f), 'utf8')))
    .sort();

  // A hook a shared module registers when it is imported belongs to the first file of a worker only (isolate:
  // false caches the module): later files left their temp folders and team databases till the end of the run.
  it('registers no test hook in a shared module, and runs the cleanup setup file in every configuration', () => {
    const hooked = sources('test').filter(
      (f) => !/\.(test|e2e)\.ts$/.test(f) && f !== 'test/support/cleanupSetup.ts' && /^(afterAll|afterEach|beforeAll|beforeEach)\(/m.test(readFileSync(join(root, f), 'utf8')),
    );
    expect(hooked).toEqual([]);
    for (const config of ['test/vitest.config.ts', 'test/mutation/vitest.config.ts', 'test/vitest.e2e.config.ts']) {
      expect(readFileSync(join(root, config), 'utf8'), config).toContain("setupFiles: ['test/support/cleanupSetup.ts']");
    }
  });

  it('runs every unit file that mocks a module in a worker of its own', () => {
    expect(mocking.filter((f) => !listed('test/vitest.config.ts', 'ISOLATED').includes(f))).toEqual([]);
    expect(mocking.filter((f) => !listed('test/mutation/vitest.config.ts', 'MOCKING').includes(f))).toEqual([]);
  });
});
