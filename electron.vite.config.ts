import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY } from './main/web/security';

// The built page carries the same policy the hosts send as a header (one definition, main/web/security.ts),
// so it holds even where headers are not applied. frame-ancestors is header-only and is dropped here.
const cspMeta = (): Plugin => ({
  name: 'beian-desk-csp-meta',
  apply: 'build',
  transformIndexHtml: () => [
    {
      tag: 'meta',
      attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY.split('; ').filter((d) => !d.startsWith('frame-ancestors')).join('; ') },
      injectTo: 'head-prepend',
    },
  ],
});

// renderer/firstScreen.ts starts the first screen's API calls when it runs. Built as a chunk of its own
// (the codeSplitting group below; it imports nothing), loaded by an async module script in <head>: it runs as soon as its few KB are
// in, while the browser still fetches and compiles React and antd; the UI's own import of it finds the
// module already evaluated.
const FIRST_SCREEN = resolve(import.meta.dirname, 'renderer/firstScreen.ts');
const MAIN = resolve(import.meta.dirname, 'renderer/main.tsx');
const firstScreenScript = (): Plugin => ({
  name: 'beian-desk-first-screen',
  apply: 'build',
  transformIndexHtml: {
    order: 'post',
    handler: (html, ctx) => {
      const chunk = Object.values(ctx.bundle ?? {}).find((c) => c.type === 'chunk' && c.moduleIds.includes(FIRST_SCREEN));
      if (!chunk || chunk.type !== 'chunk') throw new Error('renderer/firstScreen.ts was not built as a chunk of its own');
      if (chunk.imports.length) throw new Error(`renderer/firstScreen.ts must import nothing at run time (it imports ${chunk.imports.join(', ')})`);
      // The stylesheet (renderer/firstPaint.css draws the first page) and this script go first in <head>, ahead
      // of React's and antd's scripts: with six connections to the host, what is asked first is in first.
      const styles = html.match(/<link rel="stylesheet"[^>]*>\s*/g) ?? [];
      const firstScript = html.indexOf('<script type="module"');
      if (firstScript < 0) throw new Error('the built page has no module script');
      const script = `<script type="module" async crossorigin src="./${chunk.fileName}"></script>\n    `;
      // The UI (renderer/main.tsx) is imported by the entry once the first page is drawn (renderer/entry.ts),
      // and its files are fetched then (the entry's import preloads them all at once). They are not preloaded
      // from <head>: on two cores their fetching and compiling took the CPU the first page's frame needed
      // (at 100 000 clients under load, the page seen at a median 3.4 s with them, 1.2 s without; the React
      // table no later; README "Benchmark").
      if (!Object.values(ctx.bundle ?? {}).some((c) => c.type === 'chunk' && c.facadeModuleId === MAIN)) throw new Error('renderer/main.tsx was not built as a chunk of its own');
      const rest = styles.reduce((h, tag) => h.replace(tag, ''), html);
      const at = rest.indexOf('<script type="module"');
      return rest.slice(0, at) + styles.map((t) => `${t.trim()}\n    `).join('') + script + rest.slice(at);
    },
  },
});

export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      // The worker thread is its own entry so it lands beside main.js (main/jobs/pool.ts finds it there).
      lib: { entry: { main: resolve(import.meta.dirname, 'electron/main.ts'), taskWorker: resolve(import.meta.dirname, 'main/jobs/taskWorker.ts') } },
    },
  },
  preload: {
    build: {
      externalizeDeps: true,
      // A sandboxed preload must be CommonJS: Electron loads ESM preloads only with sandbox off.
      lib: { entry: resolve(import.meta.dirname, 'electron/preload.ts'), formats: ['cjs'] },
      rolldownOptions: { output: { entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'renderer'),
    plugins: [react(), cspMeta(), firstScreenScript()],
    build: {
      outDir: resolve(import.meta.dirname, 'out/renderer'),
      // A production build: minified, one chunk per screen (renderer/Shell.tsx loads screens lazily).
      minify: true,
      chunkSizeWarningLimit: 4000,
      rolldownOptions: {
        input: resolve(import.meta.dirname, 'renderer/index.html'),
        // The contract and the accounts module are barrels: a screen that imports only a label or
        // chinaDateTime from them must not pull in every zod schema (zod and the schemas were 58 KB gzip
        // of the client list's first load). Their own top-level statements only build schemas.
        treeshake: { moduleSideEffects: (id: string) => !/[\\/]main[\\/](api[\\/]contract|domain[\\/]accounts)\.ts$/.test(id) },
        // TanStack Query in one chunk of its own: it uses ES2022 private class fields, which the
        // electronegativity scan cannot parse, and electron/security-review.json excuses it by this name.
        // firstScreen.ts alone in its chunk: the page loads it first (firstScreenScript).
        output: { codeSplitting: { groups: [{ name: 'query', test: /[\\/]node_modules[\\/]@tanstack[\\/]/ }, { name: 'firstScreen', test: /[\\/]renderer[\\/]first(Screen|Paint)\.ts$/ }] } },
      },
    },
  },
});
