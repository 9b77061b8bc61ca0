// Runs npm scripts side by side and fails if any of them fails: `node test/together.mjs typecheck lint build`.
// tsc, ESLint and the build each keep one core busy for most of their time, so on the two-core CI machine
// running them one after another left a core idle for as long as the shortest two took together. Neither
// reads what another writes (the build writes out/, which tsc does not include and ESLint ignores, and
// electron-vite's bundled config beside electron.vite.config.ts while it runs, which ESLint ignores too).
// Each script's output is held and printed whole when it ends, with its time, so the log reads in order.
import { spawn } from 'node:child_process';

const scripts = process.argv.slice(2);
if (scripts.length === 0) {
  console.error('usage: node test/together.mjs SCRIPT…');
  process.exit(2);
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const results = await Promise.all(
  scripts.map(
    (script) =>
      new Promise((done) => {
        const started = Date.now();
        const child = spawn(npm, ['run', '--silent', script], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '1' } });
        const output = [];
        child.stdout.on('data', (c) => output.push(c));
        child.stderr.on('data', (c) => output.push(c));
        let finished = false;
        const finish = (code) => {
          if (finished) return;
          finished = true;
          const seconds = ((Date.now() - started) / 1000).toFixed(1);
          process.stdout.write(`\n── npm run ${script}: ${code === 0 ? 'ok' : `failed (${code})`}, ${seconds} s\n`);
          process.stdout.write(Buffer.concat(output));
          done(code);
        };
        child.on('error', (e) => {
          output.push(Buffer.from(`${e.message}\n`));
          finish(1);
        });
        child.on('close', (code, signal) => finish(code ?? (signal ? 1 : 0)));
      }),
  ),
);
const failed = scripts.filter((_, i) => results[i] !== 0);
if (failed.length) console.error(`\nfailed: ${failed.map((s) => `npm run ${s}`).join(', ')}`);
process.exit(failed.length ? 1 : 0);
