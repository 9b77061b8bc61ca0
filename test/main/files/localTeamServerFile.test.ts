// The last values of 在本机运行团队服务器: owner-only, temp-then-rename, never the database password, and an
// unreadable file read as none.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCAL_TEAM_SERVER_FILE, readLocalServerSettings, writeLocalServerSettings } from '../../../main/files/localTeamServerFile';
import { tempDir } from '../../helpers';

const settings = { database: 'postgres://beian:Geheim-77@192.168.1.20:5432/beian', listenHost: '192.168.1.10', port: 8443, tls: 'selfSigned' as const, certFile: '', keyFile: '' };

describe('local-team-server.json', () => {
  it('keeps the values without the password, owner-only, with no temp file left', () => {
    const dir = tempDir();
    writeLocalServerSettings(dir, settings, new Date('2026-12-05T03:00:00Z'));
    expect(readdirSync(dir)).toEqual([LOCAL_TEAM_SERVER_FILE]);
    if (process.platform !== 'win32') expect(statSync(join(dir, LOCAL_TEAM_SERVER_FILE)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, LOCAL_TEAM_SERVER_FILE), 'utf8')).not.toContain('Geheim-77');
    expect(readLocalServerSettings(dir)).toEqual({ ...settings, database: 'postgres://beian@192.168.1.20:5432/beian' });
  });

  it('reads a missing or damaged file as no saved values', () => {
    const dir = tempDir();
    expect(readLocalServerSettings(dir)).toBeNull();
    writeFileSync(join(dir, LOCAL_TEAM_SERVER_FILE), '{"version":1,"settings":{"database":"mysql://x"}}');
    expect(readLocalServerSettings(dir)).toBeNull();
  });
});
