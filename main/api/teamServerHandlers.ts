// Handlers of 设置 → 团队服务器 (teamServerContract.ts). On a team server (a caller, or the host's team
// flag) every one is refused: the setting belongs to a desktop app's own data folder.
import type { z } from 'zod';
import type { Desk } from '../desk';
import type { Caller } from '../services/accounts';
import { teamModeFlag } from './accountsHandlers';
import type { teamServerMethods } from './teamServerContract';
import type { BuiltMethods } from './methodSpecs';
import { servicesOnFirstCall } from './lazyServices';
// the services load on a handler's first call (issue 20: a host starts without them)
const { checkTeamServerLink, clearTeamServerLink, saveTeamServerLink, teamServerLink } = servicesOnFirstCall(() => import('../services/teamServerLink'));

type M = BuiltMethods<typeof teamServerMethods>;
type Handlers = { [K in keyof M]: (input: z.output<M[K]['input']>, desk: Desk, caller?: Caller | null) => z.output<M[K]['output']> | Promise<z.output<M[K]['output']>> };

const onTeamServer = (caller: Caller | null | undefined) => teamModeFlag.on || Boolean(caller);

export const teamServerHandlers: Handlers = {
  'teamServer.get': (_i, desk, caller) => teamServerLink(desk, onTeamServer(caller)),
  'teamServer.check': (i, _desk, caller) => checkTeamServerLink(onTeamServer(caller), i.address, i.fingerprint || null),
  'teamServer.save': (i, desk, caller) => saveTeamServerLink(desk, onTeamServer(caller), i.address, i.fingerprint),
  'teamServer.clear': (_i, desk, caller) => clearTeamServerLink(desk, onTeamServer(caller)),
};
