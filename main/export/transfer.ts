// The transfer archive format (moving clients between desks, e.g. a laptop at a photo point, offline):
// one zip with the client records, their filed state, orders with their history and material files,
// every entry encrypted with a key from a transfer passphrase. Reading checks everything (names, sizes,
// decryption, hashes, schema) before anything is returned; writing to and merging into a store are the
// transfer services' (main/services/transferExport.ts, transferImport.ts).
import { createHash, randomBytes } from 'node:crypto';
import yazl from 'yazl';
import { z } from 'zod';
import { DeskError } from '../domain/errors';
import { SafeArchive } from '../backup/archive';
import { passphraseKey } from '../secrets/passphraseKey';
import { FILED_ORIGINS, FILED_STATUSES } from '../domain/filed';
import { AUTH_CODE_KINDS, FILING_TYPES, MATERIAL_KIND_IDS, ORDER_STATES } from '../domain/enums';
import { clientRecordSchema } from '../domain/schemas';
import { cleanFileName } from '../domain/text';
import { decryptFile, encryptChunks } from '../secrets/fileCrypto';
import { kdfLog2n, checkPassphraseStrength } from '../secrets/keyring';
import { transferLogSchema } from './transferLog';

const FORMAT = 'beian-desk-transfer';
const KEY_ENTRY = 'transfer-key.json';
const DATA_ENTRY = 'transfer.json';
const FILE_ENTRY = /^files\/[0-9a-f]{64}$/;
const LIMITS = { maxEntryBytes: 60 * 1024 * 1024, maxTotalBytes: 20 * 1024 ** 3, maxEntries: 200_000 };

const keyFileSchema = z.object({ format: z.literal(FORMAT), version: z.literal(1), log2n: z.number().int().min(12).max(20), salt: z.string(), check: z.string() });
const text = (max: number) => z.string().max(max);
const stamp = z.string().max(40);
/**
 * A time the receiving desk compares as text with its own (a material's upload against its person's identity
 * stamp, V-MAT-04): only the form every desk writes (Date#toISOString), so the comparison holds.
 */
const comparedStamp = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, { error: '传输文件中的时间格式不正确' })
  // a real instant, written back the same (2026-13-45T99:… has the form and is none)
  .refine((s) => !Number.isNaN(Date.parse(s)) && new Date(s).toISOString() === s, { error: '传输文件中的时间不是有效的日期' });

/**
 * The client with its carried times (materials' uploads, people's identity stamps) no later than `now`, the
 * receiving desk's: a desk whose clock ran ahead would otherwise keep a scan fresh through a later change of
 * the person here (an upload "in 2099"), or every scan stale until then (an identity change "in 2099").
 */
export function carriedNoLaterThan(c: ArchivedClient, now: string): ArchivedClient {
  const atMost = (s: string) => (s > now ? now : s);
  return {
    ...c,
    materials: c.materials.map((m) => (m.createdAt === undefined ? m : { ...m, createdAt: atMost(m.createdAt) })),
    ...(c.identityChangedAt ? { identityChangedAt: Object.fromEntries(Object.entries(c.identityChangedAt).map(([k, v]) => [k, atMost(v)])) } : {}),
  };
}
// createdAt: when it was uploaded there (absent in archives written before: stamped at import, as then).
// printed: a signed 核验单 scan's sheet matched the record there (current) or not (outdated); absent: not known.
// printedFor: the provider whose boxes a signed 核验单 scan's (or a drawn 核验单's) sheet printed; absent: not known.
// fileName is another desk's (perhaps an older or altered one's): cleaned as an upload's is, here where it is
// read, so the import, a lease's check-in and every message that names the material see only the clean name.
// kind: a desk of a newer build may carry a kind this one lacks (材料类型 are added, never renamed): the refusal
// names it and the way on, not the list of kinds known here.
const unknownKind = (input: unknown) => `材料类型“${String(input).replace(/\p{C}/gu, '').slice(0, 40)}”本程序不认识（传输文件可能来自较新版本的备案助手），请先升级本程序再导入`;
const materialRef = z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), kind: z.enum(MATERIAL_KIND_IDS, { error: (issue) => unknownKind(issue.input) }), fileName: z.string().max(255).transform(cleanFileName), mime: z.string().max(100), person: z.string().max(32).nullable(), website: z.number().int().min(0).nullable(), createdAt: comparedStamp.optional(), printed: z.enum(['current', 'outdated']).optional(), printedFor: z.string().regex(/^[a-z][a-z0-9-]{1,31}$/).optional().catch(undefined) });
/** A record in filed form (已备案信息, or what an order submitted) as it travels: see archivedFiled. */
const archivedRecord = z.object({
  entity: z.looseObject({ principal: text(32), certNumber: text(64) }),
  people: z.array(z.looseObject({ id: text(32) })).max(1000),
  websites: z.array(z.looseObject({ websiteIndex: z.number().int().min(0).nullable(), principal: text(32), provider: text(40), icpNumber: text(40) })).max(1000),
});
export type ArchivedRecord = z.infer<typeof archivedRecord>;
/**
 * 已备案信息 as it travels: people keyed like the record (p1, p2 … by position; a person no longer on the
 * client keeps a key of its own), websites by their position in the record (null: the row is gone).
 * Values are as they were filed; they are read and compared, never re-validated against today's rules.
 */
const archivedFiled = z.object({
  version: z.number().int().min(1),
  filedAt: text(10),
  origin: z.enum(FILED_ORIGINS),
  /** position of the approving order in the client's orders; null for a filing recorded on purpose */
  order: z.number().int().min(0).nullable(),
  status: z.enum(FILED_STATUSES),
  entityIcpNumber: text(40).nullable(),
  providers: z.array(text(40)).max(50),
  record: archivedRecord,
});
/** Slots and rejection targets name people and websites by position: person:@1:id-front, website.@0.name. */
const archivedOrder = z.object({
  order: z.object({
    type: z.enum(FILING_TYPES),
    provider: text(40),
    state: z.enum(ORDER_STATES),
    providerOrderNo: text(100).nullable(),
    effectiveDate: text(10).nullable(),
    change: z.record(text(40), z.boolean()),
    stateChangedAt: stamp,
    smsDueAt: stamp.nullable(),
    psbDueAt: stamp.nullable(),
    closedAt: stamp.nullable(),
    createdAt: stamp,
    updatedAt: stamp,
    websites: z.array(z.number().int().min(0)).max(1000),
  }),
  events: z.array(z.object({ at: stamp, actor: text(80), from: z.enum(ORDER_STATES).nullable(), to: z.enum(ORDER_STATES), reason: text(2000) })).max(10_000),
  links: z.array(z.object({ slot: text(100), material: z.number().int().min(0) })).max(1000),
  overrides: z.array(z.object({ slot: text(100), material: z.number().int().min(0), reason: text(2000), actor: text(80), at: stamp })).max(1000),
  rejections: z
    .array(
      z.object({
        round: z.number().int().min(1),
        stage: text(20),
        providerText: text(5000),
        actor: text(80),
        at: stamp,
        reasons: z.array(z.object({ target: text(120), kind: text(60), text: text(2000), open: z.boolean(), resolvedAt: stamp.nullable(), resolvedBy: text(80).nullable(), change: text(2000).nullable() })).max(200),
      }),
    )
    .max(200),
  gongan: z.array(z.object({ website: z.number().int().min(0), fields: z.unknown(), state: text(20), psbNumber: text(40).nullable(), doneAt: stamp.nullable(), doneBy: text(80).nullable() })).max(1000),
  authCodes: z.array(z.object({ kind: z.enum(AUTH_CODE_KINDS), code: text(200), resource: text(200), expiresOn: text(10), actor: text(80), createdAt: stamp })).max(1000),
  // what the order submitted at its last move to 初审中 (migration 0027), in clear only inside the encrypted
  // entry like the filed state; absent in archives written before, and for orders never submitted or
  // submitted before 0027 (their approval takes the current record)
  submitted: z.object({ at: stamp, record: archivedRecord }).optional(),
});
export type ArchivedFiled = z.infer<typeof archivedFiled>;
export type ArchivedOrder = z.infer<typeof archivedOrder>;
export type ArchivedMaterial = z.infer<typeof materialRef>;

/**
 * A row of a leased client (main/services/leases.ts): its id and row_version on the lending desk. In a
 * check-out archive the version it was lent at; in a check-in archive the same, with whether the laptop
 * changed the row since. Rows the laptop added have no stamp (null).
 */
const rowStamp = z.object({
  id: z.number().int().positive(),
  version: z.number().int().min(1),
  changed: z.boolean().default(false),
  // an order's 驳回, 公安备案 and 授权码s changed on the laptop (services/leaseFollowUps.ts); absent where
  // the lease recorded no digest of them
  followUpsChanged: z.boolean().optional(),
});
export type RowStamp = z.infer<typeof rowStamp>;
// orders and materials by their position in the archive; absent in archives written before they were
// carried back (then nothing is read as deleted)
const rowStamps = z.object({
  entity: rowStamp,
  people: z.array(rowStamp.nullable()).max(1000),
  websites: z.array(rowStamp.nullable()).max(1000),
  orders: z.array(rowStamp.nullable()).max(1000).optional(),
  materials: z.array(rowStamp.nullable()).max(10_000).optional(),
});
export type RowStamps = z.infer<typeof rowStamps>;

/** The lease an archive belongs to: absent in a plain transfer (and in every archive written before leases). */
const archiveLease = z.object({ id: z.string().regex(/^[0-9a-f-]{36}$/), desk: z.string().min(1).max(50), kind: z.enum(['checkout', 'checkin']) });
export type ArchiveLease = z.infer<typeof archiveLease>;

const archivedClient = z.object({
  record: clientRecordSchema,
  materials: z.array(materialRef).max(10_000),
  log: transferLogSchema.optional(),
  // version 2: what was filed, the 备案密码 (in clear only inside the encrypted entry, sealed again by the
  // receiving desk's own key like every other personal value), and the orders with their history
  filed: z.array(archivedFiled).max(1000).default([]),
  filingPassword: text(64).nullable().default(null),
  orders: z.array(archivedOrder).max(1000).default([]),
  // a leased client: its rows' versions on the lending desk, people and websites by record position
  versions: rowStamps.optional(),
  // when each person's name, 证件类型 or 证件号码 last changed there (person.identity_changed_at), by the
  // record's person key (p1 …): with the materials' createdAt, a material stale there is stale here (V-MAT-04).
  // Absent in archives written before: people are stamped at import, as then.
  identityChangedAt: z.record(text(32), comparedStamp).optional(),
});
export type ArchivedClient = z.infer<typeof archivedClient>;

const dataSchema = z.object({
  format: z.literal(FORMAT),
  version: z.union([z.literal(1), z.literal(2)], { error: '不支持的传输文件版本（本程序读取版本 1 和 2）' }),
  clients: z.array(archivedClient).max(100_000),
  lease: archiveLease.optional(),
});
export type TransferData = z.infer<typeof dataSchema>;

/** person:12:id-front → person:@1:id-front (and website.7.name → website.@0.name): ids of one desk into positions. */
export function refsToPositions(s: string, person: (id: number) => number | undefined, website: (id: number) => number | undefined): string {
  return s.replace(/\b(person|website)([.:])(\d+)\b/g, (_m, scope: string, sep: string, id: string) => {
    const at = (scope === 'person' ? person : website)(Number(id));
    return `${scope}${sep}@${at ?? 'x'}`;
  });
}

/** The inverse on the receiving desk; a person or website that is gone becomes id 0, which no row has. */
export function refsFromPositions(s: string, person: (at: number) => number | undefined, website: (at: number) => number | undefined): string {
  return s.replace(/\b(person|website)([.:])@(\d+|x)/g, (_m, scope: string, sep: string, at: string) => {
    const id = at === 'x' ? undefined : (scope === 'person' ? person : website)(Number(at));
    return `${scope}${sep}${id ?? 0}`;
  });
}

function transferKey(passphrase: string, salt: Buffer, log2n: number): Buffer {
  return passphraseKey(passphrase, salt, log2n);
}

const seal = (key: Buffer, data: Uint8Array) => Buffer.concat([...encryptChunks(key, data)]);

/** The archive bytes: the key file, the encrypted data entry, and each material file once, encrypted. */
export async function writeTransferArchive(clients: ArchivedClient[], passphrase: string, fileBytes: (sha256: string) => Promise<Uint8Array>, lease?: ArchiveLease): Promise<Buffer> {
  checkPassphraseStrength(passphrase);
  const salt = randomBytes(16);
  const log2n = kdfLog2n();
  const key = transferKey(passphrase, salt, log2n);
  const zip = new yazl.ZipFile();
  const files = new Set(clients.flatMap((c) => c.materials.map((m) => m.sha256)));
  zip.addBuffer(Buffer.from(JSON.stringify({ format: FORMAT, version: 1, log2n, salt: salt.toString('base64'), check: createHash('sha256').update(key).update('check').digest('hex').slice(0, 16) })), KEY_ENTRY);
  zip.addBuffer(seal(key, Buffer.from(JSON.stringify({ format: FORMAT, version: 2, clients, ...(lease ? { lease } : {}) }))), DATA_ENTRY, { compress: false });
  for (const h of [...files].sort()) zip.addBuffer(seal(key, await fileBytes(h)), `files/${h}`, { compress: false });
  const chunks: Buffer[] = [];
  return new Promise<Buffer>((resolve, reject) => {
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks))).on('error', reject);
    zip.end();
  });
}

const KEY_ENTRY_MAX_BYTES = 64 * 1024;

/** Reads and checks the whole archive (names, sizes, decryption, hashes, schema) before writing. */
export async function readTransferArchive(file: string, passphrase: string): Promise<{ data: TransferData; blobs: Map<string, Buffer> }> {
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
    let data: TransferData;
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

