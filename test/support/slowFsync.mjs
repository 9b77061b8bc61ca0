// Preloaded into the built CLI (node --import) by test/electron/nodeBundle.test.ts: the flush of a temp
// '.part' file takes 3 s, as on a slow USB stick, and says on stderr when it starts, so that the test can
// interrupt the CLI while its output is half-way to its folder.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const parts = new Set();
const { openSync, fsyncSync } = fs;
fs.openSync = function (path, ...rest) {
  const fd = openSync.call(this, path, ...rest);
  if (String(path).endsWith('.part')) parts.add(fd);
  return fd;
};
fs.fsyncSync = function (fd) {
  if (parts.has(fd)) {
    process.stderr.write('[slowFsync] flushing a .part file\n');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 3000);
  }
  return fsyncSync.call(this, fd);
};
// `import { fsyncSync } from 'node:fs'` in the bundle sees the slow one
syncBuiltinESMExports();
