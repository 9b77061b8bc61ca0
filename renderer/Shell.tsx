// The one window: left menu, a host banner in browser mode, and the routes. Ctrl+K searches clients,
// Ctrl+N starts a new client.
import { CameraOutlined, DashboardOutlined, FileProtectOutlined, LockOutlined, LogoutOutlined, ProfileOutlined, SettingOutlined, TeamOutlined } from '@ant-design/icons';
import { Alert, Button, Layout, Menu, Spin } from 'antd';
import { Suspense, lazy, useEffect, type ComponentType, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { api, hostKind } from './api';
import { forgetFirstAnswers } from './boot';
import { DESK_MENU, WEB_HOST_BANNER } from './firstPaint';
import { ClientListPage, focusClientSearch } from './pages/ClientListPage';
import { useProviders } from './query/useProviders';
import { ROLE_LABELS } from '../main/api/contract';
import { useTeam } from './TeamGate';

// Every screen but the client list (the landing page) is its own chunk, loaded on its first visit, so
// the window paints the list without parsing the PDF viewer, the photo desk and the forms first.
const lazyPage = <K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) => lazy(() => load().then((m) => ({ default: m[name] })));
const ClientNewPage = lazyPage(() => import('./pages/ClientNewPage'), 'ClientNewPage');
const ClientPage = lazyPage(() => import('./pages/ClientPage'), 'ClientPage');
const SettingsPage = lazyPage(() => import('./pages/SettingsPage'), 'SettingsPage');
const SheetsPage = lazyPage(() => import('./pages/SheetsPage'), 'SheetsPage');
const DashboardPage = lazyPage(() => import('./pages/DashboardPage'), 'DashboardPage');
const OrderPage = lazyPage(() => import('./pages/OrderPage'), 'OrderPage');
const OrdersPage = lazyPage(() => import('./pages/OrdersPage'), 'OrdersPage');
const PhotosPage = lazyPage(() => import('./pages/PhotosPage'), 'PhotosPage');
const GonganPrintPage = lazyPage(() => import('./pages/order/GonganPrintPage'), 'GonganPrintPage');
const PhotoTasksPage = lazyPage(() => import('./pages/PhotoTasksPage'), 'PhotoTasksPage');

/** The left menu's icons (its keys and labels: DESK_MENU, which the first paint draws as well). */
const MENU_ICONS: Record<(typeof DESK_MENU)[number]['key'], ReactNode> = {
  dashboard: <DashboardOutlined />,
  clients: <TeamOutlined />,
  orders: <ProfileOutlined />,
  photos: <CameraOutlined />,
  sheets: <FileProtectOutlined />,
  settings: <SettingOutlined />,
};

/**
 * 拍照点 accounts see 拍照任务 only (the server refuses them everything else anyway). Not 照片检查: its
 * folders are paths on the server's disk, which a 拍照点 may not read or write.
 */
const PHOTO_POINT_MENU = new Set(['photo-tasks']);

export function Shell() {
  const navigate = useNavigate();
  const location = useLocation();
  useProviders(); // read once when the desk opens, so every provider select has its names at once
  const team = useTeam();
  const photoPoint = team.caller?.role === 'photo';
  useEffect(forgetFirstAnswers, []); // the gates have passed: a gate shown again later (after a logout) asks anew
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey)) return;
      const key = e.key.toLowerCase();
      if (key === 'k') {
        e.preventDefault();
        if (location.pathname !== '/clients') void navigate('/clients');
        setTimeout(focusClientSearch, 50);
      } else if (key === 'n') {
        e.preventDefault();
        void navigate('/clients/new');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate, location.pathname]);

  const selected = ['dashboard', 'clients', 'orders', 'photo-tasks', 'photos', 'sheets', 'settings'].find((k) => location.pathname.startsWith(`/${k}`)) ?? '';
  return (
    <Layout style={{ height: '100%' }}>
      <Layout.Sider width={180} theme="dark">
        <div className="desk-brand">备案助手</div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={[selected]}
          items={[
            ...(photoPoint ? [{ key: 'photo-tasks', icon: <CameraOutlined />, label: '拍照任务', onClick: () => navigate('/photo-tasks') }] : []),
            ...DESK_MENU.map(({ key, label }) => ({ key, icon: MENU_ICONS[key], label, onClick: () => navigate(`/${key}`) })),
          ].filter((item) => !photoPoint || PHOTO_POINT_MENU.has(item.key))}
        />
        {team.caller ? (
          // On a team server the data key stays with the server: an operator logs out instead of locking it for everyone.
          <div style={{ position: 'absolute', bottom: 16, left: 16, right: 12, color: 'rgba(255,255,255,0.75)', fontSize: 12 }}>
            <div style={{ marginBottom: 6, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }} title={team.caller.username}>
              {team.caller.displayName}（{ROLE_LABELS[team.caller.role]}）
            </div>
            <Button ghost size="small" icon={<LogoutOutlined />} onClick={() => void team.logout()}>
              退出登录
            </Button>
          </div>
        ) : (
          <div style={{ position: 'absolute', bottom: 16, left: 16 }}>
            <Button ghost size="small" icon={<LockOutlined />} onClick={() => void api('session.lock', {}).finally(() => window.dispatchEvent(new Event('desk-locked')))}>
              锁定
            </Button>
          </div>
        )}
      </Layout.Sider>
      <Layout.Content style={{ background: '#fff', display: 'flex', flexDirection: 'column', minWidth: 0 }}>
        {team.caller ? null : hostKind() === 'web' ? (
          <Alert type="info" banner showIcon={false} message={WEB_HOST_BANNER} />
        ) : null}
        <div style={{ flex: 1, minHeight: 0 }}>
          <Suspense fallback={<Spin style={{ display: 'block', marginTop: 120 }} tip="正在加载…"><div /></Spin>}>
          <Routes>
            <Route path="/" element={<Navigate to={photoPoint ? '/photo-tasks' : '/clients'} replace />} />
            <Route path="/photo-tasks" element={<PhotoTasksPage />} />
            <Route path="/clients" element={<ClientListPage />} />
            <Route path="/clients/new" element={<ClientNewPage />} />
            <Route path="/clients/:id" element={<ClientPage />} />
            <Route path="/settings" element={<SettingsPage />} />
            <Route path="/sheets" element={<SheetsPage />} />
            <Route path="/orders" element={<OrdersPage />} />
            <Route path="/dashboard" element={<DashboardPage />} />
            <Route path="/photos" element={<PhotosPage />} />
            <Route path="/orders/:id" element={<OrderPage />} />
            <Route path="/gongan/:orderId/:websiteId" element={<GonganPrintPage />} />
            <Route path="*" element={<Navigate to={photoPoint ? '/photo-tasks' : '/clients'} replace />} />
          </Routes>
          </Suspense>
        </div>
      </Layout.Content>
    </Layout>
  );
}
