// Findings while the user types: the record being edited is checked by the core (debounced) and each
// finding is put next to its field as a warning; saving is never blocked by them.
import type { FormInstance } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CheckResult, Finding } from '../../main/api/contract';
import { api } from '../api';

const DEBOUNCE_MS = 400;

export function useLiveFindings(
  form: FormInstance,
  buildRecord: () => unknown | null,
  /** Form field name for a finding's path, or null when the form has no such field. */
  nameFor: (path: Finding['path']) => (string | number)[] | null,
  entityId: number | null = null,
) {
  const [result, setResult] = useState<CheckResult | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const shown = useRef<(string | number)[][]>([]);

  const run = useCallback(async () => {
    const record = buildRecord();
    if (!record) return;
    try {
      const r = await api('rules.check', { record, entityId });
      setResult(r);
      const byField = new Map<string, { name: (string | number)[]; warnings: string[] }>();
      for (const f of r.findings) {
        const name = nameFor(f.path);
        if (!name) continue;
        const key = JSON.stringify(name);
        const entry = byField.get(key) ?? { name, warnings: [] };
        entry.warnings.push(`${f.message}（${f.ruleId}）`);
        byField.set(key, entry);
      }
      const next = [...byField.values()];
      const cleared = shown.current.filter((n) => !byField.has(JSON.stringify(n))).map((name) => ({ name, warnings: [] as string[] }));
      form.setFields([...cleared, ...next]);
      shown.current = next.map((n) => n.name);
    } catch {
      // a failed check leaves the previous findings; the save itself reports real errors
    }
  }, [buildRecord, nameFor, entityId, form]);

  const schedule = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void run(), DEBOUNCE_MS);
  }, [run]);

  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  return { result, schedule, runNow: run };
}
