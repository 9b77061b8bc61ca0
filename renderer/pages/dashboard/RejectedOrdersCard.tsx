// 工作台 → 驳回待修改: orders the provider or the 管局 rejected, waiting on the agency to correct and
// resubmit them, oldest rejection first, with how many reasons are still untouched.
import { Card, List, Tag } from 'antd';
import { useNavigate } from 'react-router-dom';
import { resource } from '../../query/keys';
import { useApiQuery } from '../../query/useApiQuery';
import { chinaDateTime } from '../../../main/api/contract';

export function RejectedOrdersCard() {
  const navigate = useNavigate();
  const rows = useApiQuery(resource.lists, 'order.awaitingCorrection', {}).data ?? [];
  return (
    <Card size="small" style={{ marginTop: 16 }} title={<span>驳回待修改 <Tag color={rows.length ? 'red' : 'default'}>{rows.length}</Tag></span>} data-testid="rejected-orders">
      <List
        size="small"
        dataSource={rows}
        locale={{ emptyText: '没有被驳回待修改的订单' }}
        pagination={rows.length > 20 ? { pageSize: 20, size: 'small' } : false}
        renderItem={(r) => (
          <List.Item key={r.orderId} onClick={() => navigate(`/orders/${r.orderId}`)} className="desk-clickable-row" actions={[<a key="open">打开订单</a>]}>
            <List.Item.Meta
              title={<>{r.entityName} <Tag color="red">{r.state}</Tag>{r.round ? <Tag>第 {r.round} 轮</Tag> : null}</>}
              description={`${chinaDateTime(r.rejectedAt)} 驳回 · ${r.type} · ${r.total ? (r.open ? `${r.open} 个原因未修改` : '原因都已修改，可重新提交') : '驳回未指明字段'}`}
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
