// One HTTP request to a web host under test (main/web/host.ts), answered whole: its status, headers and body as text.
import { request } from 'node:http';

export interface HostReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export function sendToHost(port: number, opts: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<HostReply> {
  return new Promise<HostReply>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: { host: `127.0.0.1:${port}`, ...opts.headers } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString('utf8') }));
    });
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}
