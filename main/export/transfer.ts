// Moving clients between desks (a laptop at a photo point, offline): one archive with the client
// records and their material files, every entry encrypted with a key from a transfer passphrase. Import
// checks everything before writing anything, and merges without duplicates.
import { createHash, randomBytes } from 'node:crypto';
import yazl from 'yazl';
import { z } from 'zod';
import { DeskError } from '../domain/errors';
import { SafeArchive } from '../backup/archive';
import type { Desk } from '../desk';
import { appendAudit } from '../db/repositories/audit';
import { passphraseKey } from '../secrets/passphraseKey';
import { entityWithCertNumber, getEntity, insertEntity, setEntityPrincipal } from '../db/repositories/entities';
import { insertMaterial, materialsOfEntity, unreferencedHashes } from '../db/repositories/materials';
import { insertPerson } from '../db/repositories/people';
import { refreshSearchIndex } from '../db/repositories/searchIndex';
import { insertWebsite } from '../db/repositories/websites';
import { MATERIAL_KIND_IDS, type MaterialKind } from '../domain/enums';
import { toAsciiDomain } from '../domain/identifiers';
import { clientRecordSchema, type ClientRecord } from '../domain/schemas';
import { decryptFile, encryptChunks } from '../secrets/fileCrypto';
import { kdfLog2n, checkPassphraseStrength } from '../secrets/keyring';
import { removeFiles } from '../services/clients';
import { checkMaterialContent } from '../services/materialContent';
import { recordOf } from './record';
import { logForTransfer, recordTransferImport, transferLogSchema } from './transferLog';

const FORMAT = 'beian-desk-transfer';
const KEY_ENTRY = 'transfer-key.json';
const DATA_ENTRY = 'transfer.json';
const FILE_ENTRY = /^files\/[0-9a-f]{64}$/;
const LIMITS = { maxEntryBytes: 60 * 1024 * 1024, maxTotalBytes: 20 * 1024 ** 3, maxEntries: 200_000 };

const keyFileSchema = z.object({ format: z.literal(FORMAT), version: z.literal(1), log2n: z.number().int().min(12).max(20), salt: z.string(), check: z.string() });
const materialRef = z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), kind: z.enum(MATERIAL_KIND_IDS), fileName: z.string().max(255), mime: z.string().max(100), person: z.string().max(32).nullable(), website: z.number().int().min(0).nullable() });
const dataSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(1, { error: '不支持的传输文件版本（本程序读取版本 1）' }),
  clients: z.array(z.object({ record: clientRecordSchema, materials: z.array(materialRef).max(10_000), log: transferLogSchema.optional() })).max(100_000),
});

function transferKey(passphrase: string, salt: Buffer, log2n: number): Buffer {
  return passphraseKey(passphrase, salt, log2n);
}

const seal = (key: Buffer, data: Uint8Array) => Buffer.concat([...encryptChunks(key, data)]);

export async function exportTransfer(desk: Desk, entityIds: number[], passphrase: string): Promise<Buffer> {
  checkPassphraseStrength(passphrase);
  const salt = randomBytes(16);
  const log2n = kdfLog2n();
  const key = transferKey(passphrase, salt, log2n);
  const zip = new yazl.ZipFile();
  const files = new Set<string>();
  const clients: { record: ReturnType<typeof recordOf>; materials: { sha256: string; kind: string; fileName: string; mime: string; person: string | null; website: number | null }[]; log: Awaited<ReturnType<typeof logForTransfer>> }[] = [];
  for (const id of entityIds) {
    const e = await getEntity(desk.ctx, id);
    if (!e) throw new DeskError('NOT_FOUND', `客户（编号 ${id}）不存在`);
    const record = recordOf(e);
    const materials = (await materialsOfEntity(desk.ctx, id)).map((m) => {
      files.add(m.sha256);
      return { sha256: m.sha256, kind: m.kind, fileName: m.fileName, mime: m.mime, person: m.personId ? `p${e.people.findIndex((p) => p.id === m.personId) + 1}` : null, website: m.websiteId ? e.websites.findIndex((w) => w.id === m.websiteId) : null };
    });
    clients.push({ record, materials, log: await logForTransfer(desk.ctx, id) });
  }
  zip.addBuffer(Buffer.from(JSON.stringify({ format: FORMAT, version: 1, log2n, salt: salt.toString('base64'), check: createHash('sha256').update(key).update('check').digest('hex').slice(0, 16) })), KEY_ENTRY);
  zip.addBuffer(seal(key, Buffer.from(JSON.stringify({ format: FORMAT, version: 1, clients }))), DATA_ENTRY, { compress: false });
  for (const h of [...files].sort()) zip.addBuffer(seal(key, desk.files.read(h)), `files/${h}`, { compress: false });
  const chunks: Buffer[] = [];
  const out = await new Promise<Buffer>((resolve, reject) => {
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks))).on('error', reject);
    zip.end();
  });
  await desk.sql.tx(async () => {
    for (const id of entityIds) await appendAudit(desk.ctx, { action: 'transfer.export', targetType: 'entity', targetId: id, entityId: id, detail: { materials: clients.find((_c, i) => entityIds[i] === id)?.materials.length ?? 0 } });
  });
  return out;
}

export interface ImportResult {
  created: number;
  merged: number;
  people: number;
  websites: number;
  materials: number;
}

const KEY_ENTRY_MAX_BYTES = 64 * 1024;

/** Reads and checks the whole archive (names, sizes, decryption, hashes, schema) before writing. */
async function readTransfer(file: string, passphrase: string): Promise<{ data: z.infer<typeof dataSchema>; blobs: Map<string, Buffer> }> {
  const archive = await SafeArchive.open(file, { label: '传输文件', allowed: (n) => n === KEY_ENTRY || n === DATA_ENTRY || FILE_ENTRY.test(n), limits: LIMITS });
  try {
    const keyEntry = archive.entries.get(KEY_ENTRY);
    const dataEntry = archive.entries.get(DATA_ENTRY);
    if (!keyEntry || !dataEntry) throw new DeskError('ARCHIVE_INVALID', '不是备案助手的传输文件（缺少 transfer.json）');
    let meta: z.infer<typeof keyFileSchema>;
    try {
      meta = keyFileSchema.parse(JSON.parse((await archive.read(keyEntry, KEY_ENTRY_MAX_BYTES)).data.toString('utf8')));
    } catch (err) {
      if (err instanceof DeskError) throw err;
      throw new DeskError('ARCHIVE_INVALID', '传输文件的版本不受支持或已损坏');
    }
    const key = transferKey(passphrase, Buffer.from(meta.salt, 'base64'), meta.log2n);
    if (createHash('sha256').update(key).update('check').digest('hex').slice(0, 16) !== meta.check) throw new DeskError('WRONG_PASSPHRASE', '传输密码不正确');
    let data: z.infer<typeof dataSchema>;
    try {
      const raw: unknown = JSON.parse(decryptFile(key, (await archive.read(dataEntry, LIMITS.maxEntryBytes)).data).toString('utf8'));
      const parsed = dataSchema.safeParse(raw);
      if (!parsed.success) throw new DeskError('ARCHIVE_INVALID', `传输文件内容不符合要求：${parsed.error.issues[0]?.message ?? ''}`);
      data = parsed.data;
    } catch (err) {
      if (err instanceof DeskError) throw err.code === 'FILE_TAMPERED' ? new DeskError('ARCHIVE_INVALID', '传输文件已损坏或被篡改') : err;
      throw new DeskError('ARCHIVE_INVALID', '传输文件内容无法读取');
    }
    const blobs = new Map<string, Buffer>();
    for (const [name, e] of archive.entries) {
      if (!FILE_ENTRY.test(name)) continue;
      const h = name.slice(6);
      const plain = decryptFile(key, (await archive.read(e, LIMITS.maxEntryBytes)).data);
      if (createHash('sha256').update(plain).digest('hex') !== h) throw new DeskError('ARCHIVE_INVALID', `传输文件中的材料 ${h.slice(0, 12)}… 校验不符`);
      blobs.set(h, plain);
    }
    for (const c of data.clients) for (const m of c.materials) if (!blobs.has(m.sha256)) throw new DeskError('ARCHIVE_INVALID', `传输文件缺少材料文件 ${m.sha256.slice(0, 12)}…`);
    return { data, blobs };
  } finally {
    archive.close();
  }
}

export async function importTransfer(desk: Desk, file: string, passphrase: string): Promise<ImportResult> {
  const { data, blobs } = await readTransfer(file, passphrase);
  // Materials from another desk (perhaps one that took anything) pass the upload's content check,
  // before anything is written; the type stored is the one read from the content.
  for (const c of data.clients) {
    for (const m of c.materials) {
      try {
        m.mime = (await checkMaterialContent(m.kind, blobs.get(m.sha256)!)).mime;
      } catch (err) {
        throw err instanceof DeskError ? new DeskError('ARCHIVE_INVALID', `传输文件中的材料“${m.fileName}”不能导入：${err.message}`) : err;
      }
    }
  }
  const stored = [...blobs.values()].map((b) => desk.files.put(b).sha256);
  try {
    return desk.sql.tx(async () => {
      const result: ImportResult = { created: 0, merged: 0, people: 0, websites: 0, materials: 0 };
      for (const c of data.clients) {
        const merged = await mergeClient(desk, c.record, c.materials, result, (h) => blobs.get(h)!.byteLength);
        await recordTransferImport(desk.ctx, merged.entityId, c.log ?? [], merged.created);
      }
      await appendAudit(desk.ctx, { action: 'transfer.import', targetType: 'desk', targetId: null, entityId: null, detail: { ...result } });
      return result;
    });
  } catch (err) {
    removeFiles(desk, await unreferencedHashes(desk.ctx, stored));
    throw err;
  }
}

/** One client: matched by 证件号码, then people by 证件号码, websites by any domain, materials by hash and kind. */
async function mergeClient(desk: Desk, record: ClientRecord, materials: z.infer<typeof materialRef>[], result: ImportResult, sizeOf: (sha256: string) => number): Promise<{ entityId: number; created: boolean }> {
  const ctx = desk.ctx;
  const existingId = (await entityWithCertNumber(ctx, record.entity.certNumber))?.id;
  let entityId: number;
  if (existingId === undefined) {
    const { principal: _p, ...fields } = record.entity;
    entityId = await insertEntity(ctx, { ...fields, principalPersonId: null });
    result.created++;
  } else {
    entityId = existingId;
    result.merged++;
  }
  const current = (await getEntity(ctx, entityId))!;
  const personIds = new Map<string, number>();
  for (const { id: key, ...p } of record.people) {
    const match = current.people.find((x) => ctx.codec.index('cert', x.certNumber) === ctx.codec.index('cert', p.certNumber));
    if (match) personIds.set(key, match.id);
    else {
      personIds.set(key, await insertPerson(ctx, entityId, p));
      result.people++;
    }
  }
  if (existingId === undefined) await setEntityPrincipal(ctx, entityId, personIds.get(record.entity.principal)!);
  else if (current.principalPersonId === null) await setEntityPrincipal(ctx, entityId, personIds.get(record.entity.principal)!);
  const siteIds: number[] = [];
  const known = new Map(current.websites.flatMap((w) => w.domains.map((d) => [toAsciiDomain(d) ?? d, w.id] as const)));
  for (const { principal, ...w } of record.websites) {
    const match = w.domains.map((d) => known.get(toAsciiDomain(d) ?? d)).find((x) => x !== undefined);
    if (match !== undefined) siteIds.push(match);
    else {
      siteIds.push(await insertWebsite(ctx, entityId, { ...w, principalPersonId: personIds.get(principal)! }));
      result.websites++;
    }
  }
  const have = await materialsOfEntity(ctx, entityId);
  for (const m of materials) {
    const personId = m.person ? (personIds.get(m.person) ?? null) : null;
    const websiteId = m.website !== null ? (siteIds[m.website] ?? null) : null;
    if (have.some((h) => h.sha256 === m.sha256 && h.kind === m.kind && h.personId === personId && h.websiteId === websiteId)) continue;
    await insertMaterial(ctx, { entityId, personId, websiteId, kind: m.kind as MaterialKind, fileName: m.fileName, sha256: m.sha256, size: sizeOf(m.sha256), mime: m.mime });
    result.materials++;
  }
  await refreshSearchIndex(ctx, entityId);
  return { entityId, created: existingId === undefined };
}
