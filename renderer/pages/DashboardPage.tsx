// 工作台: what needs the agency today — overdue deadlines, orders waiting on the agency, clients past
// their retention period.
import { Alert, Card, Col, List, Row, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type { MethodOutput } from '../../main/api/contract';
import { api } from '../api';
import { STATE_COLOR } from './OrdersPage';

type Row = MethodOutput<'order.list'>[number];
const WAITING_ON_AGENCY = ['草稿', '待提交', '初审驳回', '待拍照核验', '待短信核验', '管局驳回'];

export function DashboardPage() {
  const navigate = useNavigate();
  const [orders, setOrders] = useState<Row[]>([]);
  const [due, setDue] = useState<MethodOutput<'retention.due'>>([]);
  useEffect(() => {
    void api('order.list', { openOnly: true }).then(setOrders, () => setOrders([]));
    void api('retention.due', {}).then(setDue, () => setDue([]));
  }, []);
  const overdue = orders.filter((o) => o.overdue);
  const waiting = orders.filter((o) => WAITING_ON_AGENCY.includes(o.state) && !o.overdue);
  const item = (o: Row) => (
    <List.Item key={o.id} onClick={() => navigate(`/orders/${o.id}`)} className="desk-clickable-row">
      <List.Item.Meta
        title={<>{o.entityName} <Tag color={STATE_COLOR[o.state]}>{o.state}</Tag></>}
        description={`${o.type} · ${o.provider}${o.deadlines.length ? ` · ${o.deadlines.map((d) => `${d.kind} ${dayjs(d.dueAt).format('MM-DD HH:mm')}${d.overdue ? '（已逾期）' : ''}`).join('，')}` : ''}`}
      />
    </List.Item>
  );
  return (
    <div className="desk-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        工作台 <Typography.Text type="secondary" style={{ fontSize: 14 }}>{dayjs().format('YYYY-MM-DD')}</Typography.Text>
      </Typography.Title>
      {due.length ? <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={`${due.length} 个客户的个人信息已超过保留期限`} action={<a onClick={() => navigate('/clients')}>去处理</a>} /> : null}
      <Row gutter={16}>
        <Col span={12}>
          <Card size="small" title={<span>逾期 <Tag color={overdue.length ? 'red' : 'default'}>{overdue.length}</Tag></span>}>
            <List size="small" dataSource={overdue} renderItem={item} locale={{ emptyText: '没有逾期的事项（短信核验 24 小时、公安备案 30 天、变更提前 30 天）' }} />
          </Card>
        </Col>
        <Col span={12}>
          <Card size="small" title={<span>等待本机构处理 <Tag>{waiting.length}</Tag></span>}>
            <List size="small" dataSource={waiting} renderItem={item} locale={{ emptyText: '没有等待处理的订单' }} pagination={waiting.length > 20 ? { pageSize: 20, size: 'small' } : false} />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
