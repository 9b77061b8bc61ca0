// Child process of the backup kill test: starts `backup create` on a desk with data and stops for good
// once the database copy is taken, reporting it; the parent then kills it with SIGKILL.
import { createBackup } from '../../main/backup/backup';
import { Desk } from '../../main/desk';
import { clientRecordSchema } from '../../main/domain/schemas';
import { createClients } from '../../main/services/clients';
import { addMaterial } from '../../main/services/materials';
import { materialJpeg } from '../fixtures/materials';
import { companyRecord } from '../fixtures/records';

const [dataDir, outFile] = process.argv.slice(2);
const desk = await Desk.open({ dataDir: dataDir!, actor: 'backup-kill', kdfLog2n: 12 });
await desk.vault.setup('backup-kill-passphrase');
const [c] = await createClients(desk, [clientRecordSchema.parse(companyRecord(1))]);

const raw = desk.sql.raw;
const realBackup = raw.backup.bind(raw);
raw.backup = async (dest, options) => {
  await realBackup(dest, options);
  process.stdout.write('copied\n');
  // Never returns: the backup is caught between its copy and its archive. Stops if the test is gone.
  const parent = process.ppid;
  return new Promise(() => setInterval(() => process.ppid !== parent && process.exit(0), 200));
};
// A CommonJS bundle has no top-level await: the material (a real photo, as the upload check requires) first.
void (async () => {
  await addMaterial(desk, { entityId: c!.id, kind: 'curtain', fileName: '幕布.jpg', data: await materialJpeg('幕布照片') });
  await createBackup(desk, outFile!);
})();
