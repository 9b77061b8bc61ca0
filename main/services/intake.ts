// 客户 → 导入 Excel: a workbook is checked whole before exceljs opens it, every row is read into a record
// and checked with the same rules as the form (findings pointing at their cell), and nothing is written
// until the operator confirms the preview. Then each client is written in its own transaction through
// the clients service, and the operator gets the workbook back with a 结果 column to fix and re-import.
import { layoutWorkbook } from '../export/xlsxWorkbook';
import { randomBytes } from 'node:crypto';
import type { Desk } from '../desk';
import { appendAudit } from '../db/repositories/audit';
import { entityWithCertNumber } from '../db/repositories/entities';
import { allCertHolders } from '../db/repositories/people';
import { readSettings } from '../db/repositories/settings';
import { allDomainHolders } from '../db/repositories/websites';
import { readColumnMapping, writeColumnMapping } from '../db/repositories/importMappings';
import { DeskError } from '../domain/errors';
import { checkResidentId, checkUscc, maskNumber, normalizeNumber } from '../domain/identifiers';
import type { IntakeCell, IntakeCommitResult, IntakeFinding, IntakeOutcome, IntakePreview, IntakePreviewRow } from '../domain/intake';
import { clientRecordSchema } from '../domain/schemas';
import { assertReadableXlsx } from '../export/xlsxGuard';
import { CLIENT_COLUMNS, CLIENT_SHEET, EXAMPLE_MARK, guessColumn, MAPPABLE_COLUMNS, WEBSITE_COLUMNS, WEBSITE_SHEET } from '../export/xlsxLayout';
import { cellOfPath, recordFromRows } from '../export/xlsxRecord';
import { headersOf, isLayoutSheet, loadWorkbook, readSheet, withResultColumn, type CellRef, type SheetRow } from '../export/xlsxWorkbook';
import { yieldToLoop, type JobControl } from '../jobs/jobs';
import { checkDraft, type DraftBatch } from './checks';
import { createClients } from './clients';
import { updateClientFromRecord } from './clientUpdate';

/** Rule IDs of the import's own findings about cells (the catalog's rules keep theirs). */
const CELL_RULE = 'V-XLS-01';
const DUPLICATE_RULE = 'V-XLS-02';
const LINK_RULE = 'V-XLS-03';
const SCHEMA_RULE = 'V-REC-01';
const IMPORT_RULES = new Set([CELL_RULE, DUPLICATE_RULE]);

interface PendingRow {
  row: number;
  name: string;
  raw: Record<string, unknown>;
  status: IntakePreviewRow['status'];
  existingId: number | null;
  blocked: boolean;
  /** The import's own cell findings (formula, merged cell …): the value read is not what the sheet shows, so never written. */
  unreadable: boolean;
  firstProblems: string;
}

interface PendingImport {
  token: string;
  fileName: string;
  data: Buffer;
  sheet: string;
  /** The field keys the workbook has a column for (client sheet and 网站 sheet): an update carries only these. */
  columns: ReadonlySet<string>;
  rows: PendingRow[];
  createdAt: number;
}

// Previews wait here (in memory only: the rows hold personal numbers in clear, never in a temp file)
// until confirmed, for at most half an hour, a few per desk.
const PENDING_MS = 30 * 60_000;
/** From this many rows a preview reads every holder once (a desk of 100 000 clients: about a second) instead of per row. */
const PRELOAD_ROWS = 1000;
const MAX_PENDING = 3;
const pendingByDesk = new WeakMap<Desk, Map<string, PendingImport>>();

function pendingOf(desk: Desk): Map<string, PendingImport> {
  let m = pendingByDesk.get(desk);
  if (!m) pendingByDesk.set(desk, (m = new Map()));
  const now = Date.now();
  for (const [k, p] of m) if (now - p.createdAt > PENDING_MS) m.delete(k);
  return m;
}

function keep(desk: Desk, p: PendingImport): void {
  const m = pendingOf(desk);
  m.set(p.token, p);
  while (m.size > MAX_PENDING) m.delete(m.keys().next().value!);
}

const toCell = (c: CellRef | null): IntakeCell | null => (c ? { sheet: c.sheet, row: c.row, column: c.column, header: c.header } : null);

const describeCell = (c: IntakeCell | null) => (c ? `${c.sheet}!${c.column}${c.row}${c.header ? `（${c.header}）` : ''}` : '');

export interface PreviewRequest {
  fileName: string;
  data: Buffer;
  /** header → field key, as the operator confirmed it for an agency's own sheet. */
  mapping?: Record<string, string> | undefined;
}

/** Reads and checks a workbook; writes nothing (except a column mapping the operator confirmed). */
export async function previewXlsx(desk: Desk, req: PreviewRequest, control: JobControl, options: { preloadFrom?: number } = {}): Promise<IntakePreview> {
  await assertReadableXlsx(req.data, req.fileName);
  const wb = await loadWorkbook(req.data, req.fileName);
  const templateSheet = wb.getWorksheet(CLIENT_SHEET);
  const isTemplate = !!templateSheet && isLayoutSheet(headersOf(templateSheet), CLIENT_COLUMNS);
  const ws = isTemplate ? templateSheet : wb.worksheets.find((w) => w.state !== 'hidden' && w.state !== 'veryHidden');
  if (!ws) throw new DeskError('VALIDATION', `工作簿“${req.fileName}”中没有工作表`);
  const headers = headersOf(ws);
  const token = randomBytes(12).toString('hex');
  const base = { token, fileName: req.fileName, kind: isTemplate ? ('template' as const) : ('own' as const), sheet: ws.name };

  let mapping: Record<string, string>;
  if (isTemplate) {
    mapping = Object.fromEntries(CLIENT_COLUMNS.map((c) => [c.header, c.key]));
  } else {
    const chosen = req.mapping ?? await readColumnMapping(desk.ctx, headers);
    if (!chosen) {
      const suggested = Object.fromEntries(headers.filter(Boolean).map((h) => [h, guessColumn(h) ?? '']));
      return {
        ...base,
        needsMapping: { headers: headers.filter(Boolean), suggested, fields: MAPPABLE_COLUMNS.map((c) => ({ key: c.key, header: c.header, required: !!c.required && !c.key.startsWith('website.') })) },
        mapping: {},
        rows: [],
        fileFindings: [],
        totals: { rows: 0, new: 0, update: 0, blocked: 0, warned: 0 },
      };
    }
    mapping = checkedMapping(chosen, headers);
    if (req.mapping) await writeColumnMapping(desk.ctx, headers, mapping);
  }

  const clientRead = readSheet(ws, mapping);
  const clientRows = clientRead.rows;
  const columns = new Set(clientRead.keys);
  const websitesOf = new Map<number, SheetRow[]>();
  const fileFindings: IntakeFinding[] = [];
  if (isTemplate) {
    const wsSites = wb.getWorksheet(WEBSITE_SHEET);
    if (wsSites && headersOf(wsSites).some(Boolean)) {
      const siteRead = readSheet(wsSites, Object.fromEntries(WEBSITE_COLUMNS.map((c) => [c.header, c.key])));
      const siteRows = siteRead.rows;
      for (const k of siteRead.keys) columns.add(k);
      const clientByNumber = new Map<string, SheetRow>();
      for (const r of clientRows) {
        const n = r.values.get('entity.certNumber');
        if (typeof n === 'string' && n && !clientByNumber.has(n)) clientByNumber.set(n, r);
      }
      for (const s of siteRows) {
        const n = normalizeNumber(String(s.values.get('link.certNumber') ?? ''));
        const owner = clientByNumber.get(n);
        if (owner) websitesOf.set(owner.row, [...(websitesOf.get(owner.row) ?? []), s]);
        else if (!String(s.values.get('website.name') ?? '').startsWith(EXAMPLE_MARK) && n !== normalizeNumber(WEBSITE_COLUMNS[0]!.example)) {
          fileFindings.push({ ruleId: LINK_RULE, severity: 'error', message: n ? `网站行的主体证件号码在“${CLIENT_SHEET}”中找不到，该网站不会导入` : '网站行没有填写主体证件号码，该网站不会导入', hint: `填写该网站所属客户在“${CLIENT_SHEET}”中的主体证件号码`, cell: toCell(s.cells.get('link.certNumber') ?? null) });
        }
      }
    }
  } else {
    // an agency's sheet keeps one website on the client's own row
    for (const r of clientRows) if ([...r.values].some(([k, v]) => k.startsWith('website.') && (Array.isArray(v) ? v.length : v))) websitesOf.set(r.row, [r]);
  }

  const rows: IntakePreviewRow[] = [];
  const pending: PendingRow[] = [];
  const firstRowOf = new Map<string, number>();
  // read once for the whole sheet, not per row: the settings; and from PRELOAD_ROWS rows every domain's and
  // 证件号码's holders (two queries), as 检查全部客户 does, instead of asking for each row's (three queries a row)
  const batch: DraftBatch = {
    validityWarnDays: (await readSettings(desk.ctx)).validityWarnDays,
    preloaded: clientRows.length >= (options.preloadFrom ?? PRELOAD_ROWS) ? { domains: await allDomainHolders(desk.ctx), certs: await allCertHolders(desk.ctx) } : undefined,
  };
  for (let i = 0; i < clientRows.length; i++) {
    if (control.cancelled) break;
    const r = clientRows[i]!;
    const sites = websitesOf.get(r.row) ?? [];
    const { preview, row } = await checkRow(desk, r, sites, firstRowOf, batch);
    rows.push(preview);
    pending.push(row);
    if (i % 100 === 99) {
      control.progress(i + 1, clientRows.length);
      await yieldToLoop();
    }
  }
  // a cancelled preview is never confirmed: it is not kept, so its token names nothing
  if (!control.cancelled) {
    control.progress(clientRows.length, clientRows.length);
    keep(desk, { token, fileName: req.fileName, data: req.data, sheet: ws.name, columns, rows: pending, createdAt: Date.now() });
  }
  const real = rows.filter((r) => r.status !== 'example');
  return {
    ...base,
    needsMapping: null,
    mapping,
    rows,
    fileFindings,
    totals: {
      rows: real.length,
      new: real.filter((r) => r.status === 'new').length,
      update: real.filter((r) => r.status === 'update').length,
      blocked: real.filter((r) => r.counts.error > 0).length,
      warned: real.filter((r) => r.counts.error === 0 && r.counts.warning > 0).length,
    },
  };
}

function checkedMapping(mapping: Record<string, string>, headers: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const used = new Map<string, string>();
  for (const [header, key] of Object.entries(mapping)) {
    if (!key) continue;
    if (!headers.includes(header)) continue;
    const column = MAPPABLE_COLUMNS.find((c) => c.key === key);
    if (!column) throw new DeskError('VALIDATION', `列“${header}”对应的字段“${key}”无法识别`);
    if (used.has(key)) throw new DeskError('VALIDATION', `列“${used.get(key)}”和“${header}”都对应到了“${column.header}”：每个字段只能对应一列`);
    used.set(key, header);
    out[header] = key;
  }
  for (const need of ['entity.name', 'entity.certNumber']) {
    if (!used.has(need)) throw new DeskError('VALIDATION', `请为“${MAPPABLE_COLUMNS.find((c) => c.key === need)!.header}”选择对应的列：没有它无法识别客户`);
  }
  return out;
}

/**
 * The 主体证件号码 as the preview shows it. In clear only a 统一社会信用代码 (its check character holds, and it
 * is not also a valid 身份证号) on a row whose 性质 does not say 个人: that code is printed on the licence and
 * public in the national credit system, the client list shows a company's in clear too, and the operator needs
 * it to tell which client a row is. Everything else — a 身份证号 whatever the 性质 cell says (个人备案, blank,
 * 企业 by mistake), a passport, a number too mistyped to be a code — is masked as the client list masks
 * (maskNumber): the preview goes to the screen, and the operator can open the cell in the file.
 */
export function previewCertNumber(nature: string, certNumber: string): string {
  const publicCode = !nature.includes('个人') && checkUscc(certNumber).ok && !checkResidentId(certNumber).ok;
  return publicCode ? certNumber : maskNumber(certNumber);
}

/** One client row against the rules of the form, the record schema and the store (existing client, V-DOM-11). */
async function checkRow(desk: Desk, r: SheetRow, sites: readonly SheetRow[], firstRowOf: Map<string, number>, batch: DraftBatch): Promise<{ preview: IntakePreviewRow; row: PendingRow }> {
  const name = String(r.values.get('entity.name') ?? '');
  const certNumber = String(r.values.get('entity.certNumber') ?? '');
  const nature = String(r.values.get('entity.nature') ?? '');
  const shown = previewCertNumber(nature, certNumber);
  const raw = recordFromRows(r, sites);
  if (name.startsWith(EXAMPLE_MARK)) {
    const counts = { error: 0, warning: 0, info: 0 };
    return { preview: { sheet: r.sheet, row: r.row, name, certNumber: shown, status: 'example', existingId: null, counts, findings: [] }, row: { row: r.row, name, raw, status: 'example', existingId: null, blocked: false, unreadable: false, firstProblems: '' } };
  }
  const findings: IntakeFinding[] = [];
  for (const p of [...r.problems, ...sites.filter((s) => s !== r).flatMap((s) => s.problems)]) {
    findings.push({ ruleId: CELL_RULE, severity: 'error', message: p.message, hint: '修改该单元格后重新导入', cell: toCell(p.cell) });
  }
  const existing = certNumber ? await entityWithCertNumber(desk.ctx, certNumber) : undefined;
  const earlier = certNumber ? firstRowOf.get(certNumber) : undefined;
  if (earlier !== undefined) {
    findings.push({ ruleId: DUPLICATE_RULE, severity: 'error', message: `与第 ${earlier} 行是同一主体证件号码：同一主体只能是一个客户`, hint: '合并为一行，网站写在“网站”表中', cell: toCell(r.cells.get('entity.certNumber') ?? null) });
  } else if (certNumber) firstRowOf.set(certNumber, r.row);

  const check = await checkDraft(desk, raw, existing?.id ?? null, undefined, false, batch);
  const ruleErrorCells = new Set<string>();
  for (const f of check.findings) {
    const cell = toCell(cellOfPath(f.path, r, sites));
    if (f.severity === 'error') ruleErrorCells.add(f.path.join('.'));
    findings.push({ ruleId: f.ruleId, severity: f.severity, message: f.message, hint: f.hint, cell });
  }
  // what the record schema refuses beyond the rules (the form would not save it either)
  const parsed = clientRecordSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      if (ruleErrorCells.has(path.join('.')) || ruleErrorCells.has(path.slice(0, 3).join('.'))) continue;
      const cell = toCell(cellOfPath(path, r, sites));
      if (cell && findings.some((f) => f.severity === 'error' && f.cell && f.cell.column === cell.column && f.cell.row === cell.row && f.cell.sheet === cell.sheet)) continue;
      findings.push({ ruleId: SCHEMA_RULE, severity: 'error', message: issue.message, hint: '按模板“填写说明”修改', cell });
    }
  }
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  const status = existing ? 'update' : 'new';
  const firstProblems = findings
    .filter((f) => f.severity === 'error')
    .slice(0, 3)
    .map((f) => `${f.cell ? `${f.cell.column}${f.cell.row} ` : ''}${f.message}`)
    .join('；');
  return {
    preview: { sheet: r.sheet, row: r.row, name, certNumber: shown, status, existingId: existing?.id ?? null, counts, findings },
    row: { row: r.row, name, raw, status, existingId: existing?.id ?? null, blocked: counts.error > 0, unreadable: findings.some((f) => IMPORT_RULES.has(f.ruleId)), firstProblems },
  };
}

export interface CommitRequest {
  token: string;
  /**
   * all: every row the record schema accepts (findings of the rules do not stop it, as in the form), except
   * rows with a cell the import could not read as shown (formula, merged cell, duplicate 主体); valid: only rows without 阻断.
   */
  mode: 'all' | 'valid';
  /** Rows whose 主体证件号码 is already a client update it; otherwise they are left alone. */
  update: boolean;
}

/** Writes the previewed rows, each client in its own transaction, and returns the workbook with its 结果 column. */
export async function commitXlsx(desk: Desk, req: CommitRequest, control: JobControl): Promise<IntakeCommitResult> {
  const pending = pendingOf(desk).get(req.token);
  if (!pending) throw new DeskError('NOT_FOUND', '导入预览已过期或已导入：请重新选择文件');
  // a preview is confirmed once: a second confirm would find every row already a client
  pendingOf(desk).delete(req.token);
  const results: IntakeCommitResult['rows'] = [];
  const rows = pending.rows.filter((r) => r.status !== 'example');
  const outcome = (r: PendingRow, o: IntakeOutcome, message: string, entityId: number | null = null) => results.push({ row: r.row, name: r.name, outcome: o, message, entityId });
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (control.cancelled) {
      outcome(r, 'cancelled', '已取消，未导入');
      continue;
    }
    if (r.unreadable) {
      outcome(r, 'skipped', `未导入：${r.firstProblems}`);
    } else if (req.mode === 'valid' && r.blocked) {
      outcome(r, 'skipped', `未导入：有阻断问题——${r.firstProblems}`);
    } else if (r.status === 'update' && !req.update) {
      outcome(r, 'skipped', `已是客户（编号 ${r.existingId}），未更新：选择“更新已有客户”后再导入`, r.existingId);
    } else {
      const parsed = clientRecordSchema.safeParse(r.raw);
      if (!parsed.success) {
        outcome(r, 'failed', `未导入：${r.firstProblems || parsed.error.issues.slice(0, 3).map((x) => x.message).join('；')}`);
      } else {
        try {
          // matched again at write time: another window may have added the client since the preview
          const holder = await entityWithCertNumber(desk.ctx, parsed.data.entity.certNumber);
          if (holder && req.update) {
            const { notes } = await updateClientFromRecord(desk, holder.id, parsed.data, 'xlsx', pending.columns);
            outcome(r, 'updated', `已更新客户（编号 ${holder.id}）${notes.length ? `；${notes.join('；')}（导入不删除已登记的域名和首页）` : ''}`, holder.id);
          } else if (holder) {
            outcome(r, 'skipped', `已是客户（编号 ${holder.id}），未更新：选择“更新已有客户”后再导入`, holder.id);
          } else {
            const id = await desk.sql.tx(async () => {
              const [created] = await createClients(desk, [parsed.data]);
              await appendAudit(desk.ctx, { action: 'entity.import', targetType: 'entity', targetId: created!.id, entityId: created!.id, detail: { source: 'xlsx', updated: false } });
              return created!.id;
            });
            outcome(r, 'created', `已新建客户（编号 ${id}）`, id);
          }
        } catch (err) {
          outcome(r, 'failed', `未导入：${err instanceof DeskError ? err.message : '写入失败'}`);
        }
      }
    }
    control.progress(i + 1, rows.length);
    if (i % 20 === 19) await yieldToLoop();
  }
  const count = (o: IntakeOutcome) => results.filter((x) => x.outcome === o).length;
  const summary = { created: count('created'), updated: count('updated'), skipped: count('skipped') + count('cancelled'), failed: count('failed') };
  await desk.sql.tx(() => appendAudit(desk.ctx, { action: 'clients.importXlsx', targetType: 'desk', targetId: null, entityId: null, detail: { ...summary, rows: rows.length, mode: req.mode, update: req.update } }));
  const byRow = new Map(results.map((x) => [x.row, x.message]));
  for (const r of pending.rows) if (r.status === 'example') byRow.set(r.row, '示例行，未导入');
  const resultFile = await withResultColumn(pending.data, pending.fileName, pending.sheet, byRow);
  return { ...summary, rows: results, resultFileName: resultName(pending.fileName), resultBase64: resultFile.toString('base64') };
}

const resultName = (fileName: string) => `${fileName.replace(/\.xlsx$/i, '').replace(/-结果$/, '')}-结果.xlsx`;

/** A preview's findings as lines for the CLI (the cell first, then the rule and the message). */
export function findingLines(preview: IntakePreview): string[] {
  const lines: string[] = [];
  for (const f of preview.fileFindings) lines.push(`${describeCell(f.cell)} [${f.ruleId}] ${f.message}`);
  for (const r of preview.rows) for (const f of r.findings) lines.push(`${describeCell(f.cell) || `${r.sheet}!第${r.row}行`} [${f.ruleId} ${f.severity === 'error' ? '阻断' : f.severity === 'warning' ? '警告' : '提示'}] ${f.message}`);
  return lines;
}

/** The import template: Chinese headers, drop-downs, an example row and the notes sheet. */
export async function importTemplate() {
  return { fileName: '客户导入模板.xlsx', contentBase64: (await layoutWorkbook([], { example: true })).toString('base64'), count: 0 };
}
