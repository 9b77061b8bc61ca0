// What both host processes (serve.ts: one desk's browser mode; server.ts: team mode) do around the host.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Desk } from '../desk';
import { DEFAULT_RENDERER_DIR } from './rendererDir';

/** The UI folder given with --renderer, or the built one; a missing build is said at start, not at the first page. */
export function rendererDirOf(option: string | undefined): string {
  const dir = option ? resolve(option) : DEFAULT_RENDERER_DIR;
  if (!existsSync(join(dir, 'index.html'))) process.stderr.write(`提示：未找到已构建的界面（${dir}），请先运行 npm run build。\n`);
  return dir;
}

/**
 * On Ctrl-C or SIGTERM: stop taking requests, then close the store (so no write is cut off mid-way), then
 * exit. `first` stops the process's own timers before that. Returns the same stop, for other reasons to stop
 * (server.ts: the desk that started it has gone); a second call does nothing.
 */
export function closeOnSignals(host: { close(): Promise<void> }, desk: Desk, first?: () => void): () => void {
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    first?.();
    void host.close().then(async () => {
      await desk.close();
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return stop;
}
