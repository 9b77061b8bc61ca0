// The submission package format for one provider: the materials renamed by the profile's conventions,
// the 核验单 PDFs, a manifest (schema-versioned, SHA-256 of every file) and a PDF summary, in one zip
// with UTF-8 names. Pure of the store: services/packages.ts gathers what goes in and decides whether
// the order may be exported. The same input gives the same bytes (fixed dates, sorted entries, no
// timestamps inside).
import { createHash } from 'node:crypto';
import { extname } from 'node:path';
import { fileNamePart, firstFreeName } from '../files/fileNames';
import yazl from 'yazl';
import { packageFileName, type ProviderProfile } from '../providers/profiles';
import { summaryPdf } from './summaryPdf';

export const PACKAGE_SCHEMA_VERSION = 1;
const FIXED_MTIME = new Date('2000-01-01T00:00:00Z');

const EXT: Record<string, string> = { 'image/jpeg': '.jpg', 'image/png': '.png', 'application/pdf': '.pdf', 'image/webp': '.webp', 'image/bmp': '.bmp' };
// a zip's folder and file names are written to disk as they are: at most 180 bytes each (255 is a file name's limit)
const safe = (s: string) => fileNamePart(s, 180);
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

export interface PackageFile {
  path: string;
  slot: string;
  size: number;
  sha256: string;
}

/** One file of the package before it is named: a material of a checklist slot, or a generated 核验单. */
export interface PackageItem {
  /** Checklist slot id (`website:3:sheet-pdf` for a generated sheet). */
  slot: string;
  /** Material kind, or `sheet-pdf`: picks the provider's file-name template. */
  kind: string;
  person?: string | undefined;
  site?: string | undefined;
  /** Stored MIME type and original file name decide the extension. */
  mime: string;
  fileName: string;
  data: Uint8Array;
}

export interface AcceptedPhoto {
  slot: string;
  label: string;
  failedChecks: { id: string; message: string }[];
  reason: string;
  acceptedBy: string;
  acceptedAt: string;
}

export interface PackageInput {
  order: { id: number; type: string; state: string; providerOrderNo: string | null };
  profile: ProviderProfile;
  entity: { name: string; nature: string; province: string; icpNumber: string | null };
  websites: { name: string; domains: string[]; icpNumber: string | null }[];
  items: PackageItem[];
  /** Provider boxes of the 核验单 left blank, and why. */
  warnings: string[];
  acceptedPhotos: AcceptedPhoto[];
}

export interface SubmissionPackage {
  fileName: string;
  zip: Buffer;
  files: PackageFile[];
}

export async function packageZip(input: PackageInput): Promise<SubmissionPackage> {
  const { order, profile, entity } = input;
  const root = `${safe(entity.name)}-${order.type}-订单${order.id}`;
  const entries = new Map<string, { data: Uint8Array; slot: string; compress: boolean }>();
  // Windows and macOS extract into folders that ignore letter case (and macOS, composed or decomposed
  // accents): two entries told apart only so would become one file there, the second over the first
  const taken = new Set<string>();
  const folded = (path: string) => path.normalize('NFC').toLowerCase();
  for (const item of input.items) {
    const ext = EXT[item.mime] ?? (extname(item.fileName) || '.bin');
    const name = `${safe(packageFileName(item.kind, { ...(item.person ? { person: item.person } : {}), ...(item.site ? { site: item.site } : {}) }))}${ext}`;
    const folder = `${root}/${profile.folder}/`;
    const path = folder + firstFreeName(name, (candidate) => taken.has(folded(folder + candidate)));
    taken.add(folded(path));
    entries.set(path, { data: item.data, slot: item.slot, compress: !['.jpg', '.png', '.webp'].includes(ext.toLowerCase()) });
  }

  const files: PackageFile[] = [...entries.entries()].map(([path, e]) => ({ path, slot: e.slot, size: e.data.byteLength, sha256: sha(e.data) })).sort((a, b) => a.path.localeCompare(b.path));
  const manifest = {
    schemaVersion: PACKAGE_SCHEMA_VERSION,
    generator: 'beian-desk',
    order: { id: order.id, type: order.type, state: order.state, providerOrderNo: order.providerOrderNo },
    provider: { id: profile.id, name: profile.name },
    entity: { name: entity.name, nature: entity.nature, province: entity.province, icpNumber: entity.icpNumber },
    websites: input.websites,
    files,
    // provider boxes of the 核验单 left blank, and why
    warnings: input.warnings,
    // photos the checks failed and the operator accepted, with the written reason (the reviewer sees why)
    acceptedPhotos: input.acceptedPhotos.map((a) => ({ slot: a.slot, label: a.label, path: files.find((f) => f.slot === a.slot)?.path ?? null, failedChecks: a.failedChecks, reason: a.reason, acceptedBy: a.acceptedBy, acceptedAt: a.acceptedAt })),
  };
  const summary = await summaryPdf({
    title: `备案提交包：${entity.name}（${order.type}）`,
    facts: [
      ['订单', `#${order.id}　状态：${order.state}${order.providerOrderNo ? `　接入商订单号：${order.providerOrderNo}` : ''}`],
      ['接入商', profile.name],
      ['主体', `${entity.name}（${entity.nature}，${entity.province}）`],
      ['网站', manifest.websites.map((w) => `${w.name}：${w.domains.join('、')}`).join('；') || '—'],
      ['文件', `${files.length} 个，另附 manifest.json（含每个文件的 SHA-256）`],
    ],
    files,
  });

  const zip = new yazl.ZipFile();
  const put = (path: string, data: Uint8Array, compress: boolean) => zip.addBuffer(Buffer.from(data), path, { mtime: FIXED_MTIME, mode: 0o100644, compress });
  for (const f of files) put(f.path, entries.get(f.path)!.data, entries.get(f.path)!.compress);
  put(`${root}/manifest.json`, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), true);
  put(`${root}/提交清单.pdf`, summary, true);
  const chunks: Buffer[] = [];
  const out = await new Promise<Buffer>((resolve, reject) => {
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks))).on('error', reject);
    zip.end();
  });
  return { fileName: `${root}-${profile.name}.zip`, zip: out, files };
}
