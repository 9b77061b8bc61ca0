// Picking clients by typing part of a name, domain or 备案号 (searched in the core, not loaded whole).
import { Select } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../api';

interface Option {
  value: number;
  label: string;
}

export function ClientPicker({ value, onChange, multiple = false, placeholder = '搜索客户名称、域名或备案号' }: { value?: number | number[]; onChange(v: number | number[]): void; multiple?: boolean; placeholder?: string }) {
  const [options, setOptions] = useState<Option[]>([]);
  const [query, setQuery] = useState('');
  useEffect(() => {
    let live = true;
    const t = setTimeout(() => {
      void api('entity.list', { query: query || undefined, limit: 50, sortBy: 'updatedAt', sortDir: 'desc' }).then(
        (r) => live && setOptions((prev) => {
          const keep = prev.filter((o) => (Array.isArray(value) ? value.includes(o.value) : o.value === value));
          const fresh = r.items.map((i) => ({ value: i.id, label: `${i.name}（${i.domains[0] ?? '无域名'}）` }));
          return [...keep, ...fresh.filter((f) => !keep.some((k) => k.value === f.value))];
        }),
        () => undefined,
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [query, value]);
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setQuery }}
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
