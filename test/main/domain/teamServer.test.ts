// The team server address and pin as 设置, the environment and the saved file give them: one set of
// checks, each refusal in Chinese saying what is wrong.
import { describe, expect, it } from 'vitest';
import { contract } from '../../../main/api/contract';
import { normalizeFingerprint, teamServerFromEnv, teamServerSetting } from '../../../main/domain/teamServer';

const PIN = Array.from({ length: 32 }, (_, i) => (i * 7 + 10).toString(16).padStart(2, '0').slice(-2).toUpperCase()).join(':');
const saveInput = contract['teamServer.save'].input;
const messagesOf = (input: unknown) => {
  const r = saveInput.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('a team server address and certificate fingerprint', () => {
  it('is taken as an https origin and an upper-case pin, whatever way the pin was pasted', () => {
    expect(teamServerSetting(' https://192.168.1.10:8443/clients ', PIN.toLowerCase())).toEqual({ origin: 'https://192.168.1.10:8443', hostname: '192.168.1.10', fingerprint256: PIN });
    expect(normalizeFingerprint(`sha256 Fingerprint=${PIN.toLowerCase()}`)).toBe(PIN);
    expect(normalizeFingerprint(`SHA-256: ${PIN}`)).toBe(PIN);
    expect(teamServerSetting('https://[fd00::5]:8443/', PIN).hostname).toBe('fd00::5');
    expect(saveInput.parse({ address: 'https://beian.lan:8443', fingerprint: PIN.toLowerCase() })).toEqual({ address: 'https://beian.lan:8443', fingerprint: PIN });
  });

  it('refuses a plain http address: the desktop app talks to a team server over TLS only', () => {
    expect(() => teamServerSetting('http://192.168.1.10:8443/', PIN)).toThrow('团队服务器地址必须以 https:// 开头');
    expect(messagesOf({ address: 'http://192.168.1.10:8443/', fingerprint: PIN })).toEqual(['address: 团队服务器地址必须以 https:// 开头：桌面版只通过 TLS 连接团队服务器']);
  });

  it('refuses a user name or password in the address', () => {
    expect(() => teamServerSetting('https://admin:secret@192.168.1.10:8443/', PIN)).toThrow('团队服务器地址中不能包含用户名或密码');
    expect(messagesOf({ address: 'https://admin@192.168.1.10/', fingerprint: PIN })).toEqual(['address: 团队服务器地址中不能包含用户名或密码']);
  });

  it('refuses an empty or unreadable address', () => {
    expect(messagesOf({ address: '  ', fingerprint: PIN })).toEqual(['address: 请填写团队服务器地址（如 https://192.168.1.10:8443/）']);
    expect(messagesOf({ address: '192.168.1.10:8443', fingerprint: PIN })[0]).toMatch(/^address: 团队服务器地址/);
    expect(messagesOf({ address: 'https://', fingerprint: PIN })[0]).toMatch(/^address: 团队服务器地址无效/);
  });

  it('refuses a missing, short or non-hex fingerprint', () => {
    expect(messagesOf({ address: 'https://10.0.0.2/', fingerprint: '' })).toEqual(['fingerprint: 请填写证书指纹（服务器启动时打印的“证书指纹 SHA-256”）']);
    expect(messagesOf({ address: 'https://10.0.0.2/' })[0]).toBe('fingerprint: 请填写证书指纹');
    expect(messagesOf({ address: 'https://10.0.0.2/', fingerprint: 'AB:CD' })[0]).toMatch(/^fingerprint: 证书指纹应为 32 组以冒号分隔的十六进制数/);
    expect(messagesOf({ address: 'https://10.0.0.2/', fingerprint: PIN.replace(/^../, 'ZZ') })[0]).toMatch(/32 组/);
    // a SHA-1 fingerprint (20 groups) is not the pin the server prints
    expect(messagesOf({ address: 'https://10.0.0.2/', fingerprint: PIN.split(':').slice(0, 20).join(':') })[0]).toMatch(/32 组/);
  });

  it('comes from the environment as both variables or neither', () => {
    expect(teamServerFromEnv({})).toBeNull();
    expect(teamServerFromEnv({ BEIAN_DESK_TEAM_SERVER: ' ', BEIAN_DESK_TEAM_FINGERPRINT: '' })).toBeNull();
    expect(() => teamServerFromEnv({ BEIAN_DESK_TEAM_FINGERPRINT: PIN })).toThrow(/同时设置/);
    expect(teamServerFromEnv({ BEIAN_DESK_TEAM_SERVER: 'https://10.0.0.2:8443', BEIAN_DESK_TEAM_FINGERPRINT: PIN })?.origin).toBe('https://10.0.0.2:8443');
  });
});
