// Picking clients by typing part of a name, domain or 备案号 (searched in the core, not loaded whole).
import { keepPreviousData } from '@tanstack/react-query';
import { Select } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { resource } from '../query/keys';
import { useApiQuery } from '../query/useApiQuery';

interface Option {
  value: number;
  label: string;
}

const TYPING_PAUSE_MS = 250;

export function ClientPicker({ value, onChange, multiple = false, placeholder = '搜索客户名称、域名或备案号' }: { value?: number | number[]; onChange(v: number | number[]): void; multiple?: boolean; placeholder?: string }) {
  const [typed, setTyped] = useState('');
  const [query, setQuery] = useState('');
  useEffect(() => {
    const t = setTimeout(() => setQuery(typed), TYPING_PAUSE_MS);
    return () => clearTimeout(t);
  }, [typed]);
  // the hits of the last search stay while the next one loads; an older search's late answer is dropped
  const found = useApiQuery(resource.lists, 'entity.list', { query: query || undefined, limit: 50, sortBy: 'updatedAt', sortDir: 'desc' }, { placeholderData: keepPreviousData }).data;
  // the chosen clients keep their labels when a later search no longer finds them
  const labels = useRef(new Map<number, string>());
  const options = useMemo<Option[]>(() => {
    const fresh = (found?.items ?? []).map((i) => ({ value: i.id, label: `${i.name}（${i.domains[0] ?? '无域名'}）` }));
    for (const o of fresh) labels.current.set(o.value, o.label);
    const chosen = (Array.isArray(value) ? value : value !== undefined ? [value] : []).filter((v) => labels.current.has(v)).map((v) => ({ value: v, label: labels.current.get(v)! }));
    return [...chosen, ...fresh.filter((f) => !chosen.some((c) => c.value === f.value))];
  }, [found, value]);
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setTyped }}
      mode={multiple ? 'multiple' : undefined}
      value={value}
      onChange={onChange}
      options={options}
      placeholder={placeholder}
      style={{ width: '100%' }}
      aria-label="选择客户"
    />
  );
}
