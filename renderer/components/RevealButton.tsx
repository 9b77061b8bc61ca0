// “显示” for personal numbers: fetched in clear only on request; the core records each reveal in the log.
import { EyeOutlined } from '@ant-design/icons';
import { App, Button, Descriptions, Typography } from 'antd';
import { api, ApiError } from '../api';

export type RevealRows = { label: string; value: string }[];

export function RevealButton({ title, fetch, onRevealed }: { title: string; fetch: () => Promise<RevealRows>; onRevealed?: () => void }) {
  const { modal, message } = App.useApp();
  async function reveal() {
    try {
      const rows = await fetch();
      onRevealed?.();
      modal.info({
        title,
        width: 480,
        okText: '关闭',
        content: (
          <>
            <Descriptions size="small" column={1} bordered>
              {rows.map((r) => (
                <Descriptions.Item key={r.label} label={r.label}>
                  <span className="desk-mono">{r.value || '—'}</span>
                </Descriptions.Item>
              ))}
            </Descriptions>
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
              本次查看已记入客户日志。
            </Typography.Paragraph>
          </>
        ),
      });
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : '读取失败');
    }
  }
  return (
    <Button size="small" type="link" icon={<EyeOutlined />} onClick={() => void reveal()}>
      显示
    </Button>
  );
}

export const revealPersonRows = async (id: number): Promise<RevealRows> => {
  const p = await api('person.reveal', { id, purpose: '查看' });
  return [
    { label: p.certType, value: p.certNumber },
    { label: '手机号码', value: p.mobile },
    { label: '应急联系电话', value: p.emergencyPhone },
    { label: '电子邮箱', value: p.email },
    // a mobile given as 办公室电话 is masked on the card like the mobile
    { label: '办公室电话', value: p.officePhone },
  ];
};

export const revealEntityRows = async (id: number): Promise<RevealRows> => {
  const e = await api('entity.reveal', { id, purpose: '查看' });
  return [{ label: e.certType, value: e.certNumber }];
};
