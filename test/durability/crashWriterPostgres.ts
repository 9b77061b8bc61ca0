// Child process of the PostgreSQL crash test: writes clients (each one transaction of entity, people,
// websites, domains and its audit entry) and then a second website per client (another transaction with
// its audit entry) through the real services on a team database, and prints a line for each write once
// its transaction has committed. The parent kills it with SIGKILL at random moments.
//
//   argv: dataDir url. Started by writerStart.cjs (writerBundle.ts). It prints `loaded` once its code is
//   loaded and waits for a line `go <n>` on stdin before it connects (the parent starts the next writer
//   while this one runs); its clients are numbered from n + 1.
import { openPostgresStore } from '../../main/db/openPostgres';
import { Desk } from '../../main/desk';
import { clientRecordSchema } from '../../main/domain/schemas';
import { addWebsite, createClients } from '../../main/services/clients';
import { companyRecord } from '../fixtures/records';
import { waitForGo, writerLoaded } from './writerLoaded';

async function main(): Promise<void> {
  writerLoaded();
  const startArg = await waitForGo();
  if (startArg === undefined) return;
  const [dataDir, url] = process.argv.slice(2);
  const desk = await Desk.open({ dataDir: dataDir!, actor: 'crash-writer', kdfLog2n: 12, store: await openPostgresStore(url!, { poolSize: 2 }) });
  if (desk.vault.state() === 'uninitialised') await desk.vault.setup('crash-test-passphrase');
  else await desk.vault.unlock('crash-test-passphrase');
  process.stdout.write('ready\n');

  // Stops by itself when the test that spawned it is gone (its parent changes).
  const parent = process.ppid;
  let n = Number(startArg);
  while (process.ppid === parent) {
    n++;
    const [c] = await createClients(desk, [clientRecordSchema.parse(companyRecord(n))]);
    process.stdout.write(`client ${c!.id} ${n}\n`);
    const w = await addWebsite(desk, c!.id, {
      name: `第二网站${n}`,
      domains: [`second-${n}.cn`],
      homepages: [`www.second-${n}.cn`],
      serviceContent: '单位门户网站',
      preApprovals: [],
      languages: ['中文简体'],
      ips: [],
      remark: '',
      icpNumber: null,
      principalPersonId: c!.personIds.p1!,
    });
    process.stdout.write(`website ${w.id} ${n}\n`);
  }
  await desk.close();
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
