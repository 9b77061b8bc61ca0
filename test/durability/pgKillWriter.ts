// Child process of the PostgreSQL server kill test (pgKill.test.ts): writes through the desk's real
// services on a team database, one transaction per step — a client (entity, people, websites, domains
// and its creation entry), a material (its row, its encrypted chunks and its entry), an order and a move
// of that order — and after each commit appends a line to the acknowledgement log and fsyncs it, so the
// log holds only what the server acknowledged. The parent kills the PostgreSQL server under it; the
// first failing query ends this process (exit 3), and the parent starts a new one on the restarted server.
//
//   argv: dataDir url ackLog firstNumber (started by writerStart.cjs with a code cache, writerBundle.ts)
//   It prints `loaded` once its code is loaded and waits for a line `go` on stdin before it connects (the
//   parent starts the next writer while the server is still running and restarting: loading the desk's
//   code takes seconds on a loaded machine).
//   ack lines: client <id> <n> | material <id> <sha256> | order <id> <state>
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import sharp from 'sharp';
import { openPostgresStore } from '../../main/db/openPostgres';
import { Desk } from '../../main/desk';
import { clientRecordSchema } from '../../main/domain/schemas';
import { createClients } from '../../main/services/clients';
import { addMaterial } from '../../main/services/materials';
import { advanceOrder, createOrder } from '../../main/services/orders';
import { companyRecord } from '../fixtures/records';
import { writerLoaded } from './writerLoaded';

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
  const go = await new Promise<boolean>((resolve) => {
    process.stdin.once('data', () => resolve(true));
    process.stdin.once('end', () => resolve(false));
  });
  if (!go) return;
  process.stdin.destroy();
  const [dataDir, url, ackLog, firstArg] = process.argv.slice(2);
  const log = openSync(ackLog!, 'a');
  const ack = (line: string) => {
    writeSync(log, `${line}\n`);
    fsyncSync(log);
    process.stdout.write(`${line}\n`);
  };
  const desk = await Desk.open({ dataDir: dataDir!, actor: 'pg-kill-writer', kdfLog2n: 12, store: await openPostgresStore(url!, { poolSize: 2 }) });
  await desk.vault.unlock(PG_KILL_PASSPHRASE);
  process.stdout.write('ready\n');
  // Stops by itself when the test that spawned it is gone (its parent changes).
  const parent = process.ppid;
  for (let n = Number(firstArg); process.ppid === parent; n++) {
    const [c] = await createClients(desk, [clientRecordSchema.parse(companyRecord(n))]);
    ack(`client ${c!.id} ${n}`);
    const m = await addMaterial(desk, { entityId: c!.id, kind: 'other', fileName: `营业执照${n}.png`, data: await noisePng(n) });
    ack(`material ${m.id} ${m.sha256}`);
    const o = await createOrder(desk, { entityId: c!.id, type: '首次备案', provider: 'tencent' });
    ack(`order ${o.id} ${o.state}`);
    const moved = await advanceOrder(desk, o.id, { to: '待提交' });
    ack(`order ${moved.id} ${moved.state}`);
  }
  closeSync(log);
  await desk.close();
}

if (process.argv[1]?.includes('pgKillWriter')) {
  main().catch((e: unknown) => {
    // the server is gone (or another failure, which the parent tells apart by when it happened)
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(3);
  });
}
