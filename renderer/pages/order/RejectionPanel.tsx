// The 驳回 rounds of an order: the provider's text, each structured reason with its state (open in red
// until the field or material changes, then 已修改, then resolved with who and when), and the mark a
// checklist slot carries while a reason points at it.
import { Alert, Card, List, Space, Tag, Typography } from 'antd';
import type { MethodOutput } from '../../../main/api/contract';
import { chinaDateTime } from '../../../main/api/contract';

type OrderView = MethodOutput<'order.get'>;
type Reason = OrderView['rejections'][number]['reasons'][number];

function ReasonLine({ r }: { r: Reason }) {
  const tag = r.open ? <Tag color="red">未修改</Tag> : r.changed ? <Tag color="orange">已修改，待重新提交</Tag> : <Tag color="green">已处理</Tag>;
  return (
    <Space size={4} wrap>
      {tag}
      <Typography.Text type={r.open ? 'danger' : undefined}>
        {r.targetLabel}——{r.kindLabel}
        {r.text ? `：${r.text}` : ''}
      </Typography.Text>
      {r.resolvedAt ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {r.change}（{r.resolvedBy}，{chinaDateTime(r.resolvedAt)}）
        </Typography.Text>
      ) : r.open && r.hint ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {r.hint}
        </Typography.Text>
      ) : null}
    </Space>
  );
}

export function RejectionPanel({ order }: { order: OrderView }) {
  if (!order.rejections.length) return null;
  const open = order.rejections.flatMap((r) => r.reasons.filter((x) => x.open));
  const rounds = [...order.rejections].reverse();
  return (
    <Card size="small" style={{ marginTop: 12 }} title={<span>驳回记录 <Tag color={open.length ? 'red' : 'default'}>{open.length ? `${open.length} 个原因未修改` : `${order.rejections.length} 轮`}</Tag></span>} data-testid="rejections">
      {open.length ? <Alert type="error" showIcon style={{ marginBottom: 8 }} message={`还有 ${open.length} 个驳回原因对应的内容没有修改，修改前不能重新提交`} /> : null}
      <List
        size="small"
        dataSource={rounds}
        renderItem={(round) => (
          <List.Item key={round.round}>
            <div style={{ width: '100%' }}>
              <Typography.Text strong>
                第 {round.round} 轮 · {round.stage}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
                {round.actor}，{chinaDateTime(round.at)}
              </Typography.Text>
              <div style={{ margin: '2px 0 4px' }}>原文：{round.providerText}</div>
              {round.reasons.map((r) => (
                <div key={r.id}>
                  <ReasonLine r={r} />
                </div>
              ))}
            </div>
          </List.Item>
        )}
      />
    </Card>
  );
}

/** The red mark beside a checklist slot a still-open reason points at. */
export function SlotRejectionMark({ order, slot }: { order: OrderView; slot: string }) {
  const open = order.rejections.flatMap((r) => r.reasons.filter((x) => x.open && x.target === `slot.${slot}`));
  if (!open.length) return null;
  return (
    <div>
      {open.map((r) => (
        <Typography.Text key={r.id} type="danger" style={{ fontSize: 12, display: 'block' }}>
          驳回（第 {r.round} 轮）：{r.kindLabel}
          {r.text ? `——${r.text}` : ''}，请重新上传
        </Typography.Text>
      ))}
    </div>
  );
}
