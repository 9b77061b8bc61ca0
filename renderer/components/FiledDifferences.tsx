// The differences between what was filed (已备案信息) and the client's current information, one row per
// field, personal numbers masked by the API.
import { Table, Typography } from 'antd';
import type { FiledDifference } from '../../main/api/contract';

export function FiledDifferences({ rows, empty }: { rows: FiledDifference[]; empty: string }) {
  return (
    <Table<FiledDifference>
      rowKey={(r) => `${r.area}/${r.field}`}
      size="small"
      pagination={false}
      dataSource={rows}
      locale={{ emptyText: empty }}
      aria-label="与已备案信息的差异"
      columns={[
        { title: '位置', dataIndex: 'area', width: 160 },
        { title: '字段', dataIndex: 'label', width: 120 },
        { title: '已备案信息', dataIndex: 'filed', render: (v: string | null) => (v === null ? <Typography.Text type="secondary">（无）</Typography.Text> : <span className="desk-mono">{v || '—'}</span>) },
        { title: '当前信息', dataIndex: 'current', render: (v: string | null) => (v === null ? <Typography.Text type="danger">（已删除）</Typography.Text> : <Typography.Text mark className="desk-mono">{v || '—'}</Typography.Text>) },
      ]}
    />
  );
}
