// A drawer holding one form: 保存 submits, the API's field errors land on the fields, anything else shows
// above the buttons. Used by every edit drawer so they behave alike.
import { Alert, Button, Drawer, Form, Space, Spin, type FormInstance } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { applyServerErrors } from '../forms/zodRules';

export interface FormDrawerProps<T> {
  title: string;
  open: boolean;
  form: FormInstance<T>;
  /** How many leading segments of the API's error paths the form's names lack (e.g. ['person', …] → 2 with the id). */
  strip: number;
  initialValues?: Partial<T>;
  /** Loads the values to edit when the drawer opens (e.g. personal numbers revealed for editing). */
  load?: () => Promise<Partial<T>>;
  /** A field to scroll to once the drawer has its values (from a rule finding's “定位”). */
  focusField?: (string | number)[] | null;
  onClose(): void;
  onSubmit(values: T): Promise<void>;
  children: ReactNode;
}

export function FormDrawer<T extends object>({ title, open, form, strip, initialValues, load, focusField, onClose, onSubmit, children }: FormDrawerProps<T>) {
  const [saving, setSaving] = useState(false);
  const [loading, setLoading] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    let live = true;
    form.resetFields();
    if (initialValues) form.setFieldsValue(initialValues as Parameters<typeof form.setFieldsValue>[0]);
    setProblem(null);
    const focus = () => {
      if (live && focusField) setTimeout(() => form.scrollToField(focusField, { block: 'center', focus: true }), 300);
    };
    if (load) {
      setLoading(true);
      load()
        .then((v) => live && form.setFieldsValue(v as Parameters<typeof form.setFieldsValue>[0]))
        .catch((err: unknown) => live && setProblem(err instanceof Error ? err.message : '加载失败'))
        .finally(() => {
          if (live) setLoading(false);
          focus();
        });
    } else focus();
    return () => {
      live = false;
    };
    // load is recreated by callers on every render; the drawer loads once per opening
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, initialValues, form]);

  async function submit(values: T) {
    setSaving(true);
    try {
      await onSubmit(values);
      onClose();
    } catch (err) {
      setProblem(applyServerErrors(form, err, strip)?.message ?? '请修改标红的字段后再保存');
    } finally {
      setSaving(false);
    }
  }

  return (
    <Drawer
      title={title}
      width={900}
      open={open}
      onClose={onClose}
      forceRender
      extra={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={saving} disabled={loading} onClick={() => form.submit()}>
            保存
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" onFinish={submit} scrollToFirstError disabled={loading}>
        {loading ? <Spin style={{ display: 'block', marginBottom: 12 }} tip="正在读取…" /> : null}
        {children}
        {problem ? <Alert type="error" showIcon message={problem} /> : null}
      </Form>
    </Drawer>
  );
}
