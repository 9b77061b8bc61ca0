// Where the built UI is, for both hosts (serve.ts: the single desk's browser mode; server.ts: team mode).
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const DEFAULT_RENDERER_DIR = resolve(here, '../../out/renderer');
