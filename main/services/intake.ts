// 客户 → 导入 Excel: a workbook is checked whole before exceljs opens it, every row is read into a record
// and checked with the same rules as the form (findings pointing at their cell), and nothing is written
// until the operator confirms the preview. Then the rows are written through the clients service in chunks,
// each one transaction (at most 50 rows or half a second): a client's rows and its audit entries are written
// together, a chunk is all or nothing, and between two chunks the database is free — on SQLite one
// transaction over a sheet of thousands of rows froze every screen and the CLI for minutes. A row refused at
// its write (its own check) is undone alone (a savepoint) and reported; a cancel stops after the current chunk,
// any other failure undoes its chunk and stops there: the earlier chunks stay, the operator is told which rows
// were imported and where it stopped, and the preview can be confirmed again (what was imported is then found
// as 已是客户). The operator gets the workbook back with a 结果 column to fix and re-import.
import type ExcelJS from 'exceljs';
import { layoutWorkbook } from '../export/xlsxWorkbook';
import { randomBytes } from 'node:crypto';
import type { Desk } from '../desk';
import { appendAudit } from '../db/repositories/audit';
import { entityWithCertNumber } from '../db/repositories/entities';
import { allCertHolders } from '../db/repositories/people';
import { readSettings } from '../db/repositories/settings';
import { allDomainHolders, domainOwners } from '../db/repositories/websites';
import { readColumnMapping, writeColumnMapping } from '../db/repositories/importMappings';
import { dbBusyError, DeskError, type ErrorCode } from '../domain/errors';
import { checkResidentId, checkUscc, maskNumber, mayHoldPersonalNumber, normalizeNumber, toAsciiDomain } from '../domain/identifiers';
import type { IntakeCell, IntakeCommitResult, IntakeFinding, IntakeOutcome, IntakePreview, IntakePreviewRow } from '../domain/intake';
import { clientRecordSchema, type ClientRecord } from '../domain/schemas';
import { assertReadableXlsx } from '../export/xlsxGuard';
import { CLIENT_COLUMNS, CLIENT_SHEET, EXAMPLE_MARK, guessColumn, MAPPABLE_COLUMNS, NOTES_SHEET, OPTIONS_SHEET, RESULT_HEADER, WEBSITE_COLUMNS, WEBSITE_SHEET } from '../export/xlsxLayout';
import { cellOfPath, recordFromRows } from '../export/xlsxRecord';
import { headersOf, isLayoutSheet, loadWorkbook, readSheet, withResultColumn, type CellRef, type SheetRow } from '../export/xlsxWorkbook';
import { yieldToLoop, type JobControl } from '../jobs/jobs';
import { ONE_DOMAIN_ONE_SUBJECT } from '../rules/websiteRules';
import { checkDraft, type DraftBatch } from './checks';
import { createClients, getClientClear } from './clients';
import { updateClientFromRecord, updatedRecord } from './clientUpdate';

/** Rule IDs of the import's own findings about cells (the catalog's rules keep theirs). */
const CELL_RULE = 'V-XLS-01';
const DUPLICATE_RULE = 'V-XLS-02';
const LINK_RULE = 'V-XLS-03';
const OTHER_SHEET_RULE = 'V-XLS-04';
const SCHEMA_RULE = 'V-REC-01';
const DOMAIN_RULE = 'V-DOM-11';
const IMPORT_RULES = new Set([CELL_RULE, DUPLICATE_RULE]);

interface PendingRow {
  row: number;
  name: string;
  raw: Record<string, unknown>;
  status: IntakePreviewRow['status'];
  existingId: number | null;
  blocked: boolean;
  /**
   * Never written, in either mode: a cell the import could not read as the sheet shows it (formula, merged
   * cell …, the link cell of one of its website rows included), a 主体 twice, a domain an earlier row has.
   */
  refused: boolean;
  /** The first errors, those refusing the row first. */
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
  /** A confirm is writing it: a second confirm meanwhile is refused (after a failed one the preview is confirmed again). */
  committing?: boolean;
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

/**
 * Reads and checks a workbook; writes nothing (except a column mapping the operator confirmed). The options
 * are for tests only: `preloadFrom` (PRELOAD_ROWS) and `maxRows` (MAX_ROWS, a sheet's most data rows).
 */
export async function previewXlsx(desk: Desk, req: PreviewRequest, control: JobControl, options: { preloadFrom?: number; maxRows?: number } = {}): Promise<IntakePreview> {
  await assertReadableXlsx(req.data, req.fileName);
  const wb = await loadWorkbook(req.data, req.fileName);
  const templateSheet = wb.getWorksheet(CLIENT_SHEET);
  const isTemplate = !!templateSheet && isLayoutSheet(headersOf(templateSheet), CLIENT_COLUMNS);
  const visible = wb.worksheets.filter((w) => w.state !== 'hidden' && w.state !== 'veryHidden');
  // an empty Sheet1 left in front of the list would offer no columns to map
  const ws = isTemplate ? templateSheet : (visible.find((w) => w.actualRowCount > 0) ?? visible[0]);
  if (!ws) throw new DeskError('VALIDATION', `工作簿“${req.fileName}”中没有工作表`);
  const headers = headersOf(ws);
  const token = randomBytes(12).toString('hex');
  const base = { token, fileName: req.fileName, kind: isTemplate ? ('template' as const) : ('own' as const), sheet: ws.name };

  // A sheet without a header row (an agency's list that starts with its first client) would offer that client's
  // 证件号码 and 手机号 as column titles, and the mapping chosen for them is remembered in clear (importMappings.ts).
  if (!isTemplate && headers.some(mayHoldPersonalNumber)) {
    throw new DeskError('VALIDATION', `工作表“${ws.name}”的第 1 行看起来是数据而不是表头（有单元格像证件号码、手机号或邮箱）：请在第一行加上列名（如 主体名称、证件号码、手机号码）后再导入`);
  }

  let mapping: Record<string, string>;
  if (isTemplate) {
    mapping = Object.fromEntries(CLIENT_COLUMNS.map((c) => [c.header, c.key]));
  } else {
    // the 结果 column this import adds is no part of the sheet's layout: its result file, fixed and imported
    // again, keeps the mapping the operator confirmed
    const layout = headers.filter((h) => h && h !== RESULT_HEADER);
    const chosen = req.mapping ?? await readColumnMapping(desk.ctx, layout);
    if (!chosen) {
      const suggested = Object.fromEntries(layout.map((h) => [h, guessColumn(h) ?? '']));
      return {
        ...base,
        needsMapping: { headers: layout, suggested, fields: MAPPABLE_COLUMNS.map((c) => ({ key: c.key, header: c.header, required: !!c.required && !c.key.startsWith('website.') })) },
        mapping: {},
        rows: [],
        fileFindings: [],
        totals: { rows: 0, new: 0, update: 0, blocked: 0, warned: 0 },
      };
    }
    mapping = checkedMapping(chosen, headers);
    if (req.mapping) await writeColumnMapping(desk.ctx, layout, mapping);
  }

  const clientRead = readSheet(ws, mapping, options.maxRows);
  const clientRows = clientRead.rows;
  const columns = new Set(clientRead.keys);
  const websitesOf = new Map<number, SheetRow[]>();
  const fileFindings: IntakeFinding[] = [];
  if (isTemplate) {
    const wsSites = wb.getWorksheet(WEBSITE_SHEET);
    if (wsSites && headersOf(wsSites).some(Boolean)) {
      const siteRead = readSheet(wsSites, Object.fromEntries(WEBSITE_COLUMNS.map((c) => [c.header, c.key])), options.maxRows);
      const siteRows = siteRead.rows;
      for (const k of siteRead.keys) columns.add(k);
      const clientByNumber = new Map<string, SheetRow>();
      for (const r of clientRows) {
        const n = r.values.get('entity.certNumber');
        if (typeof n === 'string' && n && !clientByNumber.has(n)) clientByNumber.set(n, r);
      }
      const attach = (owner: SheetRow, site: SheetRow) => websitesOf.set(owner.row, [...(websitesOf.get(owner.row) ?? []), site]);
      for (const s of siteRows) {
        const n = normalizeNumber(String(s.values.get('link.certNumber') ?? ''));
        const example = String(s.values.get('website.name') ?? '').startsWith(EXAMPLE_MARK) || n === normalizeNumber(WEBSITE_COLUMNS[0]!.example);
        const linkCell = s.cells.get('link.certNumber');
        const unread = linkCell ? s.problems.find((p) => p.cell.column === linkCell.column) : undefined;
        if (unread) {
          // The cell is not read as its value (readCell): a formula's saved result can be stale or missing
          // (a sheet saved without recalculating, a file a script wrote), an 18-digit number has lost its last
          // digits. What it shows only names the client the website likely belongs to: that client is held
          // back with the cell's own problem (its row refused) rather than imported without its website; a
          // wrong guess holds back a client that is fixed by importing again, never writes a wrong link.
          const owners = likelyOwners(wsSites.getCell(`${unread.cell.column}${unread.cell.row}`).value, clientRows);
          const held: SheetRow = { ...s, problems: s.problems.map((p) => (p === unread ? { ...p, message: `${p.message}。无法据此确定该网站属于哪个客户：为免漏掉网站，该客户暂不导入` } : p)) };
          for (const o of owners) attach(o, held);
          if (!owners.length && !example) fileFindings.push({ ruleId: LINK_RULE, severity: 'error', message: `${unread.message}。无法据此确定该网站属于哪个客户，该网站不会导入`, hint: `在该单元格直接填写该网站所属客户在“${CLIENT_SHEET}”中的主体证件号码`, cell: toCell(unread.cell) });
          continue;
        }
        const owner = clientByNumber.get(n);
        if (owner) attach(owner, s);
        else if (!example) {
          fileFindings.push({ ruleId: LINK_RULE, severity: 'error', message: n ? `网站行的主体证件号码在“${CLIENT_SHEET}”中找不到，该网站不会导入` : '网站行没有填写主体证件号码，该网站不会导入', hint: `填写该网站所属客户在“${CLIENT_SHEET}”中的主体证件号码`, cell: toCell(linkCell ?? null) });
        }
      }
    }
  } else {
    // an agency's sheet keeps one website on the client's own row
    for (const r of clientRows) if ([...r.values].some(([k, v]) => k.startsWith('website.') && (Array.isArray(v) ? v.length : v))) websitesOf.set(r.row, [r]);
  }
  // One sheet is imported (with the template, its two): an agency's workbook of one sheet per month or per
  // salesperson would otherwise come in as its first sheet only, the preview looking complete.
  const readSheets = isTemplate && wb.getWorksheet(WEBSITE_SHEET) ? [ws.name, WEBSITE_SHEET] : [ws.name];
  const ours = isTemplate ? [NOTES_SHEET, OPTIONS_SHEET] : [];
  const unread = wb.worksheets.filter((w) => w.state !== 'hidden' && w.state !== 'veryHidden' && w.actualRowCount > 0 && !readSheets.includes(w.name) && !ours.includes(w.name)).map((w) => `“${w.name}”`);
  if (unread.length) {
    fileFindings.push({ ruleId: OTHER_SHEET_RULE, severity: 'warning', message: `本次只读取工作表${readSheets.map((n) => `“${n}”`).join('和')}：工作表${unread.join('、')}中的内容不会导入`, hint: '把其他工作表中的客户复制到同一工作表，或另存为单独的文件分别导入', cell: null });
  }

  // A required field the sheet has no column for is missing on every row: said once for the file, naming the
  // column, and once on each row, instead of a vague finding per row and field with no cell to point at
  // (“请填写市”; “请从列表中选择证件类型”, of the 主体 or of the 负责人?).
  const missing = new Map(CLIENT_COLUMNS.filter((c) => c.required && !columns.has(c.key)).map((c) => [c.key, c.header]));
  for (const header of missing.values()) {
    fileFindings.push({ ruleId: SCHEMA_RULE, severity: 'error', message: `表格中没有“${header}”列：每一行都缺少该项，都不会导入`, hint: '在表格中加上该列后重新导入（本机构表格可在对应字段时为它选择一列）', cell: null });
  }

  const rows: IntakePreviewRow[] = [];
  const pending: PendingRow[] = [];
  const firstRowOf = new Map<string, number>();
  const domainCellOf = new Map<string, CellRef>();
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
    const { preview, row } = await checkRow(desk, r, sites, { firstRowOf, domainCellOf }, batch, columns, missing);
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

/**
 * The client rows a 网站 row's 主体证件号码 cell seems to name when the import does not read it: a formula by
 * its saved result, a number Excel kept by its 15 significant digits (the rest lost). Every row it may be.
 */
function likelyOwners(value: ExcelJS.CellValue, clientRows: readonly SheetRow[]): SheetRow[] {
  const shown = value !== null && typeof value === 'object' && 'result' in value ? value.result : value;
  const numberOf = (r: SheetRow) => String(r.values.get('entity.certNumber') ?? '');
  if (typeof shown === 'string') {
    const n = normalizeNumber(shown.trim());
    return n ? clientRows.filter((r) => numberOf(r) === n) : [];
  }
  if (typeof shown !== 'number' || !Number.isFinite(shown) || shown <= 0) return [];
  if (shown < 1e15 && Number.isInteger(shown)) return clientRows.filter((r) => numberOf(r) === String(shown));
  const [mantissa, exponent] = shown.toExponential(14).split('e');
  const digits = mantissa!.replace('.', '');
  const length = Number(exponent) + 1;
  return clientRows.filter((r) => numberOf(r).length === length && numberOf(r).startsWith(digits));
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

/** What earlier rows of the workbook hold: each 主体证件号码's first row, each punycode domain's first cell. */
interface EarlierRows {
  firstRowOf: Map<string, number>;
  domainCellOf: Map<string, CellRef>;
}

/** The sheet column (field key) a finding's path is about on the client row, or null (a website, another person, the record). */
function columnKeyOf(path: readonly (string | number | symbol)[]): string | null {
  const [head, a, b] = path;
  if (head === 'entity' && typeof a === 'string') return `entity.${a}`;
  if (head === 'people' && a === 0 && typeof b === 'string') return `person.${b}`;
  return null;
}

/**
 * One client row against the rules of the form, the record schema, the store (existing client, V-DOM-11) and the
 * rows before it. `missing` (field key → header): required fields the sheet has no column for, said in one finding.
 */
async function checkRow(desk: Desk, r: SheetRow, sites: readonly SheetRow[], earlierRows: EarlierRows, batch: DraftBatch, columns: ReadonlySet<string>, missing: ReadonlyMap<string, string>): Promise<{ preview: IntakePreviewRow; row: PendingRow }> {
  const { firstRowOf, domainCellOf } = earlierRows;
  const name = String(r.values.get('entity.name') ?? '');
  const certNumber = String(r.values.get('entity.certNumber') ?? '');
  const nature = String(r.values.get('entity.nature') ?? '');
  const shown = previewCertNumber(nature, certNumber);
  const raw = recordFromRows(r, sites);
  if (name.startsWith(EXAMPLE_MARK)) {
    const counts = { error: 0, warning: 0, info: 0 };
    return { preview: { sheet: r.sheet, row: r.row, name, certNumber: shown, status: 'example', existingId: null, counts, findings: [] }, row: { row: r.row, name, raw, status: 'example', existingId: null, blocked: false, refused: false, firstProblems: '' } };
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
  // V-DOM-11 between the rows: the rule sees the stored clients only, and no row of the workbook is stored yet
  const sharedDomain = new Set<IntakeFinding>();
  const own = new Map<string, CellRef>();
  sites.forEach((s, wi) => {
    const domains = s.values.get('website.domains');
    (Array.isArray(domains) ? domains : []).forEach((d, di) => {
      const ascii = toAsciiDomain(d);
      const cell = cellOfPath(['websites', wi, 'domains', di], r, sites);
      if (!ascii || !cell) return;
      const earlierCell = domainCellOf.get(ascii);
      if (earlierCell) {
        const finding: IntakeFinding = { ruleId: DOMAIN_RULE, severity: 'error', message: `域名“${d}”与“${earlierCell.sheet}”第 ${earlierCell.row} 行的域名相同：${ONE_DOMAIN_ONE_SUBJECT}`, hint: '核对域名持有者，只在所属客户的行中保留该域名', cell: toCell(cell) };
        sharedDomain.add(finding);
        findings.push(finding);
      } else if (!own.has(ascii)) own.set(ascii, cell);
    });
  });
  for (const [ascii, cell] of own) domainCellOf.set(ascii, cell);

  // an update is checked as the client it leaves: a field the sheet has no column for keeps its stored value
  const checked = existing ? updatedRecord(await getClientClear(desk, existing.id), raw, columns) : raw;
  const check = await checkDraft(desk, checked, existing?.id ?? null, undefined, false, batch);
  const ofMissingColumn = (path: readonly (string | number | symbol)[]) => missing.has(columnKeyOf(path) ?? '');
  if (missing.size) {
    findings.push({ ruleId: SCHEMA_RULE, severity: 'error', message: `缺少${[...missing.values()].map((h) => `“${h}”`).join('、')}：表格中没有这些列`, hint: '在表格中加上这些列后重新导入', cell: null });
  }
  const ruleErrorCells = new Set<string>();
  for (const f of check.findings) {
    if (ofMissingColumn(f.path)) continue;
    const cell = toCell(cellOfPath(f.path, r, sites));
    if (f.severity === 'error') ruleErrorCells.add(f.path.join('.'));
    findings.push({ ruleId: f.ruleId, severity: f.severity, message: f.message, hint: f.hint, cell });
  }
  // what the record schema refuses beyond the rules (the form would not save it either)
  const parsed = clientRecordSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      if (ofMissingColumn(path)) continue;
      if (ruleErrorCells.has(path.join('.')) || ruleErrorCells.has(path.slice(0, 3).join('.'))) continue;
      const cell = toCell(cellOfPath(path, r, sites));
      if (cell && findings.some((f) => f.severity === 'error' && f.cell && f.cell.column === cell.column && f.cell.row === cell.row && f.cell.sheet === cell.sheet)) continue;
      findings.push({ ruleId: SCHEMA_RULE, severity: 'error', message: issue.message, hint: '按模板“填写说明”修改', cell });
    }
  }
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  const status = existing ? 'update' : 'new';
  const refusing = (f: IntakeFinding) => IMPORT_RULES.has(f.ruleId) || sharedDomain.has(f);
  const errors = findings.filter((f) => f.severity === 'error');
  const firstProblems = [...errors.filter(refusing), ...errors.filter((f) => !refusing(f))]
    .slice(0, 3)
    .map((f) => `${f.cell ? `${f.cell.column}${f.cell.row} ` : ''}${f.message}`)
    .join('；');
  return {
    preview: { sheet: r.sheet, row: r.row, name, certNumber: shown, status, existingId: existing?.id ?? null, counts, findings },
    row: { row: r.row, name, raw, status, existingId: existing?.id ?? null, blocked: counts.error > 0, refused: errors.some(refusing), firstProblems },
  };
}

export interface CommitRequest {
  token: string;
  /**
   * all: every row the record schema accepts (findings of the rules do not stop it, as in the form), except
   * the rows the preview refused (a cell it could not read as shown, a 主体 twice, a domain of an earlier row); valid: only rows without 阻断.
   */
  mode: 'all' | 'valid';
  /** Rows whose 主体证件号码 is already a client update it; otherwise they are left alone. */
  update: boolean;
}

/** A row refused by a write's own check (two stored websites matched, too many domains …): undone alone, reported in 结果. Any other error stops the import. */
const ROW_REFUSALS: ReadonlySet<ErrorCode> = new Set(['VALIDATION', 'CONFLICT', 'EDIT_CONFLICT']);

/**
 * A confirm writes its rows in chunks, each one transaction, of at most CHUNK_ROWS rows or CHUNK_MS of work,
 * whichever comes first. On SQLite a write transaction holds the database's one write lock and the app's one
 * connection: the whole import as one transaction (10 000 rows: minutes) kept every screen of the app waiting
 * for its reads, and another program on the same data folder (the CLI, the web host) failed its saves with
 * SQLITE_BUSY once its busy_timeout had passed. Between two chunks the lock is free: the app's requests are
 * answered and another program's write goes through.
 */
export const CHUNK_ROWS = 50;
const CHUNK_MS = 500;
/**
 * On SQLite, how long the lock stays free between two chunks: another program waiting for it tries again
 * every 100 ms at most (SQLite's busy handler), and would almost never try within one turn of the event loop.
 * PostgreSQL locks rows, not the database: there a turn of the event loop is enough.
 */
const SQLITE_CHUNK_GAP_MS = 120;

const asciiDomains = (record: ClientRecord) => record.websites.flatMap((w) => w.domains.map((d) => ({ d, ascii: toAsciiDomain(d) ?? d })));

type CommitRows = IntakeCommitResult['rows'];

/** Where a chunk's transaction is: its BEGIN, a sheet row, the clients.importXlsx entry (last chunk), its COMMIT. */
type WriteStep = { step: 'begin' } | { step: 'row'; row: number } | { step: 'log' } | { step: 'commit'; lastRow: number | undefined };

/** Why an import stopped before its last row: a 取消, or an error in the chunk starting at rows[from]. */
type Stop = { cancelled: true } | { cancelled: false; err: unknown; at: WriteStep; from: number };

/**
 * Writes the previewed rows, chunk by chunk (CHUNK_ROWS), and returns the workbook with its 结果 column. A
 * chunk is all or nothing: the clients of its rows with their audit entries (a row refused by its write's own
 * check undone alone by a savepoint); the last one also writes the clients.importXlsx entry. A 取消 stops after
 * the chunk being written (the rows after it 已取消); any other error undoes the chunk it happens in and stops
 * the import, thrown as what was imported and where it stopped. The chunks before either stay, with a
 * clients.importXlsx entry saying the import stopped, and the preview can be confirmed again: what was
 * imported is then found as 已是客户. `chunkRows` (CHUNK_ROWS) is another chunk size only in tests.
 */
export async function commitXlsx(desk: Desk, req: CommitRequest, control: JobControl, options: { chunkRows?: number } = {}): Promise<IntakeCommitResult> {
  const pending = pendingOf(desk).get(req.token);
  if (!pending) throw new DeskError('NOT_FOUND', '导入预览已过期或已导入：请重新选择文件');
  if (pending.committing) throw new DeskError('CONFLICT', '这份预览正在导入：请等这次导入结束');
  pending.committing = true;
  try {
    const rows = pending.rows.filter((r) => r.status !== 'example');
    /** One per row written by a committed chunk, in the order of `rows`. */
    const results: CommitRows = [];
    /** The clients committed chunks wrote (a domain one of them holds is never given to another row). */
    let written: ReadonlySet<number> = new Set();
    let stop: Stop | undefined;
    // one chunk at least: an import of no rows still writes its clients.importXlsx entry
    for (;;) {
      if (control.cancelled) {
        stop = { cancelled: true };
        break;
      }
      const from = results.length;
      const at: { now: WriteStep } = { now: { step: 'begin' } };
      try {
        const chunk = await desk.sql.tx(async () => {
          const c = await writeChunk(desk, pending, rows, from, req, control, written, at, options.chunkRows ?? CHUNK_ROWS);
          if (c.next === rows.length) {
            at.now = { step: 'log' };
            await logImport(desk, [...results, ...c.results], rows.length, req);
          }
          at.now = { step: 'commit', lastRow: rows[c.next - 1]?.row };
          return c;
        });
        results.push(...chunk.results);
        written = chunk.written;
      } catch (err) {
        stop = { cancelled: false, err, at: at.now, from };
        break;
      }
      if (results.length >= rows.length) break;
      await (desk.sql.dialect.name === 'sqlite' ? new Promise((resolve) => setTimeout(resolve, SQLITE_CHUNK_GAP_MS)) : yieldToLoop());
    }
    if (!stop) {
      // a preview is confirmed once: a second confirm would find every row already a client
      pendingOf(desk).delete(req.token);
      return await resultOf(pending, results);
    }
    const imported = importedPart(rows, results);
    // what committed is in the log too, in a short transaction of its own
    let unlogged = '';
    if (results.length) {
      try {
        await desk.sql.tx(() => logImport(desk, results, rows.length, req, { stopped: stop.cancelled ? 'cancelled' : 'failed', lastRow: rows[results.length - 1]!.row }));
      } catch (err) {
        unlogged = `；导入日志未能写入（${reasonOf(err).why}）`;
      }
    }
    if (stop.cancelled) {
      const message = `已取消：${imported}${results.length ? '，其余未导入' : ''}${unlogged}`;
      return await resultOf(pending, [...results, ...rows.slice(results.length).map((r) => ({ row: r.row, name: r.name, outcome: 'cancelled' as const, message, entityId: null }))]);
    }
    const { code, why } = reasonOf(stop.err);
    throw new DeskError(code, `${imported}${results.length ? '；' : '：'}${stoppedPart(rows, stop, why)}${unlogged}。${results.length ? '修正后可再次确认导入：已导入的客户会被识别为已有客户（勾选“更新已有客户”则更新，否则跳过）' : '预览仍然有效，可以再次确认导入'}`);
  } finally {
    pending.committing = false;
  }
}

/** An error of the write as the operator is told it (SQLite's lock refusals as DB_BUSY; a lower layer's message never: it may quote personal values). */
function reasonOf(err: unknown): { code: ErrorCode; why: string } {
  const known = err instanceof DeskError ? err : dbBusyError(err);
  return known ? { code: known.code, why: known.message } : { code: 'INTERNAL', why: '写入数据库失败' };
}

/** 第 a 行, 第 a–b 行. */
const rowSpan = (a: number, b: number) => `第 ${a}${b > a ? `–${b}` : ''} 行`;

/** What the committed chunks wrote: 已导入第 a–b 行的 N 个客户, or 未导入任何客户. */
function importedPart(rows: readonly PendingRow[], results: CommitRows): string {
  if (!results.length) return '未导入任何客户';
  const span = rowSpan(rows[0]!.row, rows[results.length - 1]!.row);
  const clients = results.filter((x) => x.outcome === 'created' || x.outcome === 'updated').length;
  return clients ? `已导入${span}的 ${clients} 个客户` : `已处理${span}（其中没有新建或更新的客户）`;
}

/** Where a failed chunk stopped, and which rows it leaves unwritten. */
function stoppedPart(rows: readonly PendingRow[], stop: Extract<Stop, { cancelled: false }>, why: string): string {
  const first = rows[stop.from]?.row;
  const nothingBefore = stop.from === 0;
  const rest = (undone: string) => (first === undefined ? '' : nothingBefore ? `，${undone}` : `；第 ${first} 行起的行都未导入${undone ? `（${undone}）` : ''}`);
  switch (stop.at.step) {
    case 'begin':
      return `${nothingBefore ? '开始写入时' : `开始写入第 ${first} 行起的一批时`}出错（${why}）${nothingBefore ? '' : rest('')}`;
    case 'row': {
      const k = stop.at.row;
      const undone = first !== undefined && k > first ? `与该行同一批写入的${rowSpan(first, rows[rows.findIndex((r) => r.row === k) - 1]!.row)}已一并撤销` : '';
      return `第 ${k} 行出错（${why}）${nothingBefore ? (undone ? `，${undone}` : '') : `；${k === first ? '该行及其后的行都未导入' : `第 ${first} 行起的行都未导入（${undone}）`}`}`;
    }
    case 'log':
      return `写入导入日志时出错（${why}）${rest(first === undefined ? '' : '与导入日志同一批写入的行已一并撤销')}`;
    case 'commit':
      return `${first === undefined ? '提交时' : `提交${rowSpan(first, stop.at.lastRow ?? first)}时`}出错（${why}）${nothingBefore ? '' : rest('')}`;
  }
}

/** The clients.importXlsx entry: the counts of what was written, and for an import that stopped, how and after which row. */
async function logImport(desk: Desk, results: CommitRows, rows: number, req: CommitRequest, stopped?: { stopped: 'cancelled' | 'failed'; lastRow: number }): Promise<void> {
  await appendAudit(desk.ctx, { action: 'clients.importXlsx', targetType: 'desk', targetId: null, entityId: null, detail: { ...summaryOf(results), rows, mode: req.mode, update: req.update, ...stopped } });
}

/**
 * One chunk: the rows from rows[from], inside its transaction, until chunkRows rows or CHUNK_MS have been
 * written. Returns their results, where the next chunk starts and the clients written so far. Never yields to
 * the event loop: on SQLite anything that ran meanwhile would wait for the connection anyway.
 */
async function writeChunk(desk: Desk, pending: PendingImport, rows: readonly PendingRow[], from: number, req: CommitRequest, control: JobControl, writtenBefore: ReadonlySet<number>, at: { now: WriteStep }, chunkRows: number): Promise<{ results: CommitRows; next: number; written: ReadonlySet<number> }> {
  const results: CommitRows = [];
  const outcome = (r: PendingRow, o: IntakeOutcome, message: string, entityId: number | null = null) => results.push({ row: r.row, name: r.name, outcome: o, message, entityId });
  // a copy: the chunk's own clients count only once it has committed
  const written = new Set(writtenBefore);
  const started = performance.now();
  let i = from;
  for (; i < rows.length && i - from < chunkRows && (i === from || performance.now() - started < CHUNK_MS); i++) {
    const r = rows[i]!;
    at.now = { step: 'row', row: r.row };
    if (r.refused) {
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
        // matched again at write time, in the transaction: another window may have added the client since the
        // preview (or an earlier confirm of this preview that stopped part-way imported it)
        const holder = await entityWithCertNumber(desk.ctx, parsed.data.entity.certNumber);
        // and V-DOM-11 again: another window may have given one of its domains to another client since the
        // preview (refused as the preview would have under 仅导入无阻断; 全部导入 lets a rule's finding through,
        // as the form does, but never a domain a row of this import was written with)
        const domains = asciiDomains(parsed.data);
        const owner = holder && !req.update ? undefined : (await domainOwners(desk.ctx, domains.map((x) => x.ascii), holder?.id ?? null)).find((o) => req.mode === 'valid' || written.has(o.entityId));
        if (holder && !req.update) {
          outcome(r, 'skipped', `已是客户（编号 ${holder.id}），未更新：选择“更新已有客户”后再导入`, holder.id);
        } else if (owner) {
          const shown = domains.find((x) => x.ascii === owner.domain)?.d ?? owner.domain;
          outcome(r, 'skipped', `未导入：域名“${shown}”已登记在客户“${owner.name}”（编号 ${owner.entityId}）名下：${ONE_DOMAIN_ONE_SUBJECT}`);
        } else {
          try {
            // a row refused half-way leaves none of its writes, and the chunk goes on
            await desk.sql.savepoint(async () => {
              if (holder) {
                const { notes } = await updateClientFromRecord(desk, holder.id, parsed.data, 'xlsx', pending.columns);
                outcome(r, 'updated', `已更新客户（编号 ${holder.id}）${notes.length ? `；${notes.join('；')}（导入不删除已登记的域名和首页）` : ''}`, holder.id);
                written.add(holder.id);
              } else {
                const [created] = await createClients(desk, [parsed.data]);
                await appendAudit(desk.ctx, { action: 'entity.import', targetType: 'entity', targetId: created!.id, entityId: created!.id, detail: { source: 'xlsx', updated: false } });
                outcome(r, 'created', `已新建客户（编号 ${created!.id}）`, created!.id);
                written.add(created!.id);
              }
            });
          } catch (err) {
            if (!(err instanceof DeskError && ROW_REFUSALS.has(err.code))) throw err;
            outcome(r, 'failed', `未导入：${err.message}`);
          }
        }
      }
    }
    control.progress(i + 1, rows.length);
  }
  return { results, next: i, written };
}

function summaryOf(results: CommitRows) {
  const count = (o: IntakeOutcome) => results.filter((x) => x.outcome === o).length;
  return { created: count('created'), updated: count('updated'), skipped: count('skipped') + count('cancelled'), failed: count('failed') };
}

async function resultOf(pending: PendingImport, results: CommitRows): Promise<IntakeCommitResult> {
  const byRow = new Map(results.map((x) => [x.row, x.message]));
  for (const r of pending.rows) if (r.status === 'example') byRow.set(r.row, '示例行，未导入');
  const resultFile = await withResultColumn(pending.data, pending.fileName, pending.sheet, byRow);
  return { ...summaryOf(results), rows: results, resultFileName: resultName(pending.fileName), resultBase64: resultFile.toString('base64') };
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
