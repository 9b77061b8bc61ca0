// The local web host: the same UI and API over HTTP on 127.0.0.1 only, on a random port, behind a token
// made for this run. Used by `npm start` where no Electron runtime is installed, and by the UI tests.
// With `team` it is the agency's server (`npm run server`): operator logins instead of the token, any
// address (TLS required off loopback), every API call run as the logged-in account.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createWriteStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { Desk } from '../desk';
import type { Caller } from '../services/accounts';
import { assertTlsOffLoopback } from './listen';
import { authRoute, callerOfRequest, LOGIN_HEADER } from './teamAuth';
import { createLoginThrottle } from './loginThrottle';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { DeskError } from '../domain/errors';
import { errorBody } from '../api/errors';
import type { Router } from '../api/router';
import { isMethod, type ApiResult } from '../api/contract';
import { mayCall } from '../api/roles';
import { SECURITY_HEADERS } from './security';
import { answersElement, firstAnswers, splitPage } from './firstAnswers';
import { archiveTooLarge, isUploadMethod, MAX_ARCHIVE_BYTES, sizeText, UPLOAD_INPUT_HEADER, type UploadMethod } from '../api/uploads';

export const MAX_BODY_BYTES = 80 * 1024 * 1024;
/** After a refused body, how long the rest of it is read and dropped so the 413 reaches the client. */
const DRAIN_AFTER_REFUSAL_MS = 5_000;
const COOKIE = 'beian_desk_token';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

export interface WebHostOptions {
  router: Router;
  /** Built renderer (out/renderer); without it only the API is served. */
  rendererDir?: string;
  port?: number;
  /** Team server: operator accounts on `desk`, listening on `host`, over TLS when given. */
  team?: { desk: Desk; host: string; tls?: { cert: string | Buffer; key: string | Buffer } };
  /** How long a JSON body may take in all, and an upload may go without a byte (tests shorten them). */
  timeouts?: { jsonBodyMs?: number; uploadIdleMs?: number };
  /** The largest JSON body taken: MAX_BODY_BYTES (a test lowers it to show an upload past it with a small archive). */
  maxJsonBytes?: number;
}

export interface WebHost {
  url: string;
  /** URL that carries the token once; the page then keeps it in an HttpOnly cookie. */
  openUrl: string;
  port: number;
  close(): Promise<void>;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieToken(req: IncomingMessage): string {
  const raw = req.headers.cookie ?? '';
  for (const part of raw.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === COOKIE) return v.join('=');
  }
  return '';
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const data = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': data.length, 'cache-control': 'no-store' });
  res.end(data);
}

function sendError(res: ServerResponse, status: number, err: DeskError): void {
  sendJson(res, status, { ok: false, error: errorBody(err) });
}

/** The routes that name a method: a JSON call, or an archive as the body (uploads.ts). */
const ROUTES = ['/api/', '/upload/'] as const;
const routeOf = (pathname: string) => ROUTES.find((r) => pathname.startsWith(r));

/** The API method named by `/api/NAME` (or `/upload/NAME`), percent-decoded; undefined when its encoding is broken. */
function apiMethodOf(pathname: string, route: (typeof ROUTES)[number]): string | undefined {
  try {
    return decodeURIComponent(pathname.slice(route.length));
  } catch {
    return undefined;
  }
}

const badMethodEncoding = () => new DeskError('BAD_REQUEST', '请求地址中的百分号编码无效（如 %E4%B8 不完整或 %ZZ）：请检查操作名称');

/**
 * How long a JSON body may take to arrive, all of it: Node's own requestTimeout (five minutes), which the
 * server turns off because an archive's upload may rightly take longer (receiveUpload has its own limit).
 */
const JSON_BODY_MS = 300_000;
/** How long an upload may go without a byte before it is given up: a link that slow is gone. */
const UPLOAD_IDLE_MS = 120_000;

const bodyTooLarge = (maxBytes: number) => new DeskError('FILE_TOO_LARGE', `请求过大（超过 ${sizeText(maxBytes)}）`);

function readBody(req: IncomingMessage, limitMs = JSON_BODY_MS, maxBytes = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolveBody, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBytes) {
      reject(bodyTooLarge(maxBytes));
      return;
    }
    // a body trickled in a byte at a time must not hold the connection for ever
    const late = setTimeout(() => {
      reject(new DeskError('BAD_REQUEST', '请求超时：没有按时收到完整的请求，请重试'));
      req.destroy();
    }, limitMs);
    late.unref();
    req.once('close', () => clearTimeout(late));
    const parts: Buffer[] = [];
    let size = 0;
    const collect = (c: Buffer) => {
      size += c.length;
      if (size > maxBytes) {
        // Keep reading and dropping the rest: closing now would reset the connection before the
        // client has read the 413 (handleApi closes it once the answer is out).
        req.off('data', collect);
        parts.length = 0;
        req.resume();
        reject(bodyTooLarge(maxBytes));
        return;
      }
      parts.push(c);
    };
    req.on('data', collect);
    req.on('end', () => {
      clearTimeout(late);
      resolveBody(Buffer.concat(parts));
    });
    req.on('error', reject);
  });
}

/**
 * Writes an upload's body (an archive, uploads.ts) to `file`, a new owner-only file, as it arrives: never
 * held in memory whole. Past MAX_ARCHIVE_BYTES it stops with FILE_TOO_LARGE and leaves the rest unread (the
 * caller drops it); a connection cut before the end is refused too. Settles once the file is closed, so the
 * caller may remove it at once.
 */
function receiveUpload(req: IncomingMessage, file: string, method: UploadMethod, idleMs = UPLOAD_IDLE_MS): Promise<void> {
  return new Promise((done, fail) => {
    const out = createWriteStream(file, { flags: 'wx', mode: 0o600 });
    let size = 0;
    let settled = false;
    const finish = (err?: unknown) => {
      if (settled) return;
      settled = true;
      // the idle limit is the upload's: the archive's reading after it may take a while on a quiet socket
      req.setTimeout(0);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onClose);
      if (!err) return done();
      if (out.closed) return fail(err);
      out.once('close', () => fail(err));
      out.destroy();
    };
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > MAX_ARCHIVE_BYTES) return finish(new DeskError('FILE_TOO_LARGE', archiveTooLarge(method)));
      if (!out.write(c)) {
        req.pause();
        out.once('drain', () => req.resume());
      }
    };
    const onEnd = () => out.end(() => finish());
    const onClose = () => {
      if (!req.complete) finish(new DeskError('BAD_REQUEST', '上传未完成：连接已中断，请重新上传'));
    };
    // however long the whole upload takes (2 GB over a slow link), a stalled one is given up
    req.setTimeout(idleMs, () => {
      if (settled) return;
      finish(new DeskError('BAD_REQUEST', `上传中断：${Math.round(idleMs / 1000)} 秒没有收到数据，请检查网络后重新上传`));
      req.destroy();
    });
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('close', onClose);
    out.on('error', finish);
  });
}

/** The inputs of an upload besides its file (the passphrase): JSON, percent-encoded, in UPLOAD_INPUT_HEADER. */
function uploadInputOf(req: IncomingMessage): { input: unknown } | null {
  const raw = req.headers[UPLOAD_INPUT_HEADER];
  if (raw === undefined) return { input: {} };
  try {
    return { input: JSON.parse(decodeURIComponent(String(raw))) };
  } catch {
    return null;
  }
}

/** Resolves once the rest of a refused body has been read and dropped, or after `graceMs`. */
function restDropped(req: IncomingMessage, graceMs: number): Promise<void> {
  return new Promise((done) => {
    if (req.complete) return done();
    const timer = setTimeout(done, graceMs);
    const finish = () => {
      clearTimeout(timer);
      done();
    };
    req.once('end', finish);
    req.once('close', finish);
    req.resume();
  });
}

const UNAUTHORIZED_PAGE = `<!doctype html><meta charset="utf-8"><title>备案助手</title>
<body style="font-family:sans-serif;padding:40px"><h2>需要访问令牌</h2>
<p>请使用启动备案助手时终端中打印的完整地址（含 token）打开本页面。每次启动生成新的令牌。</p></body>`;

/** Largest login request (user name and password as JSON). */
const MAX_LOGIN_BYTES = 4096;

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = randomBytes(24).toString('base64url');
  let port = 0;
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const team = options.team;
  const maxJsonBytes = options.maxJsonBytes ?? MAX_BODY_BYTES;
  const loginThrottle = createLoginThrottle();
  if (team) assertTlsOffLoopback(team.host, Boolean(team.tls));
  const scheme = team?.tls ? 'https' : 'http';

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    void handle(req, res).catch(() => {
      if (!res.headersSent) sendError(res, 500, new DeskError('INTERNAL', '内部错误'));
      else res.destroy();
    });
  };
  const server: Server = team?.tls ? createTlsServer({ cert: team.tls.cert, key: team.tls.key, minVersion: 'TLSv1.2' }, onRequest) : createServer(onRequest);
  // Node's five minutes for a whole request cut a 归还 archive's upload (up to 2 GB) over a slow link with a
  // bare 408: receiveUpload gives up a stalled upload instead, readBody a slow JSON body; headers keep
  // Node's own headersTimeout.
  server.requestTimeout = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (team) {
      await handleTeam(team.desk, req, res);
      return;
    }
    // A page on another site cannot reach us through DNS rebinding: the Host must be ours.
    if (!allowedHosts().has(req.headers.host ?? '')) {
      sendError(res, 403, new DeskError('UNAUTHORIZED', '拒绝访问：主机名不匹配'));
      return;
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    } catch {
      sendError(res, 400, new DeskError('BAD_REQUEST', '请求地址格式错误'));
      return;
    }
    const queryToken = url.searchParams.get('token');
    if (req.method === 'GET' && queryToken !== null) {
      if (!safeEqual(queryToken, token)) {
        res.writeHead(401, { 'content-type': 'text/html; charset=utf-8' });
        res.end(UNAUTHORIZED_PAGE);
        return;
      }
      url.searchParams.delete('token');
      res.writeHead(302, {
        location: url.pathname + (url.search || ''),
        'set-cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        'cache-control': 'no-store',
      });
      res.end();
      return;
    }
    const presented = (req.headers['x-desk-token'] as string | undefined) ?? cookieToken(req);
    if (!presented || !safeEqual(presented, token)) {
      if (routeOf(url.pathname)) sendError(res, 401, new DeskError('UNAUTHORIZED', '缺少或错误的访问令牌'));
      else {
        res.writeHead(401, { 'content-type': 'text/html; charset=utf-8' });
        res.end(UNAUTHORIZED_PAGE);
      }
      return;
    }
    const route = routeOf(url.pathname);
    if (route) {
      const method = apiMethodOf(url.pathname, route);
      if (method === undefined) {
        sendError(res, 400, badMethodEncoding());
        return;
      }
      await (route === '/upload/' ? handleUpload(req, res, method) : handleApi(req, res, method));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendError(res, 405, new DeskError('BAD_REQUEST', '不支持的请求方法'));
      return;
    }
    // the page itself, asked for by the desk's own browser: with the first screen's answers (firstAnswers.ts)
    if (req.method === 'GET' && (url.pathname === '/' || url.pathname === '/index.html')) {
      await servePageWithAnswers(res);
      return;
    }
    serveStatic(res, url.pathname);
  }

  /**
   * A team server answers on whatever name the agency gives it (an IP, a LAN host name), so the Host is
   * not matched against a list: a page on another site reached through DNS rebinding has no session
   * cookie (SameSite=Strict, another origin) and every API call needs one. Writes must come from a page
   * of this very origin.
   */
  async function handleTeam(desk: Desk, req: IncomingMessage, res: ServerResponse): Promise<void> {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `${scheme}://localhost`);
    } catch {
      sendError(res, 400, new DeskError('BAD_REQUEST', '请求地址格式错误'));
      return;
    }
    if (url.pathname.startsWith('/auth/')) {
      if (!isPostFromThisOrigin(req, res, '登录只接受 POST 请求')) return;
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const c of req) {
        size += (c as Buffer).length;
        if (size > MAX_LOGIN_BYTES) {
          sendError(res, 413, new DeskError('FILE_TOO_LARGE', '登录请求过大'));
          return;
        }
        chunks.push(c as Buffer);
      }
      const reply = await authRoute(desk, req, url.pathname, Buffer.concat(chunks).toString('utf8'), Boolean(team?.tls), loginThrottle);
      if (reply.cookie) res.setHeader('set-cookie', reply.cookie);
      sendJson(res, reply.status, reply.body);
      return;
    }
    const route = routeOf(url.pathname);
    if (route) {
      // who is asking is settled first: a caller not logged in hears only that
      const method = apiMethodOf(url.pathname, route) ?? '';
      const caller = await callerOfRequest(desk, req, method);
      if (!caller) {
        res.setHeader(LOGIN_HEADER, 'login');
        sendError(res, 401, new DeskError('UNAUTHORIZED', '请先登录（登录已过期或尚未登录）'));
        return;
      }
      if (!method) {
        sendError(res, 400, badMethodEncoding());
        return;
      }
      await (route === '/upload/' ? handleUpload(req, res, method, caller) : handleApi(req, res, method, caller));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendError(res, 405, new DeskError('BAD_REQUEST', '不支持的请求方法'));
      return;
    }
    // The page itself holds no data: it shows the login form until the API says who is logged in.
    serveStatic(res, url.pathname);
  }

  function sameOrigin(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    if (!origin) return true; // not sent by a browser page (curl, the desk's own client)
    return team ? origin === `${scheme}://${req.headers.host ?? ''}` : allowedHosts().has(origin.replace(/^http:\/\//, ''));
  }

  /** Logins and API calls are POSTs from a page of this origin; anything else is answered here (false). */
  function isPostFromThisOrigin(req: IncomingMessage, res: ServerResponse, onlyPost: string): boolean {
    if (req.method !== 'POST') {
      sendError(res, 405, new DeskError('BAD_REQUEST', onlyPost));
      return false;
    }
    if (!sameOrigin(req)) {
      sendError(res, 403, new DeskError('UNAUTHORIZED', '拒绝访问：来源不匹配'));
      return false;
    }
    return true;
  }

  /**
   * A call the caller may not make is refused whatever the body holds, so the body is not read: any
   * logged-in account (a 拍照点 too) could otherwise make the server buffer 80 MB, or store 2 GB, for a call
   * it may not make. The router gives the refusal, as for any other call. False when the call may go on.
   */
  async function refusedForRole(req: IncomingMessage, res: ServerResponse, method: string, caller?: Caller): Promise<boolean> {
    if (!caller || (isMethod(method) && mayCall(caller.role, method))) return false;
    if (!req.complete) res.setHeader('connection', 'close');
    await restDropped(req, DRAIN_AFTER_REFUSAL_MS);
    sendJson(res, 200, await options.router.invoke(method, {}, caller));
    return true;
  }

  /**
   * An archive sent as the request's body (uploads.ts): streamed to a file of the data folder's tmp, never
   * held in memory, up to MAX_ARCHIVE_BYTES. The same token or login, Origin and role checks as /api/.
   */
  async function handleUpload(req: IncomingMessage, res: ServerResponse, method: string, caller?: Caller): Promise<void> {
    if (!isPostFromThisOrigin(req, res, '上传只接受 POST 请求')) return;
    if (await refusedForRole(req, res, method, caller)) return;
    const declared = Number(req.headers['content-length'] ?? 0);
    const input = uploadInputOf(req);
    let tooLarge = false;
    let result: ApiResult<unknown>;
    if (isUploadMethod(method) && declared > MAX_ARCHIVE_BYTES) {
      // said at once: little of such a body was sent yet, and nothing of it is stored
      tooLarge = true;
      result = { ok: false, error: errorBody(new DeskError('FILE_TOO_LARGE', archiveTooLarge(method, declared))) };
    } else if (!input) {
      result = { ok: false, error: errorBody(new DeskError('BAD_REQUEST', `上传请求的 ${UPLOAD_INPUT_HEADER} 不是百分号编码的 JSON`)) };
    } else {
      result = await options.router.upload(
        method,
        input.input,
        (file) =>
          receiveUpload(req, file, method as UploadMethod, options.timeouts?.uploadIdleMs).catch((err: unknown) => {
            tooLarge = err instanceof DeskError && err.code === 'FILE_TOO_LARGE';
            throw err;
          }),
        caller,
      );
    }
    // a body refused before or while it was read is dropped to its end (or for a grace period) before the
    // answer goes out: closing with the client's data unread sends a reset that can overtake the answer
    if (!req.complete) {
      res.setHeader('connection', 'close');
      if (!(tooLarge && declared > MAX_ARCHIVE_BYTES)) await restDropped(req, DRAIN_AFTER_REFUSAL_MS);
    }
    sendJson(res, tooLarge ? 413 : 200, result);
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, method: string, caller?: Caller): Promise<void> {
    if (!isPostFromThisOrigin(req, res, 'API 只接受 POST 请求')) return;
    if (await refusedForRole(req, res, method, caller)) return;
    let body: Buffer;
    try {
      body = await readBody(req, options.timeouts?.jsonBodyMs, maxJsonBytes);
    } catch (err) {
      const refusal = err instanceof DeskError ? err : new DeskError('BAD_REQUEST', '请求读取失败');
      // A body found too large while streaming is read and dropped to its end (or for a grace period)
      // before the 413 goes out: Node closes a connection: close socket as soon as the answer is
      // written, and closing with the client's data unread sends a reset that can overtake the 413.
      // A body whose Content-Length is already too large is answered at once; little of it was sent.
      if (Number(req.headers['content-length'] ?? 0) <= maxJsonBytes) await restDropped(req, DRAIN_AFTER_REFUSAL_MS);
      res.setHeader('connection', 'close');
      sendError(res, 413, refusal);
      return;
    }
    let input: unknown;
    try {
      const text = new TextDecoder('utf-8', { fatal: true }).decode(body);
      input = text.trim() === '' ? {} : JSON.parse(text);
    } catch {
      sendError(res, 400, new DeskError('BAD_REQUEST', '请求内容不是有效的 UTF-8 JSON'));
      return;
    }
    sendJson(res, 200, await options.router.invoke(method, input, caller));
  }

  /**
   * The single desk's page with the first screen's answers at its end: the head goes out at once (the
   * browser starts on the stylesheet and scripts), the answers once the reads are done.
   */
  async function servePageWithAnswers(res: ServerResponse): Promise<void> {
    const index = options.rendererDir ? join(options.rendererDir, 'index.html') : '';
    const page = index && existsSync(index) ? splitPage(readFileSync(index, 'utf8')) : null;
    if (!page) {
      serveStatic(res, '/');
      return;
    }
    res.writeHead(200, { 'content-type': MIME['.html']!, 'cache-control': 'no-store' });
    res.write(page.head);
    let answers = '';
    try {
      answers = answersElement(await firstAnswers(options.router));
    } catch {
      // no answers written: the page asks for them itself
    }
    res.end(answers + page.tail);
  }

  function serveStatic(res: ServerResponse, pathname: string): void {
    const root = options.rendererDir;
    if (!root || !existsSync(join(root, 'index.html'))) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('界面尚未构建：请先运行 npm run build');
      return;
    }
    let rel: string;
    try {
      rel = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
    } catch {
      rel = '';
    }
    let file = join(root, rel);
    if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) file = join(root, 'index.html');
    const type = MIME[extname(file)] ?? 'application/octet-stream';
    res.writeHead(200, {
      'content-type': type,
      'cache-control': extname(file) === '.html' ? 'no-store' : 'max-age=3600',
    });
    res.end(readFileSync(file));
  }

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, team?.host ?? '127.0.0.1', () => ok());
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = team ? (team.host.includes(':') ? `[${team.host}]` : team.host) : '127.0.0.1';
  const base = `${scheme}://${shownHost}:${port}`;
  return {
    url: `${base}/`,
    openUrl: team ? `${base}/` : `${base}/?token=${token}`,
    port,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
