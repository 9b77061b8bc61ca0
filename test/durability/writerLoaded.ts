// What a SIGKILL test's writer (started by writerStart.cjs, writerBundle.ts) says and waits for: small, so
// the writers bundle nothing of the test side.

/** The writer's code is loaded: the first writer of a bundle leaves its code cache for the next ones. */
export function writerLoaded(): void {
  (globalThis as { beianDeskWriterLoaded?: () => void }).beianDeskWriterLoaded?.();
  process.stdout.write('loaded\n');
}

/**
 * Waits for the parent's `go` line on stdin (the parent starts the next writer while the current one
 * runs: loading the desk's code takes seconds on a loaded machine); returns what follows `go`, or
 * undefined when stdin ended first (the test is gone).
 */
export function waitForGo(): Promise<string | undefined> {
  return new Promise((resolve) => {
    let buf = '';
    const onData = (c: Buffer) => {
      buf += c.toString();
      const nl = buf.indexOf('\n');
      if (nl < 0) return;
      process.stdin.off('data', onData);
      process.stdin.destroy();
      resolve(buf.slice(0, nl).replace(/^go ?/, ''));
    };
    process.stdin.on('data', onData);
    process.stdin.once('end', () => resolve(undefined));
  });
}

/**
 * The `go` lines of a writer that lives through several lives (pgKillWriter.ts: the server dies under it, not
 * the writer): each call resolves with what follows the next `go`, or undefined once stdin has ended.
 */
export function goLines(): () => Promise<string | undefined> {
  const queue: (string | undefined)[] = [];
  let waiting: ((line: string | undefined) => void) | undefined;
  const push = (line: string | undefined) => {
    if (waiting) {
      const w = waiting;
      waiting = undefined;
      w(line);
    } else queue.push(line);
  };
  let buf = '';
  process.stdin.on('data', (c: Buffer) => {
    buf += c.toString();
    for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
      push(buf.slice(0, nl).replace(/^go ?/, ''));
      buf = buf.slice(nl + 1);
    }
  });
  process.stdin.once('end', () => push(undefined));
  return () => (queue.length ? Promise.resolve(queue.shift()) : new Promise((resolve) => (waiting = resolve)));
}
