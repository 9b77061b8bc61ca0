// `npm run server -- --secrets-stdin`: the team server started by a desk's 设置 → 团队服务器 (see
// main/services/teamServerProcess.ts) instead of from a terminal. The secrets a terminal user types —
// the data passphrase and the team database's address with its password — come as ONE JSON line on
// standard input: a command line and an environment are readable by every other process of the same
// user (/proc/<pid>/cmdline, /proc/<pid>/environ), a pipe is not. The pipe stays open while the desk
// runs, so its end (the desk quit or died) stops the server: no orphan holding the data key.
import { DeskError } from '../domain/errors';
import { pipedSecretsSchema, type PipedSecrets } from '../domain/serverPipe';

export { readyLine } from '../domain/serverPipe';
export type { PipedSecrets } from '../domain/serverPipe';

const MAX_LINE = 64 * 1024;

/** The first line of `input`, parsed; refused in Chinese when the pipe closes first or the line is not the secrets. */
export function readSecretsLine(input: NodeJS.ReadableStream): Promise<PipedSecrets> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const done = (settle: () => void) => {
      input.off('data', onData);
      input.off('end', onEnd);
      settle();
    };
    const onData = (chunk: Buffer | string) => {
      buffered += chunk.toString();
      const nl = buffered.indexOf('\n');
      if (nl < 0) {
        if (buffered.length > MAX_LINE) done(() => reject(new DeskError('BAD_REQUEST', '从标准输入读取的启动参数过长')));
        return;
      }
      const line = buffered.slice(0, nl);
      buffered = '';
      done(() => {
        try {
          resolve(pipedSecretsSchema.parse(JSON.parse(line)));
        } catch {
          reject(new DeskError('BAD_REQUEST', '标准输入的第一行应为启动参数（JSON：passphrase、database）'));
        }
      });
    };
    const onEnd = () => done(() => reject(new DeskError('BAD_REQUEST', '标准输入在读到启动参数之前已关闭')));
    input.on('data', onData);
    input.on('end', onEnd);
  });
}

/** Calls `stop` once the parent's end of the pipe closes (the desk stopped or died). */
export function stopWhenParentGoes(input: NodeJS.ReadableStream, stop: () => void): void {
  let stopped = false;
  const once = () => {
    if (stopped) return;
    stopped = true;
    stop();
  };
  input.on('end', once);
  input.on('close', once);
  input.on('error', once);
  // keep reading (and dropping) so the end is seen
  input.resume();
}
