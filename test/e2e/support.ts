// Starting the web host as a user would (`main/web/serve.ts` in its own process) and Debian's Chromium.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const root = resolve(__dirname, '..', '..');
export const shotsDir = join(root, 'test-results');
/** How long the web host may take to start; a loaded shared machine may need more (BEIAN_DESK_E2E_START_MS). */
const HOST_START_MS = Number(process.env.BEIAN_DESK_E2E_START_MS) || 30_000;

export interface RunningHost {
  openUrl: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export async function startHost(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<RunningHost> {
  if (!existsSync(join(root, 'out', 'renderer', 'index.html'))) throw new Error('out/renderer is missing: run `npm run build` before the UI tests');
  const child = spawn(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(root, 'main', 'web', 'serve.ts'), '--data', dataDir], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const openUrl = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`web host did not start:\n${out}\n${err}`)), HOST_START_MS);
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok(m[1]!);
      }
    });
    child.on('exit', (code) => fail(new Error(`web host exited (${code}):\n${out}\n${err}`)));
  });
  return {
    openUrl,
    child,
    stop: () =>
      new Promise<void>((ok) => {
        if (child.exitCode !== null) return ok();
        child.once('exit', () => ok());
        child.kill('SIGTERM');
      }),
  };
}

export function launchChromium(): Promise<Browser> {
  mkdirSync(shotsDir, { recursive: true });
  return chromium.launch({
    executablePath: process.env.BEIAN_DESK_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A new page on the desk's opening URL; an uncaught error in the page fails the test. */
export async function openDesk(browser: Browser, host: RunningHost, viewport = { width: 1400, height: 900 }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  page.on('pageerror', (e) => {
    throw e;
  });
  await page.goto(host.openUrl);
  return page;
}
