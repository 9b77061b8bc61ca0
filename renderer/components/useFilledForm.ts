// A settings form shows what the desk stores: it is filled from the stored values whenever they are read,
// and stays disabled until they first are. Typed into before they arrive, the form had its typing overwritten
// by them, and a save made then went out without the version the form had read (refused: 缺少设置的版本号);
// an e2e test that typed and saved at once, on a loaded machine, saw exactly that.
import type { FormInstance } from 'antd';
import { useEffect, useState } from 'react';

/** Fills `form` with `stored` each time it is read; true once it has been (the form's `disabled` until then). */
export function useFilledForm<V>(form: FormInstance<V>, stored: V | undefined): boolean {
  const [filled, setFilled] = useState(false);
  useEffect(() => {
    if (!stored) return;
    form.setFieldsValue(stored as Parameters<FormInstance<V>['setFieldsValue']>[0]);
    setFilled(true);
  }, [stored, form]);
  return filled;
}
