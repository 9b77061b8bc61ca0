// The CLI run in the test's own process, its output captured: `out` and `err` as the two streams, `all`
// both in the order they were written (what a terminal shows).
import { runCli } from '../../main/cli';

export interface CliRun {
  code: number;
  out: string;
  err: string;
  all: string;
}

/** `runCli` with these arguments as they would follow `beian-desk` on a command line; `stdin` what is piped in. */
export async function cliArgs(args: string[], stdin?: string): Promise<CliRun> {
  let out = '';
  let err = '';
  let all = '';
  const code = await runCli(args, {
    out: (t) => {
      out += t;
      all += t;
    },
    err: (t) => {
      err += t;
      all += t;
    },
    ...(stdin === undefined ? {} : { stdin: async () => stdin }),
  });
  return { code, out, err, all };
}

/** The CLI on the store in `dataDir` (`--data dataDir`, then `args`). */
export const cli = (dataDir: string, ...args: string[]): Promise<CliRun> => cliArgs(['--data', dataDir, ...args]);
