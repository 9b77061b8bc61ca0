// Findings while the user types: the record being edited is checked by the core (debounced) and each
// finding is put next to its field in its severity's colour (阻断 red, 警告 orange); saving is never
// blocked by them. A field shows a finding only once the operator has touched it (choosing a province
// must not fire messages about fields nobody has typed yet), and not when the field's own format check
// already says what is wrong — one message per problem. The panel beside the form lists them all.
import type { FormInstance } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CheckResult, Finding } from '../../main/api/contract';
import { api } from '../api';

const DEBOUNCE_MS = 400;

type Name = (string | number)[];
interface Placed {
  name: Name;
  errors: string[];
  warnings: string[];
}

const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Places findings on their fields and takes back what an earlier run placed and no longer applies. */
function placeFindings(form: FormInstance, findings: Finding[], nameFor: (path: Finding['path']) => Name | null, shown: Map<string, Placed>, untouchedToo: boolean): Map<string, Placed> {
  const next = new Map<string, Placed>();
  for (const f of findings) {
    if (f.severity === 'info') continue;
    const name = nameFor(f.path);
    if (!name?.length || (!untouchedToo && !form.isFieldTouched(name))) continue;
    const key = JSON.stringify(name);
    const before = shown.get(key);
    const own = form.getFieldError(name).filter((m) => !before?.errors.includes(m));
    if (own.length) continue; // the field's own check already speaks about it
    const entry = next.get(key) ?? { name, errors: [], warnings: [] };
    (f.severity === 'error' ? entry.errors : entry.warnings).push(`${f.message}（${f.ruleId}）`);
    next.set(key, entry);
  }
  const updates: { name: Name; errors?: string[]; warnings?: string[] }[] = [];
  for (const [key, old] of shown) {
    if (next.has(key)) continue;
    // only what this hook put there is taken back; a format error the field raised since stays
    const errors = form.getFieldError(old.name);
    updates.push({ name: old.name, warnings: [], ...(same(errors, old.errors) ? { errors: [] } : {}) });
  }
  for (const p of next.values()) updates.push({ name: p.name, errors: p.errors, warnings: p.warnings });
  if (updates.length) form.setFields(updates);
  return next;
}

/** The live check with any checker: the new-client form checks a record, edit drawers an edit of a stored client. */
export function useLiveCheck<R extends CheckResult>(
  form: FormInstance,
  check: () => Promise<R | null>,
  nameFor: (path: Finding['path'], result: R) => Name | null,
  /** An edit drawer shows the stored values' findings at once: they are the operator's, not a blank form's. */
  { untouchedToo = false }: { untouchedToo?: boolean } = {},
) {
  const [result, setResult] = useState<R | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const shown = useRef(new Map<string, Placed>());

  const run = useCallback(async () => {
    try {
      const r = await check();
      if (!r) return;
      setResult(r);
      shown.current = placeFindings(form, r.findings, (p) => nameFor(p, r), shown.current, untouchedToo);
    } catch {
      // a failed check leaves the previous findings; the save itself reports real errors
    }
  }, [check, nameFor, form, untouchedToo]);

  const schedule = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void run(), DEBOUNCE_MS);
  }, [run]);

  const reset = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    shown.current = new Map();
    setResult(null);
  }, []);

  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  return { result, schedule, runNow: run, reset };
}

export function useLiveFindings(
  form: FormInstance,
  buildRecord: () => unknown | null,
  /** Form field name for a finding's path, or null when the form has no such field. */
  nameFor: (path: Finding['path']) => Name | null,
  entityId: number | null = null,
) {
  const check = useCallback(async () => {
    const record = buildRecord();
    return record ? api('rules.check', { record, entityId }) : null;
  }, [buildRecord, entityId]);
  return useLiveCheck(form, check, nameFor);
}
