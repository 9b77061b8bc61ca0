// PostgreSQL's client tools as the team backup finds and runs them, without a server: the connection is
// handed to libpq in its own environment variables and a password file of libpq's format
// (hostname:port:database:username:password, `\` and `:` escaped with a backslash; PostgreSQL manual,
// "The Password File" and "Environment Variables"), the tool of the server's major version is chosen, and a
// tool that fails is reported with its last words.
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { connectionEnv, dumpVersionProblem, findPgTool, runPgTool, type PgTool } from '../../../main/backup/pgTools';
import { tempDir } from '../../helpers';

/** An executable shell script `name` in `dir` running `body`. */
function script(dir: string, name: string, body: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

/** A folder holding a pg_dump that says it is of `version`. */
function fakeBin(version: string): string {
  const dir = tempDir();
  script(dir, 'pg_dump', `echo "pg_dump (PostgreSQL) ${version}"`);
  return dir;
}

const tool = (path: string): PgTool => ({ path, major: 16, version: '16.4' });

describe('the connection handed to pg_dump and pg_restore', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  });

  it('sets libpq’s variables from the address, certificates included, and writes the password escaped as libpq reads it', () => {
    const dir = tempDir();
    for (const f of ['ca.pem', 'cert.pem', 'key.pem']) writeFileSync(join(dir, f), 'x');
    const url = `postgresql://agency:p%5Ca%3Ass@db.example:6543/beian?sslmode=verify-full&sslrootcert=${dir}/ca.pem&sslcert=${dir}/cert.pem&sslkey=${dir}/key.pem`;
    const { env, database } = connectionEnv(url, dir, 'a.pgpass');
    expect(database).toBe('beian');
    const pg = Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith('PG')));
    expect(pg).toEqual({
      PGHOST: 'db.example',
      PGPORT: '6543',
      PGUSER: 'agency',
      PGDATABASE: 'beian',
      PGSSLMODE: 'verify-full',
      PGSSLROOTCERT: `${dir}/ca.pem`,
      PGSSLCERT: `${dir}/cert.pem`,
      PGSSLKEY: `${dir}/key.pem`,
      PGPASSFILE: join(dir, 'a.pgpass'),
      PGCONNECT_TIMEOUT: '15',
    });
    // the password p\a:ss: each backslash and colon escaped, any host, port, database and user
    expect(readFileSync(join(dir, 'a.pgpass'), 'utf8')).toBe('*:*:*:*:p\\\\a\\:ss\n');
    expect(statSync(join(dir, 'a.pgpass')).mode & 0o777).toBe(0o600);
  });

  it('keeps the rest of the environment but drops every PG variable of the shell, which could point the tool elsewhere', () => {
    Object.assign(process.env, { PGHOST: 'elsewhere', PGPASSWORD: 'leak', PGSERVICE: 'other', PGCONNECT_TIMEOUT: '99', BEIAN_TEST_KEPT: 'yes' });
    const dir = tempDir();
    const { env } = connectionEnv('postgresql://agency@db.example/beian', dir, 'b.pgpass');
    expect(env.BEIAN_TEST_KEPT).toBe('yes');
    expect(env.PATH).toBe(process.env.PATH);
    expect(env.PGHOST).toBe('db.example');
    expect(env.PGPASSWORD).toBeUndefined();
    expect(env.PGSERVICE).toBeUndefined();
    expect(env.PGCONNECT_TIMEOUT).toBe('15');
  });

  it('leaves out what the address does not give; without a password anywhere the tool reads the password file pg reads (PGPASSFILE)', () => {
    delete process.env.PGPASSWORD;
    process.env.PGPASSFILE = '/home/agency/.pgpass-beian';
    const dir = tempDir();
    const { env } = connectionEnv('postgresql://db.example/beian', dir, 'c.pgpass');
    expect(Object.keys(env).filter((k) => k.startsWith('PG')).sort()).toEqual(['PGCONNECT_TIMEOUT', 'PGDATABASE', 'PGHOST', 'PGPASSFILE']);
    expect(env.PGPASSFILE).toBe('/home/agency/.pgpass-beian');
    expect(readFileSync(join(dir, 'c.pgpass'), 'utf8')).toBe('');
    expect(statSync(join(dir, 'c.pgpass')).mode & 0o777).toBe(0o600);
  });

  it('hands the PGPASSWORD of an address given without a password to the tool in its own password file, not in its environment', () => {
    Object.assign(process.env, { PGPASSWORD: 'from:env' });
    const dir = tempDir();
    const { env } = connectionEnv('postgresql://agency@db.example/beian', dir, 'f.pgpass');
    expect(env.PGPASSWORD).toBeUndefined();
    expect(env.PGPASSFILE).toBe(join(dir, 'f.pgpass'));
    expect(readFileSync(join(dir, 'f.pgpass'), 'utf8')).toBe('*:*:*:*:from\\:env\n');
  });

  it('never writes over a file already there under the password file’s name', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'd.pgpass'), 'someone else’s');
    expect(() => connectionEnv('postgresql://agency:secret@db.example/beian', dir, 'd.pgpass')).toThrow(/EEXIST/);
    expect(readFileSync(join(dir, 'd.pgpass'), 'utf8')).toBe('someone else’s');
  });

  it('refuses an address without a database name, saying how one is written', () => {
    expect(() => connectionEnv('postgresql://agency@db.example', tempDir(), 'e.pgpass')).toThrow(
      expect.objectContaining({ code: 'BAD_REQUEST', message: '团队数据库地址中缺少数据库名（postgres://用户:密码@主机:端口/数据库）' }),
    );
  });
});

describe('running a tool', () => {
  it('gives back what it printed on stdout, in the environment it was handed', async () => {
    const t = script(tempDir(), 'tool', 'echo "to $PGHOST"; echo "noise" >&2');
    await expect(runPgTool(tool(t), [], { PGHOST: 'db.example' }, '测试')).resolves.toBe('to db.example\n');
  });

  it('passes the arguments as they are', async () => {
    const t = script(tempDir(), 'tool', 'printf "%s|" "$@"');
    await expect(runPgTool(tool(t), ['--list', 'a b'], {}, '测试')).resolves.toBe('--list|a b|');
  });

  it('tells a failure with the exit code and the last three lines the tool wrote on stderr', async () => {
    const t = script(tempDir(), 'tool', 'echo "out" ; printf "one\\ntwo\\nthree\\nfour\\nfive\\n" >&2; exit 3');
    await expect(runPgTool(tool(t), [], {}, '团队数据库转储（pg_dump）')).rejects.toMatchObject({ code: 'INTERNAL', message: `团队数据库转储（pg_dump）失败（${t} 退出码 3）：three four five` });
  });

  it('cuts what the tool said at 600 characters', async () => {
    const t = script(tempDir(), 'tool', `printf '${'x'.repeat(700)}' >&2; exit 1`);
    await expect(runPgTool(tool(t), [], {}, '测试')).rejects.toMatchObject({ message: `测试失败（${t} 退出码 1）：${'x'.repeat(600)}` });
  });

  it('names the signal that ended a tool, and says so when it wrote nothing', async () => {
    const t = script(tempDir(), 'tool', 'kill -TERM $$');
    await expect(runPgTool(tool(t), [], {}, '测试')).rejects.toMatchObject({ code: 'INTERNAL', message: `测试失败（${t} 被信号 SIGTERM 终止）：没有输出` });
  });

  it('says a tool cannot be run when there is none at its path', async () => {
    const missing = join(tempDir(), 'pg_dump');
    await expect(runPgTool(tool(missing), [], {}, '测试')).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringMatching(new RegExp(`^无法运行 ${missing}：.*ENOENT`)) });
  });
});

describe('choosing the tool', () => {
  // Major versions no real installation has, so the machine's own PostgreSQL never matches.
  it('takes the one of the server’s major version wherever it is on PATH, else the newest', () => {
    const [a, b, c] = [fakeBin('91.2'), fakeBin('93.1'), fakeBin('92.0')];
    const env = { PATH: ['', a, b, c].join(':') };
    expect(findPgTool('pg_dump', 92, env)).toEqual({ path: join(c, 'pg_dump'), major: 92, version: '92.0' });
    expect(findPgTool('pg_dump', 91, env)).toEqual({ path: join(a, 'pg_dump'), major: 91, version: '91.2' });
    expect(findPgTool('pg_dump', 99, env)).toEqual({ path: join(b, 'pg_dump'), major: 93, version: '93.1' });
  });

  it('looks only in BEIAN_DESK_PG_BINDIR when it is set, even when PATH has the server’s version', () => {
    const [named, onPath] = [fakeBin('91.4'), fakeBin('92.1')];
    expect(findPgTool('pg_dump', 92, { PATH: onPath, BEIAN_DESK_PG_BINDIR: named })).toEqual({ path: join(named, 'pg_dump'), major: 91, version: '91.4' });
  });

  it('reads the version after the program’s name, a packager’s suffix and a version without a minor part included', () => {
    const debian = tempDir();
    script(debian, 'pg_restore', 'echo "pg_restore (PostgreSQL) 94.3 (Debian 94.3-1.pgdg120+1)"');
    expect(findPgTool('pg_restore', 94, { BEIAN_DESK_PG_BINDIR: debian })).toEqual({ path: join(debian, 'pg_restore'), major: 94, version: '94.3' });
    const devel = tempDir();
    script(devel, 'pg_restore', 'echo "pg_restore (PostgreSQL) 95devel"');
    expect(findPgTool('pg_restore', 95, { BEIAN_DESK_PG_BINDIR: devel })).toEqual({ path: join(devel, 'pg_restore'), major: 95, version: '95' });
  });

  it('passes over a file that is not executable, a tool that fails, and one that names no version', () => {
    const notExecutable = tempDir();
    writeFileSync(join(notExecutable, 'pg_dump'), '#!/bin/sh\necho "pg_dump (PostgreSQL) 96.1"\n');
    const failing = tempDir();
    script(failing, 'pg_dump', 'echo "pg_dump (PostgreSQL) 96.1"; exit 1');
    const mute = tempDir();
    script(mute, 'pg_dump', 'echo "pg_dump (PostgreSQL)"');
    for (const dir of [notExecutable, failing, mute]) {
      expect(existsSync(join(dir, 'pg_dump'))).toBe(true);
      expect(() => findPgTool('pg_dump', 96, { BEIAN_DESK_PG_BINDIR: dir })).toThrow(
        expect.objectContaining({ code: 'NOT_ON_TEAM_DATABASE', message: expect.stringMatching(/^找不到 PostgreSQL 的 pg_dump：.*PostgreSQL 96 的客户端工具（Debian\/Ubuntu：apt-get install postgresql-client-96）.*BEIAN_DESK_PG_BINDIR/) }),
      );
    }
  });
});

describe('where the tools are looked for without BEIAN_DESK_PG_BINDIR', () => {
  // pg_config is run from the desk's own PATH (process.env), as libpq's packages install it.
  const savedPath = process.env.PATH;
  afterEach(() => {
    process.env.PATH = savedPath;
  });
  const pgConfigSaying = (bindir: string) => {
    const dir = tempDir();
    script(dir, 'pg_config', `[ "$1" = "--bindir" ] && echo "${bindir}"`);
    return dir;
  };

  it('asks pg_config --bindir first, before PATH', () => {
    const [fromPgConfig, onPath] = [fakeBin('97.1'), fakeBin('97.2')];
    process.env.PATH = [pgConfigSaying(fromPgConfig), savedPath].join(':');
    expect(findPgTool('pg_dump', 97, { PATH: onPath })).toEqual({ path: join(fromPgConfig, 'pg_dump'), major: 97, version: '97.1' });
  });

  it('goes on to PATH when there is no pg_config, or it names no folder', () => {
    const onPath = fakeBin('97.2');
    for (const pathDirs of [[tempDir()], [pgConfigSaying(''), savedPath]]) {
      process.env.PATH = pathDirs.join(':');
      expect(findPgTool('pg_dump', 97, { PATH: onPath })).toEqual({ path: join(onPath, 'pg_dump'), major: 97, version: '97.2' });
    }
  });

  // Debian's packages put each major version's tools in /usr/lib/postgresql/<major>/bin: judged on this
  // machine's own installation, where there is one.
  const debian = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').filter((v) => /^\d+$/.test(v) && existsSync(`/usr/lib/postgresql/${v}/bin/pg_dump`)) : [];
  it.runIf(debian.length > 0)('looks in Debian’s /usr/lib/postgresql/<major>/bin after pg_config, before PATH', () => {
    const major = Number(debian[0]);
    const onPath = fakeBin(`${major}.99`);
    process.env.PATH = [pgConfigSaying(''), savedPath].join(':');
    expect(findPgTool('pg_dump', major, { PATH: onPath })).toMatchObject({ path: `/usr/lib/postgresql/${major}/bin/pg_dump`, major });
  });
});

describe('pg_dump against the server’s version', () => {
  it('refuses an older pg_dump, naming it, its version, the server’s and what to install', () => {
    const problem = dumpVersionProblem({ path: '/opt/pg/bin/pg_dump', major: 14, version: '14.9' }, 16);
    expect(problem.warn).toBeUndefined();
    expect(problem.refuse).toBe(
      '/opt/pg/bin/pg_dump 的版本（14.9）低于团队数据库服务器的版本（16）：pg_dump 不能备份更新版本的服务器，未写出备份。请安装 PostgreSQL 16 的客户端工具（Debian/Ubuntu：apt-get install postgresql-client-16），或用 BEIAN_DESK_PG_BINDIR 指定其 bin 目录',
    );
  });

  it('lets a newer one write the backup with a warning that the restore needs as new a pg_restore', () => {
    const problem = dumpVersionProblem({ path: 'pg_dump', major: 17, version: '17.2' }, 16);
    expect(problem).toEqual({ warn: '注意：pg_dump 的版本（17.2）与团队数据库服务器的版本（16）不同。备份可以使用，但恢复时需要 17 或更新版本的 pg_restore' });
  });
});
