import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Descriptions, Empty, Form, Row, Select, Space, Tag } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import type { EntityView, Finding, WebsiteFieldsInput, WebsiteView } from '../../../main/api/contract';
import { ReadinessBadge } from '../../components/Findings';
import { api, ApiError } from '../../api';
import { ConfirmDelete } from '../../components/ConfirmDelete';
import { FormDrawer } from '../../components/FormDrawer';
import type { FocusRequest } from './focus';
import { NEW_WEBSITE_DEFAULTS, WebsiteFieldsGroup } from '../../forms/WebsiteFieldsGroup';
import { RejectionMarks } from '../order/RejectionMarks';
import { itemDrawerField } from '../../forms/drawerRules';

const countsFor = (fs: Finding[]) => ({ error: fs.filter((f) => f.severity === 'error').length, warning: fs.filter((f) => f.severity === 'warning').length });

function WebsiteDrawer({ entity, website, open, focusField, onClose, onSaved }: { entity: EntityView; website: WebsiteView | null; open: boolean; focusField: (string | number)[] | null; onClose(): void; onSaved(): Promise<void> }) {
  const [form] = Form.useForm<WebsiteFieldsInput>();
  const { message } = App.useApp();
  const initial = useMemo<Partial<WebsiteFieldsInput>>(() => {
    if (!website) return { ...NEW_WEBSITE_DEFAULTS, principalPersonId: entity.principalPersonId ?? undefined } as Partial<WebsiteFieldsInput>;
    const { id: _i, entityId: _e, createdAt: _c, updatedAt: _u, ...fields } = website;
    return fields as WebsiteFieldsInput;
  }, [website, entity.principalPersonId]);
  const options = entity.people.map((p) => ({ value: p.id, label: p.id === entity.principalPersonId ? `${p.name}（同主体负责人）` : p.name }));
  // the website as stored now (with its version), not as the page last showed it
  const load = website
    ? async () => {
        const stored = (await api('entity.get', { id: entity.id })).websites.find((w) => w.id === website.id);
        if (!stored) throw new Error('该网站已被删除');
        const { id: _i, entityId: _e, createdAt: _c, updatedAt: _u, ...fields } = stored;
        return fields as Partial<WebsiteFieldsInput>;
      }
    : undefined;
  return (
    <FormDrawer<WebsiteFieldsInput>
      title={website ? `编辑网站：${website.name}` : '添加网站'}
      open={open}
      form={form}
      strip={1}
      initialValues={initial}
      {...(load ? { load } : {})}
      focusField={focusField}
      live={{
        check: (values) => api('rules.checkEdit', { entityId: entity.id, website: { id: website?.id ?? null, fields: values } }),
        nameFor: (path, r) => itemDrawerField('websites', path, r.index),
      }}
      onClose={onClose}
      onSubmit={async (values, rowVersion) => {
        if (website) await api('website.update', { id: website.id, rowVersion: rowVersion ?? website.rowVersion, website: values });
        else await api('website.create', { entityId: entity.id, website: values });
        message.success('网站已保存');
        await onSaved();
      }}
    >
      {website ? <RejectionMarks entityId={entity.id} scope="website" id={website.id} open={open} /> : null}
      <WebsiteFieldsGroup
        client={{ province: entity.province, entityIcp: entity.icpNumber }}
        principalSelect={
          <Form.Item label="网站负责人" name="principalPersonId" rules={[{ required: true, message: '请选择网站负责人' }]}>
            <Select options={options} aria-label="网站负责人" />
          </Form.Item>
        }
      />
    </FormDrawer>
  );
}

export function WebsitesTab({ entity, onChanged, focus, findings = [] }: { entity: EntityView; onChanged(): Promise<void>; focus?: FocusRequest | null; findings?: Finding[] }) {
  const [editing, setEditing] = useState<WebsiteView | null | undefined>(undefined);
  const [focusField, setFocusField] = useState<(string | number)[] | null>(null);
  useEffect(() => {
    const w = focus ? entity.websites[focus.index] : undefined;
    if (!w || !focus) return;
    setFocusField(focus.field === 'principal' ? ['principalPersonId'] : [focus.field, ...(focus.sub !== undefined ? [focus.sub] : [])]);
    setEditing(w);
  }, [focus, entity.websites]);
  const personName = (id: number | null) => entity.people.find((p) => p.id === id)?.name ?? '未指定';
  return (
    <>
      <Button icon={<PlusOutlined />} style={{ marginBottom: 8 }} onClick={() => setEditing(null)}>
        添加网站
      </Button>
      {entity.websites.length === 0 ? <Empty description="还没有网站 — 点击“添加网站”" /> : null}
      <Row gutter={[12, 12]}>
        {entity.websites.map((w) => (
          <Col span={12} key={w.id}>
            <Card
              size="small"
              title={w.name}
              extra={
                <Space>
                  <ReadinessBadge counts={countsFor(findings.filter((f) => f.path[0] === 'websites' && f.path[1] === entity.websites.indexOf(w)))} />
                  <Tag color={w.icpNumber ? 'green' : 'default'}>{w.icpNumber ?? '未备案'}</Tag>
                  <Button size="small" type="link" onClick={() => setEditing(w)}>
                    编辑
                  </Button>
                  <ConfirmDelete
                    title={`删除网站“${w.name}”？`}
                    description={`其 ${w.domains.length} 个域名和网站材料会一并删除。`}
                    done="网站已删除"
                    onDelete={async () => {
                      await api('website.delete', { id: w.id });
                      await onChanged();
                    }}
                  />
                </Space>
              }
            >
              <Descriptions size="small" column={1}>
                <Descriptions.Item label="域名">{w.domains.map((d) => <Tag key={d}>{d}</Tag>)}</Descriptions.Item>
                <Descriptions.Item label="首页URL">{w.homepages.join('，')}</Descriptions.Item>
                <Descriptions.Item label="服务内容">{w.serviceContent}</Descriptions.Item>
                <Descriptions.Item label="前置审批">{w.preApprovals.length ? w.preApprovals.join('、') : '以上都不涉及'}</Descriptions.Item>
                <Descriptions.Item label="网站负责人">
                  {personName(w.principalPersonId)}
                  {w.principalPersonId === entity.principalPersonId ? '（同主体负责人）' : ''}
                </Descriptions.Item>
                <Descriptions.Item label="语言">{w.languages.join('、')}</Descriptions.Item>
                <Descriptions.Item label="IP">{w.ips.join('，') || '—'}</Descriptions.Item>
                <Descriptions.Item label="备注">{w.remark || '—'}</Descriptions.Item>
              </Descriptions>
            </Card>
          </Col>
        ))}
      </Row>
      <WebsiteDrawer entity={entity} website={editing ?? null} open={editing !== undefined} focusField={focusField} onClose={() => { setEditing(undefined); setFocusField(null); }} onSaved={onChanged} />
    </>
  );
}
