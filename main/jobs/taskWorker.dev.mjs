// From the TypeScript sources (CLI, tests) a worker registers tsx before it loads taskWorker.ts: loader
// flags are not inherited by worker threads. The built app loads the bundled taskWorker.js instead.
import { register } from 'tsx/esm/api';

register();
const { default: handle } = await import('./taskWorker.ts');
export default handle;
