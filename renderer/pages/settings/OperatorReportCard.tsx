// 操作员报告 (team server, 管理员): per operator, how often personal values were shown in clear and data
// was exported in a period, with the entries — who looked at what, for PIPL's accountability.
import { Card, DatePicker, Empty, Space, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { chinaDateTime, AUDIT_ACTIONS, type MethodOutput } from '../../../main/api/contract';
import { api } from '../../api';

type Row = MethodOutput<'audit.operatorReport'>[number];

export function OperatorReportCard() {
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [rows, setRows] = useState<Row[]>([]);
  useEffect(() => {
    const from = range?.[0]?.format('YYYY-MM-DD');
    const to = range?.[1]?.format('YYYY-MM-DD');
    void api('audit.operatorReport', { ...(from ? { from } : {}), ...(to ? { to } : {}) }).then(setRows, () => setRows([]));
  }, [range]);
  return (
    <Card title="操作员报告：查看明文与导出" size="small" style={{ marginBottom: 12 }} extra={<DatePicker.RangePicker size="small" value={range} onChange={(v) => setRange(v as [Dayjs | null, Dayjs | null] | null)} />}>
      {rows.length === 0 ? (
        <Empty description="该期间没有查看明文或导出的记录" />
      ) : (
        <Table<Row>
          rowKey="actor"
          size="small"
          pagination={false}
          dataSource={rows}
          columns={[
            { title: '操作员', dataIndex: 'actor' },
            { title: '查看明文', dataIndex: 'reveals', width: 100 },
            { title: '导出', dataIndex: 'exports', width: 80 },
          ]}
          expandable={{
            expandedRowRender: (r) => (
              <Space direction="vertical" size={0}>
                {r.entries.slice(0, 100).map((e) => (
                  <Typography.Text key={e.id} style={{ fontSize: 12 }}>
                    {chinaDateTime(e.at, true)}　{AUDIT_ACTIONS[e.action] ?? e.action}
                    {e.entityId ? `　客户 #${e.entityId}` : ''}
                  </Typography.Text>
                ))}
              </Space>
            ),
          }}
        />
      )}
    </Card>
  );
}
