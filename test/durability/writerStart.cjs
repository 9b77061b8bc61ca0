// Starts a SIGKILL test's writer bundle (test/durability/writerBundle.ts) with a V8 code cache beside it:
//   node writerStart.cjs <bundle.cjs> args…
// Node 20 has no compile cache of its own (module.enableCompileCache and NODE_COMPILE_CACHE are Node 22),
// so the bundle, CommonJS, is compiled here with vm.Script and the cache V8 made once the writer's code
// had run up to its `loaded` point is given to the next writers of the same bundle. V8 checks the cache
// against the source and its own version and flags, and compiles afresh when it does not fit.
'use strict';
const { readFileSync, renameSync, writeFileSync } = require('node:fs');
const { createRequire, wrap } = require('node:module');
const { dirname, resolve } = require('node:path');
const vm = require('node:vm');

const bundle = resolve(process.argv[2]);
const cacheFile = `${bundle}.v8cache`;
let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
const script = new vm.Script(wrap(readFileSync(bundle, 'utf8')), { filename: bundle, cachedData });
if (!cachedData || script.cachedDataRejected) {
  // made once the writer says its code is loaded, so the functions it ran to get there are in it
  globalThis.beianDeskWriterLoaded = () => {
    delete globalThis.beianDeskWriterLoaded;
    const temp = `${cacheFile}.${process.pid}`;
    writeFileSync(temp, script.createCachedData());
    renameSync(temp, cacheFile);
  };
}
// the writer sees its own arguments where a directly started script would: argv[1] is the bundle
process.argv.splice(1, 1);
const module_ = { exports: {} };
script.runInThisContext().call(module_.exports, module_.exports, createRequire(bundle), module_, bundle, dirname(bundle));
