// The readable copy of everything held about one person (PIPL access request): their fields under
// Chinese labels, where they appear, their values kept in 已备案信息 and orders' submitted records, the
// materials (photos shown, the rest named) and the log entries about them. Beside the machine-readable JSON; drawn with the 核验单's CJK font route.
import { chinaDateTime } from '../domain/dates';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import sharp from 'sharp';
import { AUDIT_ACTIONS, FIELD_LABELS } from '../domain/labels';
import { MATERIAL_KINDS } from '../domain/enums';
import { wrap } from '../pdf/fit';
import { cjkDocument } from '../pdf/cjkDocument';
import { MM } from '../pdf/layout';
import { MAX_INPUT_PIXELS } from '../pdf/seal';

export interface PersonExport {
  exportedAt: string;
  person: Record<string, unknown>;
  /** The 主体's fields when it is the person's own 个人 主体; else null. */
  holder: Record<string, unknown> | null;
  client: string;
  roles: string[];
  materials: { kind: string; fileName: string; size: number; createdAt: string; contentBase64: string }[];
  log: { at: string; actor: string; action: string }[];
  /** The person's values kept besides the current record (已备案信息, orders' submitted records, open check-in conflicts), each named with where and since when. */
  kept: { store?: string; label: string; person: Record<string, unknown> | null; holder: Record<string, unknown> | null }[];
}

const PERSON_FIELDS = ['name', 'certType', 'certNumber', 'certValidFrom', 'certValidTo', 'mobile', 'email', 'officePhone', 'emergencyPhone'] as const;
const HOLDER_FIELDS = ['name', 'certType', 'certNumber', 'certAddress', 'mailingAddress', 'investor'] as const;
const label = (k: string) => (k === 'name' ? '姓名' : (FIELD_LABELS[k] ?? k));
const holderLabel = (k: string) => `主体${k === 'name' ? '名称' : (FIELD_LABELS[k] ?? k)}`;
const shown = (v: unknown) => (v === null || v === undefined || v === '' ? '未填写' : String(v));
const kindName = (k: string) => MATERIAL_KINDS[k as keyof typeof MATERIAL_KINDS] ?? '其他材料';

export async function personDataPdf(d: PersonExport): Promise<Uint8Array> {
  // the 个人 主体's own fields follow theirs: its 主办人 is this person
  const rowsOf = (person: Record<string, unknown> | null, holder: Record<string, unknown> | null): [string, string][] => [
    ...(person ? PERSON_FIELDS.map((k) => [label(k), shown(person[k])] as [string, string]) : []),
    ...(holder ? HOLDER_FIELDS.map((k) => [holderLabel(k), shown(holder[k])] as [string, string]) : []),
  ];
  const facts: [string, string][] = [
    ...rowsOf(d.person, d.holder),
    ['所属客户', d.client],
    ['角色', d.roles.length ? d.roles.join('；') : '无'],
  ];
  const kept = d.kept.map((k) => ({ label: k.label, rows: rowsOf(k.person, k.holder) }));
  const materials = d.materials.map((m) => `${kindName(m.kind)}：${m.fileName}（${Math.ceil(m.size / 1024)} KB，${chinaDateTime(m.createdAt)} 上传）`);
  const log = d.log.map((a) => `${chinaDateTime(a.at)}  ${AUDIT_ACTIONS[a.action] ?? '其他操作'}  操作员：${a.actor}`);
  const title = '个人信息副本';
  const intro = `本文件列出备案助手中保存的关于“${shown(d.person.name)}”的全部个人信息，导出时间 ${chinaDateTime(d.exportedAt)}（北京时间）。同目录的 JSON 文件是同一内容的机器可读版本。`;
  const inConflict = d.kept.some((k) => k.store === '笔记本电脑签入冲突');
  const headings = ['一、个人信息', `二、已备案信息${inConflict ? '、订单及签入冲突' : '及订单'}中保存的个人信息`, '三、材料文件', '四、相关操作记录', '无', '第页共', '（图片见下页）'];
  const keptNote = `以下是当前信息之外另行保存的您的信息，不随当前信息的修改而改变：已备案信息是管局备案的内容，之后的变更、接入、注销以其为准；订单提交时的信息是当时提交审核的内容${inConflict ? '；笔记本电脑签入冲突中保存的信息是外出办理时在笔记本电脑上修改、与本机修改冲突而尚待处理的内容，处理后即删除' : ''}。`;
  const text = [title, intro, ...facts.flat(), keptNote, ...kept.flatMap((k) => [k.label, ...k.rows.flat()]), ...materials, ...log, ...headings, '0123456789：；，（）', ...d.materials.map((m) => m.fileName)].join('');
  const { doc, font } = await cjkDocument(text);
  doc.setTitle(`${title}：${shown(d.person.name)}`);
  doc.setProducer('备案助手 BeianDesk');
  const W = 210 * MM;
  const H = 297 * MM;
  const left = 18 * MM;
  const width = W - 2 * left;
  let page = doc.addPage([W, H]);
  let y = H - 22 * MM;
  const line = (t: string, size = 10, indent = 0, color = rgb(0.1, 0.1, 0.1)) => {
    for (const l of wrap(t, font, size, width - indent)) {
      if (y < 18 * MM) ({ page, y } = { page: doc.addPage([W, H]), y: H - 22 * MM });
      page.drawText(l, { x: left + indent, y, size, font, color });
      y -= size * 1.6;
    }
  };
  line(title, 16);
  y -= 2 * MM;
  line(intro, 9, 0, rgb(0.35, 0.35, 0.35));
  y -= 4 * MM;
  // a table row that no longer fits goes to the next page (several kept copies run past the first)
  const table = (rows: [string, string][]) => {
    const top = y + 4 * MM;
    const { yEnd } = drawTable(rows, font, left, top, width, (rowH, yTop) => {
      if (yTop - rowH >= 18 * MM) return { page, yTop };
      page = doc.addPage([W, H]);
      return { page, yTop: H - 18 * MM };
    });
    y = yEnd - 4 * MM;
  };
  line(headings[0]!, 12);
  table(facts);
  y -= 2 * MM;
  line(headings[1]!, 12);
  if (kept.length) line(keptNote, 9, 0, rgb(0.35, 0.35, 0.35));
  else line('无', 9.5, 4 * MM);
  for (const k of kept) {
    y -= 1 * MM;
    line(k.label, 10, 0);
    table(k.rows);
    y -= 1 * MM;
  }
  y -= 1 * MM;
  line(headings[2]!, 12);
  for (const m of materials.length ? materials : ['无']) line(m, 9.5, 4 * MM);
  y -= 4 * MM;
  line(headings[3]!, 12);
  for (const l of log.length ? log : ['无']) line(l, 9.5, 4 * MM);
  // the photos themselves, one per page, so the person sees what is held, not only its name
  for (const m of d.materials) {
    const jpeg = await asPlainJpeg(Buffer.from(m.contentBase64, 'base64'));
    if (!jpeg) continue;
    const image = await doc.embedJpg(jpeg);
    const p = doc.addPage([W, H]);
    p.drawText(`${kindName(m.kind)}：${m.fileName}`, { x: left, y: H - 22 * MM, size: 11, font });
    const scale = Math.min(width / image.width, (H - 50 * MM) / image.height, 1.5);
    p.drawImage(image, { x: left, y: H - 30 * MM - image.height * scale, width: image.width * scale, height: image.height * scale });
  }
  return doc.save({ useObjectStreams: true });
}

/**
 * A photo as a plain baseline JPEG upright and at most 1600 px (pdf-lib reads only simple JPEGs; WebP
 * not at all), in memory; null for what is not a picture (a PDF sheet), which stays named in the list.
 * A transparent scan shows on white paper (JPEG has no transparency; sharp would fill it black).
 */
export async function asPlainJpeg(bytes: Buffer): Promise<Buffer | null> {
  try {
    return await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS }).rotate().resize({ width: 1600, height: 1600, fit: 'inside', withoutEnlargement: true }).flatten({ background: '#ffffff' }).jpeg({ quality: 85 }).toBuffer();
  } catch {
    return null;
  }
}

/**
 * The fields as a two-column table; a long value wraps inside its row (never cut). `place` gives the page and
 * top of each row (a new page when the row no longer fits). Returns where the table ended.
 */
function drawTable(rows: [string, string][], font: PDFFont, x: number, top: number, width: number, place: (rowH: number, yTop: number) => { page: PDFPage; yTop: number }): { yEnd: number } {
  const size = 9.5;
  const lineH = size * 1.45;
  const labelW = 34 * MM;
  let yTop = top;
  rows.forEach(([k, v], i) => {
    const lines = wrap(v, font, size, width - labelW - 4 * MM);
    const rowH = Math.max(7 * MM, lines.length * lineH + 3 * MM);
    const at = place(rowH, yTop);
    const page = at.page;
    yTop = at.yTop;
    page.drawRectangle({ x, y: yTop - rowH, width, height: rowH, borderColor: rgb(0.6, 0.6, 0.6), borderWidth: 0.5, color: i % 2 ? rgb(1, 1, 1) : rgb(0.96, 0.96, 0.96) });
    page.drawLine({ start: { x: x + labelW, y: yTop }, end: { x: x + labelW, y: yTop - rowH }, thickness: 0.5, color: rgb(0.6, 0.6, 0.6) });
    page.drawText(k, { x: x + 2 * MM, y: yTop - 2.2 * MM - size * 0.8, size, font });
    lines.forEach((l, j) => page.drawText(l, { x: x + labelW + 2 * MM, y: yTop - 2.2 * MM - size * 0.8 - j * lineH, size, font }));
    yTop -= rowH;
  });
  return { yEnd: yTop };
}
