// 设置 → 团队服务器's saved setting: team-server.json in the data folder, written temp-then-rename and
// owner-only, checked when read, and what the desktop app opens its window on at start.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTeamServerFile, removeTeamServerFile, TEAM_SERVER_FILE, teamServerAtStart, writeTeamServerFile } from '../../../main/files/teamServerFile';
import { teamServerSetting } from '../../../main/domain/teamServer';
import { tempDir } from '../../helpers';

const PIN = Array.from({ length: 32 }, (_, i) => (255 - i).toString(16).toUpperCase()).join(':');
const OTHER_PIN = Array.from({ length: 32 }, (_, i) => (i + 16).toString(16).toUpperCase()).join(':');
const setting = teamServerSetting('https://192.168.1.10:8443/', PIN);

describe('the saved team server of the desktop app', () => {
  it('is written whole, owner-only, with no temp file left, and read back as saved', () => {
    const dir = tempDir();
    expect(readTeamServerFile(dir)).toBeNull();
    const saved = writeTeamServerFile(dir, setting, new Date('2026-12-05T03:00:00Z'));
    expect(readTeamServerFile(dir)).toEqual({ ...setting, savedAt: '2026-12-05T03:00:00.000Z' });
    expect(saved.savedAt).toBe('2026-12-05T03:00:00.000Z');
    expect(readdirSync(dir)).toEqual([TEAM_SERVER_FILE]);
    if (process.platform !== 'win32') expect(statSync(join(dir, TEAM_SERVER_FILE)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(join(dir, TEAM_SERVER_FILE), 'utf8'))).toEqual({ version: 1, address: 'https://192.168.1.10:8443/', fingerprint256: PIN, savedAt: '2026-12-05T03:00:00.000Z' });
  });

  it('replaces the old setting in one rename and is removed by 断开', () => {
    const dir = tempDir();
    writeTeamServerFile(dir, setting, new Date());
    writeTeamServerFile(dir, teamServerSetting('https://beian.lan:9443', OTHER_PIN), new Date());
    expect(readTeamServerFile(dir)).toMatchObject({ origin: 'https://beian.lan:9443', fingerprint256: OTHER_PIN });
    expect(readdirSync(dir)).toEqual([TEAM_SERVER_FILE]);
    removeTeamServerFile(dir);
    expect(existsSync(join(dir, TEAM_SERVER_FILE))).toBe(false);
    expect(readTeamServerFile(dir)).toBeNull();
    removeTeamServerFile(dir); // nothing saved: nothing to do
  });

  it('refuses a damaged or hand-edited file, naming it', () => {
    const dir = tempDir();
    const file = join(dir, TEAM_SERVER_FILE);
    writeFileSync(file, '{"version":1,"address":"https://10.0.0.2/"');
    expect(() => readTeamServerFile(dir)).toThrow(`团队服务器设置文件无法读取或内容无效：${file}`);
    expect(() => readTeamServerFile(dir)).toThrow(expect.objectContaining({ code: 'FILE_INVALID' }));
    writeFileSync(file, JSON.stringify({ version: 1, address: 'http://10.0.0.2/', fingerprint256: PIN, savedAt: '2026-12-05T03:00:00.000Z' }));
    expect(() => readTeamServerFile(dir)).toThrow(/内容无效/);
    writeFileSync(file, JSON.stringify({ version: 1, address: 'https://10.0.0.2/', fingerprint256: 'AB:CD', savedAt: '2026-12-05T03:00:00.000Z' }));
    expect(() => readTeamServerFile(dir)).toThrow(/内容无效/);
    writeFileSync(file, JSON.stringify({ version: 1, address: 'https://10.0.0.2/', fingerprint256: PIN, savedAt: '2026-12-05T03:00:00.000Z', extra: 1 }));
    expect(() => readTeamServerFile(dir)).toThrow(/内容无效/);
  });

  it('opens the window on the environment’s server first, else on the saved one, else on the desk’s own core', () => {
    const dir = tempDir();
    expect(teamServerAtStart({}, dir)).toEqual({ setting: null, from: null });
    writeTeamServerFile(dir, setting, new Date());
    expect(teamServerAtStart({}, dir)).toEqual({ setting, from: 'file' });
    const env = { BEIAN_DESK_TEAM_SERVER: 'https://10.0.0.9:8443/', BEIAN_DESK_TEAM_FINGERPRINT: OTHER_PIN };
    expect(teamServerAtStart(env, dir)).toEqual({ setting: { origin: 'https://10.0.0.9:8443', hostname: '10.0.0.9', fingerprint256: OTHER_PIN }, from: 'env' });
    // a bad environment is refused, not quietly replaced by the saved setting
    expect(() => teamServerAtStart({ BEIAN_DESK_TEAM_SERVER: 'http://10.0.0.9/', BEIAN_DESK_TEAM_FINGERPRINT: OTHER_PIN }, dir)).toThrow(/https/);
    writeFileSync(join(dir, TEAM_SERVER_FILE), 'not json');
    expect(() => teamServerAtStart({}, dir)).toThrow(/团队服务器设置文件/);
    // the environment still wins over a damaged file
    expect(teamServerAtStart(env, dir).from).toBe('env');
  });

  it('reads nothing from a data folder that does not exist yet (the first start)', () => {
    expect(teamServerAtStart({}, join(tempDir(), 'not-yet'))).toEqual({ setting: null, from: null });
  });
});
