// The check-all section (checkAll.ts) in a process of its own, bundled beside the built worker (bundledChild.ts):
// `node out/node/.checkall-bench-<pid>.js 10000 100000`.
import { benchCheckAllHere } from './checkAll';

const sizes = process.argv.slice(2).map(Number);
if (!sizes.length || sizes.some((n) => !Number.isInteger(n) || n < 10)) throw new Error(`client counts expected, got: ${process.argv.slice(2).join(' ')}`);
await benchCheckAllHere(sizes);
process.exit(0);
