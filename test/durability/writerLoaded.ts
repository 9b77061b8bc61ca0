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
