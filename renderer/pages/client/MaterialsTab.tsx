// 材料: files attached to the client, kept in the content-addressed store.
import { ScanOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Card, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { chinaDateTime, isPhotoKind, MATERIAL_KIND_IDS, MATERIAL_KINDS, type EntityView, type MaterialKind, type MaterialView, type MethodOutput } from '../../../main/api/contract';
import { api, ApiError } from '../../api';
import { downloadBlob, fileToBase64, fromBase64 } from '../../components/download';
import { ConfirmDelete } from '../../components/ConfirmDelete';
import { PhotoCheckTag } from '../../components/PhotoCheckTag';
import { materialStanding } from './currentMaterial';
import { resource } from '../../query/keys';
import { useApiQuery, useLoadError } from '../../query/useApiQuery';
import { DocumentReader, type ReadPhoto } from '../../components/DocumentReader';
import { fileSizeText } from '../../components/fileSize';
import type { FieldProposal } from '../../../main/api/contract';

const MAX_BYTES = 50 * 1024 * 1024;
/** One empty list while the first read runs, so the photo checks below do not start again on every render. */
const NO_MATERIALS: MaterialView[] = [];

export function MaterialsTab({ entity, onChanged }: { entity: EntityView; onChanged(): Promise<void> }) {
  const { message } = App.useApp();
  const list = useApiQuery(resource.client(entity.id), 'material.list', { entityId: entity.id });
  useLoadError(list.error, '加载材料失败');
  const items: MaterialView[] = list.data ?? NO_MATERIALS;
  const [kind, setKind] = useState<MaterialKind>('licence');
  const [owner, setOwner] = useState<string>('entity');
  const [busy, setBusy] = useState(false);

  // The photo checks of every photo material, one at a time so the desk stays responsive.
  const [checks, setChecks] = useState<Record<number, MethodOutput<'material.check'>>>({});
  useEffect(() => {
    let live = true;
    void (async () => {
      for (const m of items) {
        if (!m.mime.startsWith('image/') || !isPhotoKind(m.kind)) continue;
        try {
          const r = await api('material.check', { id: m.id });
          if (live) setChecks((c) => ({ ...c, [m.id]: r }));
        } catch {
          // a failed check leaves the cell empty
        }
      }
    })();
    return () => {
      live = false;
    };
  }, [items]);

  const ownerOptions = [
    { value: 'entity', label: '主体' },
    ...entity.people.map((p) => ({ value: `p${p.id}`, label: `负责人：${p.name}` })),
    ...entity.websites.map((w) => ({ value: `w${w.id}`, label: `网站：${w.name}` })),
  ];
  const ownerLabel = (m: MaterialView) =>
    m.personId ? `负责人：${entity.people.find((p) => p.id === m.personId)?.name ?? ''}` : m.websiteId ? `网站：${entity.websites.find((w) => w.id === m.websiteId)?.name ?? ''}` : '主体';

  async function upload(file: File) {
    if (file.size > MAX_BYTES) {
      message.error(`“${file.name}”过大（${(file.size / 1048576).toFixed(1)} MB），单个材料不能超过 50 MB`);
      return;
    }
    setBusy(true);
    try {
      await api('material.add', {
        entityId: entity.id,
        personId: owner.startsWith('p') ? Number(owner.slice(1)) : null,
        websiteId: owner.startsWith('w') ? Number(owner.slice(1)) : null,
        kind,
        fileName: file.name,
        contentBase64: await fileToBase64(file),
      });
      message.success(`已添加“${file.name}”`);
      await onChanged();
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : '上传失败');
    } finally {
      setBusy(false);
    }
  }

  async function download(m: MaterialView) {
    try {
      const { contentBase64 } = await api('material.read', { id: m.id });
      downloadBlob(fromBase64(contentBase64), m.fileName, m.mime);
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : '读取失败');
    }
  }

  // 识别证件照片: values accepted here are saved to the client at once, with the photo as its material.
  const [reading, setReading] = useState(false);
  const [idPerson, setIdPerson] = useState<number | null>(entity.principalPersonId ?? entity.people[0]?.id ?? null);
  const storedPhotos = useRef(new Set<File>());
  async function acceptReading(p: FieldProposal, photo: ReadPhoto) {
    const kind = photo.reading!.kind;
    const first = !storedPhotos.current.has(photo.file);
    const r = await api('intake.acceptDocumentFields', {
      entityId: entity.id,
      personId: kind === 'licence' ? null : idPerson,
      fill: p.fill,
      photo: first ? { kind, fileName: photo.file.name, contentBase64: await fileToBase64(photo.file) } : null,
    });
    if (r.materialId !== null) storedPhotos.current.add(photo.file);
    message.success(first ? `已采用“${p.label}”，照片已存为材料` : `已采用“${p.label}”`);
    await onChanged();
  }

  const standings = materialStanding(items);
  return (
    <>
      {reading ? (
        <Card
          size="small"
          title="识别证件照片"
          style={{ marginBottom: 12 }}
          extra={
            <Space>
              <Typography.Text type="secondary">身份证信息填入</Typography.Text>
              <Select size="small" style={{ width: 160 }} value={idPerson} onChange={setIdPerson} options={entity.people.map((p) => ({ value: p.id, label: p.name }))} aria-label="身份证信息填入的负责人" />
              <Button size="small" onClick={() => setReading(false)}>
                收起
              </Button>
            </Space>
          }
        >
          <DocumentReader onAccept={acceptReading} hint="本机离线识别，逐项核对后点“采用”即保存到该客户（执照信息到主体，身份证信息到所选负责人），照片同时存为加密材料。" />
        </Card>
      ) : null}
      <Space style={{ marginBottom: 8 }}>
        <Select style={{ width: 200 }} value={kind} onChange={setKind} options={MATERIAL_KIND_IDS.map((k) => ({ value: k, label: MATERIAL_KINDS[k] }))} aria-label="材料类型" />
        <Select style={{ width: 220 }} value={owner} onChange={setOwner} options={ownerOptions} aria-label="材料所属" />
        <Upload
          multiple
          showUploadList={false}
          beforeUpload={(file) => {
            void upload(file);
            return false;
          }}
        >
          <Button icon={<UploadOutlined />} loading={busy}>
            添加材料文件
          </Button>
        </Upload>
        {reading ? null : (
          <Button icon={<ScanOutlined />} onClick={() => setReading(true)}>
            识别证件照片
          </Button>
        )}
      </Space>
      <Table<MaterialView>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={items}
        locale={{ emptyText: '还没有材料 — 选择类型后点击“添加材料文件”' }}
        columns={[
          { title: '类型', dataIndex: 'kind', width: 170, render: (k: MaterialKind) => MATERIAL_KINDS[k] },
          { title: '所属', width: 200, render: (_: unknown, m) => ownerLabel(m) },
          {
            title: '文件名',
            dataIndex: 'fileName',
            ellipsis: true,
            render: (name: string, m) => {
              const standing = standings.get(m.id);
              return (
                <Space size={4}>
                  {standing === 'current' ? <Tag color="green">当前使用</Tag> : standing === 'replaced' ? <Tag title="已上传同类的新文件，订单使用最新的一份">已被替换</Tag> : null}
                  <span style={standing === 'replaced' ? { color: 'rgba(0,0,0,0.45)' } : undefined}>{name}</span>
                </Space>
              );
            },
          },
          {
            title: '照片检查',
            width: 110,
            render: (_: unknown, m) => <PhotoCheckTag result={checks[m.id]} />,
          },
          { title: '大小', dataIndex: 'size', width: 100, align: 'right', render: (n: number) => fileSizeText(n) },
          { title: '添加时间', dataIndex: 'createdAt', width: 150, render: (v: string) => chinaDateTime(v) },
          {
            title: '操作',
            width: 140,
            render: (_: unknown, m) => (
              <Space>
                <Button size="small" type="link" onClick={() => void download(m)}>
                  下载
                </Button>
                <ConfirmDelete
                  title={`删除材料“${m.fileName}”？`}
                  onDelete={async () => {
                    await api('material.delete', { id: m.id });
                    await onChanged();
                  }}
                />
              </Space>
            ),
          },
        ]}
      />
    </>
  );
}
