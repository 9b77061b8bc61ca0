import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { chinaDay, type EntityView, type Finding, type PersonFieldsInput, type PersonView } from '../../../main/api/contract';
import { api, ApiError } from '../../api';
import { ConfirmDelete } from '../../components/ConfirmDelete';
import { ReadinessBadge } from '../../components/Findings';
import { PersonFieldsGroup } from '../../forms/PersonFieldsGroup';
import { RejectionMarks } from '../order/RejectionMarks';
import { itemDrawerField } from '../../forms/drawerRules';
import { downloadBlob, fromBase64 } from '../../components/download';
import { FormDrawer } from '../../components/FormDrawer';
import type { FocusRequest } from './focus';
import { RevealButton, revealPersonRows } from '../../components/RevealButton';

function PersonDrawer({ entityId, person, open, focusField, onClose, onSaved }: { entityId: number; person: PersonView | null; open: boolean; focusField: string | null; onClose(): void; onSaved(): Promise<void> }) {
  const [form] = Form.useForm<PersonFieldsInput>();
  const { message } = App.useApp();
  const initial = useMemo<Partial<PersonFieldsInput>>(() => ({ certType: '居民身份证' }), []);
  const load = person
    ? async () => {
        const { id: _i, entityId: _e, createdAt: _c, updatedAt: _u, identityChangedAt: _ic, ...fields } = await api('person.reveal', { id: person.id, purpose: '编辑' });
        return fields as PersonFieldsInput;
      }
    : undefined;
  return (
    <FormDrawer<PersonFieldsInput>
      title={person ? `编辑负责人：${person.name}` : '添加负责人'}
      open={open}
      form={form}
      strip={1}
      initialValues={initial}
      {...(load ? { load } : {})}
      focusField={focusField ? [focusField] : null}
      live={{
        check: (values) => api('rules.checkEdit', { entityId, person: { id: person?.id ?? null, fields: values } }),
        nameFor: (path, r) => itemDrawerField('people', path, r.index),
      }}
      onClose={onClose}
      onSubmit={async (values, rowVersion) => {
        if (person) await api('person.update', { id: person.id, rowVersion: rowVersion ?? person.rowVersion, person: values });
        else await api('person.create', { entityId, person: values });
        message.success('负责人已保存');
        await onSaved();
      }}
    >
      {person ? <RejectionMarks entityId={entityId} scope="person" id={person.id} open={open} /> : null}
      <PersonFieldsGroup />
    </FormDrawer>
  );
}

/** The rule findings of one person (path people.<index>…), counted for the row's badge. */
const countsOf = (findings: Finding[], index: number) => {
  const own = findings.filter((f) => f.path[0] === 'people' && f.path[1] === index);
  return { error: own.filter((f) => f.severity === 'error').length, warning: own.filter((f) => f.severity === 'warning').length };
};

export function PeopleTab({ entity, onChanged, focus, findings = [] }: { entity: EntityView; onChanged(): Promise<void>; focus?: FocusRequest | null; findings?: Finding[] }) {
  const { message } = App.useApp();
  const [editing, setEditing] = useState<PersonView | null | undefined>(undefined);
  const [focusField, setFocusField] = useState<string | null>(null);
  useEffect(() => {
    const p = focus ? entity.people[focus.index] : undefined;
    if (!p || !focus) return;
    setFocusField(focus.field);
    setEditing(p);
  }, [focus, entity.people]);
  const roles = (p: PersonView) => [
    ...(entity.principalPersonId === p.id ? ['主体负责人'] : []),
    ...entity.websites.filter((w) => w.principalPersonId === p.id).map((w) => `网站负责人（${w.name}）`),
  ];
  return (
    <>
      <Button icon={<PlusOutlined />} style={{ marginBottom: 8 }} onClick={() => setEditing(null)}>
        添加负责人
      </Button>
      <Table<PersonView>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={entity.people}
        columns={[
          { title: '姓名', dataIndex: 'name', width: 120 },
          { title: '检查', width: 130, render: (_: unknown, p) => <ReadinessBadge counts={countsOf(findings, entity.people.indexOf(p))} /> },
          { title: '角色', width: 260, render: (_: unknown, p) => roles(p).map((r) => <Tag key={r}>{r}</Tag>) },
          { title: '证件', width: 280, render: (_: unknown, p) => <span className="desk-mono">{`${p.certType} ${p.certNumber}`}</span> },
          { title: '证件有效期至', width: 120, render: (_: unknown, p) => p.certValidTo ?? <Typography.Text type="secondary">未填写</Typography.Text> },
          { title: '手机', width: 130, render: (_: unknown, p) => <span className="desk-mono">{p.mobile}</span> },
          { title: '办公室电话', dataIndex: 'officePhone', width: 170 },
          {
            title: '操作',
            width: 250,
            render: (_: unknown, p) => (
              <Space size={0}>
                <RevealButton title={`${p.name} 的个人信息`} fetch={() => revealPersonRows(p.id)} onRevealed={onChanged} />
                <Button
                  size="small"
                  type="link"
                  title="导出该负责人的全部个人信息与材料（用于个人信息查阅请求）：可阅读的 PDF 与机器可读的 JSON，导出会记入日志"
                  onClick={async () => {
                    try {
                      const { readable, ...doc } = await api('person.exportAll', { id: p.id });
                      // the readable PDF for the person, and the same content machine-readable beside it
                      downloadBlob(fromBase64(readable.pdfBase64), readable.fileName, 'application/pdf');
                      downloadBlob(JSON.stringify(doc, null, 2), `${p.name}-个人信息-${chinaDay(doc.exportedAt)}.json`, 'application/json');
                      await onChanged();
                    } catch (err) {
                      message.error(err instanceof ApiError ? err.message : '导出失败');
                    }
                  }}
                >
                  导出
                </Button>
                <Button size="small" type="link" onClick={() => setEditing(p)}>
                  编辑
                </Button>
                <ConfirmDelete
                  title={`删除负责人“${p.name}”？`}
                  description="其名下的材料文件也会删除。已备案信息和已提交订单中保存的其信息会保留（那是管局备案的内容，变更、注销以其为准），删除整个客户时才一并删除；删除后无法再导出这部分信息，如需请先导出。"
                  done="负责人已删除"
                  onDelete={async () => {
                    await api('person.delete', { id: p.id });
                    await onChanged();
                  }}
                />
              </Space>
            ),
          },
        ]}
      />
      <PersonDrawer entityId={entity.id} person={editing ?? null} open={editing !== undefined} focusField={focusField} onClose={() => { setEditing(undefined); setFocusField(null); }} onSaved={onChanged} />
    </>
  );
}
