// The team database's address kept apart from its password: saved and shown without it, put back only
// for the pipe to the server.
import { describe, expect, it } from 'vitest';
import { localServerSettingsSchema, maskDatabaseAddress, splitDatabasePassword, withDatabasePassword } from '../../../main/domain/localTeamServer';

describe('a team database address and its password', () => {
  it('splits the password out of an address, decoded, and leaves an address without one as it is', () => {
    expect(splitDatabasePassword('postgres://beian:p%40ss%3Aw0rd@192.168.1.20:5432/beian')).toEqual({ address: 'postgres://beian@192.168.1.20:5432/beian', password: 'p@ss:w0rd' });
    expect(splitDatabasePassword(' postgresql://desk@localhost:5432/agency?host=%2Ftmp ')).toEqual({ address: 'postgresql://desk@localhost:5432/agency?host=%2Ftmp', password: '' });
  });

  it('puts a password back percent-encoded, so one with @ or / still names the same server', () => {
    expect(withDatabasePassword('postgres://beian@192.168.1.20:5432/beian', 'a@b/c:d')).toBe('postgres://beian:a%40b%2Fc%3Ad@192.168.1.20:5432/beian');
    expect(withDatabasePassword('postgres://beian@h/db', '')).toBe('postgres://beian@h/db');
    const url = withDatabasePassword('postgres://beian@h/db', 'a@b/c:d');
    expect(splitDatabasePassword(url)).toEqual({ address: 'postgres://beian@h/db', password: 'a@b/c:d' });
  });

  it('masks a password for the card and the log', () => {
    expect(maskDatabaseAddress('postgres://beian:secret@h:5432/db')).toBe('postgres://beian:***@h:5432/db');
    expect(maskDatabaseAddress('postgres://beian@h:5432/db')).toBe('postgres://beian@h:5432/db');
  });

  it('refuses what cannot start a server, in Chinese, per field', () => {
    const r = localServerSettingsSchema.safeParse({ database: 'mysql://x@y/z', listenHost: 'server.local', port: 70000, tls: 'selfSigned' });
    expect(r.success).toBe(false);
    const byField = Object.fromEntries(r.error!.issues.map((i) => [i.path.join('.'), i.message]));
    expect(byField).toEqual({
      database: '团队数据库地址应以 postgres:// 开头，例如 postgres://beian@192.168.1.20:5432/beian',
      listenHost: '监听地址应为本机的一个 IPv4 地址（如 192.168.1.10）、0.0.0.0（所有地址）或 127.0.0.1（仅本机）',
      port: '端口应为 1–65535 的整数',
    });
    expect(localServerSettingsSchema.parse({ database: 'postgres://b@h/d', listenHost: '0.0.0.0', port: 8443, tls: 'files' })).toMatchObject({ certFile: '', keyFile: '' });
  });
});
