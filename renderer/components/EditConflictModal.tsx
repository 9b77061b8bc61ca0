// A save refused because someone else saved the same record first (EDIT_CONFLICT): what they changed, who
// and when, and the operator's two ways on — 重新载入 (their edits dropped, the stored record shown) or
// 仍然保存 (their edits written over the newest version, knowingly). Nothing is overwritten silently.
import { Alert, Button, Modal, Space, Tag, Typography } from 'antd';
import { chinaDateTime, EDIT_TARGET_LABELS, type EditConflict } from '../../main/api/contract';

export function EditConflictModal({ conflict, busy, onReload, onReapply, onCancel }: { conflict: EditConflict | null; busy: boolean; onReload(): void; onReapply(): void; onCancel(): void }) {
  const what = conflict ? EDIT_TARGET_LABELS[conflict.target] : '';
  const who = conflict?.changedBy ?? '其他操作员';
  return (
    <Modal
      open={!!conflict}
      title="保存未完成：记录已被他人修改"
      onCancel={onCancel}
      maskClosable={false}
      width={560}
      footer={
        <Space>
          <Button onClick={onCancel}>取消</Button>
          <Button onClick={onReload} disabled={busy} data-testid="conflict-reload">
            重新载入
          </Button>
          <Button type="primary" danger onClick={onReapply} loading={busy} data-testid="conflict-reapply">
            仍然保存
          </Button>
        </Space>
      }
    >
      {conflict ? (
        <div data-testid="edit-conflict">
          <Alert
            type="warning"
            showIcon
            message={`您打开这份${what}之后，${who}${conflict.changedAt ? ` 于 ${chinaDateTime(conflict.changedAt)} ` : ''}保存了修改。`}
            description={
              conflict.fields.length ? (
                <div>
                  <div style={{ marginBottom: 6 }}>对方改动的字段：</div>
                  <Space size={[4, 6]} wrap>
                    {conflict.fields.map((f) => (
                      <Tag color="orange" key={f.field}>
                        {f.label}
                      </Tag>
                    ))}
                  </Space>
                </div>
              ) : (
                '日志中没有记录对方改动了哪些字段（例如由订单通过时写入的备案号）。'
              )
            }
          />
          <Typography.Paragraph style={{ marginTop: 12, marginBottom: 4 }}>
            <Typography.Text strong>重新载入</Typography.Text>：放弃您在本页的修改，显示对方保存后的最新内容。
          </Typography.Paragraph>
          <Typography.Paragraph style={{ marginBottom: 0 }}>
            <Typography.Text strong>仍然保存</Typography.Text>：在最新版本上保存您填写的全部内容，上面列出的字段将改为您填写的值。
          </Typography.Paragraph>
        </div>
      ) : null}
    </Modal>
  );
}
