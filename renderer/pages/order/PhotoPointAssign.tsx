// 拍照点 (team server): which photo-point accounts this order is given to, so they can upload its
// curtain photos — and only those. Shown to 管理员 and 操作员 on a team server.
import { CameraOutlined } from '@ant-design/icons';
import { App, Card, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { AccountView } from '../../../main/api/contract';
import { api, ApiError } from '../../api';
import { useTeam } from '../../TeamGate';

export function PhotoPointAssign({ orderId }: { orderId: number }) {
  const { caller } = useTeam();
  const { message } = App.useApp();
  const [photoPoints, setPhotoPoints] = useState<AccountView[]>([]);
  const [assigned, setAssigned] = useState<number[]>([]);
  const staff = caller !== null && caller.role !== 'photo';
  useEffect(() => {
    if (!staff) return;
    void api('account.list', {}).then((l) => setPhotoPoints(l.filter((a) => a.role === 'photo' && !a.disabled)), () => undefined);
    void api('order.assignments', { orderId }).then((l) => setAssigned(l.map((a) => a.id)), () => undefined);
  }, [orderId, staff]);
  if (!staff) return null;

  async function change(next: number[]) {
    const added = next.filter((id) => !assigned.includes(id));
    const removed = assigned.filter((id) => !next.includes(id));
    try {
      let now = assigned;
      for (const accountId of added) now = (await api('order.assign', { orderId, accountId, assigned: true })).map((a) => a.id);
      for (const accountId of removed) now = (await api('order.assign', { orderId, accountId, assigned: false })).map((a) => a.id);
      setAssigned(now);
      message.success('拍照点分配已保存');
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : '保存失败');
    }
  }

  return (
    <Card size="small" title={<><CameraOutlined /> 拍照点</>} style={{ marginBottom: 12 }}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        分配后，拍照点账户可在“拍照任务”中上传本订单的幕布照片，看不到其他材料和证件号码。
      </Typography.Paragraph>
      <Select
        mode="multiple"
        style={{ minWidth: 320 }}
        placeholder={photoPoints.length ? '选择拍照点账户' : '尚无拍照点账户（管理员在 设置 → 账户 中新建）'}
        value={assigned}
        options={photoPoints.map((a) => ({ value: a.id, label: `${a.displayName}（${a.username}）` }))}
        onChange={(v) => void change(v)}
        aria-label="拍照点"
      />
    </Card>
  );
}
