// 客户 → 导入 Excel: download the template, pick a filled workbook (or an agency's own sheet, mapped once),
// see every row's findings with the cell they came from, then confirm: only rows without 阻断 or all
// rows, updating clients that already exist if asked. Both steps are jobs with progress and 取消.
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Drawer, Radio, Result, Select, Space, Switch, Table, Tag, Typography, Upload } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import type { IntakeCommitResult, IntakeFinding, IntakePreview, IntakePreviewRow } from '../../main/api/contract';
import { api, ApiError } from '../api';
import { JobProgress } from '../components/JobProgress';
import { resource } from '../query/keys';
import { useAfterWrite } from '../query/useApiQuery';
import { useJob } from '../query/useJob';
import { downloadBlob, fileToBase64, fromBase64 } from '../components/download';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const SEVERITY: Record<IntakeFinding['severity'], { label: string; color: string }> = {
  error: { label: '阻断', color: 'red' },
  warning: { label: '警告', color: 'orange' },
  info: { label: '提示', color: 'blue' },
};

const cellName = (f: IntakeFinding) => (f.cell ? (f.cell.column ? `${f.cell.sheet}!${f.cell.column}${f.cell.row}${f.cell.header ? `（${f.cell.header}）` : ''}` : `${f.cell.sheet} 第 ${f.cell.row} 行`) : '本行');

export function ImportExcelDrawer({ open, onClose }: { open: boolean; onClose(): void }) {
  const { message } = App.useApp();
  const [file, setFile] = useState<{ name: string; base64: string } | null>(null);
  const [previewJob, setPreviewJob] = useState<string | null>(null);
  const [commitJob, setCommitJob] = useState<string | null>(null);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [mode, setMode] = useState<'valid' | 'all'>('valid');
  const [update, setUpdate] = useState(false);
  const [onlyProblems, setOnlyProblems] = useState(false);
  const preview = useJob(previewJob, 'intake.preview');
  const commit = useJob(commitJob, 'intake.commit');
  const result = preview?.state === 'done' ? preview.result : null;
  const written = commit?.state === 'done' || commit?.state === 'cancelled' ? commit.result : null;
  const afterWrite = useAfterWrite();

  useEffect(() => {
    if (result?.needsMapping) setMapping(result.needsMapping.suggested);
  }, [result?.needsMapping]);
  useEffect(() => {
    // once per finished import: the client list, and any client it updated, are read again
    if (written) void afterWrite([['client'], resource.lists]);
  }, [written, afterWrite]);

  const reset = () => {
    setFile(null);
    setPreviewJob(null);
    setCommitJob(null);
    setUpdate(false);
    setMode('valid');
  };

  const startPreview = async (f: { name: string; base64: string }, withMapping?: Record<string, string>) => {
    try {
      setCommitJob(null);
      const { jobId } = await api('intake.previewXlsx', { fileName: f.name, contentBase64: f.base64, ...(withMapping ? { mapping: withMapping } : {}) });
      setPreviewJob(jobId);
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : '无法读取该文件');
    }
  };

  const downloadTemplate = async () => {
    try {
      const t = await api('intake.template', {});
      downloadBlob(fromBase64(t.contentBase64), t.fileName, XLSX_TYPE);
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : '无法生成模板');
    }
  };

  const confirm = async () => {
    if (!result) return;
    try {
      const { jobId } = await api('intake.commitXlsx', { token: result.token, mode, update });
      setCommitJob(jobId);
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : '导入失败');
    }
  };

  const rows = useMemo(() => (result?.rows ?? []).filter((r) => r.status !== 'example' && (!onlyProblems || r.findings.length > 0)), [result, onlyProblems]);
  const t = result?.totals;
  const toWrite = t ? (mode === 'valid' ? t.rows - t.blocked : t.rows) - (update ? 0 : t.update) : 0;

  return (
    <Drawer title="导入 Excel" width={1000} open={open} onClose={onClose} destroyOnHidden={false} extra={file ? <Button onClick={reset}>重新选择文件</Button> : null}>
      {!file ? (
        <Space direction="vertical" style={{ width: '100%' }} size="large">
          <Alert
            type="info"
            showIcon
            message="先下载模板填写：每行一个客户（主体和主体负责人），网站填在“网站”表。也可以导入本机构自己的表格，第一次导入时选择每列对应的字段，下次同样表头的表格会自动对应。"
            action={
              <Button icon={<DownloadOutlined />} onClick={() => void downloadTemplate()}>
                下载模板
              </Button>
            }
          />
          <Upload.Dragger
            accept=".xlsx"
            multiple={false}
            showUploadList={false}
            beforeUpload={(f) => {
              void fileToBase64(f).then((base64) => {
                const picked = { name: f.name, base64 };
                setFile(picked);
                void startPreview(picked);
              });
              return false;
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">点击或拖入 .xlsx 文件</p>
            <p className="ant-upload-hint">导入前逐行检查，确认后才写入；不超过 20 MB、10 000 行</p>
          </Upload.Dragger>
        </Space>
      ) : null}

      {file && !commitJob ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text>
            文件：<Typography.Text strong>{file.name}</Typography.Text>
          </Typography.Text>
          {preview?.state !== 'done' && preview?.state !== 'failed' ? <JobProgress job={preview} unit="行" /> : null}
          {preview?.state === 'failed' ? <Alert type="error" showIcon message="无法导入此文件" description={preview.error} /> : null}
        </Space>
      ) : null}

      {file && result?.needsMapping && !commitJob ? (
        <MappingStep
          needs={result.needsMapping}
          mapping={mapping}
          onChange={setMapping}
          onSubmit={() => void startPreview(file, Object.fromEntries(Object.entries(mapping).filter(([, v]) => v)))}
        />
      ) : null}

      {file && result && !result.needsMapping && !commitJob ? (
        <Space direction="vertical" style={{ width: '100%', marginTop: 12 }}>
          <Space wrap>
            <Tag>共 {t!.rows} 行</Tag>
            <Tag color="green">新客户 {t!.new}</Tag>
            <Tag color="blue">已是客户 {t!.update}</Tag>
            {/* rows, like the counts beside them: what the whole file is told (another sheet not read, a column missing) is in the notices below */}
            <Tag color="red">有阻断 {t!.blocked} 行</Tag>
            <Tag color="orange">仅警告 {t!.warned} 行</Tag>
            <Typography.Text type="secondary">{result.kind === 'template' ? '导入模板' : `本机构表格（工作表“${result.sheet}”）`}</Typography.Text>
            <Switch size="small" checked={onlyProblems} onChange={setOnlyProblems} /> 只看有问题的行
          </Space>
          {result.fileFindings.map((f, i) => (
            <Alert key={i} type={f.severity} showIcon message={f.cell ? `${cellName(f)}：${f.message}` : f.message} description={f.cell ? undefined : f.hint} />
          ))}
          <Table<IntakePreviewRow>
            rowKey={(r) => `${r.sheet}-${r.row}`}
            size="small"
            dataSource={rows}
            pagination={rows.length > 50 ? { pageSize: 50, size: 'small', showSizeChanger: false } : false}
            scroll={{ y: 420 }}
            columns={[
              { title: '行', dataIndex: 'row', width: 60 },
              { title: '主办单位名称', dataIndex: 'name', width: 220, ellipsis: true },
              { title: '主体证件号码', dataIndex: 'certNumber', width: 180 },
              {
                title: '状态',
                width: 110,
                render: (_v, r) => (r.status === 'update' ? <Tag color="blue">已是客户 · 更新</Tag> : <Tag color="green">新客户</Tag>),
              },
              {
                title: '检查结果',
                render: (_v, r) =>
                  r.findings.length === 0 ? (
                    <Typography.Text type="success">无问题</Typography.Text>
                  ) : (
                    <Space direction="vertical" size={2}>
                      {r.findings.map((f, i) => (
                        <span key={i} data-testid="intake-finding">
                          <Tag color={SEVERITY[f.severity].color}>{SEVERITY[f.severity].label}</Tag>
                          <Typography.Text code>{cellName(f)}</Typography.Text> {f.message}
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                            {' '}
                            {f.ruleId}
                          </Typography.Text>
                        </span>
                      ))}
                    </Space>
                  ),
              },
            ]}
          />
          <Space direction="vertical">
            <Radio.Group value={mode} onChange={(e) => setMode(e.target.value as 'valid' | 'all')}>
              <Radio value="valid">只导入没有阻断问题的行（{t!.rows - t!.blocked} 行）</Radio>
              <Radio value="all">导入全部行（有阻断问题的行也保存，与表单一致；格式错误、含公式或合并单元格的行仍不导入）</Radio>
            </Radio.Group>
            {t!.update > 0 ? (
              <Checkbox checked={update} onChange={(e) => setUpdate(e.target.checked)}>
                更新已有客户（{t!.update} 行的主体证件号码已是客户；不勾选则跳过，不会重复新建）
              </Checkbox>
            ) : null}
            <Button type="primary" disabled={toWrite <= 0} onClick={() => void confirm()}>
              确认导入
            </Button>
          </Space>
        </Space>
      ) : null}

      {commitJob ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          {commit?.state === 'running' || !commit ? <JobProgress job={commit} unit="行" /> : null}
          {commit?.state === 'failed' ? <Alert type="error" showIcon message="导入失败" description={commit.error} /> : null}
          {written ? <CommitResult result={written} cancelled={commit?.state === 'cancelled'} /> : null}
          {/* a failed or cancelled import left the preview to confirm again: what it imported is then 已是客户 */}
          {commit?.state === 'failed' || written?.rows.some((r) => r.outcome === 'cancelled') ? <Button onClick={() => setCommitJob(null)}>返回预览</Button> : null}
        </Space>
      ) : null}
    </Drawer>
  );
}

function MappingStep({ needs, mapping, onChange, onSubmit }: { needs: NonNullable<IntakePreview['needsMapping']>; mapping: Record<string, string>; onChange(m: Record<string, string>): void; onSubmit(): void }) {
  const used = new Set(Object.values(mapping).filter(Boolean));
  const missing = needs.fields.filter((f) => f.required && !used.has(f.key));
  return (
    <Space direction="vertical" style={{ width: '100%', marginTop: 12 }}>
      <Alert type="info" showIcon message="这不是导入模板：请为每一列选择对应的字段（不需要的列选“不导入”）。确认后，同样表头的表格下次会自动对应。" />
      <Table
        rowKey="header"
        size="small"
        pagination={false}
        dataSource={needs.headers.map((header) => ({ header }))}
        columns={[
          { title: '表格中的列', dataIndex: 'header', width: 260 },
          {
            title: '对应的字段',
            render: (_v, r: { header: string }) => (
              <Select
                style={{ width: 300 }}
                showSearch={{ optionFilterProp: 'label' }}
                value={mapping[r.header] ?? ''}
                aria-label={`列“${r.header}”对应的字段`}
                onChange={(v: string) => onChange({ ...mapping, [r.header]: v })}
                options={[{ value: '', label: '不导入' }, ...needs.fields.map((f) => ({ value: f.key, label: `${f.header}${f.required ? '（必填）' : ''}`, disabled: used.has(f.key) && mapping[r.header] !== f.key }))]}
              />
            ),
          },
        ]}
      />
      {missing.length ? <Typography.Text type="warning">尚未对应的必填字段：{missing.map((f) => f.header).join('、')}（这些字段会在预览中报为阻断问题）</Typography.Text> : null}
      <Button type="primary" onClick={onSubmit}>
        按此对应检查
      </Button>
    </Space>
  );
}

function CommitResult({ result, cancelled }: { result: IntakeCommitResult; cancelled: boolean }) {
  const notWritten = result.rows.filter((r) => r.outcome !== 'created' && r.outcome !== 'updated');
  // a cancel stops after the chunk being written: what the chunks before wrote stays (a cancel after the last
  // chunk leaves no row 已取消: the import went through)
  const stopped = cancelled && result.rows.some((r) => r.outcome === 'cancelled');
  const undone = stopped && result.rows.every((r) => r.outcome === 'cancelled');
  return (
    <>
      <Result
        status={result.failed || stopped ? 'warning' : 'success'}
        title={undone ? '已取消：未导入任何客户' : `${stopped ? '已取消：' : '导入完成：'}新建 ${result.created} 个客户，更新 ${result.updated} 个，跳过 ${result.skipped} 行，失败 ${result.failed} 行`}
        subTitle={undone ? '可以返回预览再次确认导入。' : `${stopped ? '取消前已导入的客户保留，其余行未导入；返回预览再次确认时，已导入的客户会被识别为已有客户。' : ''}结果文件是原表格加一列“结果”，可按其中的说明修改后再次导入。`}
        extra={
          <Button type="primary" icon={<DownloadOutlined />} onClick={() => downloadBlob(fromBase64(result.resultBase64), result.resultFileName, XLSX_TYPE)}>
            下载结果文件
          </Button>
        }
      />
      {notWritten.length ? (
        <Table
          rowKey="row"
          size="small"
          pagination={notWritten.length > 50 ? { pageSize: 50, size: 'small' } : false}
          dataSource={notWritten}
          columns={[
            { title: '行', dataIndex: 'row', width: 60 },
            { title: '主办单位名称', dataIndex: 'name', width: 220 },
            { title: '结果', dataIndex: 'message' },
          ]}
        />
      ) : null}
    </>
  );
}
