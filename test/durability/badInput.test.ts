// Bad input at every boundary that exists today — API payloads through the web host, client record
// JSON (API and CLI file), material uploads, backup archives — each answered with a specific error
// code while the process keeps serving and the store stays exactly as it was.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../main/domain/errors';
import { createBackup, restoreBackup } from '../../main/backup/backup';
import { runCli } from '../../main/cli';
import { Desk } from '../../main/desk';
import { startWebHost, type WebHost } from '../../main/web/host';
import { clientRecordSchema } from '../../main/domain/schemas';
import { createClients } from '../../main/services/clients';
import { addMaterial } from '../../main/services/materials';
import { materialJpeg } from '../fixtures/materials';
import { companyRecord } from '../fixtures/records';
import { tempDir, TEST_PASSPHRASE, testRouter } from '../helpers';

let desk: Desk;
let host: WebHost;
let token = '';

/** Every row of every table, hashed: equal before and after means nothing was written. */
function fingerprint(d: Desk): string {
  const h = createHash('sha256');
  // virtual tables (the search index) are read through their shadow tables, some of them WITHOUT ROWID
  const tables = d.sql.raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name").all() as { name: string }[];
  for (const { name } of tables) {
    h.update(name);
    h.update(JSON.stringify((d.sql.raw.prepare(`SELECT * FROM "${name}"`).all() as unknown[]).map((row) => JSON.stringify(row, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v))).sort()));
  }
  h.update(d.files.list().sort().join(','));
  return h.digest('hex');
}

function post(path: string, body: Buffer | string, headers: Record<string, string> = {}): Promise<{ status: number; json: { ok: boolean; error?: { code: ErrorCode; message: string } } }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, method: 'POST', path, headers: { host: `127.0.0.1:${host.port}`, 'x-desk-token': token, 'content-type': 'application/json', ...headers } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(parts).toString('utf8')) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A small deterministic PRNG (mulberry32), so a failing case can be replayed. */
function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The junk values the record format accepts at a path: a person's 证件有效期止 may be left empty (null),
 * and a website's IP list may be empty (the IP is often assigned after the filing; the rules, not the
 * record's shape, ask for it). Everything else the fuzzer writes is a broken record.
 */
function acceptedJunk(path: string[], value: unknown): boolean {
  const at = path.join('.');
  if (at === 'people.0.certValidTo') return value === null;
  if (at === 'websites.0.ips') return Array.isArray(value) && value.length === 0;
  return false;
}

const ownDir = mkdtempSync(join(tmpdir(), 'beian-desk-bad-input-'));

beforeAll(async () => {
  // Not the helpers' per-test desk: this one lives for the whole file.
  desk = await Desk.open({ dataDir: ownDir, actor: 'tester', kdfLog2n: 12 });
  await desk.vault.setup(TEST_PASSPHRASE);
  const [c] = await createClients(desk, [clientRecordSchema.parse(companyRecord(1))]);
  await addMaterial(desk, { entityId: c!.id, kind: 'id-front', fileName: 'id.jpg', data: await materialJpeg('existing photo') });
  host = await startWebHost({ router: (await testRouter(desk)).router });
  token = new URL(host.openUrl).searchParams.get('token')!;
});

afterAll(async () => {
  await host.close();
  await desk.close();
  rmSync(ownDir, { recursive: true, force: true });
});

describe('bad input', () => {
  it('answers malformed API payloads with specific codes and changes nothing', async () => {
    const before = fingerprint(desk);
    const valid = JSON.stringify({ record: companyRecord(2) });
    const cases: [string, string, Buffer | string, ErrorCode][] = [
      ['truncated JSON', 'entity.create', valid.slice(0, valid.length / 2), 'BAD_REQUEST'],
      ['invalid UTF-8', 'entity.create', Buffer.concat([Buffer.from('{"record":"'), Buffer.from([0xc3, 0x28, 0xa0, 0xa1]), Buffer.from('"}')]), 'BAD_REQUEST'],
      ['deeply nested JSON', 'entity.create', '{"record":' + '['.repeat(200_000) + ']'.repeat(200_000) + '}', 'VALIDATION'],
      ['nesting deep enough to break the parser', 'entity.create', '['.repeat(5_000_000), 'BAD_REQUEST'],
      ['a 5 MB name', 'entity.create', JSON.stringify({ record: { ...companyRecord(3), entity: { ...companyRecord(3).entity, name: '名'.repeat(5_000_000) } } }), 'VALIDATION'],
      ['a number as the record', 'entity.create', '{"record": 42}', 'VALIDATION'],
      ['null input', 'entity.get', 'null', 'VALIDATION'],
      ['a prototype key', 'entity.create', '{"record": {"__proto__": {"admin": true}}}', 'VALIDATION'],
      ['an unknown method', 'entity.drop', '{}', 'UNKNOWN_METHOD'],
      ['a method name with a path', '..%2F..%2Fetc%2Fpasswd', '{}', 'UNKNOWN_METHOD'],
      ['a traversal file name with bad base64', 'material.add', JSON.stringify({ entityId: 1, kind: 'other', fileName: '../../../etc/passwd', contentBase64: '***' }), 'VALIDATION'],
      ['an oversized material', 'material.add', JSON.stringify({ entityId: 1, kind: 'other', fileName: 'big.bin', contentBase64: 'A'.repeat(70_000_000) }), 'VALIDATION'],
      ['a material for a missing client', 'material.add', JSON.stringify({ entityId: 99, kind: 'other', fileName: 'a.bin', contentBase64: 'AAAA' }), 'NOT_FOUND'],
      ['an empty material', 'material.add', JSON.stringify({ entityId: 1, kind: 'other', fileName: 'a.bin', contentBase64: '' }), 'FILE_INVALID'],
      ['a wrong kind of id', 'entity.delete', '{"id": "1 OR 1=1"}', 'VALIDATION'],
    ];
    for (const [what, method, body, code] of cases) {
      const r = await post(`/api/${method}`, body);
      expect(r.json.ok, what).toBe(false);
      expect(r.json.error?.code, what).toBe(code);
      expect(r.json.error?.message, what).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(fingerprint(desk)).toBe(before);
    expect((await post('/api/entity.list', '{}')).json.ok).toBe(true);
  });

  it('refuses randomly broken client records without writing any of them', async () => {
    const before = fingerprint(desk);
    const next = rng(20261124);
    const junk: unknown[] = [null, 42, -1, true, [], {}, ['x'], '', ' ', '\u0000', '../'.repeat(50), 'x'.repeat(300), '😀'.repeat(200), { $gt: '' }];
    const paths: string[][] = [
      ['entity', 'province'], ['entity', 'nature'], ['entity', 'certType'], ['entity', 'certNumber'], ['entity', 'name'], ['entity', 'principal'],
      ['people', '0', 'certNumber'], ['people', '0', 'mobile'], ['people', '0', 'email'], ['people', '1', 'id'], ['people', '0', 'certValidTo'],
      ['websites', '0', 'domains'], ['websites', '0', 'domains', '0'], ['websites', '0', 'homepages'], ['websites', '0', 'serviceContent'], ['websites', '0', 'ips'], ['websites', '0', 'principal'],
      ['formatVersion'], ['people'], ['entity'],
    ];
    let broken = 0;
    for (let i = 0; i < 300; i++) {
      const rec = JSON.parse(JSON.stringify(companyRecord(100 + i))) as Record<string, unknown>;
      const path = paths[Math.floor(next() * paths.length)]!;
      let value = junk[Math.floor(next() * junk.length)];
      let target = rec as Record<string, unknown>;
      for (const key of path.slice(0, -1)) target = target[key] as Record<string, unknown>;
      // a value the field could accept (e.g. '' for an optional one) would be a valid record: make it an unknown key instead
      if (typeof value === 'string' && value.length < 250 && next() < 0.5) value = undefined;
      if (value === undefined) (rec.entity as Record<string, unknown>)[`unknown_${i}`] = 1;
      else target[path[path.length - 1]!] = value;
      // Some junk is acceptable where it lands; which, is written out here from the record format, not
      // asked of the schema under test.
      if (value !== undefined && acceptedJunk(path, value)) continue;
      broken++;
      const r = await post('/api/entity.create', JSON.stringify({ record: rec }));
      expect(r.json.ok, JSON.stringify(path)).toBe(false);
      expect(r.json.error?.code, JSON.stringify(path)).toBe('VALIDATION');
    }
    expect(broken).toBeGreaterThan(250);
    expect(fingerprint(desk)).toBe(before);
  });

  it('refuses bad record files in the CLI with exit code 1', async () => {
    process.env.BEIAN_DESK_PASSPHRASE = TEST_PASSPHRASE;
    const dir = tempDir();
    const io = { out: () => undefined, err: () => undefined };
    const files: [string, Buffer | string][] = [
      ['truncated.json', JSON.stringify(companyRecord(1)).slice(0, 100)],
      ['binary.json', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0, 0x10])],
      ['empty.json', ''],
      ['array.json', '[]'],
      ['v2.json', JSON.stringify({ ...companyRecord(1), formatVersion: 2 })],
    ];
    for (const [name, content] of files) {
      writeFileSync(join(dir, name), content);
      expect(await runCli(['--data', join(dir, 'data'), 'entity', 'add', '--file', join(dir, name)], io), name).toBe(1);
    }
    expect(await runCli(['--data', join(dir, 'data'), 'entity', 'add', '--file', join(dir, 'missing.json')], io)).toBe(1);
  });

  it('refuses broken backup archives and writes nothing', async () => {
    const dir = tempDir();
    const good = join(dir, 'good.bdbackup');
    await createBackup(desk, good);
    const bytes = readFileSync(good);
    const variants: [string, Buffer][] = [
      ['random bytes', Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256))],
      ['truncated', bytes.subarray(0, Math.floor(bytes.length * 0.6))],
      ['empty', Buffer.alloc(0)],
      ['only the tail', bytes.subarray(bytes.length - 200)],
    ];
    for (const [what, data] of variants) {
      const f = join(dir, `${what}.bdbackup`);
      writeFileSync(f, data);
      const target = join(dir, `target-${what}`);
      await expect(restoreBackup(f, target), what).rejects.toMatchObject({ code: 'ARCHIVE_INVALID' });
    }
    for (const [what] of variants) expect(existsSync(join(dir, `target-${what}`))).toBe(false);
  });
});
