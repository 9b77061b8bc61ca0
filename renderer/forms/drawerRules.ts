// Which finding of an edited client lands on which field of an edit drawer (see FormDrawer's live rules).
import type { Finding } from '../../main/api/contract';

type Name = (string | number)[];

/** 编辑主体信息: findings under `entity`; the principal is chosen by person id there. */
export function entityDrawerField(path: Finding['path']): Name | null {
  if (path[0] !== 'entity') return null;
  if (path[1] === 'principal') return ['principalPersonId'];
  return path.length >= 2 ? [path[1]!] : [];
}

/** 编辑网站 / 编辑负责人: findings of the edited item (its place in the checked record is `index`). */
export function itemDrawerField(scope: 'websites' | 'people', path: Finding['path'], index: number | null): Name | null {
  if (path[0] !== scope || index === null || path[1] !== index) return null;
  if (path[2] === 'principal') return ['principalPersonId'];
  // a finding about the whole list of domains or homepages has no one field to sit on
  if (path.length < 3 || ((path[2] === 'domains' || path[2] === 'homepages') && path.length === 3)) return [];
  return path.slice(2);
}
