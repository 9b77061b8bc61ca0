// 证件识别: drop or pick photos of a 营业执照 and the sides of a 身份证; the desk reads them (a job with
// progress and 取消) and proposes values, each with the box on the photo where it was read and the
// recogniser's confidence. The operator accepts field by field; what accepting does (fill the form,
// save to the client) is the host's. Photos stay in the page's memory until a host stores them.
import { CheckOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Row, Space, Table, Tag, Typography, Upload } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { DOCUMENT_KIND_LABELS, READING_TARGET_LABELS, type DocumentReading, type FieldProposal, type ReadingBox, type ReadingTarget } from '../../main/api/contract';
import { api, ApiError } from '../api';
import { useJob } from '../query/useJob';
import { JobProgress } from './JobProgress';
import { fileToBase64 } from './download';

/** One photo and what was read from it. */
export interface ReadPhoto {
  file: File;
  reading: DocumentReading | null;
  error: string | null;
}

const MAX_BYTES = 12 * 1024 * 1024;
const MAX_PHOTOS = 4;

const pct = (v: number) => `${(v * 100).toFixed(2)}%`;

/** The photo with the boxes of its proposals (green) and refusals (red); the hovered field's box stands out. */
function PhotoWithBoxes({ file, boxes, active }: { file: File; boxes: { key: string; box: ReadingBox; refused: boolean; n: number }[]; active: string | null }) {
  const url = useMemo(() => URL.createObjectURL(file), [file]);
  useEffect(() => () => URL.revokeObjectURL(url), [url]);
  return (
    <div style={{ position: 'relative', width: '100%', lineHeight: 0 }}>
      <img src={url} alt={file.name} style={{ width: '100%', display: 'block', borderRadius: 4 }} />
      {boxes.map((b) => (
        <div
          key={b.key}
          data-testid={`box-${b.key}`}
          style={{
            position: 'absolute',
            left: pct(b.box.x),
            top: pct(b.box.y),
            width: pct(b.box.width),
            height: pct(b.box.height),
            border: `${active === b.key ? 3 : 2}px solid ${b.refused ? '#ff4d4f' : '#52c41a'}`,
            background: active === b.key ? (b.refused ? 'rgba(255,77,79,0.18)' : 'rgba(82,196,26,0.18)') : 'transparent',
            boxSizing: 'border-box',
          }}
        >
          <span style={{ position: 'absolute', left: -2, top: -16, fontSize: 11, lineHeight: '14px', padding: '0 3px', color: '#fff', background: b.refused ? '#ff4d4f' : '#52c41a', borderRadius: 2 }}>{b.n}</span>
        </div>
      ))}
    </div>
  );
}

function ReadingCard({ photo, accepted, onAccept }: { photo: ReadPhoto; accepted: Set<string>; onAccept(p: FieldProposal): Promise<void> }) {
  const [active, setActive] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const r = photo.reading;
  if (!r) {
    return (
      <Card size="small" title={photo.file.name} style={{ marginBottom: 8 }}>
        <Alert type="error" showIcon message="无法识别" description={photo.error} />
      </Card>
    );
  }
  const rows = [...r.proposals.map((p) => ({ ...p, refused: null as string | null })), ...r.refusals.map((f) => ({ key: f.key, label: f.label, value: '', fill: {}, box: f.box, confidence: null as number | null, note: null, refused: f.reason }))];
  const numbered = rows.map((row, i) => ({ ...row, n: i + 1 }));
  const boxes = numbered.filter((row) => row.box).map((row) => ({ key: row.key, box: row.box!, refused: !!row.refused, n: row.n }));
  return (
    <Card
      size="small"
      style={{ marginBottom: 8 }}
      title={
        <Space>
          <span>{DOCUMENT_KIND_LABELS[r.kind]}</span>
          <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
            {photo.file.name}
          </Typography.Text>
        </Space>
      }
      extra={r.qr ? r.qr.agrees === true ? <Tag color="success">二维码与代码一致</Tag> : r.qr.agrees === false ? <Tag color="error">二维码与代码不一致</Tag> : r.qr.found ? <Tag>二维码中无代码</Tag> : <Tag color="warning">未读到二维码</Tag> : null}
      data-testid={`reading-${r.kind}`}
    >
      <Row gutter={12} wrap={false}>
        <Col flex="260px">
          <PhotoWithBoxes file={photo.file} boxes={boxes} active={active} />
        </Col>
        <Col flex="auto" style={{ minWidth: 0 }}>
          {r.message ? <Alert type="warning" showIcon message={r.message} style={{ marginBottom: 8 }} /> : null}
          <Table
            size="small"
            pagination={false}
            rowKey="key"
            dataSource={numbered}
            onRow={(row) => ({ onMouseEnter: () => setActive(row.key), onMouseLeave: () => setActive(null) })}
            columns={[
              { title: '#', dataIndex: 'n', width: 32 },
              { title: '字段', dataIndex: 'label', width: 112 },
              {
                title: '识别结果',
                render: (_v, row) =>
                  row.refused ? (
                    <Typography.Text type="danger">{row.refused}</Typography.Text>
                  ) : (
                    <>
                      <Typography.Text strong>{row.value}</Typography.Text>
                      {row.note ? <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{row.note}</Typography.Text></div> : null}
                    </>
                  ),
              },
              { title: '置信度', width: 72, render: (_v, row) => (row.confidence === null ? '—' : <Tag color={row.confidence >= 0.95 ? 'green' : row.confidence >= 0.85 ? 'gold' : 'red'}>{Math.round(row.confidence * 100)}%</Tag>) },
              {
                title: '填入',
                width: 150,
                render: (_v, row) => {
                  const targets = Object.keys(row.fill) as ReadingTarget[];
                  if (row.refused) return <Typography.Text type="secondary">未采用</Typography.Text>;
                  if (!targets.length) return <Typography.Text type="secondary">仅供核对</Typography.Text>;
                  const key = `${row.key}`;
                  return accepted.has(key) ? (
                    <Tag icon={<CheckOutlined />} color="success">
                      已采用
                    </Tag>
                  ) : (
                    <Button
                      size="small"
                      type="primary"
                      ghost
                      loading={busy === key}
                      aria-label={`采用${row.label}`}
                      title={targets.map((t) => READING_TARGET_LABELS[t]).join('、')}
                      onClick={async () => {
                        setBusy(key);
                        try {
                          await onAccept(row as FieldProposal);
                        } finally {
                          setBusy(null);
                        }
                      }}
                    >
                      采用 → {targets.map((t) => READING_TARGET_LABELS[t]).join('、')}
                    </Button>
                  );
                },
              },
            ]}
          />
        </Col>
      </Row>
    </Card>
  );
}

/**
 * `onAccept` puts one accepted value where it belongs (a form field, the stored client); it may throw an
 * ApiError, which is shown and leaves the value unaccepted.
 */
export function DocumentReader({ onAccept, hint }: { onAccept(p: FieldProposal, photo: ReadPhoto): Promise<void> | void; hint?: string }) {
  const { message } = App.useApp();
  const [pending, setPending] = useState<File[]>([]);
  const [jobId, setJobId] = useState<string | null>(null);
  const [photos, setPhotos] = useState<ReadPhoto[]>([]);
  const [accepted, setAccepted] = useState<Record<number, Set<string>>>({});
  const job = useJob(jobId, 'intake.readDocuments');

  // Files dropped together arrive one by one: gather them for a moment, then read them in one job.
  useEffect(() => {
    if (!pending.length) return;
    const t = setTimeout(() => {
      const files = pending.slice(0, MAX_PHOTOS);
      if (pending.length > MAX_PHOTOS) message.warning(`一次最多识别 ${MAX_PHOTOS} 张照片，已取前 ${MAX_PHOTOS} 张`);
      setPending([]);
      void start(files);
    }, 150);
    return () => clearTimeout(t);
  }, [pending]); // eslint-disable-line react-hooks/exhaustive-deps

  const [reading, setReading] = useState<File[]>([]);
  async function start(files: File[]) {
    const big = files.find((f) => f.size > MAX_BYTES);
    if (big) {
      message.error(`“${big.name}”过大（${(big.size / 1048576).toFixed(1)} MB），识别证件照片不超过 12 MB`);
      return;
    }
    try {
      const photosIn = await Promise.all(files.map(async (f) => ({ fileName: f.name, contentBase64: await fileToBase64(f) })));
      setReading(files);
      setJobId((await api('intake.readDocuments', { photos: photosIn })).jobId);
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : '无法开始识别');
    }
  }

  useEffect(() => {
    if (!job || job.state === 'running') return;
    if (job.state === 'failed') {
      message.error(`${job.error ?? '识别失败'}，请重新选择照片`);
      // a job this screen gave up may still be reading on the desk: stop it, so it reads no further photo of the
      // batch (a job already gone refuses, which changes nothing)
      void api('jobs.cancel', { id: job.id }).catch(() => undefined);
    }
    const results = (job.result ?? []) as { fileName: string; reading: DocumentReading | null; error: string | null }[];
    setPhotos((before) => [...before, ...results.map((r, i) => ({ file: reading[i]!, reading: r.reading, error: r.error }))]);
    setJobId(null);
  }, [job?.state]); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <div data-testid="document-reader">
      <Upload.Dragger
        accept="image/jpeg,image/png,image/webp"
        multiple
        showUploadList={false}
        disabled={!!jobId}
        beforeUpload={(f) => {
          setPending((p) => [...p, f]);
          return false;
        }}
        style={{ marginBottom: 8 }}
      >
        <p className="ant-upload-drag-icon" style={{ marginBottom: 4 }}>
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">拖入或点击选择营业执照、身份证人像面 / 国徽面照片</p>
        <p className="ant-upload-hint">{hint ?? '本机离线识别，逐项核对后点“采用”才会填入；照片在采用后随客户保存为加密材料。'}</p>
      </Upload.Dragger>
      {jobId ? (
        <div style={{ marginBottom: 8 }}>
          <JobProgress job={job} unit="张照片" />
        </div>
      ) : null}
      {photos.map((p, i) => (
        <ReadingCard
          key={i}
          photo={p}
          accepted={accepted[i] ?? new Set()}
          onAccept={async (proposal) => {
            try {
              await onAccept(proposal, p);
              setAccepted((a) => ({ ...a, [i]: new Set([...(a[i] ?? []), proposal.key]) }));
            } catch (err) {
              message.error(err instanceof ApiError ? err.message : '未能采用该值');
            }
          }}
        />
      ))}
    </div>
  );
}
