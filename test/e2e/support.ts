// Starting the web host as a user would (the bundle of `main/web/serve.ts`, or of the team server
// `main/web/server.ts`, out/node/*.js, in its own process with plain node) and Debian's Chromium, and `useE2eDesk`: one test file's desk from seed to clean-up.
//
// The suite runs twice: `npm run test:e2e` (test/vitest.e2e.config.ts) against the local web host on the
// data folder's SQLite file with its per-run token, and `npm run test:e2e:team` (test/vitest.e2e.team.config.ts)
// against a team server on a throwaway PostgreSQL database, logged in as a 管理员. The config chooses
// (vitest `provide`, see `e2eRun`), never the shell; a test only single-desk by nature says so with
// `it.skipIf(inTeamRun)` and its reason beside it.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page, type Route } from 'playwright-core';
import { afterAll, beforeAll, inject, onTestFailed } from 'vitest';
import { runCli } from '../../main/cli';
import { openNamedStore } from '../../main/db/storeLocation';
import { Desk } from '../../main/desk';
import { BUNDLE_DIR, ensureNodeBundle } from '../../electron/node-bundle.mjs';

export const root = resolve(__dirname, '..', '..');
/** How long the web host may take to start; a loaded shared machine may need more (BEIAN_DESK_E2E_START_MS). */
const HOST_START_MS = Number(process.env.BEIAN_DESK_E2E_START_MS) || 30_000;
/** The smallest scrypt cost the keyring accepts: the tests are about the desk, not the KDF's strength. */
const TEST_KDF_LOG2N = '12';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Which run of the e2e suite this is: 'team' from test/vitest.e2e.team.config.ts, absent otherwise. */
    e2eRun: 'desk' | 'team';
  }
}

/**
 * True in the team run: every desk of a file is a team server over its own PostgreSQL database, and its
 * pages log in (as TEAM_ADMIN for host 'unlocked') instead of carrying the token.
 */
export const inTeamRun: boolean = (inject('e2eRun') as 'desk' | 'team' | undefined) === 'team';
/** The 管理员 the team run creates for host 'unlocked', and whose login every page of it uses. */
export const TEAM_ADMIN = { username: 'e2e-admin', name: '端到端管理员', password: 'E2e-Admin-Pass-01' } as const;
/** Where the tests' screenshots go: the team run's beside the desk run's, not over them. */
export const shotsDir = inTeamRun ? join(root, 'test-results', 'team') : join(root, 'test-results');

export interface RunningHost {
  openUrl: string;
  child: ChildProcess;
  /** What the host printed up to its address (the team server's certificate fingerprint is in it). */
  startupOutput: string;
  /** Everything the host has written to stderr so far (shown when a test fails). */
  errorOutput(): string;
  stop(): Promise<void>;
}

/** Runs the bundle of one of main/web's entry points (rebuilt first if main/ changed) and waits for the address it prints. */
async function spawnHost(script: 'serve' | 'server', args: string[], env: NodeJS.ProcessEnv, address: RegExp, startMs: number): Promise<RunningHost> {
  if (!existsSync(join(root, 'out', 'renderer', 'index.html'))) throw new Error('out/renderer is missing: run `npm run build` before the UI tests');
  await ensureNodeBundle();
  const child = spawn(process.execPath, [join(BUNDLE_DIR, `${script}.js`), ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const openUrl = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => {
      // not left running behind the failed test: at a load of 30 such hosts started minutes later and stayed
      child.kill('SIGTERM');
      fail(new Error(`${script} did not start:\n${out}\n${err}`));
    }, startMs);
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = address.exec(out);
      if (m) {
        clearTimeout(timer);
        ok(m[1]!);
      }
    });
    child.on('exit', (code) => fail(new Error(`${script} exited (${code}):\n${out}\n${err}`)));
  });
  return {
    openUrl,
    child,
    startupOutput: out,
    errorOutput: () => err,
    stop: () =>
      new Promise<void>((ok) => {
        if (child.exitCode !== null) return ok();
        child.once('exit', () => ok());
        child.kill('SIGTERM');
      }),
  };
}

export function startHost(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<RunningHost> {
  return spawnHost('serve', ['--data', dataDir], env, /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/, HOST_START_MS);
}

/**
 * `npm run server` on 127.0.0.1 with a self-signed certificate; its key is generated at the first start.
 * Over the data folder's SQLite file, or over the team database `database` names.
 */
export function startTeamServer(dataDir: string, env: NodeJS.ProcessEnv = {}, database?: string): Promise<RunningHost> {
  const args = ['--data', dataDir, ...(database ? ['--database', database] : []), '--listen', '127.0.0.1:0', '--tls-self-signed'];
  return spawnHost('server', args, env, /团队服务器已启动：(https:\/\/127\.0\.0\.1:\d+\/)/, Math.max(HOST_START_MS, 60_000));
}

/**
 * The Chromium the tests drive: BEIAN_DESK_CHROMIUM if set, else Debian's headless shell (package
 * chromium-headless-shell: the same Blink and V8 as `chromium`, without the browser's own UI layers), else
 * Debian's Chromium. The shell took up to a third less CPU for the same file (test/measurements.md, "The two commands").
 */
export function chromiumPath(): string {
  return process.env.BEIAN_DESK_CHROMIUM ?? [HEADLESS_SHELL, '/usr/bin/chromium'].find((path) => existsSync(path)) ?? '/usr/bin/chromium';
}
const HEADLESS_SHELL = '/usr/bin/chromium-headless-shell';

export function launchChromium(): Promise<Browser> {
  mkdirSync(shotsDir, { recursive: true });
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // V8 without its optimising compilers (Maglev, TurboFan): a test page lives seconds, too short for the
      // compiled code to pay for compiling it, and the same JavaScript runs (interpreter and baseline code):
      // the same page work took about a sixth less CPU (test/measurements.md, "The two commands")
      '--js-flags=--no-opt --no-maglev',
    ],
  });
}

/** The Chromium this test process's files share (see `processChromium`). */
let sharedChromium: Promise<Browser> | undefined;

/**
 * One Chromium per test process: the e2e files of a worker run one after another in the same process
 * (isolate: false), so the first launches it and the next ones reuse it instead of launching and closing
 * one each. Every page a file opens is in a browser context of its own, and the file closes all of them
 * after its tests (`useE2eDesk`): no cookie, storage or cache passes from one file to the next. A Chromium
 * that went away (crashed, closed) is launched again; Playwright kills it when the process exits.
 */
function processChromium(): Promise<Browser> {
  if (!sharedChromium) {
    const launching = launchChromium();
    sharedChromium = launching;
    const forget = () => {
      if (sharedChromium === launching) sharedChromium = undefined;
    };
    launching.then((browser) => browser.on('disconnected', forget), forget);
  }
  return sharedChromium;
}

/** What a file's seed gets: the store before the host starts. */
export interface DeskSeed {
  dataDir: string;
  passphrase: string;
  /** The CLI on this desk's data; its standard output, or the set-up fails with what it said. */
  cli(...args: string[]): Promise<string>;
  /** The same, with `stdin` as standard input (a password is never put on the command line). */
  cliWithStdin(stdin: string, ...args: string[]): Promise<string>;
  /**
   * `entity add` of a client record. The CLI reads the record from a named file only, so it is written to
   * a folder of its own (owner-only) and removed at once, whatever the CLI answers: no personal data stays behind.
   */
  addClient(record: unknown): Promise<void>;
  /** The store opened in this process, its vault set up with the passphrase, closed again after `fill`. */
  withStore<T>(fill: (desk: Desk) => Promise<T>): Promise<T>;
}

export interface E2eDeskOptions {
  /** Names the temporary folders (beian-desk-e2e-NAME-…) and the data passphrase. */
  name: string;
  seed?: (seed: DeskSeed) => Promise<unknown>;
  /** How long the seed may take (the default hook timeout otherwise). */
  seedTimeoutMs?: number;
  /** Set in this process (for the CLI the seed and the tests run) and for the host. */
  env?: NodeJS.ProcessEnv;
  /** Set for the host only. */
  hostEnv?: NodeJS.ProcessEnv;
  /**
   * 'unlocked' (the default): the host starts with BEIAN_DESK_PASSPHRASE, ready for use (in the team run:
   * a team server with TEAM_ADMIN, pages logged in). 'team': the team server with its self-signed
   * certificate, the test making its own accounts and logins. 'none': no passphrase anywhere and no host;
   * the test starts and stops the desk itself (setting the passphrase and unlocking in the page is what
   * it tests). In the team run 'unlocked' and 'team' stand on a PostgreSQL database of their own.
   */
  host?: 'unlocked' | 'team' | 'none';
}

export interface OpenPageOptions {
  viewport?: { width: number; height: number };
  timezoneId?: string;
  /** Where the page goes first: the host's opening URL unless told. */
  url?: string;
  /**
   * The screen to open at, e.g. '#/clients/new': the opening URL with this hash (the host's token redirect
   * keeps it), so the page is loaded once, at that screen, instead of at 工作台 and then again.
   */
  hash?: string;
}

export interface E2eDesk {
  readonly dataDir: string;
  readonly passphrase: string;
  readonly host: RunningHost;
  readonly browser: Browser;
  /** A temporary folder for the test's own files, removed with the desk. */
  tempDir(label: string): string;
  /** The CLI on this desk's store, as in the seed (after the seed, too). */
  cli(...args: string[]): Promise<string>;
  cliWithStdin(stdin: string, ...args: string[]): Promise<string>;
  /** `--data DIR` and, in the team run, `--database URL`: this desk's store, for runCli of the test's own. */
  storeArgs(): string[];
  /** The host's opening URL with `#hash`, token dropped (the session cookie is set already). */
  urlOf(hash: string): string;
  /**
   * A new page in a browser context of its own; an uncaught error in it fails the test. The context asks
   * for reduced motion, as an operator can in the system settings: the UI then draws its drawers, dialogs
   * and tabs without animation (each animated frame is drawn in software by headless Chromium).
   */
  openPage(options?: OpenPageOptions): Promise<Page>;
  /**
   * The file's own page at the screen `hash` (e.g. '#/clients/2'): opened by the first test that asks, and taken
   * to the screen asked for by each test after it, as the address bar would (location.hash), instead of a page
   * loaded per test. A page load (a browser context, the UI's scripts fetched, compiled and run) took 2–2.5 s of
   * Chromium's CPU, a screen changed in a loaded page a sixth of that (test/measurements.md, "The file's page, and the 核验单设置 race").
   * The page is handed over on the screen asked for, mounted afresh (when the test before left it on that same
   * screen, by way of another), with no dialog, drawer, dropdown or message of the test before still up — a
   * test waiting for 已保存 sees its own — and at `viewport` (the default of openPage unless told). A test that
   * fails closes it: its retry, and the tests after it, get a page loaded afresh. A test whose point needs a
   * page of its own (the first paint, a reload, a second operator beside the first, an intercepted request
   * left behind) opens one with `openPage`; the file's page is not closed by its tests.
   */
  screen(hash: string, options?: { viewport?: { width: number; height: number } }): Promise<Page>;
  /** The host if one is running (for host 'none', the test's own). */
  hostIfRunning(): RunningHost | undefined;
  /** For host 'none': starts the web host (stopping one the test started before). */
  startHost(): Promise<RunningHost>;
  stopHost(): Promise<void>;
}

async function runDeskCli(dataDir: string, args: string[], stdin?: string): Promise<string> {
  let out = '';
  let err = '';
  const code = await runCli(['--data', dataDir, ...args], { out: (t) => (out += t), err: (t) => (err += t), ...(stdin === undefined ? {} : { stdin: async () => stdin }) });
  if (code !== 0) throw new Error(`cli ${args.join(' ')} → ${code}: ${err}`);
  return out;
}

/** The window a page is opened with unless the test asks for another. */
const DEFAULT_VIEWPORT = { width: 1400, height: 900 } as const;
/** What a test may leave up on its page that the next test on the file's page must not find: dialogs, drawers, dropdowns, popovers, messages. */
const LEFT_OVER = ['.ant-modal-wrap:visible', '.ant-drawer-open', '.ant-select-dropdown:visible', '.ant-picker-dropdown:visible', '.ant-popover:visible', '.ant-message-notice', '.ant-notification-notice'].join(', ');

/** Job-status polls of a page answered by a test until `restore`: `polls()` counts them. */
export interface InterceptedPolls {
  polls(): number;
  restore(): Promise<void>;
}

/** Every `jobs.get` request of `page` answered by `answer` instead of the desk, counted, until `restore`. */
async function interceptJobPolls(page: Page, answer: (route: Route) => Promise<void>): Promise<InterceptedPolls> {
  let polls = 0;
  await page.route('**/api/jobs.get', (route) => {
    polls++;
    return answer(route);
  });
  return { polls: () => polls, restore: () => page.unroute('**/api/jobs.get') };
}

/**
 * Makes the desk answer every job-status poll of `page` with NOT_FOUND, as when a job expired or its one-time
 * result went to a request that never came back.
 */
export function forgetJobsIn(page: Page): Promise<InterceptedPolls> {
  const gone = JSON.stringify({ ok: false, error: { code: 'NOT_FOUND', message: '任务不存在或已过期' } });
  return interceptJobPolls(page, (route) => route.fulfill({ status: 200, contentType: 'application/json', body: gone }));
}

/**
 * Makes the page lose its connection for job polls only (each `jobs.get` request fails as an unplugged cable or a
 * stopped host would); everything else still reaches the desk, and the job runs on in it.
 */
export function losePollsIn(page: Page): Promise<InterceptedPolls> {
  return interceptJobPolls(page, (route) => route.abort('connectionrefused'));
}

/** What a failed UI test's page showed (address, visible text) and the host's stderr, printed for the run's log. */
async function tellFailure(page: Page, host: RunningHost | undefined): Promise<void> {
  const lines = ['──── the failed test\'s page and host ────'];
  if (page.isClosed()) lines.push('page: closed');
  else {
    lines.push(`page: ${page.url().replace(/token=[^&#]+/, 'token=…')}`);
    const text = await page.locator('body').innerText({ timeout: 5_000 }).catch((e: unknown) => `(not readable: ${String(e)})`);
    lines.push('visible text (last 3 000 characters):', text.replace(/\n{2,}/g, '\n').slice(-3_000));
  }
  const said = host?.errorOutput().trim() ?? '';
  lines.push(said ? `host stderr (last 3 000 characters):\n${said.slice(-3_000)}` : 'host stderr: nothing');
  console.error(lines.join('\n'));
}

/**
 * One test file's desk: a fresh data folder seeded before the host starts, the host shared by the file's
 * tests (started once, in beforeAll), and everything stopped and removed in afterAll; Chromium is the test
 * process's (`processChromium`), the file's pages in contexts of their own, closed in afterAll.
 */
export function useE2eDesk(options: E2eDeskOptions): E2eDesk {
  const mode = options.host ?? 'unlocked';
  /** A team server (its own certificate, logins) rather than the local host with its token. */
  const teamServer = mode === 'team' || (inTeamRun && mode === 'unlocked');
  /** Pages log in as TEAM_ADMIN before they open (the test does not log in itself). */
  const logsIn = inTeamRun && mode === 'unlocked';
  const passphrase = `e2e-${options.name}-passphrase`;
  const temps: string[] = [];
  const tempDir = (label: string) => {
    const dir = mkdtempSync(join(tmpdir(), `beian-desk-e2e-${options.name}-${label}-`));
    temps.push(dir);
    return dir;
  };
  const dataDir = tempDir('data');
  const env: NodeJS.ProcessEnv = {
    BEIAN_DESK_KDF_LOG2N: TEST_KDF_LOG2N,
    // the cheapest password hash the accounts accept: the tests log in often
    ...(teamServer ? { BEIAN_DESK_PASSWORD_LOG2N: '12' } : {}),
    ...(mode === 'none' ? {} : { BEIAN_DESK_PASSPHRASE: passphrase }),
    ...options.env,
  };
  let host: RunningHost | undefined;
  let browser: Browser | undefined;
  /** The team run's PostgreSQL database of this file (dropped after it). */
  let database: { url: string; drop(): Promise<void> } | undefined;
  const storeOptions = (): string[] => (database ? ['--database', database.url] : []);
  const cli = (...args: string[]) => runDeskCli(dataDir, [...storeOptions(), ...args]);
  const cliWithStdin = (stdin: string, ...args: string[]) => runDeskCli(dataDir, [...storeOptions(), ...args], stdin);

  const seed: DeskSeed = {
    dataDir,
    passphrase,
    cli,
    cliWithStdin,
    async addClient(record) {
      const dir = mkdtempSync(join(tmpdir(), 'beian-desk-e2e-record-'));
      try {
        const file = join(dir, 'client.json');
        writeFileSync(file, JSON.stringify(record), { mode: 0o600 });
        await cli('entity', 'add', '--file', file);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    async withStore(fill) {
      const store = database ? await openNamedStore(database.url) : undefined;
      const desk = await Desk.open({ dataDir, actor: 'e2e', kdfLog2n: Number(TEST_KDF_LOG2N), ...(store ? { store } : {}) });
      try {
        if (desk.vault.state() === 'uninitialised') await desk.vault.setup(passphrase);
        else await desk.vault.unlock(passphrase);
        return await fill(desk);
      } finally {
        await desk.close();
      }
    },
  };

  const start = async (): Promise<RunningHost> => {
    await host?.stop();
    host = undefined;
    const hostEnv = { ...env, ...options.hostEnv };
    host = teamServer ? await startTeamServer(dataDir, hostEnv, database?.url) : await startHost(dataDir, hostEnv);
    return host;
  };

  // The test process is shared with other e2e files (isolate: false): what this file sets is undone after it.
  let envBefore: NodeJS.ProcessEnv = {};
  beforeAll(async () => {
    envBefore = { ...process.env };
    if (mode === 'none') delete process.env.BEIAN_DESK_PASSPHRASE;
    Object.assign(process.env, env);
    // Chromium (the first file of this process: launched; the next ones: already running) starts while
    // the seed runs, and the host once the store is seeded, while Chromium may still be starting
    const launching = processChromium();
    let seeded = false;
    try {
      if (inTeamRun && mode !== 'none') {
        // loaded only here: the desk run has no PostgreSQL cluster (its globalSetup is the team config's)
        const { createTestDatabase } = await import('../support/pgTestDatabase');
        database = await createTestDatabase();
      }
      await options.seed?.(seed);
      if (logsIn) await cliWithStdin(`${TEAM_ADMIN.password}\n`, 'account', 'add', '--role', 'admin', '--username', TEAM_ADMIN.username, '--name', TEAM_ADMIN.name);
      seeded = true;
    } finally {
      const [started, launched] = await Promise.allSettled([seeded && mode !== 'none' ? start() : undefined, launching]);
      if (launched.status === 'fulfilled') browser = launched.value;
      if (seeded) {
        if (started.status === 'rejected') throw started.reason;
        if (launched.status === 'rejected') throw launched.reason;
      }
    }
  }, options.seedTimeoutMs);

  afterAll(async () => {
    await host?.stop();
    // every context of the shared Chromium is this file's: a process runs its files one at a time
    if (browser?.isConnected()) await Promise.all(browser.contexts().map((context) => context.close()));
    await database?.drop();
    for (const dir of temps) rmSync(dir, { recursive: true, force: true });
    for (const name of Object.keys(process.env)) if (!(name in envBefore)) delete process.env[name];
    Object.assign(process.env, envBefore);
  });

  const running = (): RunningHost => {
    if (!host) throw new Error('the web host is not running');
    return host;
  };
  const chromiumOf = (): Browser => {
    if (!browser) throw new Error('Chromium is not running');
    return browser;
  };
  /** The file's page (`screen`), while it is open. */
  let filePage: Page | undefined;
  /**
   * A page in a browser context of its own, at `o.url` or the opening URL with `o.hash`. A test that fails
   * prints what the page showed, then `onFailure` (the file's page: closed, so the retry gets a fresh one).
   */
  const openPage = async (o: OpenPageOptions = {}, onFailure?: (page: Page) => Promise<void>): Promise<Page> => {
    // a page of its own context (closed with it), as a separate desk or operator would be
    const page = await chromiumOf().newPage({
      viewport: o.viewport ?? DEFAULT_VIEWPORT,
      reducedMotion: 'reduce',
      ...(o.timezoneId ? { timezoneId: o.timezoneId } : {}),
      ...(teamServer ? { ignoreHTTPSErrors: true } : {}),
    });
    page.on('pageerror', (e) => {
      throw e;
    });
    // CI keeps only what the run printed: a failed test prints what its page showed and what the host said
    onTestFailed(async () => {
      await tellFailure(page, host);
      await onFailure?.(page);
    });
    if (logsIn) {
      // a real login, as the login form makes it: its session cookie lands in this page's context
      const answer = await page.context().request.post(new URL('/auth/login', running().openUrl).href, { data: { username: TEAM_ADMIN.username, password: TEAM_ADMIN.password } });
      if (!answer.ok()) throw new Error(`login as ${TEAM_ADMIN.username} refused (${answer.status()}): ${await answer.text()}`);
    }
    await page.goto(o.url ?? running().openUrl + (o.hash ?? ''));
    return page;
  };
  return {
    dataDir,
    passphrase,
    get host() {
      return running();
    },
    get browser() {
      return chromiumOf();
    },
    tempDir,
    cli,
    cliWithStdin,
    storeArgs: () => ['--data', dataDir, ...storeOptions()],
    urlOf: (hash) => running().openUrl.replace(/\/(\?token=.*)?$/, `/${hash}`),
    openPage: (o) => openPage(o),
    async screen(hash, o = {}) {
      const viewport = o.viewport ?? DEFAULT_VIEWPORT;
      const page = filePage && !filePage.isClosed() ? filePage : undefined;
      if (!page) {
        const opened = await openPage({ viewport, hash }, (failed) => {
          if (failed === filePage) filePage = undefined;
          return failed.context().close();
        });
        filePage = opened;
        return opened;
      }
      onTestFailed(async () => {
        await tellFailure(page, host);
        if (page === filePage) filePage = undefined;
        await page.context().close();
      });
      const size = page.viewportSize();
      if (size?.width !== viewport.width || size.height !== viewport.height) await page.setViewportSize(viewport);
      // the screen the test before left unmounts (its drawers and dialogs with it), and the one asked for is
      // mounted afresh, even where it is the same screen or the same kind of screen (an order page for another
      // order): by way of another screen — 照片检查, which asks the desk for nothing until a folder is given — each
      // left screen marked and waited out (React draws the last of two quick address changes only)
      const leaveFor = async (h: string) => {
        await page.evaluate((to) => {
          for (const screen of document.querySelectorAll('.desk-page')) screen.setAttribute('data-e2e-left', '');
          window.location.hash = to;
        }, h);
        await page.locator('[data-e2e-left]').first().waitFor({ state: 'detached' });
      };
      const current = await page.evaluate(() => window.location.hash);
      await leaveFor(['#/photos', '#/orders'].find((h) => h !== current && h !== hash)!);
      await leaveFor(hash);
      // nothing of the test before still up: a dialog of App.useApp() outlives its screen, a message its 3 s
      await page
        .locator(LEFT_OVER)
        .first()
        .waitFor({ state: 'detached', timeout: 10_000 })
        .catch(async () => {
          throw new Error(`the test before left this up on the file's page (close it in that test): ${await page.locator(LEFT_OVER).first().evaluate((e) => e.outerHTML.slice(0, 300))}`);
        });
      return page;
    },
    hostIfRunning: () => host,
    startHost: start,
    async stopHost() {
      await host?.stop();
      host = undefined;
    },
  };
}

/** Picks `option` of the Ant Design select at `selector`. */
export async function pick(page: Page, selector: string, option: string): Promise<void> {
  await page.locator(selector).click();
  await page.locator(`.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="${option}"]`).click();
}

/** The new-client form's 所属区域 filled as 广东 深圳市 南山区. */
export async function fillShenzhenNanshan(page: Page): Promise<void> {
  await page.locator('#entity_province').click();
  await page.keyboard.type('广东');
  await page.keyboard.press('Enter');
  await page.locator('#entity_city').fill('深圳市');
  await page.locator('#entity_district').fill('南山区');
}
