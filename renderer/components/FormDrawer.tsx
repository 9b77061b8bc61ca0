// A drawer holding one form: 保存 submits, the API's field errors land on the fields, anything else shows
// above the buttons. Used by every edit drawer so they behave alike.
import { Alert, Button, Drawer, Form, Space, type FormInstance } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { applyServerErrors } from '../forms/zodRules';

export interface FormDrawerProps<T> {
  title: string;
  open: boolean;
  form: FormInstance<T>;
  /** How many leading segments of the API's error paths the form's names lack (e.g. ['person', …] → 2 with the id). */
  strip: number;
  initialValues?: Partial<T>;
  onClose(): void;
  onSubmit(values: T): Promise<void>;
  children: ReactNode;
}

export function FormDrawer<T extends object>({ title, open, form, strip, initialValues, onClose, onSubmit, children }: FormDrawerProps<T>) {
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (initialValues) form.setFieldsValue(initialValues as Parameters<typeof form.setFieldsValue>[0]);
    setProblem(null);
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
          <Button type="primary" loading={saving} onClick={() => form.submit()}>
            保存
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" onFinish={submit} scrollToFirstError>
        {children}
        {problem ? <Alert type="error" showIcon message={problem} /> : null}
      </Form>
    </Drawer>
  );
}
