// 工作台: what needs the agency today — overdue deadlines, deadlines due soon, orders waiting on the
// agency, clients past their retention period.
import { Alert, Card, Col, List, Row, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useNavigate } from 'react-router-dom';
import type { MethodOutput } from '../../main/api/contract';
import { resource } from '../query/keys';
import { useApiQuery } from '../query/useApiQuery';
import { useProviders } from '../query/useProviders';
import { STATE_COLOR } from './OrdersPage';
import { RejectedOrdersCard } from './dashboard/RejectedOrdersCard';
import { chinaDateTime, chinaDay } from '../../main/api/contract';

type Row = MethodOutput<'order.list'>[number];

/** "还剩 3 天" / "还剩 5 小时": how long is left, in the unit that reads best. */
function timeLeft(dueAt: string): string {
  const hours = dayjs(dueAt).diff(dayjs(), 'hour');
  return hours >= 48 ? `还剩 ${Math.floor(hours / 24)} 天` : `还剩 ${Math.max(hours, 0)} 小时`;
}
const WAITING_ON_AGENCY = ['草稿', '待提交', '初审驳回', '待拍照核验', '待短信核验', '管局驳回'];

export function DashboardPage() {
  const navigate = useNavigate();
  const providers = useProviders();
  // a card whose read failed shows as empty, as the other cards go on
  const upcoming = useApiQuery(resource.lists, 'order.upcoming', {}).data ?? [];
  const orders = useApiQuery(resource.lists, 'order.list', { openOnly: true }).data ?? [];
  const due = useApiQuery(resource.lists, 'retention.due', {}).data ?? [];
  const overdue = orders.filter((o) => o.overdue);
  const waiting = orders.filter((o) => WAITING_ON_AGENCY.includes(o.state) && !o.overdue);
  const item = (o: Row) => (
    <List.Item key={o.id} onClick={() => navigate(`/orders/${o.id}`)} className="desk-clickable-row">
      <List.Item.Meta
        title={<>{o.entityName} <Tag color={STATE_COLOR[o.state]}>{o.state}</Tag></>}
        description={`${o.type} · ${providers.label(o.provider)}${o.deadlines.length ? ` · ${o.deadlines.map((d) => `${d.kind} ${chinaDateTime(d.dueAt).slice(5)}${d.overdue ? '（已逾期）' : ''}`).join('，')}` : ''}`}
      />
    </List.Item>
  );
  return (
    <div className="desk-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        工作台 <Typography.Text type="secondary" style={{ fontSize: 14 }}>{chinaDay(Date.now())}</Typography.Text>
      </Typography.Title>
      {due.length ? <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={`${due.length} 个客户的个人信息已超过保留期限`} action={<a onClick={() => navigate('/clients')}>去处理</a>} /> : null}
      <Row gutter={16}>
        <Col span={12}>
          <Card size="small" title={<span>逾期 <Tag color={overdue.length ? 'red' : 'default'}>{overdue.length}</Tag></span>}>
            <List size="small" dataSource={overdue} renderItem={item} locale={{ emptyText: '没有逾期的事项（短信核验 24 小时、公安备案 30 天、变更提前 30 天）' }} />
          </Card>
        </Col>
        <Col span={12}>
          <Card size="small" title={<span>即将到期 <Tag color={upcoming.length ? 'orange' : 'default'}>{upcoming.length}</Tag></span>} data-testid="upcoming">
            <List
              size="small"
              dataSource={upcoming}
              pagination={upcoming.length > 20 ? { pageSize: 20, size: 'small' } : false}
              locale={{ emptyText: '近期没有到期的事项（短信核验 24 小时内、公安备案批准后 30 天内、30 天内须申请的变更）' }}
              renderItem={(u) => (
                <List.Item key={`${u.orderId}-${u.kind}`} onClick={() => navigate(`/orders/${u.orderId}`)} className="desk-clickable-row" actions={[<a key="open">打开订单</a>]}>
                  <List.Item.Meta
                    title={<>{u.entityName} <Tag color="orange">{u.kind}</Tag></>}
                    description={`${chinaDateTime(u.dueAt)} 前（${timeLeft(u.dueAt)}） · ${u.type} · ${u.state}`}
                  />
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>
      <RejectedOrdersCard />
      <Card size="small" style={{ marginTop: 16 }} title={<span>等待本机构处理 <Tag>{waiting.length}</Tag></span>}>
        <List size="small" dataSource={waiting} renderItem={item} locale={{ emptyText: '没有等待处理的订单' }} pagination={waiting.length > 20 ? { pageSize: 20, size: 'small' } : false} />
      </Card>
    </div>
  );
}
