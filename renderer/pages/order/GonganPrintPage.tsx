// The 公安备案 summary of one website on its own page, to print or copy from while filling in the
// platform's form.
import { Alert, Button, Result, Space, Spin, Typography } from 'antd';
import { useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../../api';
import { resource } from '../../query/keys';
import { useApiQuery } from '../../query/useApiQuery';
import { gonganLines } from './gonganLabels';

export function GonganPrintPage() {
  const { orderId, websiteId } = useParams();
  const navigate = useNavigate();
  const query = useApiQuery(resource.order(Number(orderId)), 'gongan.ofOrder', { orderId: Number(orderId) });
  const item = query.data?.find((r) => r.websiteId === Number(websiteId)) ?? null;
  const error = query.error ? (query.error instanceof ApiError ? query.error.message : '读取失败') : query.data && !item ? '订单不包含该网站' : null;
  if (error) return <Result status="404" title="无法显示公安备案摘要" subTitle={error} extra={<Button onClick={() => navigate(`/orders/${orderId}`)}>返回订单</Button>} />;
  if (!item) return <Spin style={{ margin: 40 }} />;
  return (
    <div className="desk-page gongan-print">
      <style>{'@media print { .ant-layout-sider, .ant-alert-banner, .gongan-no-print { display: none !important; } .gongan-print { padding: 0 !important; } }'}</style>
      <Space className="gongan-no-print" style={{ marginBottom: 12 }}>
        <Button onClick={() => navigate(`/orders/${orderId}`)}>返回订单</Button>
        <Button type="primary" onClick={() => window.print()}>打印</Button>
      </Space>
      <Typography.Title level={4} style={{ marginTop: 0 }}>公安备案信息摘要 · {item.websiteName}</Typography.Title>
      <Typography.Paragraph type="secondary">全国互联网安全管理服务平台（beian.mps.gov.cn）→ 网站备案。网站开通后 30 日内办理。状态：{item.state}{item.psbNumber ? `（${item.psbNumber}）` : ''}</Typography.Paragraph>
      {item.problems.length ? <Alert className="gongan-no-print" type="error" showIcon style={{ marginBottom: 12 }} message={`还有 ${item.problems.length} 个问题：${item.problems.map((p) => p.message).join('；')}`} /> : null}
      <table className="gongan-summary" style={{ borderCollapse: 'collapse', width: '100%', maxWidth: 860 }}>
        <tbody>
          {gonganLines(item.fields).map(([label, value]) => (
            <tr key={label}>
              <th style={{ textAlign: 'left', width: 200, border: '1px solid #d9d9d9', padding: '6px 10px', background: '#fafafa', fontWeight: 500 }}>{label}</th>
              <td style={{ border: '1px solid #d9d9d9', padding: '6px 10px' }}>{value || '（未填）'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, fontSize: 12 }}>接入商信息依据：{item.profileSource}。勾选危险物品或前置许可时，平台要求上传相应资质证明。</Typography.Paragraph>
    </div>
  );
}
