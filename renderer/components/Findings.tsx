// Findings of the rule engine as the user sees them: severity in Chinese, the rule ID small, the message,
// and the fix as the hint; a click locates the field where the screen can.
import { AimOutlined } from '@ant-design/icons';
import { Button, Empty, List, Space, Tag, Tooltip, Typography } from 'antd';
import type { Finding } from '../../main/api/contract';

export const SEVERITY_TAG: Record<Finding['severity'], { color: string; label: string }> = {
  error: { color: 'red', label: '阻断' },
  warning: { color: 'orange', label: '警告' },
  info: { color: 'blue', label: '提示' },
};

/** 可提交 only when nothing blocks: `problems` are the blocks beyond the rules (materials, photo checks). */
export function ReadinessBadge({ counts, problems = [] }: { counts: { error: number; warning: number; info?: number }; problems?: string[] }) {
  if (counts.error === 0 && counts.warning === 0 && !problems.length) return <Tag color="green">可提交</Tag>;
  return (
    <Space size={4}>
      {problems.length ? (
        <Tooltip title={<ul style={{ margin: 0, paddingLeft: 18 }}>{problems.map((p) => <li key={p}>{p}</li>)}</ul>}>
          <Tag color="red">未就绪：{problems.length} 个问题</Tag>
        </Tooltip>
      ) : null}
      {counts.error ? <Tag color="red">阻断 {counts.error}</Tag> : null}
      {counts.warning ? <Tag color="orange">警告 {counts.warning}</Tag> : null}
    </Space>
  );
}

export function FindingsList({ findings, onLocate, empty = '未发现问题' }: { findings: Finding[]; onLocate?: (f: Finding) => void; empty?: string }) {
  if (!findings.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} />;
  return (
    <List
      size="small"
      dataSource={findings}
      renderItem={(f, i) => (
        <List.Item
          key={`${f.ruleId}-${i}`}
          actions={
            onLocate && f.path.length > 1
              ? [
                  <Button key="locate" size="small" type="link" icon={<AimOutlined />} onClick={() => onLocate(f)}>
                    定位
                  </Button>,
                ]
              : []
          }
        >
          <List.Item.Meta
            title={
              <Space size={6} wrap>
                <Tag color={SEVERITY_TAG[f.severity].color}>{SEVERITY_TAG[f.severity].label}</Tag>
                <span>{f.message}</span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {f.ruleId}
                </Typography.Text>
              </Space>
            }
            description={
              <>
                {f.hint ? <div>{f.hint}</div> : null}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  依据：{f.source}
                </Typography.Text>
              </>
            }
          />
        </List.Item>
      )}
    />
  );
}
