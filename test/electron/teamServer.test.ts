// The desktop window on a team server: the address and pin read and checked, and the certificate check
// that accepts only the pinned certificate for the server's host.
import { describe, expect, it } from 'vitest';
import { certificateMatchesPin, onTeamServer, pinnedVerifyProc, readTeamServerSetting, teamServerAtStart, VERIFY } from '../../electron/teamServer';
import { writeTeamServerFile } from '../../main/files/teamServerFile';
import { selfSignedCertificate } from '../../main/web/certificate';
import { tempDir } from '../helpers';

describe('team server setting of the desktop app', () => {
  it('is absent when neither address nor pin is set, and refused when only one is', () => {
    expect(readTeamServerSetting({})).toBeNull();
    expect(() => readTeamServerSetting({ BEIAN_DESK_TEAM_SERVER: 'https://10.0.0.2:8443/' })).toThrow(/同时设置/);
  });

  it('takes only https addresses without credentials and a full SHA-256 fingerprint', () => {
    const pin = Array.from({ length: 32 }, (_, i) => (i * 7).toString(16).padStart(2, '0').slice(-2)).join(':');
    expect(readTeamServerSetting({ BEIAN_DESK_TEAM_SERVER: 'https://10.0.0.2:8443/', BEIAN_DESK_TEAM_FINGERPRINT: pin })).toEqual({ origin: 'https://10.0.0.2:8443', hostname: '10.0.0.2', fingerprint256: pin.toUpperCase() });
    expect(() => readTeamServerSetting({ BEIAN_DESK_TEAM_SERVER: 'http://10.0.0.2:8443/', BEIAN_DESK_TEAM_FINGERPRINT: pin })).toThrow(/https/);
    expect(() => readTeamServerSetting({ BEIAN_DESK_TEAM_SERVER: 'https://a:b@10.0.0.2/', BEIAN_DESK_TEAM_FINGERPRINT: pin })).toThrow(/用户名或密码/);
    expect(() => readTeamServerSetting({ BEIAN_DESK_TEAM_SERVER: 'https://10.0.0.2/', BEIAN_DESK_TEAM_FINGERPRINT: 'AB:CD' })).toThrow(/32 组/);
  });

  it('accepts the pinned certificate for the server’s host, refuses another one, and leaves other hosts to Chromium', async () => {
    const mine = await selfSignedCertificate(tempDir(), '127.0.0.1');
    const other = await selfSignedCertificate(tempDir(), '127.0.0.1');
    const setting = readTeamServerSetting({ BEIAN_DESK_TEAM_SERVER: 'https://127.0.0.1:8443/', BEIAN_DESK_TEAM_FINGERPRINT: mine.fingerprint256 })!;
    expect(certificateMatchesPin(mine.cert, mine.fingerprint256)).toBe(true);
    expect(certificateMatchesPin('not a certificate', mine.fingerprint256)).toBe(false);
    const verify = pinnedVerifyProc(setting);
    const answer = (hostname: string, data: string) => new Promise<number>((ok) => verify({ hostname, certificate: { data } }, ok));
    expect(await answer('127.0.0.1', mine.cert)).toBe(VERIFY.accept);
    expect(await answer('127.0.0.1', other.cert)).toBe(VERIFY.reject);
    expect(await answer('beian.miit.gov.cn', other.cert)).toBe(VERIFY.chromiumDecides);
    expect(onTeamServer(setting, 'https://127.0.0.1:8443/#/clients')).toBe(true);
    expect(onTeamServer(setting, 'https://127.0.0.1:9443/')).toBe(false);
    expect(onTeamServer(setting, 'http://127.0.0.1:8443/')).toBe(false);
  });

  it('opens on the server saved in 设置 → 团队服务器 when the environment names none, and pins its certificate', async () => {
    const dataDir = tempDir();
    const mine = await selfSignedCertificate(tempDir(), '127.0.0.1');
    expect(teamServerAtStart({}, dataDir).setting).toBeNull();
    writeTeamServerFile(dataDir, readTeamServerSetting({ BEIAN_DESK_TEAM_SERVER: 'https://127.0.0.1:8443/', BEIAN_DESK_TEAM_FINGERPRINT: mine.fingerprint256 })!, new Date());
    const atStart = teamServerAtStart({}, dataDir);
    expect(atStart.from).toBe('file');
    const verify = pinnedVerifyProc(atStart.setting!);
    expect(await new Promise<number>((ok) => verify({ hostname: '127.0.0.1', certificate: { data: mine.cert } }, ok))).toBe(VERIFY.accept);
    expect(teamServerAtStart({ BEIAN_DESK_TEAM_SERVER: 'https://10.0.0.2:8443/', BEIAN_DESK_TEAM_FINGERPRINT: mine.fingerprint256 }, dataDir)).toMatchObject({ from: 'env', setting: { origin: 'https://10.0.0.2:8443' } });
  });
});
