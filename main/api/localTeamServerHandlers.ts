// Handlers of 设置 → 团队服务器 → 在本机运行团队服务器 (localTeamServerContract.ts). On a team server (a caller,
// or the host's team flag) every one is refused.
import type { z } from 'zod';
import type { Desk } from '../desk';
import type { Caller } from '../services/accounts';
import { teamModeFlag } from './accountsHandlers';
import type { localTeamServerMethods } from './localTeamServerContract';
import type { BuiltMethods } from './methodSpecs';
import { servicesOnFirstCall } from './lazyServices';
// the services load on a handler's first call (issue 20: a host starts without them)
const { localTeamServerView, startLocalTeamServer, stopLocalTeamServer } = servicesOnFirstCall(() => import('../services/localTeamServer'));

type M = BuiltMethods<typeof localTeamServerMethods>;
type Handlers = { [K in keyof M]: (input: z.output<M[K]['input']>, desk: Desk, caller?: Caller | null) => z.output<M[K]['output']> | Promise<z.output<M[K]['output']>> };

const onTeamServer = (caller: Caller | null | undefined) => teamModeFlag.on || Boolean(caller);

export const localTeamServerHandlers: Handlers = {
  'teamServerRun.get': (_i, desk, caller) => localTeamServerView(desk, onTeamServer(caller)),
  'teamServerRun.start': (i, desk, caller) => startLocalTeamServer(desk, onTeamServer(caller), i),
  'teamServerRun.stop': (_i, desk, caller) => stopLocalTeamServer(desk, onTeamServer(caller)),
};
