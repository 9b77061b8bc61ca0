// A throwaway PostgreSQL cluster for the tests: initdb into a fresh temp folder, start it on a unix
// socket inside that folder (no TCP listener at all, so no other local user can reach it and no port
// can clash), stop it and remove the folder afterwards — and, through a small watchdog process, even
// when the test run itself is killed.
//
// PostgreSQL refuses to run as root: as root the cluster runs as a dedicated system user (created on
// first use), through `runuser`; otherwise as the current user.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { accessSync, chmodSync, chownSync, constants, existsSync, statSync, mkdtempSync, readFileSync, readdirSync, rmSync, appendFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** The system user a root process runs the test cluster as. */
export const PG_TEST_SYSTEM_USER = 'beian-pgtest';
/** The cluster's superuser role (trust auth over the folder's unix socket only). */
export const PG_TEST_ROLE = 'desk';

export interface PgBinaries {
  bindir: string;
  initdb: string;
  pgCtl: string;
}

export interface PgCluster {
  /** Superuser URL of the `postgres` maintenance database; create per-test databases through it. */
  adminUrl: string;
  /** The temp folder: data/, the log and the unix socket. */
  dir: string;
  socketDir: string;
  port: number;
  /** Milliseconds spent in initdb and in starting the server. */
  timings: { initdbMs: number; startMs: number };
  /** The cluster's data folder (PGDATA). */
  dataDir: string;
  /**
   * SIGKILLs the postmaster and every process it started (backends, WAL writer, checkpointer…) at once,
   * as a crash of the server would end them; resolves when none is left.
   */
  killHard(): Promise<void>;
  /** Starts the server again on the same data folder (crash recovery after killHard); milliseconds taken. */
  restart(): Promise<number>;
  /** Stops the server (immediate mode: it is thrown away) and removes the folder. Safe to call twice. */
  stop(): void;
}

export interface StartOptions {
  /** Where initdb and pg_ctl live; found by findPgBinaries() when absent. */
  binaries?: PgBinaries;
  /** Extra postgresql.conf settings (name → value as written in the file). */
  settings?: Record<string, string>;
  /**
   * A cluster that keeps what it acknowledged (the durability tests): initdb syncs its files, and
   * fsync, synchronous_commit and full_page_writes stay on. The default is a throwaway cluster with
   * all three off, fast and good for everything but killing the server.
   */
  durable?: boolean;
}

export class PgClusterError extends Error {
  override name = 'PgClusterError';
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function binariesIn(bindir: string): PgBinaries | null {
  const initdb = join(bindir, 'initdb');
  const pgCtl = join(bindir, 'pg_ctl');
  return isExecutable(initdb) && isExecutable(pgCtl) ? { bindir, initdb, pgCtl } : null;
}

/**
 * Debian puts initdb/pg_ctl in a versioned folder off PATH: pg_config first, then that folder, then
 * PATH. BEIAN_DESK_PG_BINDIR names the one folder to use instead (another version, or a folder without
 * them to try the run without PostgreSQL).
 */
export function findPgBinaries(env: NodeJS.ProcessEnv = process.env): PgBinaries | null {
  if (env.BEIAN_DESK_PG_BINDIR) return binariesIn(env.BEIAN_DESK_PG_BINDIR);
  try {
    const bindir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const found = bindir ? binariesIn(bindir) : null;
    if (found) return found;
  } catch {
    // no pg_config (libpq-dev not installed): look further
  }
  const debianRoot = '/usr/lib/postgresql';
  if (existsSync(debianRoot)) {
    const versions = readdirSync(debianRoot)
      .filter((v) => /^\d+(\.\d+)?$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    for (const v of versions) {
      const found = binariesIn(join(debianRoot, v, 'bin'));
      if (found) return found;
    }
  }
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const found = dir ? binariesIn(dir) : null;
    if (found) return found;
  }
  return null;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** As root: the dedicated user, created when absent (a concurrent creator is fine). */
function ensureSystemUser(): { uid: number; gid: number } {
  const lookup = () => {
    const r = spawnSync('id', ['-u', PG_TEST_SYSTEM_USER], { encoding: 'utf8' });
    if (r.status !== 0) return null;
    const g = spawnSync('id', ['-g', PG_TEST_SYSTEM_USER], { encoding: 'utf8' });
    return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
  };
  const existing = lookup();
  if (existing) return existing;
  const made = spawnSync(
    'useradd',
    ['--system', '--user-group', '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', PG_TEST_SYSTEM_USER],
    { encoding: 'utf8' },
  );
  const after = lookup();
  if (after) return after;
  throw new PgClusterError(
    `PostgreSQL refuses to run as root and the system user ${PG_TEST_SYSTEM_USER} could not be created: ${made.stderr || made.error?.message || `useradd exit ${made.status}`}`.trim(),
  );
}

/** The command line that runs `argv` as the cluster's owner. */
function asOwner(argv: [string, ...string[]]): [string, ...string[]] {
  return isRoot() ? ['runuser', '-u', PG_TEST_SYSTEM_USER, '--', ...argv] : argv;
}

/** Runs `argv` as the cluster's owner without blocking the event loop (vitest goes on meanwhile). */
function run(argv: [string, ...string[]], what: string, timeoutMs: number): Promise<void> {
  const cmd = asOwner(argv);
  return new Promise((resolve, reject) => {
    const [file, ...args] = cmd;
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', (e) => reject(new PgClusterError(`${what} failed: ${e.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new PgClusterError(`${what} failed: ${output.trim() || `exit ${code ?? signal}`}`));
    });
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function tail(path: string, lines = 15): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no server log)';
  }
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * Starts when this process is gone (killed test run, crash) and then stops the cluster and removes
 * its folder, so no postgres process outlives the run. Stopped by stop() on a normal end.
 */
function startWatchdog(pgCtl: string, dataDir: string, dir: string): number | undefined {
  const stopCmd = asOwner([pgCtl, '-D', dataDir, '-m', 'immediate', '-w', 'stop']).map(shellQuote).join(' ');
  const script = `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; ${stopCmd} >/dev/null 2>&1; rm -rf ${shellQuote(dir)}`;
  const child = spawn('/bin/sh', ['-c', script], { detached: true, stdio: 'ignore' });
  child.unref();
  return child.pid;
}

export interface LaunchedPgCluster extends Omit<PgCluster, 'timings'> {
  /** Settles when the server accepts connections; rejects (folder already removed) when it cannot start. */
  ready: Promise<PgCluster['timings']>;
}

/**
 * Prepares the folder and port, then runs initdb + start in the background: the URL is known at once,
 * `ready` says when it answers. Failures are PgClusterErrors naming the step and the server's own words.
 */
export async function launchPgCluster(options: StartOptions = {}): Promise<LaunchedPgCluster> {
  const binaries = options.binaries ?? findPgBinaries();
  if (!binaries) {
    throw new PgClusterError(
      'PostgreSQL server binaries (initdb, pg_ctl) not found: looked at `pg_config --bindir`, /usr/lib/postgresql/*/bin and PATH. On Debian: apt-get install postgresql',
    );
  }
  for (const tool of [binaries.initdb, binaries.pgCtl]) {
    if (!isExecutable(tool)) throw new PgClusterError(`PostgreSQL binary not found or not executable: ${tool}`);
  }

  const owner = isRoot() ? ensureSystemUser() : null;
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'beian-pg-'));
  if (owner) chownSync(dir, owner.uid, owner.gid);
  chmodSync(dir, 0o700);
  const dataDir = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  let watchdog: number | undefined;
  let started = false;

  const stop = () => {
    if (started) {
      started = false;
      const [file, ...args] = asOwner([binaries.pgCtl, '-D', dataDir, '-m', 'immediate', '-w', '-t', '60', 'stop']);
      spawnSync(file, args, { stdio: 'ignore', timeout: 90_000 });
    }
    if (watchdog !== undefined) {
      try {
        process.kill(watchdog, 'SIGKILL');
      } catch {
        // already gone
      }
      watchdog = undefined;
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const start = async () => {
    const t0 = performance.now();
    // --no-sync: nothing of a throwaway cluster needs to reach the disk. C collation sorts by code
    // point, as SQLite's BINARY does.
    await run(
      [binaries.initdb, '-D', dataDir, '-U', PG_TEST_ROLE, '-A', 'trust', '-E', 'UTF8', '--locale=C', ...(options.durable ? [] : ['--no-sync']), '--no-instructions'],
      'initdb',
      120_000,
    );
    const initdbMs = performance.now() - t0;

    const settings: Record<string, string> = {
      listen_addresses: "''",
      unix_socket_directories: `'${dir}'`,
      unix_socket_permissions: '0700',
      port: String(port),
      ...(options.durable
        ? { fsync: 'on', synchronous_commit: 'on', full_page_writes: 'on' }
        : // a small write-ahead log: the default keeps up to 1 GB of it between checkpoints, per cluster,
          // on a CI disk that may be short of room (nothing of it is ever replayed here)
          { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_wal_size: "'64MB'", min_wal_size: "'32MB'" }),
      shared_buffers: '16MB',
      max_connections: '200',
      ...options.settings,
    };
    appendFileSync(
      join(dataDir, 'postgresql.conf'),
      `\n# throwaway test cluster (test/support/pgCluster.ts)\n${Object.entries(settings).map(([k, v]) => `${k} = ${v}`).join('\n')}\n`,
    );

    watchdog = startWatchdog(binaries.pgCtl, dataDir, dir);
    return { initdbMs, startMs: await pgCtlStart() };
  };

  const pgCtlStart = async () => {
    const t1 = performance.now();
    started = true; // pg_ctl may have launched a postmaster even when it reports failure
    try {
      await run([binaries.pgCtl, '-D', dataDir, '-l', logFile, '-w', '-t', '120', 'start'], 'pg_ctl start', 150_000);
    } catch (e) {
      throw new PgClusterError(`${(e as Error).message}\nserver log (${logFile}):\n${tail(logFile)}`);
    }
    return performance.now() - t1;
  };

  const killHard = async () => {
    const postmaster = postmasterPid(dataDir);
    if (postmaster === null) return;
    // pg_ctl starts the postmaster in a session of its own, so its process group is the postmaster and
    // every process it started (backends, WAL writer, checkpointer…): one kill(-group) ends them all at
    // the same instant, and none can be started between a listing and a kill.
    const group = () => processes().filter((p) => p.pgid === postmaster);
    if (!group().some((p) => p.pid === postmaster)) throw new PgClusterError(`the postmaster (${postmaster}) does not lead its own process group`);
    signal(-postmaster, 'SIGKILL');
    const deadline = Date.now() + 10_000;
    while (group().some((p) => !p.zombie)) {
      if (Date.now() > deadline) throw new PgClusterError(`PostgreSQL processes still alive 10 s after SIGKILL: ${group().map((p) => p.pid).join(', ')}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    // A killed postmaster is a zombie until init reaps it, and a zombie still answers kill(pid, 0): the
    // next postmaster would take the lock files (the data folder's and the socket's) for a running
    // server's. Its process is gone, so they are stale (PostgreSQL itself ignores one whose process is gone).
    if (existsSync(`/proc/${postmaster}`)) {
      rmSync(join(dataDir, 'postmaster.pid'), { force: true });
      rmSync(join(dir, `.s.PGSQL.${port}.lock`), { force: true });
    }
  };

  const ready = start().catch((e: unknown) => {
    stop();
    throw e instanceof PgClusterError ? e : new PgClusterError(`starting the test PostgreSQL cluster failed: ${(e as Error).message}`);
  });
  const adminUrl = `postgresql://${PG_TEST_ROLE}@localhost:${port}/postgres?host=${encodeURIComponent(dir)}`;
  return { adminUrl, dir, socketDir: dir, dataDir, port, ready, stop, killHard, restart: pgCtlStart };
}

/** initdb + start, and wait until the server answers. */
export async function startPgCluster(options: StartOptions = {}): Promise<PgCluster> {
  const launched = await launchPgCluster(options);
  const timings = await launched.ready;
  const { ready: _ready, ...cluster } = launched;
  return { ...cluster, timings };
}

/** The postmaster's process id from its lock file, or null when there is none. */
function postmasterPid(dataDir: string): number | null {
  try {
    const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Every process's id, process group and whether it is a zombie, from /proc (Linux). */
function processes(): { pid: number; pgid: number; zombie: boolean }[] {
  const out: { pid: number; pgid: number; zombie: boolean }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // /proc/PID/stat: "pid (comm) state ppid pgrp …"; comm may hold spaces and parentheses, so read after the last ')'
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.push({ pid: Number(entry), pgid: Number(pgrp), zombie: state === 'Z' });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}
