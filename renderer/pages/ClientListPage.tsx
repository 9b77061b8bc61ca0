// 客户: the client list, paged and sorted in SQL, virtualised on screen, searched across names, domains,
// 备案号 and exact personal numbers.
import { PlusOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { keepPreviousData } from '@tanstack/react-query';
import { Alert, Button, Empty, Input, Modal, Space, Table, Tag, Tooltip, Typography, type InputRef } from 'antd';
import type { SortOrder } from 'antd/es/table/interface';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import type { EntitySummary } from '../../main/api/contract';
import { api } from '../api';
import { CLIENT_LIST_PAGE_SIZE, CLIENT_LIST_SORT, clientListInput, searchInState, type ClientListSort, type ClientListState } from '../firstScreen';
import { CLIENT_LIST_COLUMNS, CLIENT_LIST_WIDTH, CLIENT_SEARCH_PLACEHOLDER, clientListBodyHeight, clientListTotalText, type ClientListColumnKey } from '../firstPaint';
import { resource } from '../query/keys';
import { useApiQuery, useLoadError } from '../query/useApiQuery';
import { CheckAllDrawer } from '../components/CheckAllDrawer';
import { ExportXlsxButton } from '../components/ExportXlsxButton';
import { ImportExcelDrawer } from './ImportExcelDrawer';
import { chinaDateTime, mayHoldPersonalNumber } from '../../main/api/contract';

let searchBox: InputRef | null = null;
export const focusClientSearch = () => searchBox?.focus();

function useViewportHeight(): number {
  const [h, setH] = useState(window.innerHeight);
  useEffect(() => {
    const onResize = () => setH(window.innerHeight);
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return h;
}

type SortBy = ClientListSort['by'];

// 证件号码, 手机号 and 邮箱 are stored encrypted and found through a keyed index of the whole value, so
// part of a number cannot match: say so instead of an empty list that looks like "no such client".
const PARTIAL_NUMBER_HINT = '证件号码、手机号和邮箱加密保存，只能按完整号码查找（如完整的 18 位身份证号），不能按其中几位查找。';
const looksLikePartOfNumber = (q: string) => /^[0-9xX*＊\s-]{3,}$/.test(q) && q.replace(/[^0-9xX]/g, '').length < 11;

// The search is never in the page's address (#/clients?q=…): the browser keeps every address in its
// history on disk, in clear, offers it back in the address bar, and a copied link carries it — and a
// client is found by its 负责人's name. It rides in the visit's history state instead (ClientListState),
// which back, forward and a reload bring back. A search that may hold a personal number is not even
// there (the browser writes history states to its session files on disk): it is kept in this window's
// memory, under a random id the state carries (back to it finds it; a reload or another window starts
// with the whole list), the latest few only.
const searchesOutOfAddress = new Map<string, string>();
const SEARCHES_KEPT = 50;
function keepOutOfAddress(search: string): string {
  const id = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  searchesOutOfAddress.set(id, search);
  for (const old of searchesOutOfAddress.keys()) {
    if (searchesOutOfAddress.size <= SEARCHES_KEPT) break;
    searchesOutOfAddress.delete(old);
  }
  return id;
}
const searchOutOfAddress = (state: unknown): string | undefined => {
  const id = (state as { searchId?: unknown } | null)?.searchId;
  return typeof id === 'string' ? searchesOutOfAddress.get(id) : searchInState(state);
};
const listState = (search: string): ClientListState | null => (!search ? null : mayHoldPersonalNumber(search) ? { searchId: keepOutOfAddress(search) } : { search });

export function ClientListPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { state } = useLocation();
  // an address from before the search left it (a bookmark, the address bar's suggestion): its search is
  // moved into the state, and the address shown is the bare list's
  const queryInAddress = params.get('q');
  const query = queryInAddress ?? searchOutOfAddress(state) ?? '';
  useEffect(() => {
    if (queryInAddress !== null) void navigate({ search: '' }, { replace: true, state: listState(queryInAddress) });
  }, [queryInAddress, navigate]);
  const [draft, setDraft] = useState(query);
  const [page, setPage] = useState(1);
  // back or forward to another search (the same list on screen): its text in the box, from its first page
  const [shownQuery, setShownQuery] = useState(query);
  if (shownQuery !== query) {
    setShownQuery(query);
    setDraft(query);
    setPage(1);
  }
  const [pageSize, setPageSize] = useState(CLIENT_LIST_PAGE_SIZE);
  const [sort, setSort] = useState<ClientListSort>(CLIENT_LIST_SORT);
  const inputRef = useRef<InputRef>(null);
  const viewportHeight = useViewportHeight();

  useEffect(() => {
    searchBox = inputRef.current;
    return () => {
      searchBox = null;
    };
  });

  // the page on screen stays while the next page, sort or search loads; an answer to an older search is dropped.
  // The window's first page was asked for before React loaded (firstScreen.ts) with this same input.
  const list = useApiQuery(resource.lists, 'entity.list', clientListInput(query, page, pageSize, sort), { placeholderData: keepPreviousData });
  useLoadError(list.error, '加载客户列表失败');
  const data = list.data ?? { total: 0, totalCapped: false, items: [] as EntitySummary[] };
  // A broad search is counted only up to a bound ("超过 1000 条"): the pager offers one page past what is
  // known, and a page beyond the bound comes back with the exact total.
  const pagerTotal = data.totalCapped ? Math.max(data.total, (page - 1) * pageSize + data.items.length) + (data.items.length === pageSize ? pageSize : 0) : data.total;
  const totalText = data.totalCapped ? `超过 ${data.total} 条` : `共 ${data.total} 个`;
  // clients out on a lease (issue 14) carry 出借中 in the list
  const leased = useApiQuery(resource.lists, 'lease.ofClients', { entityIds: data.items.map((i) => i.id) }, { enabled: data.items.length > 0 }).data ?? [];
  const leaseOf = new Map(leased.map((l) => [l.entityId, l]));
  const loading = list.isFetching;

  const [checkAll, setCheckAll] = useState(false);
  const [importXlsx, setImportXlsx] = useState(false);
  const due = useApiQuery(resource.lists, 'retention.due', {}).data ?? [];
  const [showDue, setShowDue] = useState(false);

  const order = (by: SortBy): SortOrder => (sort.by === by ? (sort.dir === 'asc' ? 'ascend' : 'descend') : null);
  // each column's cell; titles, widths and sorting are CLIENT_LIST_COLUMNS' (the first paint draws the same)
  const cell: Record<ClientListColumnKey, (r: EntitySummary) => ReactNode> = {
    name: (r) => {
      const l = leaseOf.get(r.id);
      return l ? (
        <>
          <Tag color="orange" title={`${l.operator} 于 ${chinaDateTime(l.takenAt)} 借给“${l.desk}”`}>{l.side === 'lent' ? '出借中' : '借入'}</Tag>
          {r.name}
        </>
      ) : (
        r.name
      );
    },
    nature: (r) => <Tag>{r.nature}</Tag>,
    province: (r) => `${r.province} ${r.city}`,
    cert: (r) =>
      r.damaged?.some((d) => d.field === 'certNumber') ? (
        <Tooltip title="该字段无法解密：数据已损坏或被篡改。打开客户查看详情，或从备份恢复（设置 → 备份）">
          <Tag color="error" data-damaged="certNumber">
            已损坏
          </Tag>
        </Tooltip>
      ) : (
        <span className="desk-mono">{r.certNumberMasked}</span>
      ),
    principal: (r) => r.principalName,
    domains: (r) => r.domains.join('，') || '—',
    sites: (r) => r.websiteCount,
    icp: (r) => r.icpNumber ?? '—',
    updatedAt: (r) => chinaDateTime(r.updatedAt),
  };

  return (
    <div className="desk-page" style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          客户 <Typography.Text type="secondary" style={{ fontSize: 14 }}>{totalText}</Typography.Text>
        </Typography.Title>
        <Space>
          <Input.Search
            ref={inputRef}
            allowClear
            style={{ width: 460 }}
            placeholder={CLIENT_SEARCH_PLACEHOLDER}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onSearch={(v) => {
              const q = v.trim();
              setPage(1);
              void navigate({ search: '' }, { state: listState(q) });
            }}
            aria-label="搜索客户"
          />
          <Button onClick={() => setImportXlsx(true)}>导入 Excel</Button>
          <ExportXlsxButton personal what="个客户" run={(reveal) => api('export.clientsXlsx', { query: query || undefined, reveal })} />
          <Button icon={<SafetyCertificateOutlined />} onClick={() => setCheckAll(true)}>
            检查全部客户
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/clients/new')}>
            新建客户
          </Button>
        </Space>
      </Space>
      {due.length ? (
        <Alert
          type="warning"
          showIcon
          message={`有 ${due.length} 个客户的个人信息已超过保留期限，应当删除`}
          action={
            <Button size="small" onClick={() => setShowDue(true)}>
              查看
            </Button>
          }
        />
      ) : null}
      {data.items.some((r) => r.damaged?.length) ? (
        <Alert
          type="error"
          showIcon
          message={`以下客户有数据无法解密（已损坏或被篡改）：${data.items
            .filter((r) => r.damaged?.length)
            .map((r) => `${r.name}（${r.damaged!.map((d) => d.label).join('、')}）`)
            .join('；')}。其他客户不受影响；请从备份恢复（设置 → 备份）。`}
        />
      ) : null}
      <CheckAllDrawer open={checkAll} onClose={() => setCheckAll(false)} />
      <ImportExcelDrawer open={importXlsx} onClose={() => setImportXlsx(false)} />
      <Modal title="超过保留期限的客户" open={showDue} onCancel={() => setShowDue(false)} footer={null} width={720}>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={due}
          columns={[
            { title: '客户', dataIndex: 'name' },
            { title: '服务结束', dataIndex: 'serviceEndedAt', width: 110 },
            { title: '保留（月）', dataIndex: 'retentionMonths', width: 90 },
            { title: '到期日', dataIndex: 'dueDate', width: 110 },
            {
              title: '',
              width: 90,
              render: (_: unknown, d: { id: number }) => (
                <Button size="small" type="link" onClick={() => navigate(`/clients/${d.id}`)}>
                  打开
                </Button>
              ),
            },
          ]}
        />
      </Modal>
      <Table<EntitySummary>
        rowKey="id"
        size="small"
        virtual
        scroll={{ x: CLIENT_LIST_WIDTH, y: clientListBodyHeight(viewportHeight) }}
        loading={loading}
        dataSource={data.items}
        rowClassName={() => 'desk-clickable-row'}
        onRow={(r) => ({ onClick: () => navigate(`/clients/${r.id}`) })}
        locale={{
          emptyText: query ? (
            <Empty description={`没有找到与“${query}”匹配的客户`}>
              {looksLikePartOfNumber(query) ? <Typography.Text type="secondary">{PARTIAL_NUMBER_HINT}</Typography.Text> : null}
            </Empty>
          ) : (
            <Empty description="还没有客户 — 新建客户">
              <Button type="primary" onClick={() => navigate('/clients/new')}>
                新建客户
              </Button>
            </Empty>
          ),
        }}
        pagination={{
          current: page,
          pageSize,
          total: pagerTotal,
          showSizeChanger: true,
          pageSizeOptions: [50, 100, 200, 500, 1000],
          showTotal: (t) => (data.totalCapped ? `超过 ${data.total} 条，可继续翻页` : clientListTotalText(t)),
          onChange: (p, s) => {
            setPage(s !== pageSize ? 1 : p);
            setPageSize(s);
          },
        }}
        onChange={(_p, _f, sorter, extra) => {
          // the table reports a page change here too (after pagination.onChange): only a sort starts again at page 1
          if (extra.action !== 'sort') return;
          const s = Array.isArray(sorter) ? sorter[0] : sorter;
          const by = (s?.order ? s.columnKey : 'updatedAt') as SortBy;
          setSort({ by, dir: s?.order === 'ascend' ? 'asc' : 'desc' });
          setPage(1);
        }}
        columns={CLIENT_LIST_COLUMNS.map((c) => ({
          key: c.key,
          title: c.title,
          width: c.width,
          ...('ellipsis' in c ? { ellipsis: true } : {}),
          ...('align' in c ? { align: c.align } : {}),
          ...('sortable' in c ? { sorter: true, sortOrder: order(c.key as SortBy) } : {}),
          render: (_: unknown, r: EntitySummary) => cell[c.key](r),
        }))}
      />
    </div>
  );
}
