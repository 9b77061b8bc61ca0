// The outcome of a stored photo's checks, with the failing checks' messages on hover.
import { Tag, Tooltip } from 'antd';
import type { MethodOutput } from '../../main/api/contract';

type Result = Pick<NonNullable<MethodOutput<'material.check'>>, 'checks'> & { status: 'pass' | 'warn' | 'fail' | 'unchecked' };

const LOOK = { pass: { color: 'green', text: '通过' }, warn: { color: 'orange', text: '警告' }, fail: { color: 'red', text: '不通过' } } as const;

export function PhotoCheckTag({ result }: { result: Result | null | undefined }) {
  if (!result) return null;
  if (result.status === 'unchecked') return <Tag>检查中</Tag>;
  const bad = result.checks.filter((c) => c.status !== 'pass');
  return (
    <Tooltip title={bad.length ? bad.map((c) => <div key={c.id}>{c.message}</div>) : '全部通过'}>
      <Tag color={LOOK[result.status].color}>{LOOK[result.status].text}</Tag>
    </Tooltip>
  );
}
