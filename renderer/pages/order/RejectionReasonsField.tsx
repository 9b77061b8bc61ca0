// The structured reasons of a 驳回, inside the state-change dialog: each points at a field of the client
// or a material slot of the order, with a kind from the catalog of common rejection reasons (those that
// fit the chosen field) and an optional note.
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, Select, Space, Typography } from 'antd';
import type { EntityView, MethodOutput } from '../../../main/api/contract';
import { resource } from '../../query/keys';
import { useApiQuery } from '../../query/useApiQuery';
import { targetOptions, type TargetOption } from './rejectionTargets';

type OrderView = MethodOutput<'order.get'>;
type Kind = MethodOutput<'rejection.catalog'>[number];

export interface ReasonValue {
  target?: string;
  kind?: string;
  text?: string;
}

export function RejectionReasonsField({ order }: { order: OrderView }) {
  const entity: EntityView | null = useApiQuery(resource.client(order.entityId), 'entity.get', { id: order.entityId }).data ?? null;
  const kinds: Kind[] = useApiQuery(resource.catalog, 'rejection.catalog', {}, { staleTime: Infinity }).data ?? [];
  const form = Form.useFormInstance();
  const reasons = (Form.useWatch('reasons', form) as ReasonValue[] | undefined) ?? [];
  const groups = entity ? targetOptions(entity, order) : [];
  const byValue = new Map<string, TargetOption>(groups.flatMap((g) => g.options.map((o) => [o.value, o] as const)));
  const kindsFor = (target: string | undefined) => {
    const cls = target ? byValue.get(target)?.cls : undefined;
    return kinds.filter((k) => k.appliesTo.includes('*') || (cls && k.appliesTo.includes(cls)));
  };
  return (
    <Form.Item label="驳回原因（按字段或材料，修改前不能重新提交）">
      <Form.List name="reasons">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field) => {
              const target = reasons[field.name]?.target;
              return (
                <Space key={field.key} align="start" style={{ display: 'flex', marginBottom: 4 }} wrap data-testid="rejection-reason">
                  <Form.Item name={[field.name, 'target']} rules={[{ required: true, message: '请选择字段或材料' }]} style={{ marginBottom: 4, width: 230 }}>
                    <Select
                      showSearch
                      optionFilterProp="label"
                      placeholder="字段或材料"
                      aria-label="驳回字段"
                      options={groups.map((g) => ({ label: g.label, options: g.options.map(({ value, label }) => ({ value, label })) }))}
                      onChange={() => form.setFieldValue(['reasons', field.name, 'kind'], undefined)}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'kind']} rules={[{ required: true, message: '请选择原因' }]} style={{ marginBottom: 4, width: 200 }}>
                    <Select placeholder="原因" aria-label="驳回原因类型" options={kindsFor(target).map((k) => ({ value: k.id, label: k.label, title: `依据：${k.source}` }))} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'text']} style={{ marginBottom: 4, width: 150 }}>
                    <Input placeholder="说明（可不填）" aria-label="驳回说明" maxLength={300} />
                  </Form.Item>
                  <MinusCircleOutlined aria-label="删除原因" style={{ marginTop: 9 }} onClick={() => remove(field.name)} />
                </Space>
              );
            })}
            <Button type="dashed" size="small" icon={<PlusOutlined />} onClick={() => add({})}>
              添加驳回原因
            </Button>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '4px 0 0' }}>
              原因列表来自接入商公布的常见驳回原因（悬停查看依据）；没有合适的选“其他”。
            </Typography.Paragraph>
          </>
        )}
      </Form.List>
    </Form.Item>
  );
}
