// 照片检查: a folder of photos checked in the background (grid of thumbnails with pass / warn / fail per
// check), filtered by failing check, one photo opened with its face box drawn over it, repair of the
// selected photos into an output folder (the originals stay as they are). Each photo's kind can be set in
// the grid (that photo is checked again); a kind guessed from the file name, or not at all, is said so.
import { Alert, App, Button, Card, Checkbox, Col, Empty, Input, Modal, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { PHOTO_KIND_LABELS, PHOTO_KINDS, type JobResult, type PhotoKind } from '../../main/api/contract';
import { api, ApiError } from '../api';
import { JobProgress } from '../components/JobProgress';
import { droppedFolder, itemsOf } from '../droppedFolder';
import { useJob } from '../query/useJob';
import { useProviders } from '../query/useProviders';

type Report = JobResult<'photos.check'>[number];
type Check = Report['checks'][number];

const KIND_LABEL: Record<PhotoKind, string> = PHOTO_KIND_LABELS;
const STATUS = { pass: { color: 'green', text: '通过' }, warn: { color: 'orange', text: '警告' }, fail: { color: 'red', text: '不通过' } } as const;
const CHECK_LABEL: Record<string, string> = { readable: '可读取', format: '格式', bytes: '文件大小', dimensions: '尺寸', orientation: '方向', blur: '清晰度', exposure: '曝光', background: '背景/占比', face: '人脸', duplicate: '重复', colour: '彩色', screen: '翻拍屏幕' };
// The background check is the curtain for curtain photos and the document's share of the frame for scans.
const checkLabel = (id: string, kind?: PhotoKind) => (id === 'background' && kind ? (kind === 'curtain' ? '幕布背景' : '证件占比') : (CHECK_LABEL[id] ?? id));
const fileName = (p: string) => p.split(/[\\/]/).pop() ?? p;


/** The folder offered for a repair of `dir`: beside it, “…-已修复”; a repaired folder's own repair “…-已修复-2”, “-3” … */
export function repairedFolderFor(dir: string): string {
  const base = dir.replace(/[\\/]+$/, '');
  const repaired = /^(.*)-已修复(?:-(\d+))?$/.exec(base);
  return repaired ? `${repaired[1]}-已修复-${Number(repaired[2] ?? 1) + 1}` : `${base}-已修复`;
}

export function PhotosPage() {
  const { message } = App.useApp();
  const [dir, setDir] = useState('');
  const [kind, setKind] = useState<PhotoKind | undefined>();
  const [provider, setProvider] = useState('tencent');
  const [jobId, setJobId] = useState<string | null>(null);
  // The folder the grid's photos were checked in: a repair keeps each photo's path below it (dir may have been edited since).
  const [checkedDir, setCheckedDir] = useState('');
  const job = useJob(jobId, 'photos.check');
  const providers = useProviders();
  const [filter, setFilter] = useState<string | undefined>();
  const [selected, setSelected] = useState<string[]>([]);
  const [open, setOpen] = useState<Report | null>(null);
  const [outDir, setOutDir] = useState('');
  // A repair runs as a job (photos.fix): the kind of each photo and the folder it writes to, kept for the re-check after it.
  const [fix, setFix] = useState<{ jobId: string; outDir: string; kinds: Record<string, PhotoKind> } | null>(null);
  const fixJob = useJob(fix?.jobId ?? null, 'photos.fix');
  const [dragging, setDragging] = useState(false);
  // Photos checked again as the kind set in the grid, by file; cleared when a new batch starts.
  const [rechecked, setRechecked] = useState<Record<string, Report>>({});
  const [rechecking, setRechecking] = useState<string | null>(null);
  const batch = job?.state === 'done' ? job.result : null;
  const reports = useMemo(() => (batch ?? []).map((r) => rechecked[r.file] ?? r), [batch, rechecked]);
  useEffect(() => setRechecked({}), [jobId]);
  const setKindOf = async (file: string, next: PhotoKind) => {
    setRechecking(file);
    try {
      const r = await api('photos.recheck', { file, kind: next, provider });
      setRechecked((m) => ({ ...m, [file]: r }));
      setOpen((o) => (o?.file === file ? r : o));
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : '重新检查失败');
    } finally {
      setRechecking(null);
    }
  };
  useEffect(() => {
    if (dir && !outDir) setOutDir(repairedFolderFor(dir));
  }, [dir, outDir]);
  // A repair that has ended (or was cancelled part way) is said, and what it wrote is checked again, so the
  // operator sees the repaired photos pass; a repair of those goes to a folder of its own again (the output
  // may not be the checked folder).
  useEffect(() => {
    if (!fix || !fixJob || fixJob.state === 'running') return;
    setFix(null);
    if (fixJob.state === 'failed') {
      message.error(fixJob.error ?? '修复失败');
      return;
    }
    const r = fixJob.result ?? [];
    const bad = r.filter((x) => x.error);
    const stopped = fixJob.state === 'cancelled' ? '已取消：' : '';
    if (!r.length) {
      message.info('已取消，未修复任何照片');
      return;
    }
    if (bad.length) message.warning(`${stopped}已修复 ${r.length - bad.length} 张，${bad.length} 张失败：${bad[0]!.error}`);
    else message.success(`${stopped}已修复 ${r.length} 张到 ${fix.outDir}（原图未改动），正在重新检查`);
    if (!r.some((x) => x.out)) return;
    setDir(fix.outDir);
    setOutDir('');
    setSelected([]);
    const outKinds = Object.fromEntries(r.filter((x) => x.out && fix.kinds[x.file]).map((x) => [x.out!, fix.kinds[x.file]!]));
    api('photos.checkFolder', { dir: fix.outDir, provider, ...(kind ? { kind } : {}), kinds: outKinds }).then(
      ({ jobId: checkJobId }) => {
        setJobId(checkJobId);
        setCheckedDir(fix.outDir);
      },
      (err: unknown) => void message.error(err instanceof ApiError ? err.message : '无法开始重新检查'),
    );
  }, [fix, fixJob, message, provider, kind]);
  const shown = useMemo(() => (filter ? reports.filter((r) => r.checks.some((c) => c.id === filter && c.status !== 'pass')) : reports), [reports, filter]);
  const failingIds = useMemo(() => [...new Set(reports.flatMap((r) => r.checks.filter((c) => c.status !== 'pass').map((c) => c.id)))], [reports]);

  return (
    <div className="desk-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        照片检查
      </Typography.Title>
      <Card
        size="small"
        style={{ marginBottom: 12, ...(dragging ? { outline: '2px dashed #1677ff' } : {}) }}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          const r = droppedFolder(itemsOf(e.dataTransfer), window.beianDesk?.pathForFile);
          if ('error' in r) message.warning(r.error);
          else {
            setDir(r.dir);
            setOutDir('');
          }
        }}
      >
        <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8 }}>
          把照片文件夹拖到这里，或输入文件夹路径
        </Typography.Text>
        <Space wrap>
          <Input style={{ width: 420 }} placeholder={"照片所在文件夹，如 D:\\客户照片\\2026-11"} value={dir} onChange={(e) => setDir(e.target.value)} aria-label="照片文件夹" />
          <Select allowClear placeholder="类型：按文件名判断" style={{ width: 170 }} value={kind} onChange={setKind} options={PHOTO_KINDS.map((k) => ({ value: k, label: KIND_LABEL[k] }))} />
          <Select style={{ width: 110 }} value={provider} onChange={setProvider} options={providers.options} aria-label="接入商" />
          <Button
            type="primary"
            disabled={!dir || job?.state === 'running'}
            onClick={async () => {
              try {
                setSelected([]);
                setJobId((await api('photos.checkFolder', { dir, provider, ...(kind ? { kind } : {}) })).jobId);
                setCheckedDir(dir);
              } catch (err) {
                message.error(err instanceof ApiError ? err.message : '无法开始');
              }
            }}
          >
            开始检查
          </Button>
        </Space>
        {jobId ? <div style={{ marginTop: 12 }}><JobProgress job={job} unit="张照片" /></div> : null}
        {job?.state === 'failed' ? <Alert type="error" showIcon message={job.error} style={{ marginTop: 8 }} /> : null}
      </Card>
      {reports.length ? (
        <>
          <Space style={{ marginBottom: 12 }} wrap>
            <Typography.Text>
              共 {reports.length} 张：通过 {reports.filter((r) => r.status === 'pass').length}，警告 {reports.filter((r) => r.status === 'warn').length}，不通过 {reports.filter((r) => r.status === 'fail').length}
            </Typography.Text>
            <Select allowClear placeholder="只看某项未通过" style={{ width: 180 }} value={filter} onChange={setFilter} options={failingIds.map((id) => ({ value: id, label: checkLabel(id) }))} />
            <Input style={{ width: 360 }} value={outDir} onChange={(e) => setOutDir(e.target.value)} aria-label="修复输出文件夹" />
            <Button
              disabled={!selected.length || !outDir}
              loading={fixJob?.state === 'running'}
              onClick={async () => {
                try {
                  // each photo is repaired, and checked again, as the kind it has in the grid
                  const kinds = Object.fromEntries(reports.filter((x) => selected.includes(x.file)).map((x) => [x.file, x.kind]));
                  const { jobId: fixJobId } = await api('photos.fix', { files: selected, dir: checkedDir, outDir, provider, kinds });
                  setFix({ jobId: fixJobId, outDir, kinds });
                } catch (err) {
                  message.error(err instanceof ApiError ? err.message : '修复失败');
                }
              }}
            >
              修复所选（{selected.length}）
            </Button>
          </Space>
          {fix ? (
            <div style={{ marginBottom: 12 }}>
              <JobProgress job={fixJob} unit="张照片" doneVerb="已修复" />
            </div>
          ) : null}
          <Row gutter={[12, 12]}>
            {shown.map((r) => (
              <Col key={r.file} xs={12} md={8} lg={6} xl={4}>
                <Card
                  size="small"
                  hoverable
                  cover={r.thumbnail ? <img alt={fileName(r.file)} src={`data:image/jpeg;base64,${r.thumbnail}`} style={{ height: 160, objectFit: 'contain', background: '#f0f0f0' }} onClick={() => setOpen(r)} /> : <div style={{ height: 160, display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#fafafa' }}>无法预览</div>}
                >
                  <Space direction="vertical" size={2} style={{ width: '100%' }}>
                    <Space>
                      <Checkbox checked={selected.includes(r.file)} onChange={(e) => setSelected((s) => (e.target.checked ? [...s, r.file] : s.filter((x) => x !== r.file)))} aria-label={`选择 ${fileName(r.file)}`} />
                      <Typography.Text ellipsis style={{ maxWidth: 150 }}>{fileName(r.file)}</Typography.Text>
                    </Space>
                    <Space size={4} wrap>
                      <Tag color={STATUS[r.status].color}>{STATUS[r.status].text}</Tag>
                    </Space>
                    <Select
                      size="small"
                      style={{ width: '100%' }}
                      value={r.kind}
                      loading={rechecking === r.file}
                      disabled={rechecking === r.file}
                      onChange={(k: PhotoKind) => void setKindOf(r.file, k)}
                      options={PHOTO_KINDS.map((k) => ({ value: k, label: KIND_LABEL[k] }))}
                      aria-label={`类型 ${fileName(r.file)}`}
                    />
                    {r.kindSource === 'name' ? (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        类型按文件名判断，不对请改
                      </Typography.Text>
                    ) : r.kindSource === 'default' ? (
                      <Typography.Text type="warning" style={{ fontSize: 12 }}>
                        文件名看不出类型，已按幕布照片检查，请确认
                      </Typography.Text>
                    ) : null}
                    {r.checks.filter((c) => c.status !== 'pass').slice(0, 2).map((c) => (
                      <Typography.Text key={c.id} type={c.status === 'fail' ? 'danger' : 'warning'} style={{ fontSize: 12 }}>
                        {checkLabel(c.id, r.kind)}：{c.message}
                      </Typography.Text>
                    ))}
                  </Space>
                </Card>
              </Col>
            ))}
          </Row>
        </>
      ) : job?.state === 'done' ? (
        <Empty description="没有照片" />
      ) : null}
      <Modal open={!!open} title={open ? fileName(open.file) : ''} footer={null} width={900} onCancel={() => setOpen(null)}>
        {open ? (
          <Row gutter={16}>
            <Col span={10}>
              <div style={{ position: 'relative', display: 'inline-block' }}>
                {open.thumbnail ? <img alt="" src={`data:image/jpeg;base64,${open.thumbnail}`} style={{ maxWidth: '100%', display: 'block' }} /> : null}
                {open.faces.map((f, i) => (
                  <div key={i} title={`人脸 ${Math.round(f.score * 100)}%`} style={{ position: 'absolute', left: `${f.x * 100}%`, top: `${f.y * 100}%`, width: `${f.width * 100}%`, height: `${f.height * 100}%`, border: '2px solid #52c41a' }} />
                ))}
              </div>
            </Col>
            <Col span={14}>
              <Table
                size="small"
                pagination={false}
                rowKey="id"
                dataSource={open.checks}
                columns={[
                  { title: '检查', dataIndex: 'id', width: 80, render: (id: string) => checkLabel(id, open.kind) },
                  { title: '结果', dataIndex: 'status', width: 70, render: (s: Check['status']) => <Tag color={STATUS[s].color}>{STATUS[s].text}</Tag> },
                  { title: '说明', dataIndex: 'message' },
                ]}
              />
            </Col>
          </Row>
        ) : null}
      </Modal>
    </div>
  );
}
