// 核验单: preview, download, print and keep a website's sheet; stamp it with the agency's seal and a
// signature (extracted from a photo, placed at the layout's anchors, nudged here); batches with progress.
import { DownloadOutlined, PrinterOutlined, SaveOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Empty, Form, Input, InputNumber, Radio, Row, Space, Switch, Tabs, Typography, Upload } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import type { MethodOutput } from '../../main/api/contract';
import { api, ApiError } from '../api';
import { ClientPicker } from '../components/ClientPicker';
import { downloadBlob, fileToBase64, fromBase64 } from '../components/download';
import { JobProgress } from '../components/JobProgress';
import { clientWrite, resource, type Resource } from '../query/keys';
import { useAfterWrite, useApiQuery } from '../query/useApiQuery';
import { useJob } from '../query/useJob';
import { useProviders } from '../query/useProviders';
import { PdfPages, printPdf } from '../components/PdfPages';
import { applyServerErrors } from '../forms/zodRules';
import { useFilledForm } from '../components/useFilledForm';
import { useSettingsConflict } from '../components/useSettingsConflict';
import { fileSizeText } from '../components/fileSize';

type Extracted = MethodOutput<'sheet.extract'>;

function InkImage({ title, kind, value, onChange }: { title: string; kind: 'seal' | 'signature'; value: Extracted | null; onChange(v: Extracted | null): void }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space>
        <Upload
          accept="image/jpeg,image/png"
          showUploadList={false}
          beforeUpload={(file) => {
            setBusy(true);
            void fileToBase64(file)
              .then((contentBase64) => api('sheet.extract', { kind, contentBase64 }))
              .then(onChange, (err: unknown) => message.error(err instanceof ApiError ? err.message : '提取失败'))
              .finally(() => setBusy(false));
            return false;
          }}
        >
          <Button icon={<UploadOutlined />} loading={busy}>
            {title}
          </Button>
        </Upload>
        {value ? (
          <Button size="small" type="link" onClick={() => onChange(null)}>
            移除
          </Button>
        ) : null}
      </Space>
      {value ? <img className="desk-checker" alt={title} src={`data:image/png;base64,${value.pngBase64}`} style={{ maxWidth: 180, maxHeight: 120, border: '1px solid #ddd' }} /> : null}
    </Space>
  );
}

function SingleSheet() {
  const { message } = App.useApp();
  const [entityId, setEntityId] = useState<number | undefined>();
  const [websiteId, setWebsiteId] = useState<number | null>(null);
  const [seal, setSeal] = useState<Extracted | null>(null);
  const [signature, setSignature] = useState<Extracted | null>(null);
  const [offset, setOffset] = useState({ dx: 0, dy: 0 });
  const [busy, setBusy] = useState(false);
  const [warnings, setWarnings] = useState<string[]>([]);

  const client: Resource = resource.client(entityId ?? 0);
  const entity = useApiQuery(client, 'entity.get', { id: entityId ?? 0 }, { enabled: !!entityId }).data ?? null;
  const shownEntity = entityId ? entity : null;
  // a client just picked starts at its first website; the same client read again keeps the one chosen
  useEffect(() => setWebsiteId(shownEntity?.websites[0]?.id ?? null), [shownEntity?.id]); // eslint-disable-line react-hooks/exhaustive-deps

  // The draft preview for what is on screen now: typing an offset or changing the seal asks again, and an
  // answer for an older offset that arrives late is dropped instead of replacing the newer one.
  // a person's sheet is signed, never sealed (the core refuses it): a seal kept from a company picked before is left off
  const personal = shownEntity?.nature === '个人';
  const sealHere = personal ? null : seal;
  const ink = { ...(sealHere ? { sealBase64: sealHere.pngBase64 } : {}), ...(signature ? { signatureBase64: signature.pngBase64 } : {}) };
  const stamped = !!(sealHere || signature);
  const previewQuery = useQuery({
    queryKey: [...client, 'sheet.preview', { websiteId, stamped, ink, offset }],
    enabled: !!websiteId,
    gcTime: 0,
    queryFn: async ({ signal }) =>
      stamped
        ? { ...(await api('sheet.previewStamp', { websiteId: websiteId!, ...ink, sealOffset: offset }, signal)), warnings: null }
        : { ...(await api('sheet.generate', { websiteId: websiteId!, draft: true }, signal)), warning: null },
  });
  const preview = websiteId ? previewQuery.data : undefined;
  const pdf = useMemo(() => (preview ? fromBase64(preview.contentBase64) : null), [preview]);
  const overlap = preview?.warning ?? null;
  const problem = websiteId && previewQuery.error ? (previewQuery.error instanceof ApiError ? previewQuery.error.message : '生成失败') : null;
  // the provider warnings of the last draft stay while the stamped preview is shown
  useEffect(() => {
    if (preview?.warnings) setWarnings(preview.warnings);
  }, [preview?.warnings]);
  const afterWrite = useAfterWrite();

  const run = async (what: () => Promise<void>) => {
    setBusy(true);
    try {
      await what();
      // saving, stamping and the final sheet add a material or a log entry to the client
      if (entityId) await afterWrite(clientWrite(entityId));
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : '操作失败');
    } finally {
      setBusy(false);
    }
  };

  const final = () => api('sheet.generate', { websiteId: websiteId!, draft: false });

  return (
    <Row gutter={16} wrap={false}>
      <Col flex="340px">
        <Card size="small" title="网站" style={{ marginBottom: 12 }}>
          <ClientPicker value={entityId} onChange={(v) => setEntityId(v as number)} />
          {entity ? (
            entity.websites.length ? (
              <Radio.Group value={websiteId} onChange={(e) => setWebsiteId(e.target.value as number)} style={{ marginTop: 12, display: 'flex', flexDirection: 'column', gap: 6 }}>
                {entity.websites.map((w) => (
                  <Radio key={w.id} value={w.id}>
                    {w.name}
                    <Typography.Text type="secondary"> {w.domains[0]}</Typography.Text>
                  </Radio>
                ))}
              </Radio.Group>
            ) : (
              <Empty description="该客户还没有网站" />
            )
          ) : null}
        </Card>
        <Card size="small" title="盖章与签名">
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            上传公章或签名的照片/扫描件，自动去掉纸张背景；位置按版式放置，可微调。
          </Typography.Paragraph>
          <Space direction="vertical" style={{ width: '100%' }}>
            {personal ? <Typography.Text type="secondary">个人网站的核验单不加盖公章，由网站负责人本人签字</Typography.Text> : <InkImage title="上传公章照片" kind="seal" value={seal} onChange={setSeal} />}
            <InkImage title="上传签名照片" kind="signature" value={signature} onChange={setSignature} />
            {personal ? null : (
              <>
                <Typography.Text>公章位置微调（毫米）</Typography.Text>
                <Space>
                  <InputNumber size="small" min={-50} max={50} step={1} value={offset.dx} onChange={(v) => setOffset((o) => ({ ...o, dx: v ?? 0 }))} prefix="右" aria-label="公章右移" style={{ width: 120 }} />
                  <InputNumber size="small" min={-50} max={50} step={1} value={offset.dy} onChange={(v) => setOffset((o) => ({ ...o, dy: v ?? 0 }))} prefix="下" aria-label="公章下移" style={{ width: 120 }} />
                </Space>
              </>
            )}
            <Button
              icon={<SaveOutlined />}
              disabled={!websiteId || !stamped}
              loading={busy}
              onClick={() =>
                run(async () => {
                  const r = await api('sheet.stamp', { websiteId: websiteId!, ...ink, sealOffset: offset });
                  message.success(`已保存盖章版“${r.material.fileName}”，原核验单保留`);
                })
              }
            >
              保存盖章版到材料
            </Button>
          </Space>
        </Card>
      </Col>
      <Col flex="auto" style={{ minWidth: 0 }}>
        <Space style={{ marginBottom: 12 }}>
          <Button icon={<DownloadOutlined />} disabled={!websiteId} loading={busy} onClick={() => run(async () => { const r = await final(); downloadBlob(fromBase64(r.contentBase64), r.fileName, 'application/pdf'); })}>
            下载 PDF
          </Button>
          <Button icon={<PrinterOutlined />} disabled={!websiteId} loading={busy} onClick={() => run(async () => printPdf(fromBase64((await final()).contentBase64)))}>
            打印
          </Button>
          <Button icon={<SaveOutlined />} disabled={!websiteId} loading={busy} onClick={() => run(async () => { const m = await api('sheet.save', { websiteId: websiteId! }); message.success(`已保存到材料：${m.fileName}`); })}>
            保存为材料
          </Button>
          <Typography.Text type="secondary">预览带“草稿”水印；下载、打印和保存的是正式版（生成记入日志）。</Typography.Text>
        </Space>
        {problem ? <Alert type="error" showIcon message={problem} style={{ marginBottom: 12 }} /> : null}
        {overlap ? <Alert type="warning" showIcon message={overlap} style={{ marginBottom: 12 }} /> : null}
        {warnings.map((w) => (
          <Alert key={w} type="warning" showIcon message={w} style={{ marginBottom: 12 }} />
        ))}
        <div style={{ background: '#e8e8e8', padding: 16, minHeight: 400 }}>
          <PdfPages bytes={pdf} />
        </div>
      </Col>
    </Row>
  );
}

function BatchSheets() {
  const { message } = App.useApp();
  const [entityIds, setEntityIds] = useState<number[]>([]);
  const [combined, setCombined] = useState(false);
  const [dir, setDir] = useState('');
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useJob(jobId, 'sheet.batch');
  useEffect(() => {
    void api('sheet.suggestDir', {}).then((r) => setDir((typed) => typed || r.dir), () => undefined);
  }, []);
  const result = job?.result;
  return (
    <Card size="small" style={{ maxWidth: 820 }}>
      <Form layout="vertical">
        <Form.Item label="客户（其全部网站各生成一份）">
          <ClientPicker multiple value={entityIds} onChange={(v) => setEntityIds(v as number[])} />
        </Form.Item>
        <Form.Item label="输出目录">
          <Input value={dir} onChange={(e) => setDir(e.target.value)} aria-label="输出目录" />
        </Form.Item>
        {/* htmlFor ties the label to the switch, so clicking the text toggles it like the switch itself. */}
        <Form.Item label="合并为一个打印文件（按份数重复：单位 2 份、个人 1 份）" htmlFor="sheet-batch-combined">
          <Switch id="sheet-batch-combined" checked={combined} onChange={setCombined} />
        </Form.Item>
        <Button
          type="primary"
          disabled={!entityIds.length || !dir || job?.state === 'running'}
          onClick={async () => {
            try {
              const ents = await Promise.all(entityIds.map((id) => api('entity.get', { id })));
              const websiteIds = ents.flatMap((e) => e.websites.map((w) => w.id));
              if (!websiteIds.length) return void message.warning('所选客户没有网站');
              setJobId((await api('sheet.batch', { websiteIds, dir, combined })).jobId);
            } catch (err) {
              message.error(err instanceof ApiError ? err.message : '无法开始');
            }
          }}
        >
          开始生成
        </Button>
      </Form>
      {jobId ? (
        <div style={{ marginTop: 16 }}>
          <JobProgress job={job} unit="个网站" />
          {result ? (
            <Typography.Paragraph style={{ marginTop: 8 }}>
              已写出 {result.files.length} 个文件（{result.sheets} 个网站，{fileSizeText(result.bytes)}）到 {dir}
            </Typography.Paragraph>
          ) : null}
          {/* a box the sheets leave blank (no provider yet) or a character they cannot print: said before they are printed, as in the preview */}
          {result?.warnings.length ? (
            <Alert
              type="warning"
              showIcon
              message={`${result.warnings.length} 条提醒：打印前请核对`}
              description={
                <div style={{ maxHeight: 240, overflowY: 'auto' }}>
                  {result.warnings.map((w, i) => (
                    <div key={i}>{w}</div>
                  ))}
                </div>
              }
            />
          ) : null}
        </div>
      ) : null}
    </Card>
  );
}

function SheetSettingsForm() {
  const { message } = App.useApp();
  const [form] = Form.useForm<MethodOutput<'settings.sheet'>>();
  const { profiles } = useProviders();
  const settingsQuery = useApiQuery(resource.settings, 'settings.sheet', {});
  const settings = settingsQuery.data;
  const filled = useFilledForm(form, settings);
  const afterWrite = useAfterWrite();
  const conflict = useSettingsConflict(form, () => settingsQuery.refetch());
  return (
    <Card size="small" style={{ maxWidth: 620 }}>
      <Form
        form={form}
        layout="vertical"
        disabled={!filled}
        onFinish={async (v) => {
          try {
            form.setFieldsValue(await api('settings.updateSheet', v));
            message.success('已保存');
            // the sheets print the new provider facts from now on
            void afterWrite([resource.settings, ['client']]);
          } catch (err) {
            if (conflict.caught(err)) return;
            if (applyServerErrors(form, err, 0)) message.error('保存失败');
          }
        }}
      >
        <Form.Item name="rowVersion" hidden>
          <InputNumber />
        </Form.Item>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          “接入服务提供者”和“服务器放置地点”按订单的接入商打印：留空时用接入商配置中的全称；没有来源的须在此填写，否则核验单上会留空并提示。
        </Typography.Paragraph>
        {profiles.map((p) => (
          <Space key={p.id} align="start" style={{ display: 'flex' }}>
            <Form.Item label={`${p.name}：接入服务提供者`} name={['providers', p.id, 'providerName']} initialValue="" tooltip={p.company ? `来源：${p.companySource}` : p.companySource} style={{ width: 320 }}>
              <Input placeholder={p.company ?? '无来源，请填写全称'} aria-label={`${p.name}的接入服务提供者`} />
            </Form.Item>
            <Form.Item label="服务器放置地点" name={['providers', p.id, 'serverLocation']} initialValue="" style={{ width: 220 }}>
              <Input placeholder="如 广东省" aria-label={`${p.name}的服务器放置地点`} />
            </Form.Item>
          </Space>
        ))}
        <Form.Item label="接入方式" name="accessMethod">
          <Input placeholder="云接入" />
        </Form.Item>
        <Form.Item label="核验人员" name="verifierName">
          <Input />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          保存
        </Button>
      </Form>
      {conflict.modal}
    </Card>
  );
}

export function SheetsPage() {
  return (
    <div className="desk-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        核验单
      </Typography.Title>
      <Tabs
        items={[
          { key: 'one', label: '单个网站', children: <SingleSheet /> },
          { key: 'batch', label: '批量生成', children: <BatchSheets /> },
          { key: 'settings', label: '核验单设置', children: <SheetSettingsForm /> },
        ]}
      />
    </div>
  );
}
