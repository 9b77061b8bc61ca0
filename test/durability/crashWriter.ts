// Child process of the crash test: writes clients and their materials in a loop through the real
// services, and prints a line for each write once its transaction has committed. The parent kills it
// with SIGKILL at random moments.
//
//   argv: dataDir. Started by writerStart.cjs (writerBundle.ts). It prints `loaded` once its code is
//   loaded, its test photo made and the content check's decoder loaded, and waits for a line `go <n>` on
//   stdin before it opens the desk (the parent starts the next writer while this one runs); its clients
//   are numbered from n + 1.
import { randomBytes } from 'node:crypto';
import { Desk } from '../../main/desk';
import { clientRecordSchema } from '../../main/domain/schemas';
import { addWebsite, createClients } from '../../main/services/clients';
import { checkMaterialContent } from '../../main/services/materialContent';
import { addMaterial } from '../../main/services/materials';
import { materialJpeg, withComment } from '../fixtures/materials';
import { companyRecord } from '../fixtures/records';
import { waitForGo, writerLoaded } from './writerLoaded';

async function main(): Promise<void> {
  // made, and the content check's decoder loaded, before 'ready': the kills land in the write loop, not in setting up
  const photo = await materialJpeg('crash-test');
  await checkMaterialContent('curtain', photo);
  writerLoaded();
  const startArg = await waitForGo();
  if (startArg === undefined) return;
  const [dataDir] = process.argv.slice(2);
  const desk = await Desk.open({ dataDir: dataDir!, actor: 'crash-writer', kdfLog2n: 12 });
  if (desk.vault.state() === 'uninitialised') await desk.vault.setup('crash-test-passphrase');
  else await desk.vault.unlock('crash-test-passphrase');
  process.stdout.write('ready\n');

  // The loop never waits for stdout, so a closed stdout never stops it: when the test that spawned it is gone (its
  // parent changes), it stops by itself instead of filling the disk.
  const parent = process.ppid;
  let n = Number(startArg);
  while (process.ppid === parent) {
    n++;
    const [c] = await createClients(desk, [clientRecordSchema.parse(companyRecord(n))]);
    process.stdout.write(`client ${c!.id} ${n}\n`);
    // Material files of a few hundred KiB so kills land inside file writes too: a real JPEG (the store
    // checks content) whose comment segments are random.
    const data = withComment(photo, randomBytes(64 * 1024 + Math.floor(Math.random() * 400_000)));
    const m = await addMaterial(desk, { entityId: c!.id, kind: 'curtain', fileName: `幕布-${n}.jpg`, data });
    process.stdout.write(`material ${m.id} ${m.sha256}\n`);
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
