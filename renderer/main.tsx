import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, theme } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { HashRouter } from 'react-router-dom';
import { firstScreenIn } from './boot';
import { SessionGate } from './SessionGate';
import { TeamGate } from './TeamGate';
import { Shell } from './Shell';
import { createDeskQueryClient } from './query/queryClient';

dayjs.locale('zh-cn');

const queryClient = createDeskQueryClient();
/** The system's 减少动态效果 setting: no drawer, dialog or tab animations for an operator who asked for none. */
const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;

// The first calls (firstScreen.ts) are usually answered by now: render once they are, so the first render
// is the screen itself; a host slower than this shows the gates' spinners while they wait for the rest.
const FIRST_ANSWERS_WAIT_MS = 500;

void firstScreenIn(queryClient, FIRST_ANSWERS_WAIT_MS).then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <ConfigProvider locale={zhCN} button={{ autoInsertSpace: false }} theme={{ algorithm: theme.compactAlgorithm, token: { colorPrimary: '#1f5fbf', borderRadius: 4, motion: !reducedMotion } }}>
        <AntApp>
          <QueryClientProvider client={queryClient}>
            <TeamGate>
            <SessionGate>
              <HashRouter>
                <Shell />
              </HashRouter>
            </SessionGate>
            </TeamGate>
          </QueryClientProvider>
        </AntApp>
      </ConfigProvider>
    </StrictMode>,
  ),
);
