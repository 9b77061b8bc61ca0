// The provider profiles (腾讯云, 阿里云, 青云, 通用) as the desk's data file has them: the renderer keeps no
// list of its own. Read once per session and kept; the selects and labels of every screen use this.
import { useMemo } from 'react';
import type { MethodOutput } from '../../main/api/contract';
import { resource } from './keys';
import { useApiQuery } from './useApiQuery';

export interface ProviderOption {
  value: string;
  label: string;
}

export type ProviderProfile = MethodOutput<'providers.list'>[number];

export function useProviders(): { options: ProviderOption[]; label(id: string): string; profiles: ProviderProfile[]; loaded: boolean } {
  const { data } = useApiQuery(resource.catalog, 'providers.list', {}, { staleTime: Infinity, gcTime: Infinity });
  return useMemo(() => {
    const options = (data ?? []).map((p) => ({ value: p.id, label: p.name }));
    const names = new Map(options.map((o) => [o.value, o.label]));
    return { options, label: (id: string) => names.get(id) ?? id, profiles: data ?? [], loaded: data !== undefined };
  }, [data]);
}
