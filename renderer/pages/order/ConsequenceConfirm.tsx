// 注销 / 取消接入: the seed's consequence, confirmed before the order can be submitted (the API refuses
// the submission without it as well).
import { Alert, Checkbox, Form } from 'antd';

export function ConsequenceConfirm({ text }: { text: string }) {
  return (
    <>
      <Alert type="warning" showIcon message="提交前请确认后果" description={text} style={{ marginBottom: 12 }} />
      <Form.Item name="confirmed" valuePropName="checked" rules={[{ validator: (_r, v: boolean) => (v ? Promise.resolve() : Promise.reject(new Error('请确认已了解上述后果'))) }]}>
        <Checkbox>我已了解上述后果，确认提交</Checkbox>
      </Form.Item>
    </>
  );
}
