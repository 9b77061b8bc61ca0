// The settings forms are saved over the version they read, like the edit drawers: a save made stale by
// someone else's (EDIT_CONFLICT) opens the same 重新载入 / 仍然保存 choice instead of overwriting them.
// The form keeps the version in a hidden `rowVersion` field, so every save sends it back.
import type { FormInstance } from 'antd';
import { useState, type ReactNode } from 'react';
import type { EditConflict } from '../../main/api/contract';
import { ApiError } from '../api';
import { EditConflictModal } from './EditConflictModal';

export function useSettingsConflict<V extends { rowVersion: number }>(form: FormInstance<V>, reread: () => Promise<{ data?: V | undefined }>): { caught(err: unknown): boolean; modal: ReactNode } {
  const [conflict, setConflict] = useState<EditConflict | null>(null);
  /** Whether a refused save was a conflict (then the choice opens); other refusals are the caller's. */
  const caught = (err: unknown): boolean => {
    if (!(err instanceof ApiError && err.body.code === 'EDIT_CONFLICT' && err.body.conflict)) return false;
    setConflict(err.body.conflict);
    return true;
  };
  const reload = () => {
    setConflict(null);
    void reread().then((r) => {
      if (r.data) form.setFieldsValue(r.data as Parameters<FormInstance<V>['setFieldsValue']>[0]);
    });
  };
  const reapply = () => {
    // the operator's values written over the version now stored, knowing what it changed
    if (conflict) form.setFieldsValue({ rowVersion: conflict.currentVersion } as Parameters<FormInstance<V>['setFieldsValue']>[0]);
    setConflict(null);
    form.submit();
  };
  return { caught, modal: <EditConflictModal conflict={conflict} busy={false} onReload={reload} onReapply={reapply} onCancel={() => setConflict(null)} /> };
}
