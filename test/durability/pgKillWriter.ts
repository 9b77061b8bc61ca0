// Child process of the PostgreSQL server kill test (pgKill.test.ts): writes through the desk's real
// services on a team database, one transaction per step — a client (entity, people, websites, domains
// and its creation entry), a material (its row, its encrypted chunks and its entry), an order and a move
// of that order — and after each commit appends a line to the acknowledgement log and fsyncs it, so the
// log holds only what the server acknowledged. The parent kills the PostgreSQL server under it: the first
// failing query ends that life — the desk is closed, as the app closes it, and the writer prints
// `failed <message>` — and the writer waits for the next `go` to open a desk again on the restarted server.
// One process lives through every kill, as a desk does when its team server crashes: loading the desk's
// code again for each life (about half a second of CPU) was most of the test's cost, and it is the server,
// not the writer, that is killed here.
//
//   argv: dataDir url ackLog (started by writerStart.cjs with a code cache, writerBundle.ts)
//   It prints `loaded` once its code is loaded, and for each line `go <n>` on stdin opens the desk and
//   writes clients numbered from n until a query fails; it ends when stdin ends.
//   ack lines: client <id> <n> | material <id> <sha256> | order <id> <state>
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import sharp from 'sharp';
import { openPostgresStore } from '../../main/db/openPostgres';
import type { Store } from '../../main/db/store';
import { Desk } from '../../main/desk';
import { clientRecordSchema } from '../../main/domain/schemas';
import { createClients } from '../../main/services/clients';
import { addMaterial } from '../../main/services/materials';
import { advanceOrder, createOrder } from '../../main/services/orders';
import { companyRecord } from '../fixtures/records';
import { goLines, writerLoaded } from './writerLoaded';

export const PG_KILL_PASSPHRASE = 'pg-kill-test-passphrase';

/** A PNG of deterministic noise, about 190 KB: it does not compress, so it is sealed as several 64 KiB chunks. */
export async function noisePng(n: number): Promise<Buffer> {
  const side = 250;
  const raw = Buffer.alloc(side * side * 3);
  let x = (n * 2654435761) >>> 0 || 1;
  for (let i = 0; i < raw.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    raw[i] = x & 0xff;
  }
  return await sharp(raw, { raw: { width: side, height: side, channels: 3 } }).png({ compressionLevel: 0 }).toBuffer();
}

async function main(): Promise<void> {
  writerLoaded();
  const nextGo = goLines();
  const [dataDir, url, ackLog] = process.argv.slice(2);
  const log = openSync(ackLog!, 'a');
  const ack = (line: string) => {
    writeSync(log, `${line}\n`);
    fsyncSync(log);
    process.stdout.write(`${line}\n`);
  };
  // Stops by itself when the test that spawned it is gone (its parent changes, its stdin ends).
  const parent = process.ppid;
  for (let first = await nextGo(); first !== undefined; first = await nextGo()) {
    let store: Store | undefined;
    let desk: Desk | undefined;
    try {
      store = await openPostgresStore(url!, { poolSize: 2 });
      desk = await Desk.open({ dataDir: dataDir!, actor: 'pg-kill-writer', kdfLog2n: 12, store });
      await desk.vault.unlock(PG_KILL_PASSPHRASE);
      process.stdout.write('ready\n');
      for (let n = Number(first); process.ppid === parent; n++) {
        const [c] = await createClients(desk, [clientRecordSchema.parse(companyRecord(n))]);
        ack(`client ${c!.id} ${n}`);
        const m = await addMaterial(desk, { entityId: c!.id, kind: 'other', fileName: `营业执照${n}.png`, data: await noisePng(n) });
        ack(`material ${m.id} ${m.sha256}`);
        const o = await createOrder(desk, { entityId: c!.id, type: '首次备案', provider: 'tencent' });
        ack(`order ${o.id} ${o.state}`);
        const moved = await advanceOrder(desk, o.id, { to: '待提交' });
        ack(`order ${moved.id} ${moved.state}`);
      }
      await desk.close();
      break;
    } catch (e) {
      // the server is gone (or another failure, which the parent tells apart by when it happened): the desk
      // closes on the dead server without hanging, and the next life opens another
      if (desk) await desk.close();
      else await store?.close();
      process.stdout.write(`failed ${(e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ')}\n`);
    }
  }
  closeSync(log);
}

if (process.argv[1]?.includes('pgKillWriter')) {
  main().catch((e: unknown) => {
    // a failure outside a life's writes (closing a desk on the dead server, say): a fault of the desk
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  });
}
