// The desktop shell (electron/main.ts) with 'electron' replaced by fakes: a window pointed at a team server
// saved in 设置 → 团队服务器 that does not answer (server off, address changed, certificate renewed). The
// window has no core of this machine and so no 设置 to 断开 in: the shell must say so and offer the way back.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';
import { teamServerSetting } from '../../main/domain/teamServer';
import { TEAM_SERVER_FILE, writeTeamServerFile } from '../../main/files/teamServerFile';
import { tempDir } from '../helpers';

type Listener = (...args: unknown[]) => void;
const seen = vi.hoisted(() => ({
  loaded: [] as string[],
  listeners: new Map<string, Listener>(),
  boxes: [] as { title: string; message: string; buttons: string[] }[],
  answer: 0,
  relaunched: 0,
  exited: [] as number[],
  quit: 0,
  ready: undefined as Promise<void> | undefined,
}));

vi.mock('electron', () => {
  class BrowserWindow {
    webContents = {
      id: 1,
      on: (event: string, f: Listener) => seen.listeners.set(event, f),
      once: () => undefined,
      setWindowOpenHandler: () => undefined,
    };
    once() {}
    on() {}
    loadURL(url: string) {
      seen.loaded.push(url);
      return Promise.reject(new Error(`ERR_CONNECTION_REFUSED (-102) loading '${url}'`));
    }
    loadFile() {
      return Promise.resolve();
    }
  }
  const paths = new Map<string, string>();
  let started!: () => void;
  const ready = new Promise<void>((ok) => (started = ok));
  return {
    app: {
      setPath: (k: string, v: string) => paths.set(k, v),
      getPath: (k: string) => paths.get(k),
      whenReady: () => {
        seen.ready = ready.then(() => new Promise((ok) => setTimeout(ok, 200)));
        started();
        return ready;
      },
      on: () => undefined,
      quit: () => void seen.quit++,
      exit: (code: number) => void seen.exited.push(code),
      relaunch: () => void seen.relaunched++,
    },
    BrowserWindow,
    dialog: {
      showErrorBox: () => undefined,
      showMessageBoxSync: (_w: unknown, box: { title: string; message: string; buttons: string[] }) => {
        seen.boxes.push(box);
        return seen.answer;
      },
    },
    ipcMain: { handle: () => undefined },
    safeStorage: { isEncryptionAvailable: () => false },
    session: { defaultSession: { setPermissionRequestHandler: () => undefined, setPermissionCheckHandler: () => undefined, webRequest: { onHeadersReceived: () => undefined }, setCertificateVerifyProc: () => undefined } },
    shell: { openExternal: () => undefined },
  };
});

/** The test's data folder: removed after the test with the other temp folders, so a run leaves nothing in /tmp. */
let dataDir = '';
afterAll(() => expect(existsSync(dataDir)).toBe(false));

it('says a saved team server that does not answer, retries on asking, and 断开 drops the setting and starts on this desk', async () => {
  dataDir = tempDir();
  writeTeamServerFile(dataDir, teamServerSetting('https://127.0.0.1:1/', Array(32).fill('AB').join(':')), new Date());
  process.env.BEIAN_DESK_DATA = dataDir;
  delete process.env.BEIAN_DESK_TEAM_SERVER;
  delete process.env.BEIAN_DESK_TEAM_FINGERPRINT;
  process.env.MALLOC_ARENA_MAX = '2'; // no relaunch for glibc's arenas (malloc-env.mjs)
  await import('../../electron/main');
  await seen.ready;
  expect(seen.loaded).toEqual(['https://127.0.0.1:1/']);
  const failed = seen.listeners.get('did-fail-load');
  expect(failed).toBeTypeOf('function');

  // a sub-frame's failure, or a load replaced by another, is no failure of the server
  failed!({}, -102, 'ERR_CONNECTION_REFUSED', 'https://127.0.0.1:1/x', false);
  failed!({}, -3, 'ERR_ABORTED', 'https://127.0.0.1:1/', true);
  expect(seen.boxes).toEqual([]);

  seen.answer = 0; // 重试
  failed!({}, -102, 'ERR_CONNECTION_REFUSED', 'https://127.0.0.1:1/', true);
  expect(seen.boxes[0]).toMatchObject({ title: '无法连接团队服务器', message: '无法打开团队服务器 https://127.0.0.1:1（ERR_CONNECTION_REFUSED）', buttons: ['重试', '断开并打开本机数据', '退出'] });
  expect(seen.loaded).toHaveLength(2);
  expect(existsSync(join(dataDir, TEAM_SERVER_FILE))).toBe(true);

  seen.answer = 1; // 断开并打开本机数据
  failed!({}, -202, 'ERR_CERT_AUTHORITY_INVALID', 'https://127.0.0.1:1/', true);
  expect(existsSync(join(dataDir, TEAM_SERVER_FILE))).toBe(false);
  expect([seen.relaunched, seen.exited]).toEqual([1, [0]]);
});
