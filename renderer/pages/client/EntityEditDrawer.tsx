import { App, Form, Select } from 'antd';
import type { EntityFieldsInput, EntityView } from '../../../main/api/contract';
import { api } from '../../api';
import { FormDrawer } from '../../components/FormDrawer';
import { EntityFieldsGroup } from '../../forms/EntityFieldsGroup';
import { RejectionMarks } from '../order/RejectionMarks';
import { entityDrawerField } from '../../forms/drawerRules';

export function EntityEditDrawer({ entity, open, focusField, onClose, onSaved }: { entity: EntityView; open: boolean; focusField?: string | null; onClose(): void; onSaved(): Promise<void> }) {
  const [form] = Form.useForm<EntityFieldsInput>();
  const { message } = App.useApp();
  const load = async () => {
    const clear = await api('entity.reveal', { id: entity.id, purpose: '编辑' });
    // rowVersion stays in: the drawer keeps it out of the form and sends it with the save
    const { id: _i, people: _p, websites: _w, masked: _m, serviceEndedAt: _s, retentionMonths: _r, createdAt: _c, updatedAt: _u, ...fields } = clear;
    return fields as EntityFieldsInput;
  };
  return (
    <FormDrawer<EntityFieldsInput>
      title="编辑主体信息"
      open={open}
      form={form}
      strip={1}
      load={load}
      focusField={focusField ? [focusField] : null}
      live={{ check: (values) => api('rules.checkEdit', { entityId: entity.id, entity: values }), nameFor: entityDrawerField }}
      onClose={onClose}
      onSubmit={async (values, rowVersion) => {
        await api('entity.update', { id: entity.id, rowVersion: rowVersion ?? entity.rowVersion, entity: values });
        message.success('主体信息已保存');
        await onSaved();
      }}
    >
      <RejectionMarks entityId={entity.id} scope="entity" id={null} open={open} />
      <EntityFieldsGroup />
      <Form.Item label="主体负责人" name="principalPersonId" rules={[{ required: true, message: '请选择主体负责人' }]} style={{ maxWidth: 320 }}>
        <Select options={entity.people.map((p) => ({ value: p.id, label: p.name }))} />
      </Form.Item>
    </FormDrawer>
  );
}
