// 拍照任务: what a 拍照点 account does on a team server — the orders given to it, each with its
// curtain-photo slots, and an upload per slot. Nothing else of the client is shown (no personal numbers).
import { CameraOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, List, Space, Spin, Tag, Typography, Upload } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { MethodOutput } from '../../main/api/contract';
import { api, ApiError } from '../api';
import { fileToBase64 } from '../components/download';

type Task = MethodOutput<'photo.tasks'>[number];
const STATUS: Record<string, { color: string; text: string }> = {
  present: { color: 'green', text: '已有' },
  accepted: { color: 'green', text: '已接受' },
  missing: { color: 'default', text: '待拍照' },
  stale: { color: 'orange', text: '需重拍' },
  failed: { color: 'red', text: '不通过' },
  unchecked: { color: 'blue', text: '检查中' },
};

export function PhotoTasksPage() {
  const { message } = App.useApp();
  const [tasks, setTasks] = useState<Task[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busySlot, setBusySlot] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setTasks(await api('photo.tasks', {}));
      setError(null);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '无法读取拍照任务');
    }
  }, []);
  useEffect(() => void load(), [load]);

  async function upload(orderId: number, slot: string, file: File) {
    setBusySlot(slot);
    try {
      await api('order.attach', { orderId, slot, fileName: file.name, contentBase64: await fileToBase64(file) });
      message.success('幕布照片已上传');
      await load();
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : '上传失败');
    } finally {
      setBusySlot(null);
    }
  }

  return (
    <div className="desk-page" style={{ maxWidth: 900 }}>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        <CameraOutlined /> 拍照任务
      </Typography.Title>
      <Typography.Paragraph type="secondary">分配给本拍照点的备案订单。每位网站负责人一张幕布照片：本人站在幕布中间，上半身，正面免冠。</Typography.Paragraph>
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} /> : null}
      {!tasks ? (
        <Spin />
      ) : tasks.length === 0 ? (
        <Empty description="暂无分配给本拍照点的订单" />
      ) : (
        tasks.map((t) => (
          <Card key={t.orderId} size="small" title={`${t.entityName} · ${t.type}`} extra={<Tag>{t.state}</Tag>} style={{ marginBottom: 12 }}>
            {t.problem ? <Alert type="warning" showIcon message={t.problem} style={{ marginBottom: 8 }} /> : null}
            {t.problem && t.slots.length === 0 ? null : t.slots.length === 0 ? (
              <Typography.Text type="secondary">该订单不需要幕布照片</Typography.Text>
            ) : (
              <List
                dataSource={t.slots}
                renderItem={(s) => {
                  const st = STATUS[s.status] ?? { color: 'default', text: s.status };
                  return (
                    <List.Item
                      actions={[
                        <Upload
                          key="up"
                          accept="image/jpeg,image/png,image/webp"
                          showUploadList={false}
                          beforeUpload={(file) => {
                            void upload(t.orderId, s.id, file);
                            return false;
                          }}
                        >
                          <Button size="small" icon={<UploadOutlined />} loading={busySlot === s.id}>
                            {s.status === 'missing' ? '上传幕布照片' : '重新上传'}
                          </Button>
                        </Upload>,
                      ]}
                    >
                      <Space direction="vertical" size={0}>
                        <Space>
                          <span>{s.label}</span>
                          <Tag color={st.color}>{st.text}</Tag>
                        </Space>
                        {s.note ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{s.note}</Typography.Text> : null}
                      </Space>
                    </List.Item>
                  );
                }}
              />
            )}
          </Card>
        ))
      )}
    </div>
  );
}
