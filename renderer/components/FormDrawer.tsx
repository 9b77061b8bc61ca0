// A drawer holding one form: 保存 submits, the API's field errors land on the fields, anything else shows
// above the buttons. Used by every edit drawer so they behave alike. A record's version (rowVersion in
// what `load` or `initialValues` give) is kept out of the form and handed to `onSubmit`; a save someone
// else's save made stale (EDIT_CONFLICT) opens EditConflictModal: 重新载入 or 仍然保存 over the new version.
import { Alert, Button, Card, Col, Drawer, Form, Row, Space, Spin, Typography, type FormInstance } from 'antd';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { CheckResult, EditConflict, Finding } from '../../main/api/contract';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../api';
import { EditConflictModal } from './EditConflictModal';
import { useLiveCheck } from '../forms/liveFindings';
import { applyServerErrors } from '../forms/zodRules';
import { useSubmit } from '../query/useSubmit';
import { FindingsList, ReadinessBadge } from './Findings';

/** The edit drawers' live rules: the same check and findings panel as the new-client form. */
export interface DrawerLiveRules<T, R extends CheckResult = CheckResult & { index: number | null }> {
  check(values: T): Promise<R>;
  /** The drawer's field for a finding of the checked record: [] when it is about this drawer but no one field, null when it is not about this drawer. */
  nameFor(path: Finding['path'], result: R): (string | number)[] | null;
}

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
  live?: DrawerLiveRules<T>;
  onClose(): void;
  /** rowVersion: the version of the record the form shows (null for a new record), to send with the save. */
  onSubmit(values: T, rowVersion: number | null): Promise<void>;
  children: ReactNode;
}

/** The values without their record version, and the version. */
function splitVersion<T>(values: Partial<T> & { rowVersion?: unknown }): [Partial<T>, number | null] {
  const { rowVersion, ...rest } = values;
  return [rest as Partial<T>, typeof rowVersion === 'number' ? rowVersion : null];
}

export function FormDrawer<T extends object>({ title, open, form, strip, initialValues, load, focusField, live, onClose, onSubmit, children }: FormDrawerProps<T>) {
  const [loading, setLoading] = useState(false);
  const [loadProblem, setProblem] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const version = useRef<number | null>(null);
  const [conflict, setConflict] = useState<EditConflict | null>(null);
  const liveRef = useRef(live);
  liveRef.current = live;
  const check = useCallback(async () => (liveRef.current ? liveRef.current.check(form.getFieldsValue(true) as T) : null), [form]);
  const nameFor = useCallback((path: Finding['path'], r: CheckResult & { index: number | null }) => liveRef.current?.nameFor(path, r) ?? null, []);
  const rules = useLiveCheck(form, check, nameFor, { untouchedToo: true });
  // the API's field errors go onto the fields; what names no field shows above the buttons; a stale save asks what to do
  const save = useSubmit((values: T) => onSubmit(values, version.current), {
    onDone: onClose,
    onRefused: (err) => {
      const body = applyServerErrors(form, err, strip);
      // the validation before the save cleared the live marks; the API's messages placed above take precedence
      if (liveRef.current) void rules.runNow();
      if (err instanceof ApiError && err.body.code === 'EDIT_CONFLICT' && err.body.conflict) {
        setConflict(err.body.conflict);
        return null;
      }
      return [body?.message ?? '请修改标红的字段后再保存'];
    },
  });
  const { clearProblem } = save;
  const problem = save.problem?.[0] ?? loadProblem;

  /** Reads the record into the form (on opening, and on 重新载入 after a conflict); `isLive` turns false once the drawer has moved on. */
  const fill = (isLive: () => boolean, then: () => void) => {
    form.resetFields();
    const [initial, initialVersion] = splitVersion<T>(initialValues ?? {});
    version.current = initialVersion;
    if (initialValues) form.setFieldsValue(initial as Parameters<typeof form.setFieldsValue>[0]);
    setProblem(null);
    clearProblem();
    rules.reset();
    if (load) {
      setLoading(true);
      load()
        .then((v) => {
          if (!isLive()) return;
          const [values, loadedVersion] = splitVersion<T>(v);
          if (loadedVersion !== null) version.current = loadedVersion;
          form.setFieldsValue(values as Parameters<typeof form.setFieldsValue>[0]);
        })
        .catch((err: unknown) => isLive() && setProblem(err instanceof Error ? err.message : '加载失败'))
        .finally(() => {
          if (isLive()) setLoading(false);
          then();
          if (isLive()) void rules.runNow();
        });
    } else {
      then();
      void rules.runNow();
    }
  };

  useEffect(() => {
    if (!open) return;
    let live = true;
    setConflict(null);
    fill(() => live, () => {
      if (live && focusField) setTimeout(() => form.scrollToField(focusField, { block: 'center', focus: true }), 300);
    });
    return () => {
      live = false;
    };
    // load is recreated by callers on every render; the drawer loads once per opening
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, initialValues, form]);

  const reload = () => {
    setConflict(null);
    fill(() => open, () => undefined);
    // the page behind the drawer showed the record as it was before the other save, too
    void queryClient.invalidateQueries();
  };
  const reapply = () => {
    // the operator chose to write their values over the version now stored, knowing what it changed
    if (conflict) version.current = conflict.currentVersion;
    setConflict(null);
    form.submit();
  };

  const submit = (values: T) => void save.submit(values);

  return (
    <Drawer
      title={title}
      width={live ? 1240 : 900}
      open={open}
      onClose={onClose}
      forceRender
      extra={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={save.busy} disabled={loading} onClick={() => form.submit()}>
            保存
          </Button>
        </Space>
      }
    >
      <Row gutter={16} wrap={false}>
        <Col flex="auto" style={{ minWidth: 0 }}>
          <Form
            form={form}
            layout="vertical"
            onFinish={submit}
            onValuesChange={live ? rules.schedule : undefined}
            // a refused validation cleared every field's messages, the live marks with them: put them back
            onFinishFailed={live ? () => void rules.runNow() : undefined}
            scrollToFirstError
            disabled={loading}
          >
            {loading ? <Spin style={{ display: 'block', marginBottom: 12 }} tip="正在读取…" /> : null}
            {children}
            {problem ? <Alert type="error" showIcon message={problem} /> : null}
          </Form>
        </Col>
        {live ? (
          <Col flex="340px">
            <Card size="small" title="备案规则检查" data-testid="drawer-findings" extra={rules.result && rules.result.counts.error + rules.result.counts.warning > 0 ? <ReadinessBadge counts={rules.result.counts} /> : null}>
              {rules.result ? (
                <FindingsList
                  findings={rules.result.findings.filter((f) => f.severity !== 'info' && live.nameFor(f.path, rules.result!) !== null)}
                  empty="本页内容未发现阻断或警告"
                  onLocate={(f) => {
                    const name = live.nameFor(f.path, rules.result!);
                    if (name?.length) form.scrollToField(name, { block: 'center', focus: true });
                  }}
                />
              ) : (
                <Typography.Text type="secondary">正在检查…</Typography.Text>
              )}
            </Card>
          </Col>
        ) : null}
      </Row>
      <EditConflictModal conflict={conflict} busy={save.busy} onReload={reload} onReapply={reapply} onCancel={() => setConflict(null)} />
    </Drawer>
  );
}
