// A small 删除 link that asks once, naming what goes, then runs the deletion and reports the outcome.
import { App, Button, Popconfirm } from 'antd';
import { ApiError } from '../api';

export function ConfirmDelete({ title, description, done, onDelete }: { title: string; description?: string; done?: string; onDelete(): Promise<unknown> }) {
  const { message } = App.useApp();
  return (
    <Popconfirm
      title={title}
      description={description}
      okText="删除"
      cancelText="取消"
      onConfirm={async () => {
        try {
          await onDelete();
          if (done) message.success(done);
        } catch (err) {
          message.error(err instanceof ApiError ? err.message : '删除失败');
        }
      }}
    >
      <Button size="small" type="link" danger>
        删除
      </Button>
    </Popconfirm>
  );
}
