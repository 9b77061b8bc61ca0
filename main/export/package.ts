// The submission package of an order for one provider: the materials renamed by the profile's
// conventions, fresh 核验单 PDFs, a manifest (schema-versioned, SHA-256 of every file) and a PDF summary,
// in one zip with UTF-8 names. Refused while the order is read-only, or a material is missing, a photo
// fails its checks without the operator's written acceptance, or a rule blocks. The same
// order exported twice gives the same bytes (fixed dates, sorted entries, no timestamps inside).
import { createHash } from 'node:crypto';
import { extname } from 'node:path';
import yazl from 'yazl';
import type { Desk } from '../desk';
import { appendAudit } from '../db/repositories/audit';
import { getEntity } from '../db/repositories/entities';
import { SheetRenderer } from '../pdf/sheet';
import { sheetDataFor } from '../pdf/sheetData';
import { packageFileName, providerProfile } from '../providers/profiles';
import { checkOrderPhotos, orderForExport } from '../services/orders';
import { sheetSettingsFor } from '../services/sheets';
import { summaryPdf } from './summaryPdf';

export const PACKAGE_SCHEMA_VERSION = 1;
const FIXED_MTIME = new Date('2000-01-01T00:00:00Z');

const EXT: Record<string, string> = { 'image/jpeg': '.jpg', 'image/png': '.png', 'application/pdf': '.pdf', 'image/webp': '.webp', 'image/bmp': '.bmp' };
const safe = (s: string) => s.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 60);
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

export interface PackageFile {
  path: string;
  slot: string;
  size: number;
  sha256: string;
}

export async function buildPackage(desk: Desk, orderId: number, providerId?: string): Promise<{ fileName: string; zip: Buffer; files: PackageFile[] }> {
  await checkOrderPhotos(desk, orderId);
  // refused while the order is read-only, a material is missing, a photo fails unaccepted, or a rule blocks
  const order = orderForExport(desk, orderId);
  const profile = providerProfile(providerId ?? order.provider);
  const entity = getEntity(desk.ctx, order.entityId)!;
  const root = `${safe(entity.name)}-${order.type}-订单${order.id}`;
  const person = (id: number | null) => entity.people.find((p) => p.id === id)?.name;
  const site = (id: number | null) => entity.websites.find((w) => w.id === id)?.name;
  const entries = new Map<string, { data: Uint8Array; slot: string; compress: boolean }>();
  const add = (name: string, data: Uint8Array, slot: string) => {
    let path = `${root}/${profile.folder}/${name}`;
    for (let n = 2; entries.has(path); n++) path = `${root}/${profile.folder}/${name.replace(/(\.[^.]+)$/, `-${n}$1`)}`;
    const ext = extname(path).toLowerCase();
    entries.set(path, { data, slot, compress: !['.jpg', '.png', '.webp'].includes(ext) });
  };

  for (const item of order.checklist) {
    // the material the slot uses (the newest valid one)
    const id = item.materialId!;
    const m = desk.sql.raw.prepare('SELECT sha256, mime, file_name FROM material WHERE id = ?').get(id) as { sha256: string; mime: string; file_name: string };
    const data = desk.files.read(m.sha256);
    const ext = EXT[m.mime] ?? (extname(m.file_name) || '.bin');
    add(`${safe(packageFileName(item.kind, { person: person(item.personId), site: site(item.websiteId) }))}${ext}`, data, item.id);
  }
  const sheetWarnings: string[] = [];
  if (order.websiteIds.length && ['首次备案', '接入备案', '新增网站', '变更网站', '变更备案'].includes(order.type)) {
    const renderer = await SheetRenderer.create();
    try {
      for (const wid of order.websiteIds) {
        // the sheet names the order's own provider (its profile, or the agency's override for it)
        const data = sheetDataFor(entity, wid, sheetSettingsFor(desk, wid, order.provider));
        sheetWarnings.push(...data.warnings);
        const pdf = await renderer.render(data);
        add(`${safe(packageFileName('sheet-pdf', { site: site(wid) }))}.pdf`, pdf, `website:${wid}:sheet-pdf`);
      }
    } finally {
      renderer.close();
    }
  }

  const files: PackageFile[] = [...entries.entries()].map(([path, e]) => ({ path, slot: e.slot, size: e.data.byteLength, sha256: sha(e.data) })).sort((a, b) => a.path.localeCompare(b.path));
  const manifest = {
    schemaVersion: PACKAGE_SCHEMA_VERSION,
    generator: 'beian-desk',
    order: { id: order.id, type: order.type, state: order.state, providerOrderNo: order.providerOrderNo },
    provider: { id: profile.id, name: profile.name },
    entity: { name: entity.name, nature: entity.nature, province: entity.province, icpNumber: entity.icpNumber },
    websites: entity.websites.filter((w) => order.websiteIds.includes(w.id)).map((w) => ({ name: w.name, domains: w.domains, icpNumber: w.icpNumber })),
    files,
    // provider boxes of the 核验单 left blank, and why
    warnings: sheetWarnings,
    // photos the checks failed and the operator accepted, with the written reason (the reviewer sees why)
    acceptedPhotos: order.checklist
      .filter((c) => c.status === 'accepted')
      .map((c) => ({ slot: c.id, label: c.label, path: files.find((f) => f.slot === c.id)?.path ?? null, failedChecks: c.photo!.checks.filter((k) => k.status === 'fail').map((k) => ({ id: k.id, message: k.message })), reason: c.override!.reason, acceptedBy: c.override!.actor, acceptedAt: c.override!.at })),
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
  desk.sql.tx(() => appendAudit(desk.ctx, { action: 'order.export', targetType: 'order', targetId: order.id, entityId: entity.id, detail: { provider: profile.id, files: files.length } }));
  return { fileName: `${root}-${profile.name}.zip`, zip: out, files };
}
