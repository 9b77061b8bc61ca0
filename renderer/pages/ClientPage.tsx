// A client page: header, and tabs for 主体信息, 负责人, 网站, 材料, 日志.
import { DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { Alert, App, Button, Descriptions, Result, Select, Space, Spin, Tabs, Tag, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { chinaDateTime, DELETION_REASONS, type DeletionReason, type Finding } from '../../main/api/contract';
import { FindingsList, ReadinessBadge } from '../components/Findings';
import type { FocusRequest } from './client/focus';
import { api, ApiError } from '../api';
import { RevealButton, revealEntityRows } from '../components/RevealButton';
import { AuditTab } from './client/AuditTab';
import { EntityEditDrawer } from './client/EntityEditDrawer';
import { FiledTab } from './client/FiledTab';
import { MaterialsTab } from './client/MaterialsTab';
import { OrdersTab } from './client/OrdersTab';
import { PeopleTab } from './client/PeopleTab';
import { RetentionEditor } from './client/RetentionEditor';
import { WebsitesTab } from './client/WebsitesTab';
import { ExportXlsxButton } from '../components/ExportXlsxButton';
import { clientWrite, resource } from '../query/keys';
import { useAfterWrite, useApiQuery } from '../query/useApiQuery';

/** Why the client cannot be shown; for a damaged record, the fields that are damaged. */
function loadProblem(err: Error): { message: string; damaged: string[] } {
  if (!(err instanceof ApiError)) return { message: '加载失败', damaged: [] };
  return { message: err.message, damaged: err.body.code === 'DATA_TAMPERED' ? (err.body.details ?? []).map((d) => d.message) : [] };
}

/**
 * Page state (the open tab, an open drawer, a located field) belongs to one client: opening another
 * client's address mounts a fresh page, so nothing of the previous client's page carries over.
 */
export function ClientPage() {
  const { id } = useParams();
  return <OneClientPage key={id} entityId={Number(id)} />;
}

function OneClientPage({ entityId }: { entityId: number }) {
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const [editing, setEditing] = useState(false);
  const [entityFocus, setEntityFocus] = useState<string | null>(null);
  const [tab, setTab] = useState('entity');
  const [peopleFocus, setPeopleFocus] = useState<FocusRequest | null>(null);
  const [siteFocus, setSiteFocus] = useState<FocusRequest | null>(null);

  // Everything the page and its tabs show is filed under this client: a write anywhere on the page reads
  // all of it again (record, checks, filed state, materials, orders, log), and the lists that show it.
  const entityQuery = useApiQuery(resource.client(entityId), 'entity.get', { id: entityId });
  const entity = entityQuery.data ?? null;
  const check = useApiQuery(resource.client(entityId), 'rules.checkClient', { id: entityId }, { enabled: entity !== null }).data ?? null;
  const error = entityQuery.error ? loadProblem(entityQuery.error) : null;
  // 出借中 (issue 14): edits here are kept, but what the laptop changed too comes back as a conflict
  const lease = useApiQuery(resource.client(entityId), 'lease.ofClients', { entityIds: [entityId] }).data?.[0] ?? null;
  const afterWrite = useAfterWrite();
  const reload = useCallback(() => afterWrite(clientWrite(entityId)), [afterWrite, entityId]);

  /** 定位: open the editor that holds the field a finding is about. */
  const locate = (f: Finding) => {
    const [scope, index, field, sub] = f.path;
    if (scope === 'entity') {
      setEntityFocus(typeof index === 'string' && index !== 'principal' ? index : index === 'principal' ? 'principalPersonId' : null);
      setEditing(true);
    } else if (scope === 'people' && typeof index === 'number') {
      setTab('people');
      setPeopleFocus({ index, field: String(field ?? 'name'), nonce: Date.now() });
    } else if (scope === 'websites' && typeof index === 'number') {
      setTab('websites');
      setSiteFocus({ index, field: String(field ?? 'name'), ...(sub !== undefined ? { sub } : {}), nonce: Date.now() });
    } else if (scope === 'materials') setTab('materials');
  };

  if (error?.damaged.length) {
    // A damaged client is not shown in part: what is damaged, and the way back through a backup.
    return (
      <Result
        status="error"
        title="客户数据已损坏，无法打开"
        subTitle={error.message}
        extra={[
          <Button key="backup" type="primary" onClick={() => navigate('/settings')}>
            从备份恢复…
          </Button>,
          <Button key="list" onClick={() => navigate('/clients')}>
            返回客户列表
          </Button>,
        ]}
      >
        <ul data-testid="damaged-fields">
          {error.damaged.map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ul>
      </Result>
    );
  }
  if (error) return <Result status="404" title="无法打开客户" subTitle={error.message} extra={<Button onClick={() => navigate('/clients')}>返回客户列表</Button>} />;
  if (!entity) return <Spin style={{ margin: 40 }} />;

  const principal = entity.people.find((p) => p.id === entity.principalPersonId);

  const confirmDelete = async () => {
    const materials = await api('material.list', { entityId }).catch(() => []);
    let reason: DeletionReason = '客户要求删除';
    modal.confirm({
      title: `删除客户“${entity.name}”？`,
      width: 480,
      content: (
        <>
          <p>{`将同时删除 ${entity.people.length} 位负责人、${entity.websites.length} 个网站（${entity.websites.reduce((n, w) => n + w.domains.length, 0)} 个域名）和 ${materials.length} 份材料文件，删除后不可恢复。`}</p>
          <Space>
            删除原因
            <Select<DeletionReason> defaultValue={reason} style={{ width: 180 }} onChange={(v) => (reason = v)} options={DELETION_REASONS.map((r) => ({ value: r, label: r }))} aria-label="删除原因" />
          </Space>
        </>
      ),
      okText: '删除',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: async () => {
        try {
          await api('entity.delete', { id: entityId, reason });
          message.success('客户已删除');
          void navigate('/clients');
          void afterWrite([resource.lists]);
        } catch (err) {
          message.error(err instanceof ApiError ? err.message : '删除失败');
        }
      },
    });
  };

  return (
    <div className="desk-page">
      <Space style={{ justifyContent: 'space-between', width: '100%', marginBottom: 8 }} align="start">
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {entity.name}
          </Typography.Title>
          <Space size={4} style={{ marginTop: 6 }}>
            {lease ? <Tag color="orange">{lease.side === 'lent' ? '出借中' : '本机借入'}</Tag> : null}
            <Tag color="blue">{entity.nature}</Tag>
            <Tag>{entity.province}</Tag>
            <Tag color={entity.icpNumber ? 'green' : 'default'}>{entity.icpNumber ?? '未备案'}</Tag>
            {check ? (
              <a onClick={() => setTab('check')} aria-label="检查结果">
                <ReadinessBadge counts={check.counts} />
              </a>
            ) : null}
            <Typography.Text type="secondary">客户编号 {entity.id}</Typography.Text>
          </Space>
        </div>
        <Space>
          <ExportXlsxButton personal what="个客户" run={(reveal) => api('export.clientXlsx', { id: entityId, reveal })} />
          <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
            编辑主体信息
          </Button>
          <Button danger icon={<DeleteOutlined />} onClick={() => void confirmDelete()}>
            删除客户
          </Button>
        </Space>
      </Space>
      {lease ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          message={
            lease.side === 'lent'
              ? `出借中：${lease.operator} 于 ${chinaDateTime(lease.takenAt)} 借给“${lease.desk}”离线工作`
              : `本机借入：这个客户是从服务器借给“${lease.desk}”的（${chinaDateTime(lease.takenAt)} 导入）`
          }
          description={
            lease.side === 'lent'
              ? '在这里修改的内容会保存；但若笔记本也改了同一项，归还时不会自动合并，需在 设置 → 出借与归还 中逐项处理冲突。'
              : '改完后在 设置 → 出借与归还 中生成归还文件，拷回服务器归还。'
          }
        />
      ) : null}
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'entity',
            label: '主体信息',
            children: (
              <Descriptions bordered size="small" column={2}>
                <Descriptions.Item label="地域">{`${entity.province} ${entity.city} ${entity.district}`}</Descriptions.Item>
                <Descriptions.Item label="主办者性质">{entity.nature}</Descriptions.Item>
                <Descriptions.Item label="证件类型">{entity.certType}</Descriptions.Item>
                <Descriptions.Item label="证件号码">
                  <span className="desk-mono">{entity.certNumber}</span>
                  {entity.nature === '个人' ? <RevealButton title={`${entity.name} 的证件号码`} fetch={() => revealEntityRows(entity.id)} onRevealed={reload} /> : null}
                </Descriptions.Item>
                <Descriptions.Item label={entity.nature === '个人' ? '主办人姓名' : '主办单位名称'}>{entity.name}</Descriptions.Item>
                <Descriptions.Item label="投资人或主管单位">{entity.investor || '—'}</Descriptions.Item>
                <Descriptions.Item label="证件住所" span={2}>{entity.certAddress}</Descriptions.Item>
                <Descriptions.Item label="通信地址" span={2}>{entity.mailingAddress}</Descriptions.Item>
                <Descriptions.Item label="主体负责人">{principal?.name ?? '未指定'}</Descriptions.Item>
                <Descriptions.Item label="主体备案号">{entity.icpNumber ?? '—'}</Descriptions.Item>
                {entity.nature === '个人' ? null : <Descriptions.Item label={entity.certType.includes('营业执照') ? '营业期限至' : '证件有效期至'}>{entity.certValidTo ?? '未填写'}</Descriptions.Item>}
                <Descriptions.Item label="主体备注" span={2}>{entity.remark || '—'}</Descriptions.Item>
                <Descriptions.Item label="数据保留" span={2}>
                  <RetentionEditor entity={entity} onSaved={reload} />
                </Descriptions.Item>
              </Descriptions>
            ),
          },
          { key: 'filed', label: '已备案信息', children: <FiledTab entity={entity} onChanged={reload} /> },
          { key: 'people', label: `负责人（${entity.people.length}）`, children: <PeopleTab entity={entity} onChanged={reload} focus={peopleFocus} findings={check?.findings ?? []} /> },
          { key: 'websites', label: `网站（${entity.websites.length}）`, children: <WebsitesTab entity={entity} onChanged={reload} focus={siteFocus} findings={check?.findings ?? []} /> },
          {
            key: 'check',
            label: `检查${check ? `（${check.counts.error + check.counts.warning}）` : ''}`,
            children: check ? <FindingsList findings={check.findings} onLocate={locate} empty="未发现问题，可以准备提交" /> : <Spin />,
          },
          { key: 'orders', label: '订单', children: <OrdersTab entity={entity} /> },
          { key: 'materials', label: '材料', children: <MaterialsTab entity={entity} onChanged={reload} /> },
          { key: 'audit', label: '日志', children: <AuditTab entityId={entity.id} /> },
        ]}
      />
      <EntityEditDrawer
        entity={entity}
        open={editing}
        focusField={entityFocus}
        onClose={() => {
          setEditing(false);
          setEntityFocus(null);
        }}
        onSaved={reload}
      />
    </div>
  );
}
