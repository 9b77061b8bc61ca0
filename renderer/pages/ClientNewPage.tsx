// 新建客户: 主体, its people and (optionally) websites in one form, saved as one client record in one
// transaction. Field messages come from the domain schemas; the API's answer lands on the same fields.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Form, Row, Select, Space, Typography } from 'antd';
import { useCallback, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type { ClientRecordInput, Finding } from '../../main/api/contract';
import { FindingsList, ReadinessBadge } from '../components/Findings';
import { useLiveFindings } from '../forms/liveFindings';
import { api } from '../api';
import { EntityFieldsGroup } from '../forms/EntityFieldsGroup';
import { PersonFieldsGroup } from '../forms/PersonFieldsGroup';
import { NEW_WEBSITE_DEFAULTS, WebsiteFieldsGroup } from '../forms/WebsiteFieldsGroup';
import { applyServerErrors } from '../forms/zodRules';
import { prefillPersonalPrincipal } from '../forms/personalPrefill';
import { indexAfterRemoval } from '../forms/personRows';
import { DocumentReader, type ReadPhoto } from '../components/DocumentReader';
import { fileToBase64 } from '../components/download';
import type { DocumentKind, FieldProposal } from '../../main/api/contract';

interface FormValues {
  entity: Omit<ClientRecordInput['entity'], 'principal'>;
  principalIndex: number;
  people: Omit<ClientRecordInput['people'][number], 'id'>[];
  websites?: (Omit<NonNullable<ClientRecordInput['websites']>[number], 'principal'> & { principalIndex: number })[];
}

export function toRecord(v: FormValues): ClientRecordInput {
  const key = (i: number) => `p${i + 1}`;
  return {
    formatVersion: 1,
    entity: { ...v.entity, principal: key(v.principalIndex ?? 0) },
    people: (v.people ?? []).map((p, i) => ({ ...p, id: key(i) })),
    websites: (v.websites ?? []).map(({ principalIndex, ...w }) => ({ ...w, principal: key(principalIndex ?? 0) })),
  };
}

/** Where a rule finding about the record lands in this form. */
function fieldFor(path: Finding['path']): (string | number)[] | null {
  if (path[0] === 'entity' && path[1] === 'principal') return ['principalIndex'];
  if (path[0] === 'websites' && path[2] === 'principal') return ['websites', path[1]!, 'principalIndex'];
  if (path[0] === 'filing' || path.length < 2) return null;
  if (path[0] === 'websites' && (path[2] === 'domains' || path[2] === 'homepages') && path.length === 3) return null;
  return path;
}

export function ClientNewPage() {
  const [form] = Form.useForm<FormValues>();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const prefilled = useRef({});
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  // Photos a value was accepted from: stored as the new client's materials once it is saved.
  const acceptedPhotos = useRef(new Map<File, { kind: DocumentKind; personIndex: number }>());
  const people = (Form.useWatch('people', form) ?? []) as { name?: string }[];
  const personOptions = people.map((p, i) => ({ value: i, label: p?.name?.trim() || `负责人 ${i + 1}` }));
  const buildRecord = useCallback(() => toRecord(form.getFieldsValue(true) as FormValues), [form]);
  const live = useLiveFindings(form, buildRecord, fieldFor);
  const principalRule = {
    validator: async (_r: unknown, v: number | undefined) => {
      if (v === undefined || v === null || v >= people.length) throw new Error('请选择负责人');
    },
  };

  /** An accepted value from a licence or ID photo goes into its form field (ID values to the 主体负责人). */
  function acceptReading(p: FieldProposal, photo: ReadPhoto) {
    const kind = photo.reading!.kind;
    const personIndex = (form.getFieldValue('principalIndex') as number | undefined) ?? 0;
    const fields: { name: (string | number)[]; value: string }[] = [];
    for (const [target, value] of Object.entries(p.fill)) {
      const [side, field] = target.split('.') as ['entity' | 'person', string];
      fields.push({ name: side === 'entity' ? ['entity', field] : ['people', personIndex, field], value: value! });
    }
    // A 统一社会信用代码 read off a licence: the 主体 is an enterprise with a business licence unless already set otherwise.
    if (p.fill['entity.certNumber'] && !form.getFieldValue(['entity', 'nature'])) {
      fields.push({ name: ['entity', 'nature'], value: '企业' }, { name: ['entity', 'certType'], value: '工商营业执照（统一社会信用代码证书）' });
    }
    // the names are built at run time from the proposal's targets, so antd's typed paths cannot follow them
    form.setFields(fields.map((f) => ({ ...f, touched: true })) as Parameters<typeof form.setFields>[0]);
    void form.validateFields(fields.map((f) => f.name) as Parameters<typeof form.validateFields>[0]).catch(() => undefined);
    prefillPersonalPrincipal(form, prefilled.current);
    live.schedule();
    acceptedPhotos.current.set(photo.file, { kind, personIndex });
  }

  /**
   * Removes 负责人 row `index`. The rows below move up, so every reference to a row by its index is moved
   * too: an ID photo accepted for a later row stays with its person (not stored under the neighbour who
   * takes the index), and the photos of the removed person are not stored at all; a 主体/网站负责人 that
   * was the removed person is cleared, to be chosen again.
   */
  function removePerson(index: number, remove: (index: number) => void) {
    for (const [file, photo] of acceptedPhotos.current) {
      if (photo.kind === 'licence') continue; // the 主体's, whoever was chosen when it was accepted
      const at = indexAfterRemoval(photo.personIndex, index);
      if (at !== undefined) photo.personIndex = at;
      else {
        acceptedPhotos.current.delete(file);
        message.info(`负责人 ${index + 1} 已移除：照片“${file.name}”不再存为材料`);
      }
    }
    const websites = (form.getFieldValue('websites') ?? []) as { principalIndex?: number }[];
    const principal = indexAfterRemoval(form.getFieldValue('principalIndex') as number | undefined, index);
    remove(index);
    form.setFieldValue('principalIndex', principal);
    websites.forEach((w, i) => form.setFieldValue(['websites', i, 'principalIndex'], indexAfterRemoval(w?.principalIndex, index)));
    live.schedule();
  }

  async function storeAcceptedPhotos(created: { id: number; personIds: Record<string, number> }): Promise<number> {
    let stored = 0;
    for (const [file, { kind, personIndex }] of acceptedPhotos.current) {
      try {
        await api('material.add', { entityId: created.id, personId: kind === 'licence' ? null : (created.personIds[`p${personIndex + 1}`] ?? null), kind, fileName: file.name, contentBase64: await fileToBase64(file) });
        stored++;
      } catch (err) {
        message.error(`照片“${file.name}”未能存为材料：${err instanceof Error ? err.message : ''}，请在客户的“材料”页重新添加`);
      }
    }
    return stored;
  }

  async function submit(values: FormValues) {
    setSaving(true);
    setProblem(null);
    try {
      const created = await api('entity.create', { record: toRecord(values) });
      const stored = await storeAcceptedPhotos(created);
      message.success(stored ? `客户已保存，${stored} 张证件照片已存为材料` : '客户已保存');
      void navigate(`/clients/${created.id}`);
    } catch (err) {
      const rest = applyServerErrors(form, err, 1);
      setProblem(rest ? rest.message : '请修改标红的字段后再保存');
      // the validation before the save cleared the live marks; the API's messages placed above take precedence
      void live.runNow();
    } finally {
      setSaving(false);
    }
  }

  return (
    <div className="desk-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        新建客户
      </Typography.Title>
      <Row gutter={16} wrap={false}>
      <Col flex="auto" style={{ minWidth: 0 }}>
      <Form<FormValues>
        form={form}
        layout="vertical"
        onValuesChange={() => {
          prefillPersonalPrincipal(form, prefilled.current);
          live.schedule();
        }}
        onFinish={submit}
        onFinishFailed={() => {
          setProblem('有字段未通过校验，请按提示修改');
          // the validation just run cleared every field's messages, the live marks with them: put them back
          void live.runNow();
        }}
        initialValues={{ principalIndex: 0, people: [{ certType: '居民身份证' }], websites: [], entity: { remark: '', investor: '', district: '' } }}
        scrollToFirstError
      >
        <Card title="证件识别（可选）" size="small" style={{ marginBottom: 12 }}>
          <DocumentReader onAccept={acceptReading} hint="本机离线识别，逐项核对后点“采用”填入下方表单（身份证信息填入主体负责人）；客户保存后，采用过的照片即存为加密材料。" />
        </Card>
        <Card title="主体信息" size="small" style={{ marginBottom: 12 }}>
          <EntityFieldsGroup prefix={['entity']} />
          <Form.Item label="主体负责人" name="principalIndex" rules={[principalRule]} style={{ maxWidth: 320 }}>
            <Select options={personOptions} aria-label="主体负责人" />
          </Form.Item>
        </Card>
        <Form.List name="people">
          {(fields, { add, remove }) => (
            <Card
              title="负责人"
              size="small"
              style={{ marginBottom: 12 }}
              extra={
                <Button size="small" icon={<PlusOutlined />} onClick={() => add({ certType: '居民身份证' })}>
                  添加负责人
                </Button>
              }
            >
              {fields.map((field, i) => (
                <Card
                  key={field.key}
                  type="inner"
                  size="small"
                  title={`负责人 ${i + 1}`}
                  style={{ marginBottom: 8 }}
                  extra={
                    fields.length > 1 ? (
                      <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => removePerson(field.name, remove)}>
                        移除
                      </Button>
                    ) : null
                  }
                >
                  <PersonFieldsGroup prefix={[field.name]} at={['people', field.name]} />
                </Card>
              ))}
            </Card>
          )}
        </Form.List>
        <Form.List name="websites">
          {(fields, { add, remove }) => (
            <Card
              title="网站"
              size="small"
              style={{ marginBottom: 12 }}
              extra={
                <Button size="small" icon={<PlusOutlined />} onClick={() => add({ ...NEW_WEBSITE_DEFAULTS, principalIndex: form.getFieldValue('principalIndex') ?? 0 })}>
                  添加网站
                </Button>
              }
            >
              {fields.length === 0 ? <Typography.Text type="secondary">暂无网站，可稍后在客户页面添加。</Typography.Text> : null}
              {fields.map((field, i) => (
                <Card
                  key={field.key}
                  type="inner"
                  size="small"
                  title={`网站 ${i + 1}`}
                  style={{ marginBottom: 8 }}
                  extra={
                    <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)}>
                      移除
                    </Button>
                  }
                >
                  <WebsiteFieldsGroup
                    prefix={[field.name]}
                    client={{ province: ['entity', 'province'], entityIcp: ['entity', 'icpNumber'] }}
                    principalSelect={
                      <Form.Item label="网站负责人" name={[field.name, 'principalIndex']} rules={[principalRule]}>
                        <Select options={personOptions} aria-label={`网站 ${i + 1} 负责人`} />
                      </Form.Item>
                    }
                  />
                </Card>
              ))}
            </Card>
          )}
        </Form.List>
        {problem ? <Alert type="error" showIcon message={problem} style={{ marginBottom: 12 }} /> : null}
        <Space>
          <Button type="primary" htmlType="submit" loading={saving}>
            保存客户
          </Button>
          <Button
            onClick={() => {
              // a half-filled form is not thrown away without asking
              if (!form.isFieldsTouched()) return navigate('/clients');
              modal.confirm({
                title: '放弃新建客户？',
                content: '已填写的内容不会保存。',
                okText: '放弃',
                okButtonProps: { danger: true },
                cancelText: '继续填写',
                onOk: () => navigate('/clients'),
              });
            }}
          >
            取消
          </Button>
        </Space>
      </Form>
      </Col>
      <Col flex="360px">
        <Card
          size="small"
          title="备案规则检查"
          extra={live.result ? <ReadinessBadge counts={live.result.counts} /> : null}
          style={{ position: 'sticky', top: 0, maxHeight: 'calc(100vh - 120px)', overflow: 'auto' }}
        >
          {live.result ? (
            <FindingsList
              findings={live.result.findings.filter((f) => f.severity !== 'info')}
              empty="未发现阻断或警告"
              onLocate={(f) => {
                const name = fieldFor(f.path);
                if (name) form.scrollToField(name, { block: 'center' });
              }}
            />
          ) : (
            <Typography.Text type="secondary">边填边检查：填写后这里列出不符合备案规则的地方。</Typography.Text>
          )}
        </Card>
      </Col>
      </Row>
    </div>
  );
}
