// The agency's team server run from a desk (设置 → 团队服务器 → 在本机运行团队服务器): the SAME server
// bundle `npm run server` runs (electron/run-bundle.mjs → out/node/server.js), as a child process of the
// desk's core — plain node, or the Electron binary with ELECTRON_RUN_AS_NODE=1 inside the desktop app.
// The data passphrase and the database address with its password go to it as one JSON line on its
// standard input (server.ts --secrets-stdin): a command line and an environment are readable by every
// process of the same user, a pipe is not. The pipe stays open while the desk runs; its end stops the
// server, so a desk that dies leaves no server holding the data key behind.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseReadyLine, type PipedSecrets, type ReadyLine } from '../domain/serverPipe';

export type LocalServerState = 'stopped' | 'starting' | 'running' | 'stopping' | 'failed';

export interface LocalServerStatus {
  state: LocalServerState;
  /** https://…/ once running */
  url: string | null;
  fingerprint256: string | null;
  validTo: string | null;
  selfSigned: boolean;
  /** failed: the server's own words (its last lines on stderr), or why the desk gave up waiting */
  message: string | null;
  /** the database as shown: its password masked */
  database: string | null;
  listen: string | null;
  pid: number | null;
  startedAt: string | null;
  /** the server's last lines of output, secrets replaced by *** */
  log: string[];
}

export interface LocalServerStart {
  dataDir: string;
  /** argv after `server`, never a secret */
  args: string[];
  secrets: PipedSecrets;
  /** the database address as shown (password masked) */
  databaseShown: string | null;
  listenShown: string;
  readyTimeoutMs?: number;
}

const LOG_LINES = 60;
const READY_TIMEOUT_MS = 90_000;
/** after SIGTERM: time to finish the requests in flight and close the store before SIGKILL */
export const STOP_GRACE_MS = 8_000;
/** variables a child must not inherit: secrets the desk itself may have been started with */
const SECRET_ENV = ['BEIAN_DESK_PASSPHRASE', 'PGPASSWORD', 'PGPASSFILE'];

/** The install folder: the nearest folder above this code holding electron/run-bundle.mjs (source, out/main, out/node). */
export function installRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; ) {
    if (existsSync(join(dir, 'electron', 'run-bundle.mjs'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('找不到备案助手的安装目录（electron/run-bundle.mjs）');
    dir = up;
  }
}

/** The child's environment: the desk's, less its secrets, and Node mode for the Electron binary. */
export function childEnvironment(parent: NodeJS.ProcessEnv = process.env, electron = Boolean(process.versions.electron)): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...parent };
  for (const name of SECRET_ENV) delete env[name];
  if (electron) env.ELECTRON_RUN_AS_NODE = '1';
  return env;
}

function idle(): LocalServerStatus {
  return { state: 'stopped', url: null, fingerprint256: null, validTo: null, selfSigned: false, message: null, database: null, listen: null, pid: null, startedAt: null, log: [] };
}

/** One team server child per desk process. */
export class TeamServerProcess {
  private child: ChildProcessWithoutNullStreams | null = null;
  private status: LocalServerStatus = idle();
  private stderrTail: string[] = [];
  private masks: string[] = [];
  private settledWaiters: (() => void)[] = [];
  private exited: Promise<void> = Promise.resolve();
  private stopRequested = false;

  view(): LocalServerStatus {
    return { ...this.status, log: [...this.status.log] };
  }

  get busy(): boolean {
    return this.child !== null;
  }

  /** Starts the child; returns at once in `starting`. `settled()` resolves once it is running or has failed. */
  start(options: LocalServerStart, now = new Date()): LocalServerStatus {
    if (this.child) throw new Error('already running');
    const root = installRoot();
    this.masks = secretsToMask(options.secrets);
    this.stderrTail = [];
    this.stopRequested = false;
    this.status = { ...idle(), state: 'starting', database: options.databaseShown, listen: options.listenShown, startedAt: now.toISOString() };
    const child = spawn(process.execPath, [join(root, 'electron', 'run-bundle.mjs'), 'server', ...options.args, '--secrets-stdin'], {
      cwd: root,
      env: childEnvironment(),
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    this.child = child;
    this.status.pid = child.pid ?? null;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    lines(child.stdout, (line) => this.onStdout(line));
    lines(child.stderr, (line) => this.onStderr(line));
    child.on('error', (err) => {
      // a child that could not be spawned never exits: it is not running either
      if (child.pid === undefined && this.child === child) this.child = null;
      this.fail(`无法启动团队服务器进程：${err.message}`);
    });
    child.on('exit', (code, signal) => this.onExit(code, signal));
    // the pipe stays open: its end is the server's signal that the desk has gone
    child.stdin.on('error', () => undefined);
    child.stdin.write(`${JSON.stringify(options.secrets)}\n`);
    const timeout = setTimeout(() => {
      if (this.child === child && this.status.state === 'starting') {
        this.fail(`团队服务器在 ${Math.round((options.readyTimeoutMs ?? READY_TIMEOUT_MS) / 1000)} 秒内没有就绪，已停止`);
        void this.stop();
      }
    }, options.readyTimeoutMs ?? READY_TIMEOUT_MS);
    timeout.unref();
    void this.settled().then(() => clearTimeout(timeout));
    return this.view();
  }

  /** Resolves once the server is running, has failed or has stopped. */
  settled(): Promise<LocalServerStatus> {
    if (this.status.state !== 'starting') return Promise.resolve(this.view());
    return new Promise((resolve) => this.settledWaiters.push(() => resolve(this.view())));
  }

  /** 停止: SIGTERM (the server closes its store), SIGKILL after the grace period; resolves when it has exited. */
  async stop(graceMs = STOP_GRACE_MS): Promise<LocalServerStatus> {
    const child = this.child;
    if (!child) return this.view();
    this.stopRequested = true;
    if (this.status.state !== 'failed') this.status.state = 'stopping';
    child.kill('SIGTERM');
    const kill = setTimeout(() => {
      this.log('（未在限定时间内退出，已强制结束）');
      child.kill('SIGKILL');
    }, graceMs);
    await this.exited;
    clearTimeout(kill);
    return this.view();
  }

  /** The desk's process is ending: no server is left behind (synchronous, for process 'exit'). */
  killNow(): void {
    this.child?.kill('SIGTERM');
  }

  private onStdout(line: string): void {
    const ready = parseReadyLine(line);
    if (ready) return this.onReady(ready);
    this.log(line);
  }

  private onStderr(line: string): void {
    const shown = this.log(line);
    if (shown.trim()) this.stderrTail = [...this.stderrTail, shown].slice(-5);
  }

  private onReady(ready: ReadyLine): void {
    if (this.status.state !== 'starting') return;
    this.status = { ...this.status, state: 'running', url: ready.url, fingerprint256: ready.fingerprint256, validTo: ready.validTo, selfSigned: ready.selfSigned };
    this.settle();
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    this.child = null;
    this.status.pid = null;
    if (this.status.state === 'failed') {
      // already said why
    } else if (this.stopRequested) {
      this.status = { ...this.status, state: 'stopped', url: null };
    } else {
      const said = this.stderrTail.join('\n');
      const how = signal ? `被信号 ${signal} 结束` : `退出代码 ${code ?? '?'}`;
      this.status = {
        ...this.status,
        state: 'failed',
        url: null,
        message: said ? said : this.status.state === 'starting' ? `团队服务器未能启动（${how}）` : `团队服务器意外停止（${how}）`,
      };
    }
    this.log(this.status.state === 'stopped' ? '— 团队服务器已停止 —' : `— 团队服务器已退出（${signal ?? code ?? '?'}）—`);
    this.settle();
  }

  private fail(message: string): void {
    this.status = { ...this.status, state: 'failed', message, url: null };
    this.settle();
  }

  private settle(): void {
    const waiters = this.settledWaiters;
    this.settledWaiters = [];
    for (const w of waiters) w();
  }

  private log(line: string): string {
    let shown = line;
    for (const secret of this.masks) shown = shown.split(secret).join('***');
    this.status.log = [...this.status.log, shown].slice(-LOG_LINES);
    return shown;
  }
}

/** Every form a secret could be printed in: the passphrase, the database password raw and encoded, the whole address. */
function secretsToMask(secrets: PipedSecrets): string[] {
  const out = new Set<string>([secrets.passphrase]);
  if (secrets.database) {
    out.add(secrets.database);
    const m = /^postgres(?:ql)?:\/\/[^:/@]*:([^@/]+)@/i.exec(secrets.database);
    if (m) {
      out.add(m[1]!);
      try {
        out.add(decodeURIComponent(m[1]!));
      } catch {
        // kept as written
      }
    }
  }
  // longest first, so a whole address is masked before a part of it
  return [...out].filter((s) => s.length >= 3).sort((a, b) => b.length - a.length);
}

/** Calls `each` per line of a stream (UTF-8, a partial last line kept until it ends). */
function lines(stream: NodeJS.ReadableStream, each: (line: string) => void): void {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    rest += chunk;
    const parts = rest.split(/\r?\n/);
    rest = parts.pop() ?? '';
    for (const p of parts) each(p);
  });
  stream.on('end', () => {
    if (rest) each(rest);
    rest = '';
  });
}

/** The desk process's one team server; stopped with the process. */
export const localTeamServer = new TeamServerProcess();
process.on('exit', () => localTeamServer.killNow());
