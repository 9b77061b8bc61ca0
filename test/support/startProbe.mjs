// Preloaded into a bundle's process (node --import) by test/electron/nodeBundle.test.ts: at exit it writes
// to BEIAN_TEST_START_PROBE what the start did — every CommonJS file loaded through require (the heavy
// packages, sharp, pdf-lib, piscina, pg, exceljs …, are all CommonJS, and an ES module importing one puts it
// there too) and the work factor N of every scrypt call (the key derivation, counted).
import crypto from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';

const requireCache = createRequire(import.meta.url).cache;
const scryptCalls = [];
const { scrypt, scryptSync } = crypto;
crypto.scrypt = (password, salt, keylen, options, callback) => {
  scryptCalls.push(options?.N ?? options?.cost ?? 16384);
  return scrypt(password, salt, keylen, options, callback);
};
crypto.scryptSync = (password, salt, keylen, options) => {
  scryptCalls.push(options?.N ?? options?.cost ?? 16384);
  return scryptSync(password, salt, keylen, options);
};
// `import { scrypt } from 'node:crypto'` in the bundle sees the counting functions
syncBuiltinESMExports();

const report = () => {
  const out = process.env.BEIAN_TEST_START_PROBE;
  if (out) writeFileSync(out, JSON.stringify({ required: Object.keys(requireCache), scryptCalls }));
};
process.on('exit', report);
// a host is stopped with SIGTERM: the report is written when it arrives too, however the host then ends
process.on('SIGTERM', report);
