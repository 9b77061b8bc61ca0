// Sheet rows ↔ the client record (record-format.md v1): one client row (主体 + 主体负责人) and its website
// rows make one record; a finding's record path leads back to the cell it came from.
import type { ClientRecord } from '../domain/schemas';
import type { CellRef, ClientSheetRows, LayoutRow, SheetRow } from './xlsxWorkbook';

const NULLABLE = new Set(['entity.icpNumber', 'person.certValidFrom', 'person.certValidTo', 'website.icpNumber']);
const PRINCIPAL = 'p1';

function fieldsOf(row: SheetRow, prefix: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of row.values) {
    if (!key.startsWith(`${prefix}.`)) continue;
    const field = key.slice(prefix.length + 1);
    if (value === '' && NULLABLE.has(key)) out[field] = null;
    // optional in the record: left out when empty, as in an export (languages then take their default)
    else if ((value === '' && key === 'entity.certValidTo') || (Array.isArray(value) && value.length === 0 && key === 'website.languages')) continue;
    else out[field] = value;
  }
  return out;
}

/** The raw record (as the record format reads it, not yet validated) of a client row and its website rows. */
export function recordFromRows(client: SheetRow, websites: readonly SheetRow[]): Record<string, unknown> {
  return {
    formatVersion: 1,
    entity: { ...fieldsOf(client, 'entity'), principal: PRINCIPAL },
    people: [{ id: PRINCIPAL, ...fieldsOf(client, 'person') }],
    websites: websites.map((w) => ({ ...fieldsOf(w, 'website'), principal: PRINCIPAL })),
  };
}

/**
 * The cell a finding's path points at: entity.* and people.0.* on the client row, websites.i.* on the
 * i-th website row (the website's own row when the agency's sheet keeps it on the client row); null when
 * the path names no column (the record as a whole, another person).
 */
export function cellOfPath(path: readonly (string | number)[], client: SheetRow, websites: readonly SheetRow[]): CellRef | null {
  const [head, a, b] = path;
  if (head === 'entity' && typeof a === 'string') return client.cells.get(`entity.${a}`) ?? null;
  if (head === 'people' && a === 0 && typeof b === 'string') return client.cells.get(`person.${b}`) ?? null;
  if (head === 'websites' && typeof a === 'number') {
    const w = websites[a];
    if (!w) return null;
    return (typeof b === 'string' ? w.cells.get(`website.${b}`) : undefined) ?? { ...[...w.cells.values()][0]!, column: '', header: '' };
  }
  return null;
}

/** A record as sheet rows: the 主体负责人 on the client row, every website on its own row linked by 主体证件号码. */
export function rowsOfRecord(r: ClientRecord): ClientSheetRows {
  const principal = r.people.find((p) => p.id === r.entity.principal) ?? r.people[0];
  const client: LayoutRow = {};
  for (const [k, v] of Object.entries(r.entity)) if (k !== 'principal') client[`entity.${k}`] = v as string | null;
  if (principal) for (const [k, v] of Object.entries(principal)) if (k !== 'id') client[`person.${k}`] = v as string | null;
  const websites = r.websites.map((w) => {
    const row: LayoutRow = { 'link.certNumber': r.entity.certNumber };
    for (const [k, v] of Object.entries(w)) if (k !== 'principal') row[`website.${k}`] = v as string | readonly string[] | null;
    return row;
  });
  return { client, websites };
}
