// The Electron shell: one hardened window over the core's API router. No logic lives here.
import { app, BrowserWindow, dialog, ipcMain, safeStorage, session, shell, type WebContents } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DeskError } from '../main/domain/errors';
import { createRouter, type Router } from '../main/api/router';
import { Desk } from '../main/desk';
import { migrationProgressPrinter } from '../main/db/migrations/progressText';
import { openingError } from '../main/db/storeError';
import { resolveDataDir } from '../main/paths';
import { CONTENT_SECURITY_POLICY } from '../main/web/security';
import { localTeamServer } from '../main/services/teamServerProcess';
import { electronSqliteBinding } from './nativeBinding';
import { MALLOC_ENV, RELAUNCHED_ARG, shouldRelaunchForMallocEnv } from './malloc-env.mjs';
import { removeTeamServerFile } from '../main/files/teamServerFile';
import { onTeamServer, pinnedVerifyProc, teamServerAtStart, unreachableTeamServerPrompt, type TeamServerSetting } from './teamServer';

const here = fileURLToPath(new URL('.', import.meta.url));
const appRoot = join(here, '..', '..');
const rendererIndex = join(here, '..', 'renderer', 'index.html');
const devUrl = process.env.ELECTRON_RENDERER_URL;

let desk: Desk | undefined;
let router: Router | undefined;
/** Set: the window shows a team server (logins, roles and data are the server's) instead of its own core. */
let teamServer: TeamServerSetting | null = null;
/** Where the team server's setting came from: only one saved in 设置 can be dropped from the window. */
let teamServerFrom: 'env' | 'file' | null = null;
const allowedNavigation = (url: string) => (devUrl !== undefined && url.startsWith(devUrl)) || (teamServer !== null && onTeamServer(teamServer, url));

// glibc's malloc arenas (malloc-env.mjs): the variable counts only from a process's start, so a desk started
// without it on Linux (from a desktop entry or a file manager; `npm start` sets it) starts itself once more
// with it and this instance quits before it opens anything. Windows and macOS do not use glibc.
const relaunching = shouldRelaunchForMallocEnv();
if (relaunching) {
  Object.assign(process.env, MALLOC_ENV);
  app.relaunch({ args: [...process.argv.slice(1), RELAUNCHED_ARG] });
  app.exit(0);
}

app.setPath('userData', resolveDataDir());

function trustedSender(sender: WebContents, frameUrl: string | undefined): boolean {
  if (!mainWindow || sender.id !== mainWindow.webContents.id || !frameUrl) return false;
  if (devUrl) return frameUrl.startsWith(devUrl);
  return frameUrl.startsWith('file://') && decodeURIComponent(new URL(frameUrl).pathname).endsWith('/renderer/index.html');
}

let mainWindow: BrowserWindow | undefined;

function createWindow(): void {
  mainWindow = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 1100,
    minHeight: 700,
    title: '备案助手',
    show: false,
    webPreferences: {
      // a team server's page talks to its server over HTTPS and gets no door to this machine's core
      ...(teamServer ? {} : { preload: join(here, '..', 'preload', 'preload.cjs') }),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
      // Middle-click would open links in new windows behind the window-open handler's back.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.webContents.setWindowOpenHandler(({ url }) => {
    // Only the MIIT and public-security filing portals may open, and only in the system browser.
    if (/^https:\/\/(beian\.miit\.gov\.cn|beian\.mps\.gov\.cn)\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  mainWindow.webContents.on('will-navigate', (event, url) => {
    if (!allowedNavigation(url)) event.preventDefault();
  });
  mainWindow.webContents.on('will-attach-webview', (event) => event.preventDefault());
  if (teamServer) {
    const server = teamServer;
    mainWindow.webContents.on('did-fail-load', (_event, code, description, _url, isMainFrame) => {
      const prompt = unreachableTeamServerPrompt(server, teamServerFrom ?? 'env', { code, description, isMainFrame });
      if (!prompt || !mainWindow) return;
      const { actions, ...box } = prompt;
      const action = actions[dialog.showMessageBoxSync(mainWindow, { type: 'error', noLink: true, ...box })] ?? 'quit';
      if (action === 'retry') void mainWindow.loadURL(`${server.origin}/`).catch(() => undefined);
      else if (action === 'disconnect') {
        removeTeamServerFile(app.getPath('userData'));
        app.relaunch();
        app.exit(0);
      } else app.quit();
    });
    // a failed load is said by did-fail-load above; the promise's rejection says nothing more
    void mainWindow.loadURL(`${server.origin}/`).catch(() => undefined);
  }
  else if (devUrl) void mainWindow.loadURL(devUrl);
  else void mainWindow.loadFile(rendererIndex);
}

app.on('web-contents-created', (_e, contents) => {
  contents.on('will-redirect', (event, url) => {
    if (!allowedNavigation(url)) event.preventDefault();
  });
});

void app.whenReady().then(async () => {
  if (relaunching) return;
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  try {
    // the environment's team server, else the one saved in 设置 → 团队服务器, else the desk's own core
    ({ setting: teamServer, from: teamServerFrom } = teamServerAtStart(process.env, app.getPath('userData')));
  } catch (err) {
    // a bad environment stops the start (it was asked for on purpose); a damaged saved file is said and
    // the desk opens on its own core, where 设置 can clear or save it again
    const fromEnv = Boolean(process.env.BEIAN_DESK_TEAM_SERVER?.trim() || process.env.BEIAN_DESK_TEAM_FINGERPRINT?.trim());
    dialog.showErrorBox('备案助手无法连接团队服务器', err instanceof DeskError ? err.message : '团队服务器设置无效');
    if (fromEnv) {
      app.quit();
      return;
    }
  }
  if (teamServer) {
    // the pinned certificate, and only it, for the server's host (a self-signed server is safe this way)
    session.defaultSession.setCertificateVerifyProc(pinnedVerifyProc(teamServer));
    createWindow();
    return;
  }
  try {
    const nativeBinding = electronSqliteBinding(appRoot);
    desk = await Desk.open({
      dataDir: app.getPath('userData'),
      ...(nativeBinding ? { nativeBinding } : {}),
      // the window is not up yet while the file migrates (synchronously): the progress goes to the log
      onMigrationProgress: migrationProgressPrinter((t) => process.stdout.write(t)),
      osKeyStore: {
        isAvailable: () => safeStorage.isEncryptionAvailable(),
        wrap: (secret) => safeStorage.encryptString(secret).toString('base64'),
        unwrap: (wrapped) => safeStorage.decryptString(Buffer.from(wrapped, 'base64')),
      },
    });
    // OS unlock where the operator enabled it; otherwise the window opens on the lock screen.
    await desk.vault.unlockWithOs();
    router = createRouter(desk);
  } catch (err) {
    // a full or read-only disk, a damaged store, another writer: said as such; only what is none of them is
    // taken for the database component not prepared for this runtime
    const known = openingError(err, app.getPath('userData'));
    dialog.showErrorBox('备案助手无法打开数据', known instanceof DeskError ? known.message : '数据目录无法打开；如刚安装，请重新运行 npm install 以准备桌面版数据库组件。');
    app.quit();
    return;
  }
  ipcMain.handle('desk:invoke', async (event, method: unknown, input: unknown) => {
    if (!trustedSender(event.sender, event.senderFrame?.url)) {
      return { ok: false, error: { code: 'UNAUTHORIZED', message: '拒绝来自未知页面的请求' } };
    }
    return router!.invoke(String(method), input);
  });
  createWindow();
});

app.on('window-all-closed', () => {
  // desk is cleared at once so nothing uses it while it closes; the app quits once it has.
  // a team server started from 设置 stops with the app (its pipe's end would stop it too)
  const open = desk;
  desk = undefined;
  const closing = localTeamServer.stop().then(() => open?.close());
  void closing.finally(() => app.quit());
});
