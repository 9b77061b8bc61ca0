// One filing order: its state and the actions open to it, deadlines, the materials checklist with
// uploads per slot, the rule findings for this filing, and the history of its states.
import { CheckCircleTwoTone, CloseCircleTwoTone, ExclamationCircleTwoTone, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, Modal, Result, Select, Space, Spin, Table, Tabs, Tag, Timeline, Typography, Upload } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { orderWrite, resource } from '../query/keys';
import { useAfterWrite, useApiQuery } from '../query/useApiQuery';
import { useProviders } from '../query/useProviders';
import { useJob } from '../query/useJob';
import { useSubmit } from '../query/useSubmit';
import { useNavigate, useParams } from 'react-router-dom';
import { chinaDateTime, FILING_TYPES_THAT_FILE, REVIEW_REJECTION, type MethodOutput, type OrderState } from '../../main/api/contract';
import { api, ApiError } from '../api';
import { fileToBase64 } from '../components/download';
import { ChangeSummaryCard } from './order/ChangeSummaryCard';
import { ConsequenceConfirm } from './order/ConsequenceConfirm';
import { FindingsList, ReadinessBadge } from '../components/Findings';
import { JobProgress } from '../components/JobProgress';
import { PhotoCheckTag } from '../components/PhotoCheckTag';
import { icpNumberRule as icpRule } from '../forms/zodRules';
import { STATE_COLOR } from './OrdersPage';
import { RejectionPanel, SlotRejectionMark } from './order/RejectionPanel';
import { GonganPanel } from './order/GonganPanel';
import { AuthCodePanel } from './order/AuthCodePanel';
import { PhotoPointAssign } from './order/PhotoPointAssign';
import { RejectionReasonsField, type ReasonValue } from './order/RejectionReasonsField';

type OrderView = MethodOutput<'order.get'>;
type Item = OrderView['checklist'][number];

const STATUS = {
  present: { icon: <CheckCircleTwoTone twoToneColor="#52c41a" />, text: '已有' },
  missing: { icon: <CloseCircleTwoTone twoToneColor="#ff4d4f" />, text: '缺少' },
  stale: { icon: <CloseCircleTwoTone twoToneColor="#ff4d4f" />, text: '需重新上传' },
  failed: { icon: <CloseCircleTwoTone twoToneColor="#ff4d4f" />, text: '不通过' },
  accepted: { icon: <ExclamationCircleTwoTone twoToneColor="#faad14" />, text: '已接受' },
  unchecked: { icon: <ExclamationCircleTwoTone twoToneColor="#bfbfbf" />, text: '检查中' },
} as const;

/** Slots that count as done: 已有, and a failing photo the operator accepted with a reason. */
const DONE: readonly Item['status'][] = ['present', 'accepted'];

/** Accepting a photo the checks failed: the written reason is required and goes into the history and the package. */
function AcceptPhotoDialog({ order, item, onClose, onDone }: { order: OrderView; item: Item | null; onClose(): void; onDone(): Promise<void> }) {
  const [form] = Form.useForm<{ reason: string }>();
  const accept = useSubmit((reason: string) => api('order.acceptPhoto', { orderId: order.id, slot: item!.id, reason }), {
    onDone: async () => {
      onClose();
      await onDone();
    },
  });
  const { clearProblem } = accept;
  useEffect(() => {
    form.resetFields();
    clearProblem();
  }, [item, form, clearProblem]);
  return (
    <Modal title={item ? `接受不通过的照片：${item.label}` : ''} open={!!item} onCancel={onClose} okText="接受" cancelText="取消" confirmLoading={accept.busy} onOk={() => form.submit()}>
      <Typography.Paragraph>照片检查的结论：</Typography.Paragraph>
      <ul style={{ paddingLeft: 18 }}>{item?.photo?.checks.filter((c) => c.status === 'fail').map((c) => <li key={c.id}>{c.message}</li>)}</ul>
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => void accept.submit(v.reason)}
      >
        <Form.Item label="接受理由（记入订单历史和提交包）" name="reason" rules={[{ required: true, whitespace: true, message: '请填写接受这张照片的理由' }]}>
          <Input.TextArea autoSize={{ minRows: 2 }} maxLength={500} placeholder="如：人工核对，确为网站负责人本人，检测误判" />
        </Form.Item>
        {accept.problem ? <Alert type="error" showIcon message={accept.problem[0]} /> : null}
      </Form>
    </Modal>
  );
}

type AdvanceValues = { reason?: string; providerOrderNo?: string; entityIcpNumber?: string; sites?: Record<string, string>; reasons?: ReasonValue[]; confirmed?: boolean };

/** The 复审's 驳回→重拍: 复审中 back to 待拍照核验, recorded as a 驳回 round like the rejected states. */
const isReviewRejection = (from: string, to: string | null) => from === REVIEW_REJECTION.from && to === REVIEW_REJECTION.to;
/** A move that records a 驳回: its dialog asks for the provider's text and the reasons. */
const isRejection = (from: string, to: string | null) => !!to?.includes('驳回') || isReviewRejection(from, to);

function AdvanceDialog({ order, to, onClose, onDone }: { order: OrderView; to: OrderState | null; onClose(): void; onDone(): Promise<void> }) {
  const [form] = Form.useForm<AdvanceValues>();
  const approving = to === '已通过' && FILING_TYPES_THAT_FILE.includes(order.type as (typeof FILING_TYPES_THAT_FILE)[number]);
  const rejecting = isRejection(order.state, to);
  const advance = useSubmit(
    (v: AdvanceValues) =>
      api('order.advance', {
        id: order.id,
        to: to!,
        ...(v.reason ? { reason: v.reason } : {}),
        ...(v.providerOrderNo ? { providerOrderNo: v.providerOrderNo } : {}),
        ...(v.entityIcpNumber ? { entityIcpNumber: v.entityIcpNumber } : {}),
        ...(v.sites ? { websiteIcpNumbers: Object.fromEntries(Object.entries(v.sites).filter(([, n]) => n)) } : {}),
        ...(v.reasons?.length ? { reasons: v.reasons.map((r) => ({ target: r.target!, kind: r.kind!, ...(r.text ? { text: r.text } : {}) })) } : {}),
        ...(v.confirmed ? { confirmedConsequence: true } : {}),
      }),
    {
      onDone: async () => {
        onClose();
        await onDone();
      },
    },
  );
  const { problem, clearProblem } = advance;
  useEffect(() => {
    form.resetFields();
    clearProblem();
  }, [to, form, clearProblem]);
  return (
    <Modal
      title={isReviewRejection(order.state, to) ? `${REVIEW_REJECTION.stage}：订单退回“${REVIEW_REJECTION.to}”，重新拍照` : to ? `将订单改为“${to}”` : ''}
      open={!!to}
      width={rejecting ? 760 : undefined}
      onCancel={onClose}
      okText="确定"
      cancelText="取消"
      confirmLoading={advance.busy}
      onOk={() => form.submit()}
    >
      <Form form={form} layout="vertical" onFinish={(v) => void advance.submit(v)}>
        {to === '初审中' && order.consequence ? <ConsequenceConfirm text={order.consequence} /> : null}
        {to === '初审中' ? (
          <Form.Item label="接入商备案订单号" name="providerOrderNo">
            <Input placeholder="提交后接入商给出的订单号（可稍后补填）" />
          </Form.Item>
        ) : null}
        {approving ? (
          <>
            <Form.Item label="主体备案号" name="entityIcpNumber" rules={[{ required: true, message: '请填写管局下发的主体备案号' }, icpRule('entity', { province: order.province })]}>
              <Input placeholder="如 粤ICP备12345678号" />
            </Form.Item>
            {order.websiteIds.map((wid, i) => (
              <Form.Item key={wid} label={`网站 ${i + 1} 的网站备案号`} name={['sites', String(wid)]} dependencies={['entityIcpNumber']} rules={[icpRule('website', { province: order.province, entityIcp: ['entityIcpNumber'] })]}>
                <Input placeholder="如 粤ICP备12345678号-1" />
              </Form.Item>
            ))}
          </>
        ) : null}
        {rejecting ? <RejectionReasonsField order={order} /> : null}
        <Form.Item label={rejecting ? '驳回原文' : '原因或备注'} name="reason" rules={rejecting ? [{ required: true, whitespace: true, message: '请填写驳回原文（接入商或管局的原话）' }] : []}>
          <Input.TextArea autoSize={{ minRows: 2 }} placeholder={rejecting ? '驳回理由（接入商或管局的原话）' : '可不填'} />
        </Form.Item>
        {problem ? <Alert type="error" showIcon message={problem[0]} description={problem.length > 1 ? <ul style={{ margin: 0, paddingLeft: 18 }}>{problem.slice(1).map((p) => <li key={p}>{p}</li>)}</ul> : null} /> : null}
      </Form>
    </Modal>
  );
}

/**
 * 导出提交包: the gate's refusal comes back at once with every reason; a package that may leave runs as a job
 * (order.export) whose progress and 取消 show in the dialog, then the file it wrote.
 */
function ExportButton({ order }: { order: OrderView }) {
  const { message, modal } = App.useApp();
  const [open, setOpen] = useState(false);
  const [dir, setDir] = useState('');
  const [provider, setProvider] = useState(order.provider);
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useJob(jobId, 'order.export');
  const providers = useProviders();
  const exporting = useSubmit(() => api('order.export', { id: order.id, provider, dir }), {
    onDone: (r) => setJobId(r.jobId),
    onRefused: (err) => {
      if (err instanceof ApiError && err.body.details?.length) {
        modal.error({ title: err.message.split('：')[0], content: <ul style={{ paddingLeft: 18 }}>{err.body.details.map((d) => <li key={d.message}>{d.message}</li>)}</ul> });
      } else message.error(err instanceof ApiError ? err.message : '导出失败');
      return null;
    },
  });
  useEffect(() => {
    if (open && !dir) void api('sheet.suggestDir', {}).then((r) => setDir((typed) => typed || r.dir.replace(/核验单$/, '提交包')), () => undefined);
  }, [open, dir]);
  const running = exporting.busy || job?.state === 'running' || (jobId !== null && !job);
  const result = job?.result ?? null;
  return (
    <>
      <Button onClick={() => setOpen(true)}>导出提交包</Button>
      <Modal
        title="导出提交包"
        open={open}
        okText={jobId && !running ? '再次导出' : '导出'}
        // the job's own 取消 stops the export; the dialog's button only closes it (the export runs on)
        cancelText={jobId ? '关闭' : '取消'}
        confirmLoading={running}
        onCancel={() => setOpen(false)}
        onOk={() => {
          setJobId(null);
          void exporting.submit(undefined);
        }}
      >
        <Form layout="vertical">
          <Form.Item label="按接入商命名">
            <Select value={provider} onChange={setProvider} options={providers.options} aria-label="接入商" disabled={running} />
          </Form.Item>
          <Form.Item label="输出目录">
            <Input value={dir} onChange={(e) => setDir(e.target.value)} aria-label="导出目录" disabled={running} />
          </Form.Item>
          <Typography.Text type="secondary">提交包含证件照片等个人信息，导出记入日志；有阻断问题时不会导出。</Typography.Text>
        </Form>
        {jobId ? (
          <div style={{ marginTop: 16 }} data-testid="package-export-job">
            <JobProgress job={job} unit="项（照片检查、材料、核验单，最后写出压缩包）" />
            {result ? <Alert style={{ marginTop: 8 }} type="success" showIcon message={`已导出 ${result.files} 个文件`} description={result.file} /> : null}
            {job?.state === 'cancelled' && !result ? <Alert style={{ marginTop: 8 }} type="info" showIcon message="导出已取消：没有写出文件，也没有记入导出日志" /> : null}
          </div>
        ) : null}
      </Modal>
    </>
  );
}

export function OrderPage() {
  const { id } = useParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const providers = useProviders();
  const [advancing, setAdvancing] = useState<OrderState | null>(null);
  const [accepting, setAccepting] = useState<Item | null>(null);
  // the order comes with the photo checks of every material its checklist uses
  const orderQuery = useApiQuery(resource.order(Number(id)), 'order.get', { id: Number(id) });
  const order = orderQuery.data ?? null;
  const error = orderQuery.error ? (orderQuery.error instanceof ApiError ? orderQuery.error.message : '加载失败') : null;
  const afterWrite = useAfterWrite();
  const entityId = order?.entityId;
  // a write on this page changes the order, its client (orders tab, filed state, log) and the lists
  const reload = useCallback(() => (entityId === undefined ? Promise.resolve() : afterWrite(orderWrite(Number(id), entityId))), [afterWrite, id, entityId]);

  if (error) return <Result status="404" title="无法打开订单" subTitle={error} extra={<Button onClick={() => navigate('/orders')}>返回订单列表</Button>} />;
  if (!order) return <Spin style={{ margin: 40 }} />;
  const done = order.checklist.filter((c) => DONE.includes(c.status)).length;
  const readOnly = order.readOnly;

  return (
    <div className="desk-page">
      <Space style={{ justifyContent: 'space-between', width: '100%' }} align="start">
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>
            订单 #{order.id} · {order.type}
          </Typography.Title>
          <Space size={6} style={{ marginTop: 6 }}>
            <a onClick={() => navigate(`/clients/${order.entityId}`)}>{order.entityName}</a>
            <Tag>{order.province}</Tag>
            <Tag>{providers.label(order.provider)}</Tag>
            {order.type === '新增网站' && order.change.originElsewhere !== undefined ? <Tag>{order.change.originElsewhere ? '原备案不在本接入商' : '原备案在本接入商'}</Tag> : null}
            <Tag color={STATE_COLOR[order.state]}>{order.state}</Tag>
            {readOnly ? null : <ReadinessBadge counts={order.check.counts} problems={order.problems} />}
            {order.providerOrderNo ? <Typography.Text type="secondary">接入商订单号 {order.providerOrderNo}</Typography.Text> : null}
          </Space>
        </div>
        <Space wrap>
          {readOnly ? null : <ExportButton order={order} />}
          {order.next.map((s) => (
            <Button key={s} type={['已放弃', '已撤回'].includes(s) || isRejection(order.state, s) ? 'default' : 'primary'} danger={['已放弃', '已撤回'].includes(s)} onClick={() => setAdvancing(s as OrderState)}>
              {s === '初审中' ? '提交初审' : isReviewRejection(order.state, s) ? `${REVIEW_REJECTION.stage}（重新拍照）` : `改为“${s}”`}
            </Button>
          ))}
        </Space>
      </Space>
      {readOnly ? <Alert style={{ marginTop: 12 }} type="info" showIcon message={readOnly} /> : null}
      {order.deadlines.map((d) => (
        <Alert key={d.kind} style={{ marginTop: 12 }} type={d.overdue ? 'error' : 'warning'} showIcon message={`${d.kind}：${d.overdue ? '已逾期' : '截止'} ${chinaDateTime(d.dueAt)}`} description={d.message} />
      ))}
      <RejectionPanel order={order} />
      <GonganPanel order={order} onChanged={reload} />
      <AuthCodePanel order={order} onChanged={reload} />
      <PhotoPointAssign orderId={order.id} />
      <Tabs
        style={{ marginTop: 8 }}
        items={[
          {
            key: 'checklist',
            label: `材料清单（${done}/${order.checklist.length}）`,
            children: (
              <>
              {order.changeSummary ? <ChangeSummaryCard summary={order.changeSummary} /> : null}
              <Table<Item>
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={order.checklist}
                locale={{ emptyText: order.changeSummary?.note ?? '此类型订单无需上传材料' }}
                columns={[
                  { title: '状态', width: 90, render: (_: unknown, c) => <Space>{STATUS[c.status].icon}{STATUS[c.status].text}</Space> },
                  { title: '材料', dataIndex: 'label' },
                  {
                    title: '照片检查',
                    width: 100,
                    render: (_: unknown, c) => <PhotoCheckTag result={c.photo} />,
                  },
                  {
                    title: '要求',
                    render: (_: unknown, c) => (
                      <>
                        <div>{c.why}</div>
                        <Typography.Text type={c.status === 'failed' ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
                          {c.note || `依据：${c.source}`}
                        </Typography.Text>
                        <SlotRejectionMark order={order} slot={c.id} />
                      </>
                    ),
                  },
                  {
                    title: '',
                    width: 170,
                    render: (_: unknown, c) => readOnly ? null : (
                      <Space size={4}>
                      {c.status === 'failed' ? (
                        <Button size="small" danger onClick={() => setAccepting(c)} aria-label={`接受 ${c.label}`}>
                          接受
                        </Button>
                      ) : null}
                      <Upload
                        showUploadList={false}
                        beforeUpload={(file) => {
                          void fileToBase64(file)
                            .then((contentBase64) => api('order.attach', { orderId: order.id, slot: c.id, fileName: file.name, contentBase64 }))
                            .then(() => reload(), (err: unknown) => message.error(err instanceof ApiError ? err.message : '上传失败'));
                          return false;
                        }}
                      >
                        <Button size="small" icon={<UploadOutlined />} aria-label={`上传 ${c.label}`}>
                          {c.status === 'missing' ? '上传' : c.status === 'stale' ? '重新上传' : '更换'}
                        </Button>
                      </Upload>
                      </Space>
                    ),
                  },
                ]}
              />
              </>
            ),
          },
          { key: 'check', label: `检查（${order.check.counts.error + order.check.counts.warning}）`, children: <FindingsList findings={order.check.findings} empty="未发现问题" /> },
          {
            key: 'history',
            label: '历史',
            // an event that keeps the state is a note on the order (an accepted photo)
            children: <Timeline items={order.events.map((e) => ({ children: `${chinaDateTime(e.at)} ${e.actor}：${e.from === e.to ? e.reason : `${e.from ? `${e.from} → ` : ''}${e.to}${e.reason ? `（${e.reason}）` : ''}`}` }))} />,
          },
        ]}
      />
      <AdvanceDialog order={order} to={advancing} onClose={() => setAdvancing(null)} onDone={reload} />
      <AcceptPhotoDialog order={order} item={accepting} onClose={() => setAccepting(null)} onDone={reload} />
    </div>
  );
}
