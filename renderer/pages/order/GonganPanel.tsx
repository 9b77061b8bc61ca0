// 公安备案 after approval: one card per website with the prefilled summary, what is still missing, the
// form to complete it, the printable summary, and 已完成 with the 公安备案号 (which stops the 30-day deadline).
// The form is saved over the version it read: a save made stale by someone else's opens the same
// 重新载入 / 仍然保存 choice as the edit drawers (EditConflictModal) instead of overwriting theirs.
import { Alert, Button, Card, Checkbox, Col, Descriptions, Drawer, Form, Input, Modal, Row, Select, Space, Switch, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { chinaDateTime, GONGAN, type EditConflict, type MethodOutput } from '../../../main/api/contract';
import { api, ApiError } from '../../api';
import { EditConflictModal } from '../../components/EditConflictModal';
import { gonganLines, type FollowUp } from './gonganLabels';
import { resource } from '../../query/keys';
import { useApiQuery, useLoadError } from '../../query/useApiQuery';
import { problemOf, useSubmit } from '../../query/useSubmit';

type OrderView = MethodOutput<'order.get'>;
const GONGAN_AFTER = ['首次备案', '接入备案', '新增网站'];

function GonganForm({ orderId, item, onClose, onSaved }: { orderId: number; item: FollowUp | null; onClose(): void; onSaved(): Promise<void> }) {
  const [form] = Form.useForm<FollowUp['fields']>();
  // the version of the row the form shows (null: prefilled, nothing saved yet), sent with the save
  const version = useRef<number | null>(null);
  const [conflict, setConflict] = useState<EditConflict | null>(null);
  const save = useSubmit((v: FollowUp['fields']) => api('gongan.save', { orderId, websiteId: item!.websiteId, rowVersion: version.current, fields: { ...item!.fields, ...v } }), {
    onDone: async () => {
      onClose();
      await onSaved();
    },
    // a save someone else's save made stale asks what to do, as the edit drawers do
    onRefused: (err) => {
      if (err instanceof ApiError && err.body.code === 'EDIT_CONFLICT' && err.body.conflict) {
        setConflict(err.body.conflict);
        return null;
      }
      return problemOf(err, '保存失败');
    },
  });
  const { clearProblem } = save;
  const problem = save.problem?.[0] ?? null;
  useEffect(() => {
    if (item) {
      form.resetFields();
      form.setFieldsValue(item.fields);
      version.current = item.rowVersion;
      setConflict(null);
      clearProblem();
    }
  }, [item, form, clearProblem]);
  /** 重新载入: the operator's edits dropped, the form as stored now (and the panel behind it re-read). */
  const reload = () => {
    setConflict(null);
    clearProblem();
    void api('gongan.ofOrder', { orderId })
      .then((all) => {
        const now = all.find((x) => x.websiteId === item?.websiteId);
        if (!now) return;
        form.resetFields();
        form.setFieldsValue(now.fields);
        version.current = now.rowVersion;
      })
      .finally(() => void onSaved());
  };
  /** 仍然保存: the operator's values written over the version now stored, knowing what it changed. */
  const reapply = () => {
    if (conflict) version.current = conflict.currentVersion;
    setConflict(null);
    form.submit();
  };
  const tags = (placeholder: string) => <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', '，', ' ']} placeholder={placeholder} />;
  return (
    <Drawer
      title={item ? `公安备案信息：${item.websiteName}` : ''}
      width={820}
      open={!!item}
      onClose={onClose}
      forceRender
      extra={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={save.busy} onClick={() => form.submit()}>
            保存
          </Button>
        </Space>
      }
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => void save.submit(v)}
      >
        <Typography.Title level={5}>网站信息</Typography.Title>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item label="网站名称" name="siteName"><Input /></Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label="网站开通日期（首次备案通过日期）" name="openedOn"><Input placeholder="YYYY-MM-DD" /></Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item label="有工信部备案号" name="hasIcpNumber" valuePropName="checked"><Switch /></Form.Item>
          </Col>
          <Col span={18}>
            <Form.Item label="工信部备案号" name="icpNumber"><Input /></Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label="主域名" name="mainDomain"><Input placeholder="如 example.cn" /></Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label="从域名" name="otherDomains">{tags('能访问该网站的其它域名，回车添加')}</Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item label="IP（服务器公网 IP）" name="ips">{tags('如 203.0.113.10，回车添加')}</Form.Item>
          </Col>
        </Row>
        <Typography.Title level={5}>网络接入服务商</Typography.Title>
        <Row gutter={12}>
          <Col span={12}><Form.Item label="名称" name={['accessProvider', 'name']}><Input /></Form.Item></Col>
          <Col span={12}><Form.Item label="网站接入方式" name={['accessProvider', 'accessMethod']}><Input placeholder="如 租赁主机" /></Form.Item></Col>
          <Col span={12}><Form.Item label="接入商所属地区管辖" name={['accessProvider', 'jurisdiction']}><Input /></Form.Item></Col>
          <Col span={12}><Form.Item label="接入商所属区域" name={['accessProvider', 'region']}><Input /></Form.Item></Col>
        </Row>
        <Typography.Title level={5}>域名注册服务商</Typography.Title>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>预填的是接入商自己的注册服务商，只在域名也是在该接入商注册时适用；否则按域名注册商填写。</Typography.Paragraph>
        <Row gutter={12}>
          <Col span={12}><Form.Item label="名称" name={['domainRegistrar', 'name']}><Input /></Form.Item></Col>
          <Col span={6}><Form.Item label="所属地区管辖" name={['domainRegistrar', 'jurisdiction']}><Input /></Form.Item></Col>
          <Col span={6}><Form.Item label="所属区域" name={['domainRegistrar', 'region']}><Input /></Form.Item></Col>
        </Row>
        <Typography.Title level={5}>服务类型与许可</Typography.Title>
        <Form.Item label="提供互联网交互服务" name="interactive" valuePropName="checked"><Switch /></Form.Item>
        <Form.Item label="服务类型" name="serviceTypes"><Checkbox.Group options={GONGAN.serviceTypes} /></Form.Item>
        <Form.Item label="互联网危险物品信息发布（不涉及则不勾）" name="dangerousGoods"><Checkbox.Group options={GONGAN.dangerousGoods} /></Form.Item>
        <Form.Item label="相关前置许可（勾选须上传资质证明）" name="permits"><Checkbox.Group options={GONGAN.permits} /></Form.Item>
        <Form.Item label="网站语种" name="languages"><Checkbox.Group options={GONGAN.languages} /></Form.Item>
        {problem ? <Alert type="error" showIcon message={problem} /> : null}
      </Form>
      <EditConflictModal conflict={conflict} busy={save.busy} onReload={reload} onReapply={reapply} onCancel={() => setConflict(null)} />
    </Drawer>
  );
}

function DoneDialog({ orderId, item, onClose, onDone }: { orderId: number; item: FollowUp | null; onClose(): void; onDone(): Promise<void> }) {
  const [number, setNumber] = useState('');
  const complete = useSubmit((psbNumber: string) => api('gongan.complete', { orderId, websiteId: item!.websiteId, psbNumber }), {
    onDone: async () => {
      onClose();
      await onDone();
    },
  });
  const { problem, clearProblem } = complete;
  useEffect(() => {
    setNumber('');
    clearProblem();
  }, [item, clearProblem]);
  return (
    <Modal
      title={item ? `公安备案已完成：${item.websiteName}` : ''}
      open={!!item}
      onCancel={onClose}
      okText="标记已完成"
      cancelText="取消"
      confirmLoading={complete.busy}
      onOk={() => void complete.submit(number)}
    >
      <Form layout="vertical">
        <Form.Item label="公安备案号" required>
          <Input value={number} onChange={(e) => setNumber(e.target.value)} placeholder="如 粤公网安备44030002017573号" aria-label="公安备案号" />
        </Form.Item>
      </Form>
      {problem ? <Alert type="error" showIcon message={problem[0]} description={problem.length > 2 ? <ul style={{ margin: 0, paddingLeft: 18 }}>{problem.slice(1).map((p) => <li key={p}>{p}</li>)}</ul> : null} /> : null}
    </Modal>
  );
}

export function GonganPanel({ order, onChanged }: { order: OrderView; onChanged(): Promise<void> }) {
  const navigate = useNavigate();
  const [editing, setEditing] = useState<FollowUp | null>(null);
  const [completing, setCompleting] = useState<FollowUp | null>(null);
  const applies = order.state === '已通过' && GONGAN_AFTER.includes(order.type);
  const query = useApiQuery(resource.order(order.id), 'gongan.ofOrder', { orderId: order.id }, { enabled: applies });
  useLoadError(query.error, '读取公安备案信息失败');
  const items: FollowUp[] | undefined = query.data;
  if (!applies || !items) return null;
  // every website of the order cancelled (注销, 取消接入) or deleted since: nothing is left to file with the 公安
  if (!items.length) {
    return (
      <Card size="small" style={{ marginTop: 12 }} title="公安备案" data-testid="gongan">
        <Typography.Text type="secondary">本订单的网站均已注销、取消接入或删除，无需再办理公安备案。</Typography.Text>
      </Card>
    );
  }
  return (
    <Card size="small" style={{ marginTop: 12 }} title={<span>公安备案 <Tag color={items.every((i) => i.state === '已完成') ? 'green' : 'orange'}>{items.filter((i) => i.state === '已完成').length}/{items.length} 已完成</Tag></span>} data-testid="gongan">
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        网站开通后 30 日内须在全国互联网安全管理服务平台（beian.mps.gov.cn）办理公安备案。以下信息已按客户资料和接入商公布的信息预填（{items[0]?.profileSource}），核对后照抄到平台。
      </Typography.Paragraph>
      {items.map((it) => (
        <Card
          key={it.websiteId}
          type="inner"
          size="small"
          style={{ marginBottom: 8 }}
          title={<Space>{it.websiteName}<Tag color={it.state === '已完成' ? 'green' : 'orange'}>{it.state}</Tag>{it.prefilled ? <Tag>预填</Tag> : null}{it.psbNumber ? <Typography.Text>{it.psbNumber}</Typography.Text> : null}</Space>}
          extra={
            <Space>
              <Button size="small" onClick={() => navigate(`/gongan/${order.id}/${it.websiteId}`)}>打印摘要</Button>
              {it.state === '已完成' ? null : (
                <>
                  <Button size="small" onClick={() => setEditing(it)}>填写</Button>
                  <Button size="small" type="primary" onClick={() => setCompleting(it)}>标记已完成</Button>
                </>
              )}
            </Space>
          }
        >
          {it.problems.length ? <Alert type="error" showIcon style={{ marginBottom: 8 }} message={`还有 ${it.problems.length} 个问题`} description={<ul style={{ margin: 0, paddingLeft: 18 }}>{it.problems.map((p) => <li key={p.message}>{p.message}</li>)}</ul>} /> : null}
          <Descriptions size="small" column={2} items={gonganLines(it.fields).map(([label, value]) => ({ key: label, label, children: value || <Typography.Text type="danger">（未填）</Typography.Text> }))} />
          {it.doneAt ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{it.doneBy} 于 {chinaDateTime(it.doneAt)} 标记已完成</Typography.Text> : null}
        </Card>
      ))}
      <GonganForm orderId={order.id} item={editing} onClose={() => setEditing(null)} onSaved={onChanged} />
      <DoneDialog orderId={order.id} item={completing} onClose={() => setCompleting(null)} onDone={onChanged} />
    </Card>
  );
}
