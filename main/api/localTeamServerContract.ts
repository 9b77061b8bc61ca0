// API methods of 设置 → 团队服务器 → 在本机运行团队服务器 (issue 14): the agency's team server started from
// the admin's own desk as a child process (services/localTeamServer.ts). Spread into the contract in
// contract.ts; roles in roles.ts (管理员; a team server refuses them all).
import { z } from 'zod';
import type { MethodDefinitions } from './methodSpecs';
import { localServerSettingsSchema } from '../domain/localTeamServer';

const statusSchema = z.object({
  state: z.enum(['stopped', 'starting', 'running', 'stopping', 'failed']),
  url: z.string().nullable(),
  fingerprint256: z.string().nullable(),
  validTo: z.string().nullable(),
  selfSigned: z.boolean(),
  message: z.string().nullable(),
  database: z.string().nullable(),
  listen: z.string().nullable(),
  pid: z.number().nullable(),
  startedAt: z.string().nullable(),
  log: z.array(z.string()),
});

const viewSchema = z.object({
  settings: z.object({
    database: z.string(),
    listenHost: z.string(),
    port: z.number(),
    tls: z.enum(['selfSigned', 'files']),
    certFile: z.string(),
    keyFile: z.string(),
  }),
  lanAddresses: z.array(z.string()),
  status: statusSchema,
  dataDir: z.string(),
});

export const localTeamServerMethods = {
  /** The last values (no secret), this machine's LAN addresses, and the server's state with its last output lines. */
  'teamServerRun.get': () => ({ input: z.strictObject({}), output: viewSchema }),
  /** 启动: returns in `starting`; the page polls teamServerRun.get until running or failed. */
  'teamServerRun.start': () => ({
    input: localServerSettingsSchema.extend({
      passphrase: z.string().min(1, '请输入本机的数据密码（服务器用它解锁数据目录中的密钥）').max(1000),
      databasePassword: z.string().max(500).default(''),
    }),
    output: viewSchema,
  }),
  /** 停止: SIGTERM, SIGKILL after a grace period; returns once the server has exited. */
  'teamServerRun.stop': () => ({ input: z.strictObject({}), output: viewSchema }),
} satisfies MethodDefinitions;
