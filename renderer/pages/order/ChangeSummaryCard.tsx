// A 变更 order's diff to the filed state (已备案信息) and what it means for the materials: what must be
// uploaded again, what is reused from the filing.
import { Alert, Card, Typography } from 'antd';
import type { MethodOutput } from '../../../main/api/contract';
import { FiledDifferences } from '../../components/FiledDifferences';

type Summary = NonNullable<MethodOutput<'order.get'>['changeSummary']>;

export function ChangeSummaryCard({ summary }: { summary: Summary }) {
  return (
    <Card size="small" title="本次变更（与已备案信息比较）" style={{ marginBottom: 12 }}>
      <FiledDifferences rows={summary.differences} empty="与已备案信息相比没有改动" />
      <Alert style={{ marginTop: 8 }} type={summary.uploadAgain.length ? 'warning' : 'success'} showIcon message={summary.note} data-testid="change-note" />
      {summary.reused.length ? (
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
          {`沿用已备案材料：${summary.reused.join('；')}`}
        </Typography.Paragraph>
      ) : null}
    </Card>
  );
}
